#include "proofs/ProofScreener.h"

#include "text/Hangul.h"
#include "text/Utf8.h"

#include <algorithm>
#include <functional>
#include <set>

#include "proofs/ScreeningText.h"
#include "proofs/ScreeningTokens.h"
#include "text/Chinese.h"
#include "text/Utf8.h"

namespace hall {

std::string_view screeningCode(ScreeningDecision d) {
    switch (d) {
        case ScreeningDecision::Permitted:
            return "permitted";
        case ScreeningDecision::NotIssued:
            return "not_issued";
        case ScreeningDecision::Unknown:
            return "unknown";
        case ScreeningDecision::Ask:
            return "ask";
    }
    return "unknown";
}

namespace {

bool isLatin(char32_t c) {
    return c >= U'a' && c <= U'z';
}

// Exactly one letter wrong, missing or extra: a mistyped syllable.
bool oneEditApart(std::u32string_view a, std::string_view b) {
    if (a.size() == b.size()) {
        int diff = 0;
        for (size_t i = 0; i < a.size(); ++i)
            diff += a[i] != static_cast<char32_t>(b[i]) ? 1 : 0;
        return diff == 1;
    }
    const bool aLonger = a.size() == b.size() + 1;
    if (!aLonger && b.size() != a.size() + 1)
        return false;
    size_t i = 0, j = 0;
    bool skipped = false;
    while (i < a.size() && j < b.size()) {
        if (a[i] == static_cast<char32_t>(b[j])) {
            ++i;
            ++j;
        } else if (skipped) {
            return false;
        } else {
            skipped = true;
            aLonger ? ++i : ++j;
        }
    }
    return true;
}

std::string twoLetters(std::string_view a, std::string_view b) {
    std::string s;
    s.push_back(a[0]);
    s.push_back(b[0]);
    return s;
}

// Less than 60% of a name, and not its start (居住 of 无人居住): it may be that name, but what
// sets it apart from others is missing, so it counts less. The start of a name (经营 of
// 经营场所) is a name being typed, or said short.
double partOfKey(double matched, size_t keyLength, bool fromStart) {
    return !fromStart && matched / static_cast<double>(keyLength) < 0.6 ? 0.85 : 1.0;
}

std::vector<size_t> itemsInForce(const ProofCatalog& catalog, const std::string& day) {
    std::vector<size_t> out;
    for (size_t i = 0; i < catalog.items.size(); ++i) {
        if (day.empty() || catalog.items[i].activeOn(day))
            out.push_back(i);
    }
    return out;
}

}  // namespace

namespace {

std::u32string codepoints(const std::string& text) {
    auto decoded = utf8::decode(text);
    return decoded ? std::u32string(decoded->begin(), decoded->end()) : std::u32string();
}

}  // namespace

ProofScreener::ProofScreener(const ProofCatalog& catalog, std::string day)
    : catalog_(catalog), items_(itemsInForce(catalog, day)), situations_(catalog, items_) {
    for (const auto& w : catalog.otherMatters)
        otherMatters_.push_back(normalizeScreeningText(w));
    for (size_t i : items_) {
        const ProofItem& item = catalog.items[i];
        std::vector<std::string> texts;
        if (auto it = item.name.byLanguage.find("zh-CN"); it != item.name.byLanguage.end())
            texts.push_back(it->second);
        texts.insert(texts.end(), item.synonyms.begin(), item.synonyms.end());
        std::set<std::u32string> seen;
        for (const auto& t : texts) {
            Key key;
            key.item = i;
            key.written = t;
            key.text = withoutFillers(normalizeScreeningText(t));
            if (key.text.empty() || !seen.insert(key.text).second)
                continue;
            for (char32_t c : key.text) {
                Slot slot;
                if (chinese::isHanzi(c)) {
                    slot.hanzi = c;
                    slot.sounds = chinese::sounds(c);
                    for (size_t r = 0; r < 4; ++r)
                        slot.slurs.ids[r] = chinese::slurred(slot.sounds.ids[r]);
                    slot.readings = chinese::readings(c);
                }
                if (!slot.readings.empty())
                    key.slots.push_back(slot);
            }
            if (key.slots.empty())
                continue;
            keys_.push_back(std::move(key));
        }
        if (auto it = item.name.byLanguage.find("ko"); it != item.name.byLanguage.end()) {
            std::u32string letters;
            for (char32_t c : hangul::toJamo(codepoints(it->second)))
                if (hangul::isJamo(c))
                    letters += c;
            if (!letters.empty())
                koreanNames_.emplace_back(i, std::move(letters));
        }
        // The English name, word by word, for residents who type English.
        if (auto it = item.name.byLanguage.find("en"); it != item.name.byLanguage.end()) {
            const std::u32string english = normalizeScreeningText(it->second);
            if (english.size() >= 4) {
                Key key;
                key.item = i;
                key.written = it->second;
                key.text = english;
                key.latinWord = true;
                keys_.push_back(std::move(key));
            }
        }
    }
    for (uint32_t k = 0; k < keys_.size(); ++k) {
        const Key& key = keys_[k];
        if (key.latinWord) {
            byLetters_[std::string{
                           static_cast<char>(key.text[0]),
                           static_cast<char>(key.text.size() > 1 ? key.text[1] : key.text[0])}]
                .push_back(k);
            continue;
        }
        std::set<char32_t> chars;
        std::set<uint16_t> sounds;
        std::set<uint16_t> slurs;
        std::set<std::string> letters;
        for (size_t j = 0; j < key.slots.size(); ++j) {
            chars.insert(key.slots[j].hanzi);
            for (uint16_t id : key.slots[j].sounds.ids) {
                if (id != 0) {
                    sounds.insert(id);
                    slurs.insert(chinese::slurred(id));
                }
            }
            for (auto r : key.slots[j].readings) {
                letters.insert(std::string(r.substr(0, std::min<size_t>(2, r.size()))));
                letters.insert(std::string(1, r[0]));
                if (j + 1 < key.slots.size()) {
                    for (auto next : key.slots[j + 1].readings)
                        letters.insert(twoLetters(r, next));
                }
            }
        }
        for (char32_t c : chars)
            byHanzi_[c].push_back(k);
        for (uint16_t id : sounds)
            bySound_[id].push_back(k);
        for (uint16_t id : slurs)
            bySlur_[id].push_back(k);
        for (const auto& l : letters)
            byLetters_[l].push_back(k);
    }
}

double ProofScreener::alignCharacters(const Key& key, Query& query) {
    // Local alignment of characters and typed syllables: typos, missing and extra characters
    // cost; homophones (婚因/婚姻) count nearly as much as the right character, a typed syllable
    // nearly as much, a slurred one (sen for sheng) less.
    const auto& q = query.tokens.tokens;
    const size_t n = q.size(), m = key.slots.size(), w = m + 1;
    auto exact = [](const ScreeningToken& t, const Slot& s) {
        if (t.hanzi != 0)
            return t.hanzi == s.hanzi;
        return std::find(std::begin(s.sounds.ids), std::end(s.sounds.ids), t.syllable) !=
               std::end(s.sounds.ids);
    };
    auto value = [&](const ScreeningToken& t, const Slot& s) {
        if (t.hanzi != 0) {
            return t.hanzi == s.hanzi ? 1.0 : t.sounds.overlaps(s.sounds) ? 0.8 : -0.6;
        }
        if (exact(t, s))
            return 0.9;
        const uint16_t slur = chinese::slurred(t.syllable);
        return std::find(std::begin(s.slurs.ids), std::end(s.slurs.ids), slur) !=
                       std::end(s.slurs.ids)
                   ? 0.7
                   : -0.6;
    };
    std::vector<double>& h = query.cells;
    h.assign((n + 1) * w, 0.0);
    double top = 0;
    for (size_t i = 1; i <= n; ++i) {
        for (size_t j = 1; j <= m; ++j) {
            const double v =
                std::max({0.0, h[(i - 1) * w + j - 1] + value(q[i - 1], key.slots[j - 1]),
                          h[(i - 1) * w + j] - 0.5, h[i * w + j - 1] - 0.5});
            h[i * w + j] = v;
            top = std::max(top, v);
        }
    }
    double best = partOfKey(top, m, exact(q[0], key.slots[0])) *
                  (0.5 * top / static_cast<double>(m) + 0.5 * top / static_cast<double>(n));
    // The whole name said, with words in between (我家养了条狗 → 养狗): the characters of the
    // key in order, the closer together the better.
    if (m >= 2) {
        size_t j = 0, first = 0, last = 0;
        for (size_t i = 0; i < n && j < m; ++i) {
            if (exact(q[i], key.slots[j])) {
                if (j == 0)
                    first = i;
                last = i;
                ++j;
            }
        }
        if (j == m) {
            const double span = static_cast<double>(last - first + 1);
            best = std::max(best, 0.45 + 0.35 * static_cast<double>(m) / span +
                                      0.2 * static_cast<double>(m) / static_cast<double>(n));
        }
    }
    // Sounding alike without one character or syllable in common (物业 and 无业) is no match:
    // a typo keeps some of the right characters.
    const bool anyShared = std::any_of(q.begin(), q.end(), [&](const ScreeningToken& t) {
        return std::any_of(key.slots.begin(), key.slots.end(),
                           [&](const Slot& s) { return exact(t, s); });
    });
    query.shared = anyShared;
    return anyShared ? best : best * 0.7;
}

double ProofScreener::coverSyllables(const Key& key, Query& query) {
    // Every query token consumed in order by consecutive slots, a character by the same
    // character or sound, letters by a reading in full (1.0), its initial (0.85), a mistyped
    // reading (0.45) or, at the very end, the start of one (0.7).
    const std::u32string& q = query.text;
    const size_t n = q.size(), m = key.slots.size(), w = m + 1;
    // Every typed character takes one slot, every syllable at most one: more than the key has
    // cannot all be covered.
    constexpr size_t kLongestSyllable = 6;
    if (n > kLongestSyllable * m)
        return 0;
    size_t characters = 0;
    for (size_t i = 0; i < n; ++i) {
        if (isLatin(q[i]))
            continue;
        ++characters;
        const bool somewhere = std::any_of(key.slots.begin(), key.slots.end(), [&](const Slot& s) {
            return q[i] == s.hanzi || query.sounds[i].overlaps(s.sounds);
        });
        if (characters > m || !somewhere)
            return 0;  // a character the key has nowhere cannot be covered
    }
    if (isLatin(q[0]) && std::none_of(key.slots.begin(), key.slots.end(), [&](const Slot& s) {
            return std::any_of(s.readings.begin(), s.readings.end(), [&](std::string_view r) {
                return static_cast<char32_t>(r[0]) == q[0];
            });
        }))
        return 0;  // nothing the first letter can start
    const bool typos = !query.tokens.complete;
    std::vector<double>& reach = query.cells;
    reach.assign((n + 1) * w, -1.0);
    std::fill(reach.begin(), reach.begin() + static_cast<std::ptrdiff_t>(w), 0.0);
    for (size_t i = 0; i < n; ++i) {
        for (size_t j = 0; j < m; ++j) {
            const double here = reach[i * w + j];
            if (here < 0)
                continue;
            const Slot& s = key.slots[j];
            auto offer = [&](size_t ni, double gain) {
                double& there = reach[ni * w + j + 1];
                there = std::max(there, here + gain);
            };
            if (!isLatin(q[i])) {
                if (q[i] == s.hanzi) {
                    offer(i + 1, 1.0);
                } else if (query.sounds[i].overlaps(s.sounds)) {
                    offer(i + 1, 0.8);
                }
                continue;
            }
            for (auto r : s.readings) {
                size_t l = 0;
                while (l < r.size() && i + l < n && q[i + l] == static_cast<char32_t>(r[l]))
                    ++l;
                if (l == r.size())
                    offer(i + l, 1.0);
                if (l >= 1) {
                    // zh, ch and sh are initials of two letters.
                    const bool digraph =
                        r.size() > 2 && r[1] == 'h' && (r[0] == 'z' || r[0] == 'c' || r[0] == 's');
                    offer(i + 1, 0.85);
                    if (digraph && l >= 2)
                        offer(i + 2, 0.85);
                    if (l < r.size() && i + l == n)
                        offer(n, 0.7);
                }
                // A mistyped syllable leaves letters that make no syllables; where they all
                // do, the alignment has judged them (slurred sounds included).
                if (typos && r.size() >= 3) {
                    for (size_t len = r.size() - 1; len <= r.size() + 1 && i + len <= n; ++len) {
                        if (oneEditApart(std::u32string_view(q).substr(i, len), r))
                            offer(i + len, 0.45);
                    }
                }
            }
        }
    }
    double topCover = -1;
    for (size_t j = 0; j <= m; ++j)
        topCover = std::max(topCover, reach[n * w + j]);
    if (topCover <= 0)
        return 0;
    const bool fromStart = std::any_of(
        key.slots[0].readings.begin(), key.slots[0].readings.end(), [&](std::string_view r) {
            return q[0] == key.slots[0].hanzi || q[0] == static_cast<char32_t>(r[0]);
        });
    return partOfKey(topCover, m, fromStart) * (0.5 + 0.5 * topCover / static_cast<double>(m));
}

double ProofScreener::scoreKey(const Key& key, Query& query) const {
    const std::u32string& q = query.text;
    if (key.latinWord) {
        // English: the letters typed as a part of the English name.
        if (q.size() < 3)
            return 0;
        return key.text.find(q) != std::u32string::npos
                   ? 0.5 +
                         0.5 * static_cast<double>(q.size()) / static_cast<double>(key.text.size())
                   : 0;
    }
    query.shared = true;
    const bool aligned = query.tokens.complete && !query.tokens.tokens.empty();
    const double characters = aligned ? alignCharacters(key, query) : 0;
    double cover = coverSyllables(key, query);
    if (aligned && !query.tokens.anySyllable && !query.shared)
        cover *= 0.7;  // Chinese characters that only sound like the key's: see alignCharacters
    return std::max(characters, cover);
}

std::vector<ScreeningMatch> ProofScreener::rankKorean(const std::u32string& typed,
                                                      size_t limit) const {
    // Word by word as jamo, so a syllable still being typed (거ㅈ) already matches 거주.
    std::vector<std::u32string> words{{}};
    for (char32_t c : hangul::toJamo(typed)) {
        if (hangul::isJamo(c)) {
            words.back() += c;
        } else if (!words.back().empty()) {
            words.emplace_back();
        }
    }
    if (words.back().empty())
        words.pop_back();
    size_t typedLetters = 0;
    for (const auto& w : words)
        typedLetters += w.size();
    std::vector<ScreeningMatch> out;
    if (typedLetters < 2)
        return out;
    for (const auto& [index, name] : koreanNames_) {
        size_t found = 0;
        for (const auto& w : words)
            if (name.find(w) != std::u32string::npos)
                found += w.size();
        if (found == 0)
            continue;
        // Most of what was typed is in the name, and most of the name was typed.
        const double typedShare = static_cast<double>(found) / static_cast<double>(typedLetters);
        const double nameShare = static_cast<double>(found) / static_cast<double>(name.size());
        const double score = typedShare * (0.6 + 0.4 * nameShare);
        const ProofItem& item = catalog_.items[index];
        out.push_back({&item, score, {item.name.in("ko", "ko")}});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.score > b.score; });
    if (out.size() > limit)
        out.resize(limit);
    return out;
}

std::vector<ScreeningMatch> ProofScreener::rank(const std::string& typed, size_t limit) const {
    const std::u32string asTyped = codepoints(typed);
    if (std::any_of(asTyped.begin(), asTyped.end(),
                    [](char32_t c) { return hangul::isSyllable(c) || hangul::isJamo(c); }))
        return rankKorean(asTyped, limit);
    std::vector<ScreeningMatch> out;
    const std::u32string q =
        withoutWords(withoutFillers(normalizeScreeningText(typed)), otherMatters_);
    if (q.empty() || q.size() > 64)
        return out;
    Query query;
    query.text = q;
    for (char32_t c : q)
        query.sounds.push_back(isLatin(c) ? chinese::Sounds{} : chinese::sounds(c));
    query.tokens = tokenizeScreeningText(typed, {&otherMatters_});
    // Only keys that share a character, a sound or the first letters with the query can score.
    std::vector<uint32_t> candidates;
    std::vector<bool> taken(keys_.size(), false);
    auto addAll = [&](const auto& map, const auto& k) {
        auto it = map.find(k);
        if (it == map.end())
            return;
        for (uint32_t key : it->second) {
            if (!taken[key]) {
                taken[key] = true;
                candidates.push_back(key);
            }
        }
    };
    // A key that only sounds like a long sentence's characters, without one in common, cannot
    // reach kMinimum (see alignCharacters): homophones are looked for in short input only.
    constexpr size_t kHomophonesUpTo = 4;
    const bool homophones = q.size() <= kHomophonesUpTo;
    // For each key: how many typed characters it has, and how many sound like one of its own.
    std::vector<uint8_t> exact(keys_.size(), 0), sounding(keys_.size(), 0),
        soundAt(keys_.size(), 0);
    bool allHanzi = true;
    for (size_t i = 0; i < q.size(); ++i) {
        if (isLatin(q[i])) {
            allHanzi = false;
            continue;
        }
        addAll(byHanzi_, q[i]);
        if (auto it = byHanzi_.find(q[i]); it != byHanzi_.end()) {
            for (uint32_t key : it->second)
                exact[key] = static_cast<uint8_t>(std::min(255, exact[key] + 1));
        }
        for (uint16_t id : query.sounds[i].ids) {
            if (id == 0)
                break;
            auto it = bySound_.find(id);
            if (it == bySound_.end())
                continue;
            for (uint32_t key : it->second) {
                if (soundAt[key] != i + 1) {
                    soundAt[key] = static_cast<uint8_t>(i + 1);
                    sounding[key] = static_cast<uint8_t>(std::min(255, sounding[key] + 1));
                }
            }
        }
        for (uint16_t id : query.sounds[i].ids) {
            if (id == 0 || !homophones)
                break;
            addAll(bySound_, id);
        }
    }
    for (const ScreeningToken& t : query.tokens.tokens) {
        if (t.hanzi == 0)
            addAll(bySlur_, chinese::slurred(t.syllable));
    }
    if (isLatin(q[0])) {
        std::string first(1, static_cast<char>(q[0]));
        if (q.size() > 1 && isLatin(q[1]))
            first.push_back(static_cast<char>(q[1]));
        addAll(byLetters_, first);
    }
    std::vector<double> byItem(catalog_.items.size(), 0);
    std::vector<const Key*> why(catalog_.items.size(), nullptr);
    // A long sentence in Chinese shares a character with most keys. Each key's best possible
    // score is known from how many of the typed characters it has; keys are scored best bound
    // first, and the rest skipped once none of them could enter the list, or come within the
    // permitted margin of the best.
    const bool bounded = allHanzi && query.tokens.complete && !query.tokens.anySyllable;
    std::vector<std::pair<double, uint32_t>> byBound;
    byBound.reserve(candidates.size());
    for (uint32_t k : candidates) {
        double bound = 1.0;
        if (bounded && !keys_[k].latinWord) {
            const auto n = static_cast<double>(q.size());
            const auto m = static_cast<double>(keys_[k].slots.size());
            const double e = std::min<double>({static_cast<double>(exact[k]), m, n});
            const double heard =
                std::max(e, std::min<double>({static_cast<double>(sounding[k]), m, n}));
            const double t = e + 0.8 * (heard - e);
            double align = 0.5 * t / m + 0.5 * t / n;
            if (e >= m)
                align = std::max(align, 0.45 + 0.35 + 0.2 * m / n);
            if (e == 0)
                align *= 0.7;
            const double cover = n <= m && heard >= n ? 0.5 + 0.5 * (e + 0.8 * (n - e)) / m : 0;
            bound = std::max(align, cover);
        }
        byBound.emplace_back(bound, k);
    }
    if (bounded) {
        std::sort(byBound.begin(), byBound.end(),
                  [](const auto& a, const auto& b) { return a.first > b.first; });
    }
    std::vector<double> best;  // the best `limit` item scores so far, best first
    double top = 0;
    for (const auto& [bound, k] : byBound) {
        if (bounded && best.size() == limit &&
            bound < std::max(0.4, std::min(best.back(), top - kMarginPermitted)))
            break;
        const double s = scoreKey(keys_[k], query);
        const size_t item = keys_[k].item;
        if (s <= byItem[item])
            continue;
        const double before = byItem[item];
        byItem[item] = s;
        why[item] = &keys_[k];
        top = std::max(top, s);
        if (bounded) {
            if (before > 0) {
                auto at = std::find(best.begin(), best.end(), before);
                if (at != best.end())
                    best.erase(at);
            }
            best.insert(std::upper_bound(best.begin(), best.end(), s, std::greater<>()), s);
            if (best.size() > limit)
                best.pop_back();
        }
    }
    std::vector<std::vector<std::string>> words(catalog_.items.size());
    // Situations are told in whole sentences: matched with their filler words and the other
    // matters written in characters still in (补办身份证 is a lost ID card, though 身份证 alone
    // is no proof); in pinyin, an other matter may be a homophone of a situation's word (wu ye:
    // 物业 or 无业), and goes.
    const ScreeningTokens told = tokenizeScreeningText(typed, {&otherMatters_, false, false});
    uint64_t aside = 0;
    for (const auto& w : otherMatters_) {
        for (size_t at = 0; at + w.size() <= told.tokens.size() && at + w.size() <= 64; ++at) {
            bool here = true;
            for (size_t j = 0; j < w.size() && here; ++j)
                here = told.tokens[at + j].hanzi == w[j];
            for (size_t j = 0; here && j < w.size(); ++j)
                aside |= uint64_t{1} << (at + j);
        }
    }
    for (auto& hit : situations_.match(told.tokens, aside)) {
        if (hit.score > byItem[hit.item]) {
            byItem[hit.item] = hit.score;
            why[hit.item] = nullptr;
            words[hit.item] = std::move(hit.words);
        }
    }
    // Sorted as plain numbers; only the best `limit`, and the best item the community may not
    // issue (which a permitted answer must be clearly ahead of), are made into matches.
    std::vector<std::pair<double, size_t>> order;
    for (size_t i : items_) {
        if (byItem[i] > 0)
            order.emplace_back(byItem[i], i);
    }
    const auto better = [&](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first
                                  : catalog_.items[a.second].id < catalog_.items[b.second].id;
    };
    const size_t sorted = std::min(order.size(), limit);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(sorted),
                      order.end(), better);
    // Past the best `limit`, only the best not-issued item is wanted: moved right behind them.
    auto notIssued = order.end();
    for (auto it = order.begin() + static_cast<std::ptrdiff_t>(sorted); it != order.end(); ++it) {
        if (catalog_.items[it->second].decision == ProofDecision::NotIssued &&
            (notIssued == order.end() || better(*it, *notIssued)))
            notIssued = it;
    }
    if (notIssued != order.end())
        std::iter_swap(order.begin() + static_cast<std::ptrdiff_t>(sorted), notIssued);
    bool notIssuedKept = false;
    for (size_t k = 0; k < order.size(); ++k) {
        const size_t i = order[k].second;
        const bool notIssued = catalog_.items[i].decision == ProofDecision::NotIssued;
        if (k >= limit && (notIssuedKept || !notIssued))
            continue;
        notIssuedKept = notIssuedKept || notIssued;
        ScreeningMatch m{&catalog_.items[i], order[k].first, std::move(words[i])};
        if (why[i])
            m.words = {why[i]->written};
        out.push_back(std::move(m));
        if (k >= limit)
            break;
    }
    return out;
}

std::vector<const ProofItem*> ProofScreener::activeItems() const {
    std::vector<const ProofItem*> out;
    for (size_t i : items_)
        out.push_back(&catalog_.items[i]);
    return out;
}

std::vector<ScreeningMatch> ProofScreener::suggestions(const std::string& query,
                                                       size_t limit) const {
    auto ranked = rank(query, limit);
    if (ranked.size() > limit)
        ranked.resize(limit);
    return ranked;
}

ScreeningResult ProofScreener::screen(const std::string& query) const {
    ScreeningResult r;
    r.query = query;
    const auto ranked = rank(query, kSuggestions);
    for (size_t i = 0; i < ranked.size() && i < kSuggestions; ++i)
        r.suggestions.push_back(ranked[i]);
    for (size_t i = 0; i < ranked.size() && r.alternatives.size() < 3; ++i) {
        if (ranked[i].score >= 0.4)
            r.alternatives.push_back(ranked[i]);
    }
    if (!ranked.empty()) {
        const ScreeningMatch& top = ranked.front();
        const ScreeningMatch* bestNotIssued = nullptr;
        for (const auto& m : ranked) {
            if (m.item->decision == ProofDecision::NotIssued) {
                bestNotIssued = &m;
                break;  // ranked: the first is the best
            }
        }
        const bool nearTie = ranked.size() > 1 && top.score - ranked[1].score < kMarginAny;
        if (top.score < kMinimum) {
            // Nothing fits well enough: a person will help.
        } else if (nearTie && ranked[1].score >= kMinimum) {
            // Two or three proofs fit about equally (jzzm: 居住 or 健在?): ask which.
            for (const auto& m : ranked) {
                if (top.score - m.score >= kMarginAny || r.choices.size() == kMostChoices)
                    break;
                r.choices.push_back(m);
            }
            r.decision = ScreeningDecision::Ask;
        } else if (top.item->decision == ProofDecision::NotIssued) {
            r.decision = ScreeningDecision::NotIssued;
        } else if (top.score >= kMinimumPermitted &&
                   (!bestNotIssued || top.score - bestNotIssued->score >= kMarginPermitted)) {
            r.decision = ScreeningDecision::Permitted;
        } else if (bestNotIssued && bestNotIssued->score >= kMinimum) {
            // Permitted, but a proof the community may not issue is close behind: the
            // resident says which they mean rather than the screen guessing "permitted".
            r.choices = {top, *bestNotIssued};
            r.decision = ScreeningDecision::Ask;
        }
        if (r.decision == ScreeningDecision::Permitted ||
            r.decision == ScreeningDecision::NotIssued) {
            r.best = top;
            r.alternatives.erase(r.alternatives.begin());
        }
    }
    if (r.decision == ScreeningDecision::Unknown || r.decision == ScreeningDecision::Ask) {
        const std::u32string q = withoutFillers(normalizeScreeningText(query));
        r.unmatched = utf8::encode(std::vector<char32_t>(q.begin(), q.end()));
    }
    return r;
}

}  // namespace hall
