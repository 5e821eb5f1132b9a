#include "text/Hangul.h"

#include <iconv.h>

#include <array>
#include <optional>

namespace hall::hangul {

namespace {

constexpr char32_t kBase = 0xAC00;
// The 19 initial consonants, 21 vowels and 27 finals of a syllable, as compatibility jamo.
constexpr std::u32string_view kInitials = U"ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
constexpr std::u32string_view kVowels = U"ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ";
// Index 0 is "no final".
constexpr std::u32string_view kFinals = U" ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ";

struct Pair {
    char32_t first, second, both;
};
// Vowels and finals made of two typed letters.
constexpr std::array<Pair, 7> kCompoundVowels{{{U'ㅗ', U'ㅏ', U'ㅘ'},
                                               {U'ㅗ', U'ㅐ', U'ㅙ'},
                                               {U'ㅗ', U'ㅣ', U'ㅚ'},
                                               {U'ㅜ', U'ㅓ', U'ㅝ'},
                                               {U'ㅜ', U'ㅔ', U'ㅞ'},
                                               {U'ㅜ', U'ㅣ', U'ㅟ'},
                                               {U'ㅡ', U'ㅣ', U'ㅢ'}}};
constexpr std::array<Pair, 11> kCompoundFinals{{{U'ㄱ', U'ㅅ', U'ㄳ'},
                                                {U'ㄴ', U'ㅈ', U'ㄵ'},
                                                {U'ㄴ', U'ㅎ', U'ㄶ'},
                                                {U'ㄹ', U'ㄱ', U'ㄺ'},
                                                {U'ㄹ', U'ㅁ', U'ㄻ'},
                                                {U'ㄹ', U'ㅂ', U'ㄼ'},
                                                {U'ㄹ', U'ㅅ', U'ㄽ'},
                                                {U'ㄹ', U'ㅌ', U'ㄾ'},
                                                {U'ㄹ', U'ㅍ', U'ㄿ'},
                                                {U'ㄹ', U'ㅎ', U'ㅀ'},
                                                {U'ㅂ', U'ㅅ', U'ㅄ'}}};

bool isVowel(char32_t c) {
    return kVowels.find(c) != std::u32string_view::npos;
}

template <size_t N>
std::optional<char32_t> combine(const std::array<Pair, N>& pairs, char32_t a, char32_t b) {
    for (const auto& p : pairs)
        if (p.first == a && p.second == b)
            return p.both;
    return std::nullopt;
}

// The typed jamo of one syllable, composed: initial, vowel, final (each possibly compound).
std::u32string compose(const std::u32string& jamo) {
    if (jamo.empty())
        return {};
    size_t i = 0;
    const char32_t initial = jamo[i];
    if (isVowel(initial) || kInitials.find(initial) == std::u32string_view::npos)
        return jamo;  // loose letters: shown as typed
    ++i;
    if (i == jamo.size())
        return std::u32string(1, initial);
    char32_t vowel = jamo[i++];
    if (i < jamo.size() && isVowel(jamo[i])) {
        vowel = *combine(kCompoundVowels, vowel, jamo[i]);
        ++i;
    }
    char32_t final = 0;
    if (i < jamo.size()) {
        final = jamo[i++];
        if (i < jamo.size())
            final = *combine(kCompoundFinals, final, jamo[i]);
    }
    const auto ini = static_cast<char32_t>(kInitials.find(initial));
    const auto vow = static_cast<char32_t>(kVowels.find(vowel));
    const auto fin = final ? static_cast<char32_t>(kFinals.find(final)) : 0;
    return std::u32string(1, kBase + (ini * 21 + vow) * 28 + fin);
}

// Splits what a keyboard types as two letters back into them.
void splitInto(std::u32string& out, char32_t c) {
    for (const auto& p : kCompoundVowels) {
        if (p.both == c) {
            out += p.first;
            out += p.second;
            return;
        }
    }
    for (const auto& p : kCompoundFinals) {
        if (p.both == c) {
            out += p.first;
            out += p.second;
            return;
        }
    }
    out += c;
}

}  // namespace

char32_t jamoForKey(char letter, bool shifted) {
    if (letter >= 'A' && letter <= 'Z')
        letter = static_cast<char>(letter - 'A' + 'a');
    if (letter < 'a' || letter > 'z')
        return 0;
    // a–z on the two-set layout.
    static constexpr std::u32string_view plain =
        U"ㅁㅠㅊㅇㄷㄹㅎㅗㅑㅓㅏㅣㅡㅜㅐㅔㅂㄱㄴㅅㅕㅍㅈㅌㅛㅋ";
    const char32_t j = plain[static_cast<size_t>(letter - 'a')];
    if (!shifted)
        return j;
    switch (letter) {
        case 'q':
            return U'ㅃ';
        case 'w':
            return U'ㅉ';
        case 'e':
            return U'ㄸ';
        case 'r':
            return U'ㄲ';
        case 't':
            return U'ㅆ';
        case 'o':
            return U'ㅒ';
        case 'p':
            return U'ㅖ';
        default:
            return j;
    }
}

std::u32string typeableText() {
    std::u32string out;
    for (char32_t c = 0x3131; c <= 0x3163; ++c)
        out += c;
    // KS X 1001's syllables are those EUC-KR can encode.
    iconv_t cd = iconv_open("EUC-KR", "UTF-32LE");
    if (cd == reinterpret_cast<iconv_t>(-1))
        return out;
    for (char32_t c = 0xAC00; c <= 0xD7A3; ++c) {
        char in[4] = {static_cast<char>(c & 0xFF), static_cast<char>((c >> 8) & 0xFF), 0, 0};
        char buf[8];
        char* inp = in;
        char* outp = buf;
        size_t inLeft = 4, outLeft = sizeof buf;
        if (iconv(cd, &inp, &inLeft, &outp, &outLeft) != static_cast<size_t>(-1))
            out += c;
    }
    iconv_close(cd);
    return out;
}

bool isSyllable(char32_t c) {
    return c >= 0xAC00 && c <= 0xD7A3;
}

bool isJamo(char32_t c) {
    return c >= 0x3131 && c <= 0x3163;
}

std::u32string toJamo(std::u32string_view text) {
    std::u32string out;
    for (char32_t c : text) {
        if (!isSyllable(c)) {
            if (isJamo(c))
                splitInto(out, c);
            else
                out += c;
            continue;
        }
        const char32_t s = c - kBase;
        splitInto(out, kInitials[s / (21 * 28)]);
        splitInto(out, kVowels[(s / 28) % 21]);
        if (s % 28)
            splitInto(out, kFinals[s % 28]);
    }
    return out;
}

void Composer::reset(std::u32string text) {
    done_ = std::move(text);
    open_.clear();
}

void Composer::feed(char32_t j) {
    if (!isJamo(j))
        return;
    const bool vowel = isVowel(j);
    if (open_.empty()) {
        open_ = j;
        return;
    }
    // Where the open syllable stands: initial only, initial + vowel(s), or with a final.
    const bool startsWithConsonant = !isVowel(open_[0]);
    size_t vowels = 0, finals = 0;
    for (size_t i = 1; i < open_.size(); ++i)
        (isVowel(open_[i]) ? vowels : finals)++;
    if (!startsWithConsonant) {
        // A loose vowel: a compound vowel may still form, else it stands alone.
        if (vowel && open_.size() == 1 && combine(kCompoundVowels, open_[0], j)) {
            open_ += j;
            return;
        }
        done_ += compose(open_);
        open_ = j;
        return;
    }
    if (vowel) {
        if (vowels == 0 && finals == 0) {
            open_ += j;
        } else if (finals == 0 && vowels == 1 && combine(kCompoundVowels, open_.back(), j)) {
            open_ += j;
        } else if (finals > 0) {
            // The last consonant starts the next syllable: 한 + ㅏ → 하나, 닭 + ㅏ → 달가.
            const char32_t moved = open_.back();
            open_.pop_back();
            done_ += compose(open_);
            open_ = {moved, j};
        } else {
            done_ += compose(open_);
            open_ = j;
        }
        return;
    }
    // A consonant: a final (if it can be one), a compound final, or the next syllable.
    const bool canEnd = kFinals.find(j) != std::u32string_view::npos;
    if (vowels > 0 && finals == 0 && canEnd) {
        open_ += j;
    } else if (vowels > 0 && finals == 1 && combine(kCompoundFinals, open_.back(), j)) {
        open_ += j;
    } else {
        done_ += compose(open_);
        open_ = j;
    }
}

void Composer::backspace() {
    if (!open_.empty()) {
        open_.pop_back();
    } else if (!done_.empty()) {
        done_.pop_back();
    }
}

std::u32string Composer::text() const {
    return done_ + compose(open_);
}

}  // namespace hall::hangul
