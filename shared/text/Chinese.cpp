#include "text/Chinese.h"

#include <algorithm>

#include "text/UnihanTables.h"

namespace hall::chinese {

bool isHanzi(char32_t c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF);
}

Sounds sounds(char32_t c) {
    const auto* end = unihan::kReadings + unihan::kReadingCount;
    const auto* it =
        std::lower_bound(unihan::kReadings, end, c,
                         [](const unihan::Reading& r, char32_t v) { return r.codepoint < v; });
    Sounds out;
    if (it != end && it->codepoint == c)
        std::copy(std::begin(it->syllables), std::end(it->syllables), out.ids);
    return out;
}

bool Sounds::overlaps(const Sounds& other) const {
    for (uint16_t a : ids) {
        if (a == 0)
            break;
        for (uint16_t b : other.ids) {
            if (b == 0)
                break;
            if (a == b)
                return true;
        }
    }
    return false;
}

std::string_view syllable(uint16_t id) {
    return id == 0 || id > unihan::kSyllableCount ? std::string_view{} : unihan::kSyllables[id - 1];
}

std::vector<std::string_view> readings(char32_t c) {
    std::vector<std::string_view> out;
    for (uint16_t id : sounds(c).ids) {
        if (id == 0)
            break;
        out.push_back(syllable(id));
    }
    return out;
}

char32_t simplified(char32_t c) {
    const auto* end = unihan::kSimplified + unihan::kSimplifiedCount;
    const auto* it =
        std::lower_bound(unihan::kSimplified, end, c,
                         [](const unihan::Variant& v, char32_t x) { return v.from < x; });
    return it != end && it->from == c ? static_cast<char32_t>(it->to) : c;
}

}  // namespace hall::chinese
