#include "proofs/SituationCues.h"

#include <algorithm>
#include <bit>
#include <cstdint>

#include "proofs/ScreeningText.h"

namespace hall {

SituationCues::SituationCues(const ProofCatalog& catalog, const std::vector<size_t>& items) {
    for (size_t i : items) {
        for (const ProofSituation& s : catalog.items[i].situations) {
            const auto situation = static_cast<uint32_t>(situations_.size());
            situations_.push_back({i, static_cast<uint32_t>(s.concepts.size())});
            for (size_t c = 0; c < s.concepts.size(); ++c) {
                for (const auto& text : s.concepts[c]) {
                    // Matched against what was typed with its filler words still in: 开店 and
                    // 生的 mean more than 店 and 生.
                    Word w;
                    w.characters = normalizeScreeningText(text);
                    if (w.characters.empty())
                        continue;
                    for (char32_t ch : w.characters)
                        w.sounds.push_back(chinese::sounds(ch));
                    w.text = text;
                    w.situation = situation;
                    w.conceptIndex = static_cast<uint32_t>(c);
                    words_.push_back(std::move(w));
                }
            }
        }
    }
    for (uint32_t k = 0; k < words_.size(); ++k) {
        byHanzi_[words_[k].characters[0]].push_back(k);
        for (uint16_t id : words_[k].sounds[0].ids) {
            if (id == 0)
                break;
            bySound_[id].push_back(k);
        }
    }
}

bool SituationCues::matchesAt(const Word& w, const std::vector<ScreeningToken>& tokens,
                              size_t at) const {
    if (at + w.characters.size() > tokens.size())
        return false;
    for (size_t j = 0; j < w.characters.size(); ++j) {
        const ScreeningToken& t = tokens[at + j];
        const bool same = t.hanzi != 0
                              ? t.hanzi == w.characters[j]
                              : std::find(std::begin(w.sounds[j].ids), std::end(w.sounds[j].ids),
                                          t.syllable) != std::end(w.sounds[j].ids);
        if (!same)
            return false;
    }
    return true;
}

std::vector<SituationHit> SituationCues::match(const std::vector<ScreeningToken>& tokens,
                                               uint64_t aside) const {
    std::vector<SituationHit> out;
    // A description longer than this is cut: a situation is told in a sentence.
    constexpr size_t kLongest = 64;
    const size_t n = std::min(tokens.size(), kLongest);
    if (n == 0 || words_.empty())
        return out;
    struct Found {
        uint32_t concepts = 0;  // bit c: concept c said
        uint64_t covered = 0;   // bit p: token p is part of a word found
        uint64_t said[4] = {};  // the tokens that said each concept: one word says one concept
        std::vector<std::string> words;
    };
    // Only the situations a word was found for: a catalogue may hold thousands.
    std::vector<Found> found;
    std::unordered_map<uint32_t, size_t> foundAt;
    auto consider = [&](const std::vector<uint32_t>& list, size_t at) {
        for (uint32_t k : list) {
            const Word& w = words_[k];
            if (!matchesAt(w, tokens, at))
                continue;
            auto [slot, added] = foundAt.try_emplace(w.situation, found.size());
            if (added)
                found.emplace_back();
            Found& f = found[slot->second];
            uint64_t span = 0;
            for (size_t j = 0; j < w.characters.size() && at + j < 64; ++j)
                span |= uint64_t{1} << (at + j);
            uint64_t others = 0;
            for (uint32_t c = 0; c < 4; ++c) {
                if (c != w.conceptIndex)
                    others |= f.said[c];
            }
            if (span & others)
                continue;  // these characters already say another concept of the situation
            if (!(f.concepts & (1u << w.conceptIndex))) {
                f.concepts |= 1u << w.conceptIndex;
                f.words.push_back(w.text);
            }
            f.said[w.conceptIndex] |= span;
            f.covered |= span;
        }
    };
    for (size_t p = 0; p < n; ++p) {
        const ScreeningToken& t = tokens[p];
        if (t.hanzi != 0) {
            if (auto it = byHanzi_.find(t.hanzi); it != byHanzi_.end())
                consider(it->second, p);
        } else if (auto it = bySound_.find(t.syllable); it != bySound_.end()) {
            consider(it->second, p);
        }
    }
    for (const auto& [index, at] : foundAt) {
        const Situation& situation = situations_[index];
        const Found& f = found[at];
        if (situation.concepts == 0 ||
            static_cast<uint32_t>(std::popcount(f.concepts)) != situation.concepts ||
            (f.covered & ~aside) == 0)
            continue;
        // The more concepts a situation joins, and the more of the words it explains, the
        // surer: a name typed in full (1.0) still comes first.
        const double score =
            std::min(0.99, 0.80 + 0.05 * std::min<uint32_t>(situation.concepts, 3) +
                               0.08 * std::popcount(f.covered) / static_cast<double>(n));
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const SituationHit& h) { return h.item == situation.item; });
        if (it == out.end()) {
            out.push_back({situation.item, score, f.words});
        } else if (score > it->score) {
            it->score = score;
            it->words = f.words;
        }
    }
    std::sort(out.begin(), out.end(),
              [](const SituationHit& a, const SituationHit& b) { return a.score > b.score; });
    return out;
}

}  // namespace hall
