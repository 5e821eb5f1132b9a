// Signed identity codes. Half the inputs are whole payloads (the parser before the signature);
// the other half are claims that this target signs itself with a test issuer's key, so the
// fuzzer also reaches everything checked after a valid signature.
#include <sodium.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "crypto/Base64.h"
#include "identity/SignedIdentityCode.h"

namespace {

struct TestIssuer {
    std::string publicKey = std::string(crypto_sign_PUBLICKEYBYTES, '\0');
    std::string secretKey = std::string(crypto_sign_SECRETKEYBYTES, '\0');
    TestIssuer() {
        if (sodium_init() < 0)
            std::abort();
        const unsigned char seed[crypto_sign_SEEDBYTES] = {42};
        crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(publicKey.data()),
                                 reinterpret_cast<unsigned char*>(secretKey.data()), seed);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const TestIssuer issuer;
    if (size == 0)
        return 0;
    hall::SeenNonces seen;
    hall::SignedCodePayload payload({{"fuzz", issuer.publicKey}}, seen);
    const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::string code = input;
    if (data[0] & 1) {
        const std::string signedText = "HID1." + hall::base64UrlEncode(input);
        std::string signature(crypto_sign_BYTES, '\0');
        crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                             reinterpret_cast<const unsigned char*>(signedText.data()),
                             signedText.size(),
                             reinterpret_cast<const unsigned char*>(issuer.secretKey.data()));
        code = signedText + "." + hall::base64UrlEncode(signature);
    }
    auto r = payload.verify(code, 1795000000);
    if (r) {
        // Whatever got through was checked: a valid number, shown masked.
        if (r->idNumber.size() != 18 || r->maskedId == r->idNumber || r->maskedName.empty())
            std::abort();
        // …and the same code a second time is a replay.
        if (payload.verify(code, 1795000000))
            std::abort();
    }
    return 0;
}
