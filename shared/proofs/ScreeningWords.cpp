#include "proofs/ScreeningWords.h"

#include "proofs/ScreeningText.h"
#include "text/Utf8.h"

namespace hall {

namespace {

// Every name and synonym, normalised as the typed words are, one after another: a run of typed
// characters is kept when it is a substring of one of them.
std::vector<std::u32string> vocabulary(const ProofCatalog& catalog) {
    std::vector<std::u32string> out;
    auto add = [&](const std::string& text) {
        auto normalized = normalizeScreeningText(text);
        if (normalized.size() >= 2)
            out.push_back(std::move(normalized));
    };
    for (const auto& item : catalog.items) {
        for (const auto& [language, text] : item.name.byLanguage)
            add(text);
        for (const auto& synonym : item.synonyms)
            add(synonym);
    }
    for (const auto& category : catalog.categories) {
        for (const auto& [language, text] : category.name.byLanguage)
            add(text);
    }
    return out;
}

// Latin letters are never kept: pinyin or English fragments of two letters match some name
// almost always, and a name typed in pinyin would get through in pieces.
bool isHan(char32_t c) {
    return c >= 0x3400;
}

bool occurs(const std::vector<std::u32string>& words, std::u32string_view run) {
    for (const auto& w : words) {
        if (w.find(run) != std::u32string::npos)
            return true;
    }
    return false;
}

}  // namespace

std::string keptScreeningWords(const ProofCatalog& catalog, std::string_view typed) {
    const std::u32string text = normalizeScreeningText(typed);
    const auto words = vocabulary(catalog);
    std::string out;
    bool gap = false;
    size_t i = 0;
    while (i < text.size()) {
        // The longest run from here that the catalogue has, if it has one of two or more.
        size_t best = 0;
        for (size_t n = 2; i + n <= text.size(); ++n) {
            if (!isHan(text[i + n - 1]) || !isHan(text[i]) ||
                !occurs(words, std::u32string_view(text).substr(i, n)))
                break;
            best = n;
        }
        if (best == 0) {
            gap = true;
            ++i;
            continue;
        }
        if (gap || !out.empty())
            out += "…";
        gap = false;
        for (size_t k = 0; k < best; ++k)
            utf8::append(out, text[i + k]);
        i += best;
    }
    if (gap && !out.empty())
        out += "…";
    return out;
}

}  // namespace hall
