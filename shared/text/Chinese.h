#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace hall::chinese {

// Toneless pinyin readings of a Chinese character, most common first (行: xing, hang); empty
// for anything else. From the Unicode Han database, generated at build time.
std::vector<std::string_view> readings(char32_t c);
bool isHanzi(char32_t c);

// The simplified form of a traditional character (證 → 证), or the character itself.
char32_t simplified(char32_t c);

}  // namespace hall::chinese
