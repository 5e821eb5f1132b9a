#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "identity/ResidentId.h"
#include "support/TempDir.h"

using namespace hall;

TEST_CASE("an ID card number with the right check digit passes, with x made X") {
    CHECK(checkIdNumber("11010519491231002x").value() == "11010519491231002X");
    CHECK(checkIdNumber("440524 18800101 0014").value() == "440524188001010014");
}

TEST_CASE("a mistyped ID card number says what is wrong and never repeats it") {
    auto shortOne = checkIdNumber("1101051949123100");
    REQUIRE_FALSE(shortOne);
    CHECK(shortOne.message().find("16") != std::string::npos);
    auto badCheck = checkIdNumber("110105194912310021");
    REQUIRE_FALSE(badCheck);
    CHECK(badCheck.message().find("110105") == std::string::npos);
    CHECK(badCheck.message().find("mistyped") != std::string::npos);
    CHECK_FALSE(checkIdNumber("11010519491331002X"));  // month 13
    CHECK_FALSE(checkIdNumber("1101051949123100AX"));
}

TEST_CASE("masking keeps the first 6 and the last 4 characters, hiding the birth date") {
    CHECK(maskIdNumber("11010519491231002X") == "110105********002X");
}

TEST_CASE("the resident hash is keyed: the same number, the same hash, another key, another") {
    hall::test::TempDir dir("resident-hash");
    auto a = ResidentHasher::open(dir / "a.key");
    auto b = ResidentHasher::open(dir / "b.key");
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->hash("11010519491231002X") == a->hash("11010519491231002X"));
    CHECK(a->hash("11010519491231002X") != b->hash("11010519491231002X"));
    auto again = ResidentHasher::open(dir / "a.key");
    REQUIRE(again);
    CHECK(again->hash("11010519491231002X") == a->hash("11010519491231002X"));
    hall::test::writeFile(dir / "bad.key", "short");
    auto bad = ResidentHasher::open(dir / "bad.key");
    REQUIRE_FALSE(bad);
    CHECK(bad.message().find("bad.key") != std::string::npos);
}

TEST_CASE("wipe leaves nothing of the string behind") {
    std::string s = "11010519491231002X";
    wipe(s);
    CHECK(s.empty());
}

namespace {

// A number with `birth` (YYYYMMDD) and a valid check digit.
std::string numberBornOn(const std::string& birth) {
    std::string id = "110105" + birth + "002";
    static constexpr int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (size_t i = 0; i < 17; ++i)
        sum += (id[i] - '0') * kWeights[i];
    return id + "10X98765432"[sum % 11];
}

}  // namespace

TEST_CASE("hardening: an ID card number born in the future is refused") {
    CHECK(checkIdNumber(numberBornOn("19491231")));
    const auto future = checkIdNumber(numberBornOn("21990101"));
    REQUIRE_FALSE(future);
    CHECK(future.message().find("birth date") != std::string::npos);
    // Tomorrow anywhere on Earth is still the future; a year ago is not.
    const auto now = std::chrono::system_clock::now();
    auto day = [](std::chrono::system_clock::time_point t) {
        const std::chrono::year_month_day d{std::chrono::floor<std::chrono::days>(t)};
        char text[32];
        std::snprintf(text, sizeof text, "%04d%02u%02u", static_cast<int>(d.year()),
                      static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
        return std::string(text);
    };
    CHECK_FALSE(checkIdNumber(numberBornOn(day(now + std::chrono::hours(48)))));
    CHECK(checkIdNumber(numberBornOn(day(now - std::chrono::hours(24 * 365)))));
}
