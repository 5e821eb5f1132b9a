// Proof screening latency per keystroke over a 1000-item catalogue: what the terminal computes on
// every key (ProofScreener::screen: the results list and the verdict, which may ask "which
// one?"), and the list alone (ProofScreener::suggestions). Baseline in
// the same run: the simplest search there is, a byte-substring scan of every name and synonym.
//
// The catalogue: the demo catalogue's 28 real items plus 972 generated from the characters of
// their own names (so they share characters and sounds with the real ones, the hard case for an
// index), 4 synonyms each, and each with the situations of the real item it was copied from
// (36 copies of every situation: far more than a city writes). The queries: every prefix of every
// phrasing in tests/data/screening-labelled.tsv, as a resident types it.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "proofs/ProofScreener.h"
#include "text/Utf8.h"

namespace {

using namespace hall;

const std::string kSource = HALL_SOURCE_DIR;

ProofCatalog bigCatalog() {
    auto real = loadProofCatalog(kSource + "/config/proofs/yanbian.toml");
    if (!real)
        throw std::runtime_error(real.message());
    ProofCatalog c = std::move(real).value();
    std::vector<char32_t> chars;
    for (const auto& item : c.items) {
        auto cps = utf8::decode(item.name.in("zh-CN", "zh-CN"));
        for (char32_t ch : *cps) {
            if (std::find(chars.begin(), chars.end(), ch) == chars.end())
                chars.push_back(ch);
        }
    }
    std::mt19937 random(20261122);
    auto word = [&](int n) {
        std::vector<char32_t> w;
        for (int i = 0; i < n; ++i)
            w.push_back(chars[random() % chars.size()]);
        return utf8::encode(w);
    };
    const auto base = c.items;
    for (int i = static_cast<int>(c.items.size()); i < 1000; ++i) {
        ProofItem item = base[static_cast<size_t>(i) % base.size()];
        item.id = "G" + std::to_string(1000 + i);
        item.name.byLanguage = {{"zh-CN", word(4 + static_cast<int>(random() % 4)) + "证明"},
                                {"en", "generated item " + std::to_string(i)}};
        item.synonyms.clear();
        for (int s = 0; s < 4; ++s)
            item.synonyms.push_back(word(2 + static_cast<int>(random() % 4)));
        c.items.push_back(std::move(item));
    }
    return c;
}

std::vector<std::string> keystrokes() {
    std::ifstream in(kSource + "/tests/data/screening-labelled.tsv");
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#')
            continue;
        auto cps = utf8::decode(line.substr(0, line.find('\t')));
        if (!cps)
            continue;
        for (size_t n = 1; n <= cps->size(); ++n)
            out.push_back(utf8::encode(std::vector<char32_t>(cps->begin(), cps->begin() + n)));
    }
    return out;
}

const ProofCatalog& catalog() {
    static const ProofCatalog c = bigCatalog();
    return c;
}

const std::vector<std::string>& queries() {
    static const std::vector<std::string> q = keystrokes();
    return q;
}

void reportPercentiles(benchmark::State& state, std::vector<double>& us) {
    std::sort(us.begin(), us.end());
    auto at = [&](double q) {
        return us[static_cast<size_t>(q * static_cast<double>(us.size() - 1))];
    };
    state.counters["p50_us"] = at(0.50);
    state.counters["p99_us"] = at(0.99);
    state.counters["max_us"] = us.back();
    state.counters["items"] = static_cast<double>(catalog().items.size());
}

template <typename F>
void timeEachQuery(benchmark::State& state, F&& query) {
    std::vector<double> us;
    size_t i = 0;
    for (auto _ : state) {
        const std::string& q = queries()[i++ % queries().size()];
        const auto t0 = std::chrono::steady_clock::now();
        query(q);
        us.push_back(
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0)
                .count());
    }
    reportPercentiles(state, us);
}

void BM_SuggestionsPerKeystroke(benchmark::State& state) {
    const ProofScreener screener(catalog());
    timeEachQuery(
        state, [&](const std::string& q) { benchmark::DoNotOptimize(screener.suggestions(q, 5)); });
}

void BM_ScreenDecision(benchmark::State& state) {
    const ProofScreener screener(catalog());
    timeEachQuery(state,
                  [&](const std::string& q) { benchmark::DoNotOptimize(screener.screen(q)); });
}

void BM_BaselineSubstringScan(benchmark::State& state) {
    std::vector<std::pair<const ProofItem*, std::string>> texts;
    for (const auto& item : catalog().items) {
        texts.emplace_back(&item, item.name.in("zh-CN", "zh-CN"));
        for (const auto& s : item.synonyms)
            texts.emplace_back(&item, s);
    }
    timeEachQuery(state, [&](const std::string& q) {
        std::vector<const ProofItem*> hits;
        for (const auto& [item, text] : texts) {
            if (text.find(q) != std::string::npos)
                hits.push_back(item);
        }
        benchmark::DoNotOptimize(hits);
    });
}

void BM_BuildScreener(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(ProofScreener(catalog()));
}

}  // namespace

BENCHMARK(BM_BaselineSubstringScan)->Iterations(20000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SuggestionsPerKeystroke)->Iterations(20000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ScreenDecision)->Iterations(20000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BuildScreener)->Iterations(20)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
