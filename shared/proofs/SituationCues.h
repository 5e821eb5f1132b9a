#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "proofs/ProofCatalog.h"
#include "proofs/ScreeningTokens.h"

namespace hall {

// An item a resident's description implies, and the catalogue's words that said so (one for
// each concept of the situation), for the screen to show why.
struct SituationHit {
    size_t item = 0;  // index into the catalogue's items
    double score = 0;
    std::vector<std::string> words;
};

// The catalogue's situations (ProofSituation), found in what a resident wrote: each word as
// its characters, or as their pinyin typed in full ("zou diu" for 走丢). Characters that only
// sound alike do not count here: a description is long, and a homophone in it is more often
// another word than a typo.
class SituationCues {
  public:
    // `items`: indices of the items in force.
    SituationCues(const ProofCatalog& catalog, const std::vector<size_t>& items);

    // The best situation of each item that `tokens` describe, best first. Bit p of `aside`:
    // token p belongs to something else (the catalogue's other matters), and a situation said
    // only by such tokens does not count (结婚登记 is no marriage proof; 补办身份证 is a lost ID).
    std::vector<SituationHit> match(const std::vector<ScreeningToken>& tokens,
                                    uint64_t aside = 0) const;

    bool empty() const { return words_.empty(); }

  private:
    struct Word {
        std::u32string characters;
        std::vector<chinese::Sounds> sounds;
        std::string text;  // as written in the catalogue
        uint32_t situation = 0;
        uint32_t conceptIndex = 0;
    };
    struct Situation {
        size_t item = 0;
        uint32_t concepts = 0;
    };

    bool matchesAt(const Word& w, const std::vector<ScreeningToken>& tokens, size_t at) const;

    std::vector<Word> words_;
    std::vector<Situation> situations_;
    std::unordered_map<char32_t, std::vector<uint32_t>> byHanzi_;
    std::unordered_map<uint16_t, std::vector<uint32_t>> bySound_;
};

}  // namespace hall
