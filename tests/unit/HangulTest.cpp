#include <doctest/doctest.h>

#include "proofs/ProofCatalog.h"
#include "proofs/ProofScreener.h"
#include "support/TempDir.h"
#include "text/Hangul.h"
#include "text/Utf8.h"

using namespace hall;

namespace {

std::string typed(const std::string& keys) {
    hangul::Composer c;
    bool shift = false;
    for (char k : keys) {
        if (k == '^') {
            shift = true;
            continue;
        }
        c.feed(hangul::jamoForKey(k, shift));
        shift = false;
    }
    const auto t = c.text();
    return utf8::encode(std::vector<char32_t>(t.begin(), t.end()));
}

}  // namespace

TEST_CASE("access: the two-set Korean keyboard composes syllables as a Korean reader types") {
    CHECK(typed("rjwn") == "거주");     // ㄱㅓㅈㅜ
    CHECK(typed("gksrnr") == "한국");   // ㅎㅏㄴㄱㅜㄱ
    CHECK(typed("gksk") == "하나");     // the final moves on to the next syllable
    CHECK(typed("dusqus") == "연변");   // 연변
    CHECK(typed("wmdaud") == "증명");   // 증명
    CHECK(typed("ghlrhks") == "회관");  // compound vowels ㅚ and ㅘ
    CHECK(typed("ekfr") == "닭");       // a compound final
    CHECK(typed("ekfrl") == "달기");    // …split when a vowel follows
    CHECK(typed("^rkak") == "까마");    // shift: the doubled consonant
    CHECK(typed("r") == "ㄱ");          // a letter alone stays a letter
    CHECK(typed("k") == "ㅏ");

    hangul::Composer c;
    for (char k : std::string("gks"))
        c.feed(hangul::jamoForKey(k, false));
    c.backspace();  // 한 → 하
    const auto t = c.text();
    CHECK(utf8::encode(std::vector<char32_t>(t.begin(), t.end())) == "하");

    // Matching works on letters, so a syllable still being typed matches what it becomes.
    CHECK(hangul::toJamo(U"과") == U"ㄱㅗㅏ");
    CHECK(hangul::toJamo(U"닭") == U"ㄷㅏㄹㄱ");
    CHECK(hangul::typeableText().size() == 51 + 2350);
}

TEST_CASE("access: a proof is found by its Korean name, typed in part") {
    auto catalog = loadProofCatalog(hall::test::sourceDir() / "config/proofs/yanbian.toml");
    REQUIRE(catalog);
    ProofScreener screener(*catalog);
    auto first = [&](const std::string& query) {
        const auto r = screener.screen(query);
        return r.suggestions.empty() ? std::string() : r.suggestions.front().item->id;
    };
    const auto& items = catalog->items;
    // Every item with a Korean name is found first by that name.
    int named = 0;
    for (const auto& item : items) {
        const std::string ko = item.name.in("ko", "");
        if (ko.empty())
            continue;
        ++named;
        CHECK_MESSAGE(first(ko) == item.id, ko);
    }
    CHECK(named >= 20);
    CHECK(first("거주") == "P01");
    CHECK(first("거ㅈ") == "P01");                     // still typing the second syllable
    CHECK(screener.screen("ㄱ").suggestions.empty());  // one letter says nothing yet
}
