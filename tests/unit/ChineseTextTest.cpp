#include <doctest/doctest.h>

#include <algorithm>

#include "proofs/HanziCandidates.h"
#include "proofs/ScreeningText.h"
#include "support/TempDir.h"
#include "text/Chinese.h"

using namespace hall;

namespace {

bool reads(char32_t c, std::string_view syllable) {
    const auto r = chinese::readings(c);
    return std::find(r.begin(), r.end(), syllable) != r.end();
}

}  // namespace

TEST_CASE("the pinyin table generated from Unihan reads common characters of proof names") {
    CHECK(reads(U'证', "zheng"));
    CHECK(reads(U'明', "ming"));
    CHECK(reads(U'户', "hu"));
    CHECK(reads(U'综', "zong"));
    CHECK(reads(U'婚', "hun"));
    CHECK(chinese::readings(U'a').empty());
}

TEST_CASE("heteronyms keep every reading") {
    CHECK(reads(U'行', "xing"));
    CHECK(reads(U'行', "hang"));
    CHECK(reads(U'重', "zhong"));
    CHECK(reads(U'重', "chong"));
    CHECK(reads(U'长', "chang"));
    CHECK(reads(U'长', "zhang"));
}

TEST_CASE("characters sound alike when they share a reading, heteronyms included") {
    CHECK(chinese::sounds(U'因').overlaps(chinese::sounds(U'姻')));
    CHECK(chinese::sounds(U'航').overlaps(chinese::sounds(U'行')));
    CHECK_FALSE(chinese::sounds(U'婚').overlaps(chinese::sounds(U'姻')));
    CHECK_FALSE(chinese::sounds(U'a').overlaps(chinese::sounds(U'a')));
    CHECK(chinese::syllable(chinese::sounds(U'证').ids[0]) == "zheng");
}

TEST_CASE("traditional characters are simplified") {
    CHECK(chinese::simplified(U'證') == U'证');
    CHECK(chinese::simplified(U'關') == U'关');
    CHECK(chinese::simplified(U'係') == U'系');
    CHECK(chinese::simplified(U'证') == U'证');
}

TEST_CASE("screening text is half-width lower-case letters and simplified characters only") {
    CHECK(normalizeScreeningText("ＨＵＫＯＵ　證明") == U"hukou证明");
    CHECK(normalizeScreeningText("居住，证明！") == U"居住证明");
}

TEST_CASE("digits typed by mistake never survive normalisation") {
    CHECK(normalizeScreeningText("220102199001011234 户口") == U"户口");
    CHECK(normalizeScreeningText("13812345678") == U"");
}

TEST_CASE("filler words around the proof asked for are dropped") {
    CHECK(withoutFillers(normalizeScreeningText("我要开一个亲属关系证明")) == U"亲属关系");
    CHECK(withoutFillers(normalizeScreeningText("请问居住证明在哪里办")) == U"居住");
    CHECK(withoutFillers(normalizeScreeningText("woyaokai hukou zhengming")) == U"hukou");
}

TEST_CASE("bytes that are not UTF-8 give empty text rather than a crash") {
    CHECK(normalizeScreeningText("\xff\xfe\x80").empty());
}

TEST_CASE("pinyin candidates come from the catalogue's own words, most used first") {
    auto c = loadProofCatalog(hall::test::sourceDir() / "config/proofs/yanbian.toml");
    REQUIRE(c);
    HanziCandidates candidates(*c);
    auto ju = candidates.forLetters("ju", 8);
    CHECK(ju.lettersUsed == 2);
    CHECK(std::find(ju.characters.begin(), ju.characters.end(), U'居') != ju.characters.end());
    // "juzhu": a pick replaces the first syllable only.
    CHECK(candidates.forLetters("juzhu", 8).lettersUsed == 2);
    // "zh" is no syllable yet: characters whose reading starts so.
    auto zh = candidates.forLetters("zh", 8);
    CHECK(zh.lettersUsed == 2);
    CHECK(std::find(zh.characters.begin(), zh.characters.end(), U'证') != zh.characters.end());
    CHECK(candidates.forLetters("", 8).characters.empty());
    CHECK(candidates.forLetters("ju", 1).characters.size() == 1);
}
