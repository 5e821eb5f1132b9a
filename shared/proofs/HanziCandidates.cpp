#include "proofs/HanziCandidates.h"

#include <algorithm>
#include <set>

#include "proofs/ScreeningText.h"
#include "text/Chinese.h"

namespace hall {

HanziCandidates::HanziCandidates(const ProofCatalog& catalog) {
    auto count = [&](const std::string& text) {
        for (char32_t c : normalizeScreeningText(text)) {
            if (chinese::isHanzi(c))
                ++frequency_[c];
        }
    };
    for (const auto& item : catalog.items) {
        count(item.name.in("zh-CN", "zh-CN"));
        for (const auto& s : item.synonyms)
            count(s);
    }
    for (const auto& [c, n] : frequency_) {
        for (auto reading : chinese::readings(c))
            bySyllable_[std::string(reading)].push_back(c);
    }
    for (auto& [syllable, chars] : bySyllable_) {
        std::stable_sort(chars.begin(), chars.end(),
                         [&](char32_t a, char32_t b) { return frequency_[a] > frequency_[b]; });
    }
}

HanziCandidates::Choice HanziCandidates::forLetters(std::string_view letters, size_t limit) const {
    Choice choice;
    if (letters.empty())
        return choice;
    std::vector<char32_t> found;
    auto add = [&](const std::vector<char32_t>& chars) {
        for (char32_t c : chars) {
            if (std::find(found.begin(), found.end(), c) == found.end())
                found.push_back(c);
        }
    };
    // The longest syllable the letters start with: what a pick replaces ("juzhu" → "ju").
    for (size_t n = std::min<size_t>(letters.size(), 6); n > 0; --n) {
        auto it = bySyllable_.find(std::string(letters.substr(0, n)));
        if (it != bySyllable_.end()) {
            add(it->second);
            choice.lettersUsed = n;
            break;
        }
    }
    // Letters that are only the start of a syllable ("zh", "jian" typed as "jia"…): every
    // syllable they begin.
    if (choice.lettersUsed < letters.size() || found.empty()) {
        const std::string prefix(letters);
        std::vector<char32_t> more;
        for (auto it = bySyllable_.lower_bound(prefix);
             it != bySyllable_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
            more.insert(more.end(), it->second.begin(), it->second.end());
        }
        if (!more.empty()) {
            std::stable_sort(more.begin(), more.end(), [&](char32_t a, char32_t b) {
                return frequency_.at(a) > frequency_.at(b);
            });
            if (found.empty() || choice.lettersUsed < letters.size()) {
                found.clear();
                add(more);
                choice.lettersUsed = letters.size();
            }
        }
    }
    if (found.size() > limit)
        found.resize(limit);
    choice.characters = std::move(found);
    return choice;
}

}  // namespace hall
