#include "crypto/Hashing.h"

#include <sodium.h>

#include <stdexcept>

namespace hall {

namespace {

void initSodium() {
    static const bool ready = [] {
        if (sodium_init() < 0)
            throw std::runtime_error("libsodium cannot start");
        return true;
    }();
    (void)ready;
}

}  // namespace

std::string sha256Hex(std::string_view data) {
    initSodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

Result<std::string> hashPin(const std::string& pin) {
    initSodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return fail("hashing the PIN ran out of memory");
    }
    return std::string(out);
}

bool verifyPin(const std::string& hash, const std::string& pin) {
    initSodium();
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

}  // namespace hall
