#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "text/Chinese.h"

namespace hall {

// One unit of what a resident typed: a Chinese character, or a pinyin syllable typed in full
// (with or without spaces: "shi zong" and "shizong" give the same two).
struct ScreeningToken {
    char32_t hanzi = 0;      // 0 for a typed syllable
    uint16_t syllable = 0;   // the typed syllable's id; 0 for a character
    chinese::Sounds sounds;  // a character's readings, or the typed syllable
};

struct ScreeningTokens {
    std::vector<ScreeningToken> tokens;
    // Every letter belongs to a whole syllable. Initials (jzzm) and a syllable still being typed
    // (juzh) do not: those are matched letter by letter instead.
    bool complete = true;
    bool anySyllable = false;
};

struct TokenizeOptions {
    // Normalised Chinese words taken out (the catalogue's other matters), typed in pinyin…
    const std::vector<std::u32string>* dropped = nullptr;
    // …and written in characters.
    bool dropWritten = true;
    bool dropFillerWords = true;  // 我要开一个…证明, wo yao…zheng ming
};

// What was typed, normalised as the screening compares it (normalizeScreeningText), filler
// words dropped in characters and in pinyin (…zheng ming, wo yao…), Latin letters cut into
// pinyin syllables with the fewest syllables where there is a choice (xian, not xi an).
ScreeningTokens tokenizeScreeningText(std::string_view utf8, const TokenizeOptions& options = {});

}  // namespace hall
