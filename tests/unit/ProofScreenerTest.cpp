#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "proofs/ProofScreener.h"

using namespace hall;

namespace {

const ProofCatalog& demoCatalog() {
    static const ProofCatalog catalog = [] {
        auto c = loadProofCatalog(std::string(HALL_SOURCE_DIR) + "/config/proofs/yanbian.toml");
        if (!c)
            throw std::runtime_error(c.error().message);
        return std::move(*c);
    }();
    return catalog;
}

std::string answer(const ScreeningResult& r) {
    return r.decision == ScreeningDecision::Unknown ? "unknown" : r.best.item->id;
}

}  // namespace

TEST_CASE("the labelled resident phrasings: at least 95% right and no not-issued proof permitted") {
    ProofScreener screener(demoCatalog(), "2026-11-22");
    std::ifstream in(std::string(HALL_SOURCE_DIR) + "/tests/data/screening-labelled.tsv");
    REQUIRE(in);
    std::string line;
    int total = 0;
    int right = 0;
    std::ostringstream misses;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        const auto tab = line.find('\t');
        REQUIRE_MESSAGE(tab != std::string::npos, "no tab in: " << line);
        const auto query = line.substr(0, tab);
        const auto expected = line.substr(tab + 1);
        const auto result = screener.screen(query);
        ++total;
        if (answer(result) == expected) {
            ++right;
        } else {
            misses << query << " → " << answer(result) << " (expected " << expected << ")\n";
        }
        const auto* wanted = demoCatalog().findItem(expected);
        if (wanted && wanted->decision == ProofDecision::NotIssued) {
            CHECK_MESSAGE(result.decision != ScreeningDecision::Permitted,
                          query << " asks for " << expected << " but was answered permitted");
        }
    }
    MESSAGE("top-1 " << right << "/" << total << "; misses:\n" << misses.str());
    CHECK(total >= 200);
    CHECK(right * 100 >= total * 95);
}

TEST_CASE("every name and synonym of a not-issued item screens to it and never to permitted") {
    ProofScreener screener(demoCatalog(), "2026-11-22");
    for (const auto& item : demoCatalog().items) {
        if (item.decision != ProofDecision::NotIssued)
            continue;
        std::vector<std::string> words = item.synonyms;
        words.push_back(item.name.in("zh-CN", "zh-CN"));
        for (const auto& w : words) {
            const auto r = screener.screen(w);
            CHECK_MESSAGE(r.decision != ScreeningDecision::Permitted, w);
        }
    }
}

TEST_CASE("pinyin, initials, traditional characters and homophones find the same proof") {
    ProofScreener screener(demoCatalog(), "2026-11-22");
    for (const char* q : {"居住证明", "juzhu zhengming", "juzhuzm", "居住證明", "居注证明"}) {
        const auto r = screener.screen(q);
        CHECK_MESSAGE(answer(r) == "P01", std::string(q) << " → " << answer(r));
    }
}

TEST_CASE("a not-issued answer carries the department and what replaces the proof") {
    ProofScreener screener(demoCatalog(), "2026-11-22");
    const auto r = screener.screen("无犯罪记录证明");
    REQUIRE(r.decision == ScreeningDecision::NotIssued);
    CHECK_FALSE(r.best.item->department.empty());
    CHECK_FALSE(r.best.item->replacedBy.in("zh-CN", "zh-CN").empty());
}

TEST_CASE("words that match nothing are unknown and keep no digits") {
    ProofScreener screener(demoCatalog(), "2026-11-22");
    const auto r = screener.screen("广场舞比赛报名 13812345678");
    CHECK(r.decision == ScreeningDecision::Unknown);
    CHECK(r.unmatched.find_first_of("0123456789") == std::string::npos);
    CHECK(r.unmatched.find("广场舞") != std::string::npos);
}

TEST_CASE("an item outside its effective dates is not offered") {
    auto catalog = demoCatalog();
    for (auto& item : catalog.items) {
        if (item.id == "P01")
            item.effectiveUntil = "2026-06-30";
    }
    CHECK(answer(ProofScreener(catalog, "2026-06-30").screen("居住证明")) == "P01");
    CHECK(answer(ProofScreener(catalog, "2026-07-01").screen("居住证明")) != "P01");
}

TEST_CASE("results follow every key: a prefix already suggests the item") {
    ProofScreener screener(demoCatalog(), "2026-11-22");
    const auto list = screener.suggestions("juzh", 5);
    REQUIRE_FALSE(list.empty());
    bool found = false;
    for (const auto& m : list)
        found = found || m.item->id == "P01";
    CHECK(found);
}

TEST_CASE("an empty query or one of only filler words decides nothing") {
    ProofScreener screener(demoCatalog(), "2026-11-22");
    CHECK(screener.screen("").decision == ScreeningDecision::Unknown);
    CHECK(screener.screen("我要开一个证明").decision == ScreeningDecision::Unknown);
    CHECK(screener.suggestions("", 5).empty());
}
