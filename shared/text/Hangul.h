#pragma once
#include <string>
#include <string_view>

namespace hall::hangul {

// The jamo (Hangul compatibility jamo, U+3131–U+3163) a key of the standard Korean two-set
// keyboard (두벌식, KS X 5002) types: `shifted` for the doubled consonants ㅃㅉㄸㄲㅆ and ㅒㅖ.
// 0 for a key outside a–z.
char32_t jamoForKey(char letter, bool shifted);

bool isSyllable(char32_t c);  // 가–힣
// Every letter the Korean keyboard can type and the 2,350 syllables of KS X 1001 (the common
// ones, every syllable Korean text normally uses), for the glyphs a Korean search can show.
std::u32string typeableText();
bool isJamo(char32_t c);  // ㄱ–ㅣ

// Syllables and loose jamo written out as jamo, doubled and compound letters split into their
// parts as typed (괜 → ㄱㅗㅐㄴ), so a syllable still being typed matches the one it becomes.
std::u32string toJamo(std::u32string_view text);

// Jamo typed one by one, composed into syllables as a Korean keyboard does: a consonant then a
// vowel start a syllable, a following consonant may close it, and moves on to the next syllable
// when a vowel comes after it (한 + ㅏ → 하나).
class Composer {
  public:
    // Starts from text already there (typed another way): composing continues after it.
    void reset(std::u32string text = {});
    void feed(char32_t jamo);
    // Removes the last jamo typed (한 → 하 → ㅎ), or the last character before them.
    void backspace();
    std::u32string text() const;

  private:
    std::u32string done_;
    // The syllable being composed, as the jamo typed for it (at most 6: ㄱㅗㅐ + ㄹㄱ…).
    std::u32string open_;
};

}  // namespace hall::hangul
