#include "session/ProofSearch.h"

#include <algorithm>

#include "text/Utf8.h"

namespace hall {

namespace {

bool isLetter(char32_t c) {
    return c >= U'a' && c <= U'z';
}

}  // namespace

ProofSearch::ProofSearch(const ProofScreener& screener, const HanziCandidates& candidates)
    : screener_(screener), hanzi_(candidates) {}

void ProofSearch::useKeys(Keys keys) {
    keys_ = keys;
    shift_ = false;
    clearWriting();
    refresh();
    // Korean composing goes on after whatever is there.
    hangul_.reset(typed_);
}

void ProofSearch::stroke(std::vector<Handwriting::Point> points) {
    if (keys_ != Keys::Handwriting || points.empty() || writing_.strokes.size() >= 40)
        return;
    category_.clear();
    writing_.strokes.push_back(std::move(points));
}

void ProofSearch::clearWriting() {
    for (auto& s : writing_.strokes)
        std::fill(s.begin(), s.end(), Handwriting::Point{});
    writing_.strokes.clear();
    if (keys_ == Keys::Handwriting)
        candidates_.clear();
}

void ProofSearch::writingCandidates(std::vector<char32_t> characters) {
    if (keys_ != Keys::Handwriting)
        return;
    candidates_ = std::move(characters);
    candidateLetters_ = 0;
}

void ProofSearch::key(char letter) {
    if (letter >= 'A' && letter <= 'Z')
        letter = static_cast<char>(letter - 'A' + 'a');
    if (letter < 'a' || letter > 'z' || typed_.size() >= kMaxTyped)
        return;
    category_.clear();
    if (keys_ == Keys::Hangul) {
        hangul_.feed(hangul::jamoForKey(letter, shift_));
        shift_ = false;
        typed_ = hangul_.text();
    } else {
        typed_.push_back(static_cast<char32_t>(letter));
    }
    refresh();
}

void ProofSearch::backspace() {
    if (keys_ == Keys::Hangul) {
        hangul_.backspace();
        typed_ = hangul_.text();
    } else if (!typed_.empty()) {
        typed_.pop_back();
    }
    refresh();
}

void ProofSearch::clear() {
    typed_.clear();
    hangul_.reset();
    refresh();
}

void ProofSearch::pickCandidate(size_t index) {
    if (index >= candidates_.size())
        return;
    if (keys_ == Keys::Handwriting) {
        if (typed_.size() < kMaxTyped)
            typed_.push_back(candidates_[index]);
        category_.clear();
        clearWriting();
        refresh();
        return;
    }
    size_t pending = 0;
    while (pending < typed_.size() && isLetter(typed_[typed_.size() - 1 - pending]))
        ++pending;
    const size_t start = typed_.size() - pending;
    typed_.replace(start, std::min(candidateLetters_, pending), 1, candidates_[index]);
    hangul_.reset(typed_);
    refresh();
}

void ProofSearch::browse(const std::string& categoryId) {
    category_ = categoryId;
    page_ = 0;
}

void ProofSearch::nextPage() {
    if (page_ + 1 < listSize())
        ++page_;
}

void ProofSearch::previousPage() {
    if (page_ > 0)
        --page_;
}

void ProofSearch::wipe() {
    // Not personal data by design, but a resident's words all the same: nothing stays behind.
    std::fill(typed_.begin(), typed_.end(), U'\0');
    typed_.clear();
    hangul_.reset();
    clearWriting();
    candidates_.clear();
    results_.clear();
    verdict_ = ScreeningResult{};
    category_.clear();
    page_ = 0;
}

std::string ProofSearch::typed() const {
    return utf8::encode(std::vector<char32_t>(typed_.begin(), typed_.end()));
}

std::string ProofSearch::pendingLetters() const {
    size_t pending = 0;
    while (pending < typed_.size() && isLetter(typed_[typed_.size() - 1 - pending]))
        ++pending;
    std::string out;
    for (size_t i = typed_.size() - pending; i < typed_.size(); ++i)
        out.push_back(static_cast<char>(typed_[i]));
    return out;
}

std::vector<const ProofItem*> ProofSearch::categoryItems() const {
    std::vector<const ProofItem*> out;
    if (category_.empty())
        return out;
    for (const ProofItem* item : screener_.activeItems()) {
        if (item->category == category_)
            out.push_back(item);
    }
    return out;
}

size_t ProofSearch::listSize() const {
    return category_.empty() ? screener_.catalog().categories.size() : categoryItems().size();
}

std::vector<const ProofItem*> ProofSearch::categoryPage(size_t perPage) const {
    perPage = std::max<size_t>(1, perPage);
    auto all = categoryItems();
    const size_t from = std::min(all.size(), page(perPage) * perPage);
    const size_t to = std::min(all.size(), from + perPage);
    return {all.begin() + static_cast<std::ptrdiff_t>(from),
            all.begin() + static_cast<std::ptrdiff_t>(to)};
}

std::vector<const ProofCategory*> ProofSearch::categoriesPage(size_t perPage) const {
    perPage = std::max<size_t>(1, perPage);
    const auto& all = screener_.catalog().categories;
    std::vector<const ProofCategory*> out;
    for (size_t i = page(perPage) * perPage; i < all.size() && out.size() < perPage; ++i)
        out.push_back(&all[i]);
    return out;
}

size_t ProofSearch::pageCount(size_t perPage) const {
    perPage = std::max<size_t>(1, perPage);
    return std::max<size_t>(1, (listSize() + perPage - 1) / perPage);
}

size_t ProofSearch::page(size_t perPage) const {
    return std::min(page_, pageCount(perPage) - 1);
}

void ProofSearch::refresh() {
    // Handwriting's candidates come from the recognizer, for what is on the pad.
    if (keys_ != Keys::Handwriting) {
        auto choice = hanzi_.forLetters(pendingLetters(), kCandidates);
        candidates_ = std::move(choice.characters);
        candidateLetters_ = choice.lettersUsed;
    }
    // One screening per key gives both the list and the verdict.
    verdict_ = screener_.screen(typed());
    results_ = verdict_.suggestions;
}

}  // namespace hall
