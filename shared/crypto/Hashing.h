#pragma once
#include <string>

#include "Result.h"

namespace hall {

// SHA-256 as lowercase hex (libsodium).
std::string sha256Hex(std::string_view data);

// Staff PINs are kept only as argon2id hashes (libsodium crypto_pwhash_str). Verifying takes
// about a tenth of a second on purpose: callers must not hold locks while doing it.
Result<std::string> hashPin(const std::string& pin);
bool verifyPin(const std::string& hash, const std::string& pin);

}  // namespace hall
