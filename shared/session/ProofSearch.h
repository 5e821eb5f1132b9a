#pragma once
#include <string>
#include <vector>

#include "proofs/HanziCandidates.h"
#include "proofs/ProofScreener.h"
#include "session/Handwriting.h"
#include "text/Hangul.h"

namespace hall {

// What a resident has typed on the proof search screen, and what it finds: the on-screen
// keyboard's letters, the Chinese characters picked from the candidates, the results list
// (updated on every key) and the category being browsed. Holds no personal data beyond the
// typed words, and forgets them with wipe().
class ProofSearch {
  public:
    ProofSearch(const ProofScreener& screener, const HanziCandidates& candidates);

    // The keyboard's letters: pinyin (and English), or Korean jamo on the two-set layout,
    // composed into syllables as they are typed.
    enum class Keys { Pinyin, Hangul, Handwriting };
    void useKeys(Keys keys);
    Keys keys() const { return keys_; }
    // The next Korean key types its doubled consonant or ㅒ/ㅖ (one key, as on a phone).
    void toggleShift() { shift_ = !shift_; }
    bool shifted() const { return shift_; }

    // Handwriting: a stroke on the pad; the characters it may be, from the recognizer, take
    // the candidates' place until one is picked (which clears the pad).
    void stroke(std::vector<Handwriting::Point> points);
    void clearWriting();
    void writingCandidates(std::vector<char32_t> characters);
    const Handwriting& writing() const { return writing_; }
    static constexpr float kPadSize = 1000;  // the pad's units

    void key(char letter);  // a–z
    void backspace();
    void clear();
    void pickCandidate(size_t index);
    void browse(const std::string& categoryId);  // empty: back to typing
    void nextPage();
    void previousPage();
    void wipe();

    std::string typed() const;           // UTF-8, for the input line
    std::string pendingLetters() const;  // the trailing letters the candidates are for
    const std::vector<char32_t>& candidates() const { return candidates_; }
    const std::vector<ScreeningMatch>& results() const { return results_; }
    // The screener's verdict on the words as typed (for the record and the unknown screen).
    const ScreeningResult& verdict() const { return verdict_; }
    // The best items are close: the screen asks which one is meant (verdict().choices).
    bool asking() const { return verdict_.decision == ScreeningDecision::Ask; }

    const std::string& category() const { return category_; }
    // The items of the category being browsed, `perPage` to a page (as many as the screen
    // fits), on the current page.
    std::vector<const ProofItem*> categoryPage(size_t perPage) const;
    // Before a category is chosen, the categories themselves are paged the same way (care
    // mode's larger type fits fewer to a screen).
    std::vector<const ProofCategory*> categoriesPage(size_t perPage) const;
    // Pages of the list shown: a category's items, or the categories.
    size_t pageCount(size_t perPage) const;
    // The current page, within the pages there are at `perPage`.
    size_t page(size_t perPage) const;

    static constexpr size_t kResults = ProofScreener::kSuggestions;
    static constexpr size_t kCandidates = 8;
    static constexpr size_t kMaxTyped = 24;

  private:
    void refresh();
    std::vector<const ProofItem*> categoryItems() const;
    size_t listSize() const;

    const ProofScreener& screener_;
    const HanziCandidates& hanzi_;
    std::u32string typed_;
    std::vector<char32_t> candidates_;
    size_t candidateLetters_ = 0;
    std::vector<ScreeningMatch> results_;
    ScreeningResult verdict_;
    std::string category_;
    size_t page_ = 0;
    Keys keys_ = Keys::Pinyin;
    bool shift_ = false;
    hangul::Composer hangul_;
    Handwriting writing_{{}, kPadSize};
};

}  // namespace hall
