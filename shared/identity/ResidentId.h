#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include "Result.h"

namespace hall {

// A resident identity card number (公民身份号码, GB 11643-1999): 18 characters, the last a
// check digit or X. Returns it with spaces dropped and x made X, or says what is wrong with it
// (never repeating the number, since the message may reach a log).
Result<std::string> checkIdNumber(std::string_view typed);

// What may be shown or kept in the clear: the first 6 (the region of registration) and the
// last 4 characters (220102********123X), hiding the birth date and sequence.
std::string maskIdNumber(std::string_view idNumber);

// Overwrites a string holding personal data before it is freed (libsodium, not optimised away).
void wipe(std::string& s);

// Keeps one resident recognisable across records (the same card, the same hash) without keeping
// the number: a keyed BLAKE2b hash, its key a file of the hall's own (0600) beside the store, so
// a copied database alone cannot be searched for a number.
class ResidentHasher {
  public:
    // Reads the key, creating it on first use.
    static Result<ResidentHasher> open(const std::filesystem::path& keyFile);
    std::string hash(std::string_view idNumber) const;

  private:
    std::string key_;
};

}  // namespace hall
