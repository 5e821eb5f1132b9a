#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "proofs/ProofCatalog.h"

namespace hall {

// The on-screen keyboard's pinyin input: the Chinese characters a resident may mean by the
// letters typed so far, drawn from the catalogue's own names and synonyms, so every candidate
// leads somewhere and the font holds every one of them.
class HanziCandidates {
  public:
    explicit HanziCandidates(const ProofCatalog& catalog);

    struct Choice {
        std::vector<char32_t> characters;  // most frequent in the catalogue first
        size_t lettersUsed = 0;            // how many of the pending letters one of them replaces
    };
    // For pending letters "juzhu": the characters read "ju" (what a pick replaces), or, when the
    // letters are the start of a syllable ("zh"), the characters whose reading starts so.
    Choice forLetters(std::string_view letters, size_t limit) const;

  private:
    std::map<std::string, std::vector<char32_t>> bySyllable_;  // ordered for prefix lookups
    std::map<char32_t, int> frequency_;
};

}  // namespace hall
