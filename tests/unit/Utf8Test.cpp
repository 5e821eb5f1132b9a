#include <doctest/doctest.h>

#include "text/Utf8.h"

using namespace hall;

TEST_CASE("UTF-8 decoding accepts Chinese and Korean and astral characters") {
    auto cps = utf8::decode("综한𠀀a");
    REQUIRE(cps);
    CHECK(*cps == std::vector<char32_t>{U'综', U'한', U'\U00020000', U'a'});
    CHECK(utf8::encode(*cps) == "综한𠀀a");
}

TEST_CASE("UTF-8 decoding refuses malformed bytes instead of guessing") {
    CHECK_FALSE(utf8::isValid("\xE7\xBB"));      // truncated 综
    CHECK_FALSE(utf8::isValid("\xC0\xAF"));      // overlong '/'
    CHECK_FALSE(utf8::isValid("\xED\xA0\x80"));  // a UTF-16 surrogate
    CHECK_FALSE(utf8::isValid("\xFF"));
    CHECK_FALSE(utf8::isValid("abc\x80"));
    CHECK(utf8::isValid(""));
}
