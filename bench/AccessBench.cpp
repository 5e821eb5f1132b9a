// The costs of serving every resident: a screen's spoken guidance (the goal: heard within
// 300 ms of the screen) against the call display's announcement, and reading a handwritten
// character against the search it feeds. Recorded in docs/benchmarks.md.
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "handwriting/HandwritingRecognizer.h"
#include "proofs/ProofCatalog.h"
#include "proofs/ProofScreener.h"
#include "queue/CallAnnouncement.h"
#include "speech/Announcer.h"

namespace {

using namespace hall;

SpeechSynthesizer& voice() {
    static std::unique_ptr<SpeechSynthesizer> v = [] {
        std::string why;
        auto s = makeEspeakSynthesizer(why);
        if (!s)
            throw std::runtime_error(why);
        return s;
    }();
    return *v;
}

void guidance(benchmark::State& state, std::string language, std::string text) {
    for (auto _ : state) {
        auto pcm = voice().synthesizeIn(language, text);
        benchmark::DoNotOptimize(pcm);
    }
}
BENCHMARK_CAPTURE(
    guidance, zh_ticket, std::string("zh-CN"),
    std::string("您的号码是A零零一。前面还有3人，预计等10分钟。请取走号票，留意叫号。"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(guidance, ko_ticket, std::string("ko"),
                  std::string("번호는 A 0 0 1입니다. 앞에 3명이 있고 약 10분 기다리셔야 합니다. "
                              "번호표를 가져가시고 호출을 기다려 주세요."))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(guidance, en_ticket, std::string("en"),
                  std::string("Your number is A 0 0 1. There are 3 people ahead of you, about 10 "
                              "minutes. Please take your ticket and listen for your number."))
    ->Unit(benchmark::kMillisecond);

// Baseline: the call display's announcement, the speech the hall already makes.
void callAnnouncementBaseline(benchmark::State& state) {
    const std::string text = callAnnouncement("A012", 3);
    for (auto _ : state) {
        auto pcm = voice().synthesizeIn("zh-CN", text);
        benchmark::DoNotOptimize(pcm);
    }
}
BENCHMARK(callAnnouncementBaseline)->Unit(benchmark::kMillisecond);

Handwriting juAsDrawn() {
    std::ifstream in(std::string(HALL_SOURCE_DIR) +
                     "/tools/handwriting-data/node_modules/hanzi-writer-data/居.json");
    const auto data = nlohmann::json::parse(in);
    Handwriting w;
    w.size = 1024;
    for (const auto& median : data["medians"]) {
        std::vector<Handwriting::Point> stroke;
        for (const auto& p : median)
            stroke.push_back({p[0].get<float>(), 900 - p[1].get<float>()});
        w.strokes.push_back(std::move(stroke));
    }
    return w;
}

void handwriting(benchmark::State& state) {
    auto recognizer = HandwritingRecognizer::open(HandwritingRecognizer::kDebianModel);
    if (!recognizer) {
        state.SkipWithError(recognizer.message().c_str());
        return;
    }
    const Handwriting ju = juAsDrawn();
    for (auto _ : state)
        benchmark::DoNotOptimize((*recognizer)->recognize(ju, 40));
}
BENCHMARK(handwriting)->Unit(benchmark::kMillisecond);

// Baseline: the search the picked character goes to.
void screeningBaseline(benchmark::State& state) {
    auto catalog = loadProofCatalog(std::string(HALL_SOURCE_DIR) + "/config/proofs/yanbian.toml");
    ProofScreener screener(*catalog);
    for (auto _ : state)
        benchmark::DoNotOptimize(screener.screen("居"));
}
BENCHMARK(screeningBaseline)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
