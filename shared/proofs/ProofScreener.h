#pragma once
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "proofs/ProofCatalog.h"
#include "proofs/ScreeningTokens.h"
#include "proofs/SituationCues.h"
#include "text/Chinese.h"

namespace hall {

// Ask: two or three items fit about equally well; the resident is asked which one is meant.
enum class ScreeningDecision { Permitted, NotIssued, Unknown, Ask };
std::string_view screeningCode(ScreeningDecision d);

struct ScreeningMatch {
    const ProofItem* item = nullptr;
    double score = 0;  // 0…1: how well the words match the item's name or one of its synonyms
    // Why: the name or synonym matched, or the words of the situation described.
    std::vector<std::string> words;
};

struct ScreeningResult {
    std::string query;
    ScreeningDecision decision = ScreeningDecision::Unknown;
    ScreeningMatch best;                       // when decided
    std::vector<ScreeningMatch> alternatives;  // the next likeliest, best first
    std::vector<ScreeningMatch> choices;       // ask: the items to choose from, best first
    std::vector<ScreeningMatch> suggestions;   // the best kSuggestions, as suggestions() gives
    std::string unmatched;  // unknown: the normalized words, digits gone, for maintainers
};

// Screens what a resident typed — Chinese, full pinyin with or without spaces, pinyin initials
// or a mix, with typos, homophones and slurred sounds — against a proof catalogue, as they type.
//
// Names and synonyms are matched on syllables: a Chinese character matches the same character,
// or one that sounds the same (婚因 for 婚姻); a typed syllable matches a character with that
// reading, or one that differs only in zh/z, ch/c, sh/s or a final ng/n (sen cun for 生存);
// letters that do not make whole syllables match a reading's initial or, at the end of the
// input, its start. Heteronyms count every reading (行 xing/hang). A description of a situation
// is matched against the catalogue's situations (SituationCues).
//
// It prefers asking to guessing, and "unknown" to a wrong "permitted": a permitted item must
// score clearly, and clearly above every item the community may not issue.
class ProofScreener {
  public:
    explicit ProofScreener(const ProofCatalog& catalog, std::string day = {});

    ScreeningResult screen(const std::string& query) const;
    // The best matches for what has been typed so far (the result list on screen).
    std::vector<ScreeningMatch> suggestions(const std::string& query, size_t limit) const;

    const ProofCatalog& catalog() const { return catalog_; }
    // The items in force on the screener's day, in catalogue order (for browsing).
    std::vector<const ProofItem*> activeItems() const;

    static constexpr double kMinimum = 0.7;            // below this: unknown
    static constexpr double kMinimumPermitted = 0.75;  // a permitted answer must be surer
    static constexpr double kMarginPermitted = 0.10;   // …and this far above any not-issued item
    static constexpr double kMarginAny = 0.05;  // a near tie with another item: ask, don't guess
    static constexpr size_t kMostChoices = 3;
    static constexpr size_t kSuggestions = 5;

  private:
    struct Slot {
        char32_t hanzi = 0;
        chinese::Sounds sounds;
        chinese::Sounds slurs;                   // the same, as chinese::slurred
        std::vector<std::string_view> readings;  // the same sounds spelled, for typed pinyin
    };
    struct Key {
        size_t item = 0;
        std::string written;  // the name or synonym as the catalogue writes it
        std::u32string text;
        std::vector<Slot> slots;
        bool latinWord = false;  // an English name: matched as letters
    };

    // What is worked out once per keystroke, not once per key: the sounds of each typed
    // character, and the scratch space of the alignments, reused from key to key.
    struct Query {
        std::u32string text;  // normalised, fillers gone: for matching letter by letter
        std::vector<chinese::Sounds> sounds;
        ScreeningTokens tokens;  // characters and whole syllables: for aligning
        std::vector<double> cells;
        bool shared = true;  // the last key aligned has a character or syllable in common
    };

    // The best `limit` items, best first, and the best item not issued if it is not among them.
    std::vector<ScreeningMatch> rank(const std::string& typed, size_t limit) const;
    double scoreKey(const Key& key, Query& query) const;
    // A query in Hangul, against the Korean names (Yanbian residents who read Korean).
    std::vector<ScreeningMatch> rankKorean(const std::u32string& typed, size_t limit) const;
    static double alignCharacters(const Key& key, Query& query);
    static double coverSyllables(const Key& key, Query& query);

    const ProofCatalog& catalog_;
    std::vector<size_t> items_;  // indices of items in force on the day
    std::vector<Key> keys_;
    // Each item's Korean name as jamo, spaces and punctuation left out (item index, jamo).
    std::vector<std::pair<size_t, std::u32string>> koreanNames_;
    std::vector<std::u32string> otherMatters_;  // normalised: taken out of every query
    std::unordered_map<char32_t, std::vector<uint32_t>> byHanzi_;
    std::unordered_map<uint16_t, std::vector<uint32_t>> bySound_;
    std::unordered_map<uint16_t, std::vector<uint32_t>> bySlur_;  // chinese::slurred sounds
    std::unordered_map<std::string, std::vector<uint32_t>>
        byLetters_;  // first two letters of a match
    SituationCues situations_;
};

}  // namespace hall
