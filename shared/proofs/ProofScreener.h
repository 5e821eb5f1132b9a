#pragma once
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "proofs/ProofCatalog.h"
#include "text/Chinese.h"

namespace hall {

enum class ScreeningDecision { Permitted, NotIssued, Unknown };
std::string_view screeningCode(ScreeningDecision d);

struct ScreeningMatch {
    const ProofItem* item = nullptr;
    double score = 0;  // 0…1: how well the words match the item's name or one of its synonyms
};

struct ScreeningResult {
    std::string query;
    ScreeningDecision decision = ScreeningDecision::Unknown;
    ScreeningMatch best;                       // when decided
    std::vector<ScreeningMatch> alternatives;  // the next likeliest, best first
    std::string unmatched;  // unknown: the normalized words, digits gone, for maintainers
};

// Screens what a resident typed — Chinese, full pinyin, pinyin initials or a mix, with typos
// and homophones — against a proof catalogue, as they type.
//
// Matching works on syllables: a Chinese character matches the same character, or one that
// sounds the same (婚因 for 婚姻); Latin letters match a syllable's pinyin in full, its initial,
// or, at the end of the input, the start of it. Heteronyms count every reading (行 xing/hang).
//
// It prefers "unknown" to a wrong "permitted": a permitted item must score clearly, and clearly
// above every item the community may not issue, or the answer is unknown.
class ProofScreener {
  public:
    explicit ProofScreener(const ProofCatalog& catalog, std::string day = {});

    ScreeningResult screen(const std::string& query) const;
    // The best matches for what has been typed so far (the result list on screen).
    std::vector<ScreeningMatch> suggestions(const std::string& query, size_t limit) const;

    const ProofCatalog& catalog() const { return catalog_; }
    // The items in force on the screener's day, in catalogue order (for browsing).
    std::vector<const ProofItem*> activeItems() const;

    static constexpr double kMinimum = 0.6;            // below this: unknown
    static constexpr double kMinimumPermitted = 0.65;  // a permitted answer must be surer
    static constexpr double kMarginPermitted = 0.10;   // …and this far above any not-issued item
    static constexpr double kMarginAny = 0.05;  // a near tie with another item: ask, don't guess

  private:
    struct Slot {
        char32_t hanzi = 0;
        chinese::Sounds sounds;
        std::vector<std::string_view> readings;  // the same sounds spelled, for typed pinyin
    };
    struct Key {
        size_t item = 0;
        std::u32string text;
        std::vector<Slot> slots;
        bool latinWord = false;  // an English name: matched as letters
    };

    // What is worked out once per keystroke, not once per key: the sounds of each typed
    // character, and the scratch space of the alignments, reused from key to key.
    struct Query {
        std::u32string text;
        std::vector<chinese::Sounds> sounds;
        bool allHanzi = true;
        std::vector<double> cells;
    };

    std::vector<ScreeningMatch> rank(const std::u32string& normalized) const;
    double scoreKey(const Key& key, Query& query) const;
    static double alignCharacters(const Key& key, Query& query);
    static double coverSyllables(const Key& key, Query& query);

    const ProofCatalog& catalog_;
    std::vector<size_t> items_;  // indices of items in force on the day
    std::vector<Key> keys_;
    std::unordered_map<char32_t, std::vector<uint32_t>> byHanzi_;
    std::unordered_map<uint16_t, std::vector<uint32_t>> bySound_;
    std::unordered_map<std::string, std::vector<uint32_t>>
        byLetters_;  // first two letters of a match
};

}  // namespace hall
