// Handwriting recognition measured on characters drawn from real stroke data: the stroke medians
// of Make Me a Hanzi (npm's hanzi-writer-data, installed by the test setup), with the wobble,
// offset and size of a finger on a touch screen.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <random>
#include <set>

#include "handwriting/HandwritingRecognizer.h"
#include "proofs/ProofCatalog.h"
#include "support/TempDir.h"
#include "text/Utf8.h"

using namespace hall;

namespace {

std::filesystem::path strokeData(char32_t c) {
    std::string name;
    utf8::append(name, c);
    return hall::test::sourceDir() / "tools/handwriting-data/node_modules/hanzi-writer-data" /
           (name + ".json");
}

// The character as a finger would draw it: each stroke's median points (Make Me a Hanzi's
// 1024-unit box, y up from a baseline at 900), resampled, jittered, shifted and scaled a little.
std::optional<Handwriting> drawn(char32_t c, std::mt19937& rng) {
    std::ifstream in(strokeData(c));
    if (!in)
        return std::nullopt;
    const auto data = nlohmann::json::parse(in, nullptr, false);
    if (!data.is_object() || !data.contains("medians"))
        return std::nullopt;
    std::normal_distribution<float> wobble(0, 8);
    std::uniform_real_distribution<float> scale(0.8f, 1.0f), shift(-40, 40);
    const float s = scale(rng), dx = shift(rng), dy = shift(rng);
    Handwriting w;
    w.size = 1024;
    for (const auto& median : data["medians"]) {
        std::vector<Handwriting::Point> stroke;
        for (size_t i = 0; i < median.size(); ++i) {
            const float x = median[i][0].get<float>();
            const float y = 900 - median[i][1].get<float>();
            // Points between the medians' corners, as a touch screen reports a moving finger.
            if (i > 0) {
                const float px = median[i - 1][0].get<float>();
                const float py = 900 - median[i - 1][1].get<float>();
                for (int k = 1; k < 4; ++k) {
                    const float t = static_cast<float>(k) / 4;
                    stroke.push_back({512 + (px + (x - px) * t - 512) * s + dx + wobble(rng),
                                      512 + (py + (y - py) * t - 512) * s + dy + wobble(rng)});
                }
            }
            stroke.push_back(
                {512 + (x - 512) * s + dx + wobble(rng), 512 + (y - 512) * s + dy + wobble(rng)});
        }
        w.strokes.push_back(std::move(stroke));
    }
    return w;
}

}  // namespace

TEST_CASE("access: handwriting of the catalogue's characters is recognised (top-5 accuracy)") {
    auto recognizer = HandwritingRecognizer::open(HandwritingRecognizer::kDebianModel);
    REQUIRE_MESSAGE(recognizer, recognizer.message());
    auto catalog = loadProofCatalog(hall::test::sourceDir() / "config/proofs/yanbian.toml");
    REQUIRE(catalog);
    std::set<char32_t> characters;
    for (const auto& item : catalog->items) {
        auto name = utf8::decode(item.name.in("zh-CN", "zh-CN"));
        REQUIRE(name);
        for (char32_t c : *name)
            if (c >= 0x4E00 && c <= 0x9FFF)
                characters.insert(c);
    }
    REQUIRE(characters.size() > 50);
    std::mt19937 rng(15);
    int tried = 0, first = 0, top5 = 0;
    std::string missed;
    for (char32_t c : characters) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            auto w = drawn(c, rng);
            REQUIRE_MESSAGE(w, "no stroke data for a character; run scripts/setup test");
            const auto got = (*recognizer)->recognize(*w, 5);
            ++tried;
            if (!got.empty() && got[0] == c)
                ++first;
            if (std::find(got.begin(), got.end(), c) != got.end()) {
                ++top5;
            } else if (attempt == 0) {
                utf8::append(missed, c);
            }
        }
    }
    const double accuracy = static_cast<double>(top5) / tried;
    MESSAGE(characters.size() << " characters of the catalogue's names, " << tried
                              << " drawings: first " << first << " (" << 100.0 * first / tried
                              << " %), top-5 " << top5 << " (" << 100 * accuracy
                              << " %); missed at first try: " << missed);
    std::ofstream(hall::test::artifactsDir() / "handwriting-accuracy.txt")
        << characters.size() << " characters, " << tried << " drawings, first " << first
        << ", top-5 " << top5 << "\nmissed: " << missed << "\n";
    CHECK(accuracy >= 0.85);

    // 居, as the GUI test writes it, is found among the first five.
    std::mt19937 again(1);
    auto ju = drawn(U'居', again);
    REQUIRE(ju);
    const auto got = (*recognizer)->recognize(*ju, 5);
    CHECK(std::find(got.begin(), got.end(), U'居') != got.end());
    CHECK((*recognizer)->recognize(Handwriting{}, 5).empty());
}

TEST_CASE("access: a missing handwriting model is refused with the file and the package") {
    auto r = HandwritingRecognizer::open("/nonexistent/handwriting.model");
    REQUIRE_FALSE(r);
    CHECK(r.message().find("/nonexistent/handwriting.model") != std::string::npos);
    CHECK(r.message().find("tegaki-zinnia-simplified-chinese") != std::string::npos);
}
