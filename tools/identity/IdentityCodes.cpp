// identity-codes: makes test issuers and signed identity codes (docs/identity-codes.md), for
// tests, the demo and trying a terminal. A real issuer keeps its secret key in its own systems;
// this tool is what stands in for one.
//
//   identity-codes issuer --id KEY_ID --secret-out FILE
//       a new Ed25519 key pair: the secret key to FILE (0600), and on stdout the lines to add
//       to a hall config so its terminals trust the issuer
//   identity-codes code --secret FILE --issuer KEY_ID --id-number N --name NAME
//                       [--issued-at UNIX_SECONDS] [--ttl SECONDS] [--nonce TEXT]
//       a signed identity code on stdout (issued now, valid 60 s, a random nonce by default)
#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "crypto/Base64.h"
#include "crypto/Random.h"
#include "identity/SignedIdentityCode.h"

namespace {

std::string option(const std::vector<std::string>& args, const std::string& name,
                   const std::string& fallback = "") {
    for (size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == name)
            return args[i + 1];
    }
    return fallback;
}

int usage() {
    std::fputs(
        "usage: identity-codes issuer --id KEY_ID --secret-out FILE\n"
        "       identity-codes code --secret FILE --issuer KEY_ID --id-number N --name NAME\n"
        "                           [--issued-at UNIX_SECONDS] [--ttl SECONDS] [--nonce TEXT]\n",
        stderr);
    return 2;
}

int makeIssuer(const std::vector<std::string>& args) {
    const std::string id = option(args, "--id");
    const std::string out = option(args, "--secret-out");
    if (id.empty() || out.empty())
        return usage();
    std::string pk(crypto_sign_PUBLICKEYBYTES, '\0'), sk(crypto_sign_SECRETKEYBYTES, '\0');
    crypto_sign_keypair(reinterpret_cast<unsigned char*>(pk.data()),
                        reinterpret_cast<unsigned char*>(sk.data()));
    const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        std::fprintf(stderr, "identity-codes: cannot create %s (it must not exist yet)\n",
                     out.c_str());
        return 1;
    }
    const std::string text = hall::base64UrlEncode(sk) + "\n";
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    sodium_memzero(sk.data(), sk.size());
    if (!written) {
        std::fprintf(stderr, "identity-codes: could not write %s\n", out.c_str());
        return 1;
    }
    std::printf("[[identity.issuers]]\nid = \"%s\"\npublic_key = \"%s\"\n", id.c_str(),
                hall::base64UrlEncode(pk).c_str());
    return 0;
}

int makeCode(const std::vector<std::string>& args) {
    const std::string secretFile = option(args, "--secret");
    hall::IdentityClaims claims;
    claims.issuer = option(args, "--issuer");
    claims.idNumber = option(args, "--id-number");
    claims.name = option(args, "--name");
    if (secretFile.empty() || claims.issuer.empty() || claims.idNumber.empty())
        return usage();
    std::ifstream in(secretFile);
    std::string text;
    std::getline(in, text);
    auto secret = hall::base64UrlDecode(text);
    if (!secret || secret->size() != crypto_sign_SECRETKEYBYTES) {
        std::fprintf(stderr, "identity-codes: %s is not a secret key made by `issuer`\n",
                     secretFile.c_str());
        return 1;
    }
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    claims.issuedAt = std::stoll(option(args, "--issued-at", std::to_string(now)));
    claims.expiresAt = claims.issuedAt + std::stoll(option(args, "--ttl", "60"));
    claims.nonce = option(args, "--nonce", hall::randomHex(12));
    std::printf("%s\n", hall::signIdentityCode(claims, *secret).c_str());
    sodium_memzero(secret->data(), secret->size());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (sodium_init() < 0)
        return 1;
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (!args.empty() && args[0] == "issuer")
            return makeIssuer(args);
        if (!args.empty() && args[0] == "code")
            return makeCode(args);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "identity-codes: a number was expected: %s\n", e.what());
        return 2;
    }
    return usage();
}
