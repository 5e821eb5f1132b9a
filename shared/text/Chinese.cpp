#include "text/Chinese.h"

#include <algorithm>
#include <string>
#include <utility>

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

uint16_t syllableId(std::string_view typed) {
    const auto* begin = unihan::kSyllables;
    const auto* end = begin + unihan::kSyllableCount;
    const auto* it = std::lower_bound(begin, end, typed,
                                      [](const char* s, std::string_view v) { return s < v; });
    return it != end && typed == *it ? static_cast<uint16_t>(it - begin + 1) : 0;
}

uint16_t slurred(uint16_t id) {
    // Each syllable mapped once to the first syllable with the same slurred spelling.
    static const std::vector<uint16_t> table = [] {
        auto slur = [](std::string s) {
            if (s.size() > 2 && s[1] == 'h' && (s[0] == 'z' || s[0] == 'c' || s[0] == 's'))
                s.erase(1, 1);
            if (s.size() > 2 && s.compare(s.size() - 2, 2, "ng") == 0)
                s.pop_back();
            return s;
        };
        std::vector<uint16_t> out(unihan::kSyllableCount + 1, 0);
        std::vector<std::pair<std::string, uint16_t>> seen;
        for (size_t i = 0; i < unihan::kSyllableCount; ++i) {
            const std::string s = slur(unihan::kSyllables[i]);
            auto it =
                std::find_if(seen.begin(), seen.end(), [&](const auto& p) { return p.first == s; });
            const auto id = static_cast<uint16_t>(i + 1);
            out[id] = it == seen.end() ? id : it->second;
            if (it == seen.end())
                seen.emplace_back(s, id);
        }
        return out;
    }();
    return id < table.size() ? table[id] : 0;
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
