#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace hall {

// Text as the screening compares it: full-width forms made half-width, traditional characters
// simplified, Latin letters lower-case, and everything else but Chinese characters and Latin
// letters (spaces, punctuation, digits) dropped. Digits go on purpose: an ID or phone number
// typed by mistake must never reach the unmatched-words log.
std::u32string normalizeScreeningText(std::string_view utf8);

// Drops the words that say nothing about which proof is wanted: 我要开一个…证明, 请问…在哪里
//办; and their pinyin at the ends of Latin input (…zhengming, kai…). The catalogue's names and
// synonyms go through the same, so both sides compare the same way.
std::u32string withoutFillers(std::u32string text);

// `text` without any of `words` (normalised Chinese characters) wherever they occur.
std::u32string withoutWords(std::u32string text, const std::vector<std::u32string>& words);

}  // namespace hall
