#include "identity/ResidentId.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>

namespace hall {

namespace {

// The provinces, autonomous regions, municipalities and SARs of GB/T 2260, and 83 of the
// residence permits of Taiwan residents: the first two digits of every real number.
bool knownProvince(std::string_view digits) {
    static constexpr int kProvinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                                         35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                                         53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
    const int code = (digits[0] - '0') * 10 + (digits[1] - '0');
    for (int p : kProvinces) {
        if (p == code)
            return true;
    }
    return false;
}

bool validBirthDate(std::string_view digits) {
    const int year = std::stoi(std::string(digits.substr(0, 4)));
    const int month = std::stoi(std::string(digits.substr(4, 2)));
    const int day = std::stoi(std::string(digits.substr(6, 2)));
    if (year < 1880 || month < 1 || month > 12 || day < 1)
        return false;
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int last = month == 2 && !leap ? 28 : kDays[month - 1];
    if (day > last)
        return false;
    // Nobody is born in the future: today as it is anywhere on Earth (UTC+14) is the latest.
    const auto latest = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() +
                                                              std::chrono::hours(14));
    const std::chrono::year_month_day today{latest};
    const int todayNumber = static_cast<int>(today.year()) * 10000 +
                            static_cast<int>(static_cast<unsigned>(today.month())) * 100 +
                            static_cast<int>(static_cast<unsigned>(today.day()));
    return year * 10000 + month * 100 + day <= todayNumber;
}

}  // namespace

Result<std::string> checkIdNumber(std::string_view typed) {
    std::string id;
    for (char c : typed) {
        if (c == ' ' || c == '-')
            continue;
        id.push_back(c == 'x' ? 'X' : c);
    }
    if (id.size() != 18) {
        const auto n = std::to_string(id.size());
        wipe(id);
        return fail("identity.bad_id_number",
                    "an ID card number has 18 characters; this one has " + n);
    }
    for (size_t i = 0; i < 17; ++i) {
        if (id[i] < '0' || id[i] > '9') {
            wipe(id);
            return fail("identity.bad_id_number",
                        "the first 17 characters of an ID card number are digits");
        }
    }
    if (!(id[17] >= '0' && id[17] <= '9') && id[17] != 'X') {
        wipe(id);
        return fail("identity.bad_id_number",
                    "the last character of an ID card number is a digit or X");
    }
    if (!knownProvince(id)) {
        wipe(id);
        return fail("identity.bad_id_number",
                    "the first two digits of an ID card number name a province, and these name "
                    "none; check the number on the card");
    }
    if (!validBirthDate(std::string_view(id).substr(6, 8))) {
        wipe(id);
        return fail("identity.bad_id_number",
                    "characters 7–14 of an ID card number are a birth date, and these are not "
                    "one; check the number on the card");
    }
    static constexpr int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr char kCheck[] = "10X98765432";
    int sum = 0;
    for (size_t i = 0; i < 17; ++i)
        sum += (id[i] - '0') * kWeights[i];
    if (kCheck[sum % 11] != id[17]) {
        wipe(id);
        return fail("identity.bad_id_number",
                    "the last character does not fit the others (a digit was mistyped); check "
                    "the number on the card");
    }
    return id;
}

std::string maskIdNumber(std::string_view id) {
    if (id.size() <= 10)
        return std::string(id.size(), '*');
    return std::string(id.substr(0, 6)) + std::string(id.size() - 10, '*') +
           std::string(id.substr(id.size() - 4));
}

void wipe(std::string& s) {
    if (!s.empty())
        sodium_memzero(s.data(), s.size());
    s.clear();
    s.shrink_to_fit();
}

Result<ResidentHasher> ResidentHasher::open(const std::filesystem::path& keyFile) {
    if (sodium_init() < 0)
        return fail("identity.crypto", "libsodium cannot start");
    ResidentHasher h;
    std::ifstream in(keyFile, std::ios::binary);
    if (in) {
        h.key_.assign(std::istreambuf_iterator<char>(in), {});
        if (h.key_.size() != crypto_generichash_KEYBYTES) {
            return fail("identity.bad_key",
                        keyFile.string() + ": holds " + std::to_string(h.key_.size()) +
                            " bytes, not a " + std::to_string(crypto_generichash_KEYBYTES) +
                            "-byte key; restore it from the hall's backup (a new key would "
                            "make earlier records unrecognisable)");
        }
        h.deriveSalt();
        return h;
    }
    std::error_code ec;
    std::filesystem::create_directories(keyFile.parent_path(), ec);
    h.key_.resize(crypto_generichash_KEYBYTES);
    randombytes_buf(h.key_.data(), h.key_.size());
    const std::string tmp = keyFile.string() + ".new";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return fail("identity.bad_key",
                    tmp + ": cannot create the resident-hash key: " + std::strerror(errno));
    }
    const bool written =
        ::write(fd, h.key_.data(), h.key_.size()) == static_cast<ssize_t>(h.key_.size()) &&
        ::fsync(fd) == 0;
    ::close(fd);
    if (!written || ::rename(tmp.c_str(), keyFile.c_str()) != 0) {
        return fail("identity.bad_key", keyFile.string() + ": cannot save the resident-hash key: " +
                                            std::strerror(errno));
    }
    h.deriveSalt();
    return h;
}

void ResidentHasher::deriveSalt() {
    static constexpr char kContext[] = "hall resident id salt v2";
    salt_.resize(crypto_pwhash_SALTBYTES);
    crypto_generichash(reinterpret_cast<unsigned char*>(salt_.data()), salt_.size(),
                       reinterpret_cast<const unsigned char*>(kContext), sizeof kContext - 1,
                       reinterpret_cast<const unsigned char*>(key_.data()), key_.size());
}

std::string ResidentHasher::hash(std::string_view idNumber) const {
    unsigned char digest[32];
    if (crypto_pwhash(digest, sizeof digest, idNumber.data(), idNumber.size(),
                      reinterpret_cast<const unsigned char*>(salt_.data()), kPasses, kMemoryBytes,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        return {};
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    sodium_memzero(digest, sizeof digest);
    return hex;
}

}  // namespace hall
