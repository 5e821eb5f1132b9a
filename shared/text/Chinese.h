#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hall::chinese {

// Toneless pinyin readings of a Chinese character, most common first (行: xing, hang); empty
// for anything else. From the Unicode Han database, generated at build time.
std::vector<std::string_view> readings(char32_t c);
bool isHanzi(char32_t c);

// The same readings as numbers, for comparing sounds on every keystroke without strings: each
// id names one toneless syllable; 0 ends the list.
struct Sounds {
    uint16_t ids[4] = {0, 0, 0, 0};
    bool empty() const { return ids[0] == 0; }
    // Any reading in common (婚因 and 婚姻 both have yin).
    bool overlaps(const Sounds& other) const;
};
Sounds sounds(char32_t c);
std::string_view syllable(uint16_t id);
// The id of a toneless syllable as typed ("zhong", "lv" for lü), or 0 when it is not one.
uint16_t syllableId(std::string_view typed);
// The syllable as heard by a speaker who does not tell zh/z, ch/c, sh/s or a final ng/n apart
// (northern dialects, Korean-Chinese speakers): shi and si, ming and min share one number.
uint16_t slurred(uint16_t id);

// The simplified form of a traditional character (證 → 证), or the character itself.
char32_t simplified(char32_t c);

}  // namespace hall::chinese
