#include "proofs/ScreeningTokens.h"

#include <algorithm>
#include <array>
#include <string>

#include "proofs/ScreeningText.h"
#include "text/Utf8.h"

namespace hall {

namespace {

bool isLatin(char32_t c) {
    return c >= U'a' && c <= U'z';
}

// The letters of one word cut into whole syllables, fewest first; empty when they cannot be.
std::vector<uint16_t> syllables(const std::string& letters) {
    constexpr size_t kLongest = 6;  // zhuang, shuang
    const size_t n = letters.size();
    std::vector<int> fewest(n + 1, -1);
    std::vector<uint16_t> last(n + 1, 0);
    fewest[0] = 0;
    for (size_t end = 1; end <= n; ++end) {
        for (size_t len = std::min(kLongest, end); len >= 1; --len) {
            const size_t start = end - len;
            if (fewest[start] < 0)
                continue;
            const uint16_t id = chinese::syllableId(std::string_view(letters).substr(start, len));
            if (id != 0 && (fewest[end] < 0 || fewest[start] + 1 < fewest[end])) {
                fewest[end] = fewest[start] + 1;
                last[end] = id;
            }
        }
    }
    if (fewest[n] < 0)
        return {};
    std::vector<uint16_t> out(static_cast<size_t>(fewest[n]));
    size_t at = n;
    for (size_t i = out.size(); i-- > 0;) {
        out[i] = last[at];
        at -= chinese::syllable(last[at]).size();
    }
    return out;
}

// Pinyin of the filler words (withoutFillers drops their characters), dropped from either end
// of the syllables typed.
void dropFillers(std::vector<ScreeningToken>& tokens) {
    static const std::array<std::array<std::string_view, 3>, 12> kLeading{{
        {"wo", "yao", "kai"},
        {"wo", "xiang", "kai"},
        {"wo", "yao", ""},
        {"wo", "xiang", ""},
        {"xu", "yao", ""},
        {"qing", "wen", ""},
        {"kai", "ju", ""},
        {"chu", "ju", ""},
        {"ban", "li", ""},
        {"kai", "ge", ""},
        {"yi", "ge", ""},
        {"wo", "", ""},
    }};
    static const std::array<std::array<std::string_view, 2>, 3> kTrailing{{
        {"zheng", "ming"},
        {"zheng", "min"},
        {"de", ""},
    }};
    auto isSyllable = [&](size_t i, std::string_view s) {
        return i < tokens.size() && tokens[i].hanzi == 0 &&
               chinese::syllable(tokens[i].syllable) == s;
    };
    for (const auto& words : kLeading) {
        size_t n = 0;
        while (n < words.size() && !words[n].empty() && isSyllable(n, words[n]))
            ++n;
        const bool whole = n == words.size() || words[n].empty();
        if (n > 0 && whole && n < tokens.size()) {
            tokens.erase(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(n));
            break;
        }
    }
    for (const auto& words : kTrailing) {
        const size_t n = words[1].empty() ? 1 : 2;
        if (tokens.size() <= n)
            continue;
        const size_t at = tokens.size() - n;
        if (isSyllable(at, words[0]) && (n == 1 || isSyllable(at + 1, words[1]))) {
            tokens.resize(at);
            break;
        }
    }
}

}  // namespace

// Typed syllables that spell one of `words` go, as the words' characters went.
void dropSpelled(std::vector<ScreeningToken>& tokens, const std::vector<std::u32string>& words) {
    for (const auto& w : words) {
        for (size_t at = 0; at + w.size() <= tokens.size();) {
            bool spelled = true;
            for (size_t j = 0; j < w.size() && spelled; ++j) {
                const ScreeningToken& t = tokens[at + j];
                const chinese::Sounds s = chinese::sounds(w[j]);
                spelled = t.hanzi == 0 && std::find(std::begin(s.ids), std::end(s.ids),
                                                    t.syllable) != std::end(s.ids);
            }
            if (spelled) {
                tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(at),
                             tokens.begin() + static_cast<std::ptrdiff_t>(at + w.size()));
            } else {
                ++at;
            }
        }
    }
}

ScreeningTokens tokenizeScreeningText(std::string_view utf8, const TokenizeOptions& options) {
    static const std::vector<std::u32string> kNone;
    const auto& dropped = options.dropped ? *options.dropped : kNone;
    ScreeningTokens out;
    auto cps = utf8::decode(utf8);
    if (!cps)
        return out;
    // Normalised as the keys are, but with a break wherever letters were apart, so that a
    // space between two syllables keeps them apart ("xi an" is not "xian").
    std::string words;
    for (char32_t c : *cps) {
        std::string one;
        utf8::append(one, c);
        const std::u32string n = normalizeScreeningText(one);
        if (n.empty()) {
            words.push_back(' ');
        } else {
            utf8::append(words, n[0]);
        }
    }
    const auto normalized = utf8::decode(words);
    if (!normalized)
        return out;
    // Fillers first: 身份证明 is 身份 once 证明 is gone, and no ID card (身份证).
    std::u32string text(normalized->begin(), normalized->end());
    if (options.dropFillerWords)
        text = withoutFillers(std::move(text));
    if (options.dropWritten)
        text = withoutWords(std::move(text), dropped);
    std::string letters;
    auto flush = [&] {
        if (letters.empty())
            return;
        const auto ids = syllables(letters);
        if (ids.empty())
            out.complete = false;
        for (uint16_t id : ids) {
            ScreeningToken t;
            t.syllable = id;
            t.sounds.ids[0] = id;
            out.tokens.push_back(t);
            out.anySyllable = true;
        }
        letters.clear();
    };
    for (char32_t c : text) {
        if (isLatin(c)) {
            letters.push_back(static_cast<char>(c));
            continue;
        }
        flush();
        if (c == U' ')
            continue;
        ScreeningToken t;
        t.hanzi = c;
        t.sounds = chinese::sounds(c);
        out.tokens.push_back(t);
    }
    flush();
    if (out.anySyllable) {
        dropSpelled(out.tokens, dropped);
        if (options.dropFillerWords)
            dropFillers(out.tokens);
    }
    return out;
}

}  // namespace hall
