#include "text/Chinese.h"

#include <algorithm>

#include "text/UnihanTables.h"

namespace hall::chinese {

bool isHanzi(char32_t c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF);
}

std::vector<std::string_view> readings(char32_t c) {
    const auto* end = unihan::kReadings + unihan::kReadingCount;
    const auto* it =
        std::lower_bound(unihan::kReadings, end, c,
                         [](const unihan::Reading& r, char32_t v) { return r.codepoint < v; });
    std::vector<std::string_view> out;
    if (it == end || it->codepoint != c)
        return out;
    for (uint16_t s : it->syllables) {
        if (s == 0)
            break;
        out.emplace_back(unihan::kSyllables[s - 1]);
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
