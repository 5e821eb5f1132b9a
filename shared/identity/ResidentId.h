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

// What may be shown while the resident stands there (never kept): the first 6 (the region of
// registration) and the last 4 characters (220102********123X), hiding the birth date and
// sequence.
std::string maskIdNumber(std::string_view idNumber);

// Overwrites a string holding personal data before it is freed (libsodium, not optimised away).
void wipe(std::string& s);

// Keeps one resident recognisable across records (the same card, the same hash) without keeping
// the number: Argon2id (libsodium crypto_pwhash, 64 MiB and 2 passes), salted from a key file
// of the hall's own (0600) beside the store. Stored alone — no masked form, no digits — a
// row leaves the whole space of valid numbers to guess (about 3,200 regions × 36,500 birth
// dates × 1,000 sequence numbers, 1.2 × 10^11), and each guess costs 64 MiB and tens of
// milliseconds even to whoever holds every key of the terminal. A copied database alone
// cannot be searched at all.
class ResidentHasher {
  public:
    // Reads the key, creating it on first use.
    static Result<ResidentHasher> open(const std::filesystem::path& keyFile);
    // 64 hex digits; empty only if the machine cannot spare the hash's memory.
    std::string hash(std::string_view idNumber) const;

    static constexpr unsigned long long kPasses = 2;                  // OPSLIMIT_INTERACTIVE
    static constexpr size_t kMemoryBytes = size_t{64} * 1024 * 1024;  // MEMLIMIT_INTERACTIVE

  private:
    void deriveSalt();

    std::string key_;
    std::string salt_;  // 16 bytes derived from the key
};

}  // namespace hall
