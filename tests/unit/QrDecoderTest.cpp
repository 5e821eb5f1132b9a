// Decoding on the project's own degraded image set (tools/qr-images), a seed the decoder was
// not tuned on: the terminal's decoder against one plain ZXing call on the same images.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "scan/ImageFile.h"
#include "scan/QrDecoder.h"
#include "support/Subprocess.h"
#include "support/TempDir.h"

using namespace hall;

namespace {

struct Sample {
    std::string file, kind, text;
};

std::vector<Sample> generateSet(const std::filesystem::path& dir, int seed, int perKind) {
    const auto r = test::runCommand({HALL_QR_IMAGES_BINARY, dir.string(), "--seed",
                                     std::to_string(seed), "--per-kind", std::to_string(perKind)});
    REQUIRE_MESSAGE(r.exitCode == 0, r.output);
    std::ifstream in(dir / "manifest.tsv");
    std::vector<Sample> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream fields(line);
        Sample s;
        std::getline(fields, s.file, '\t');
        std::getline(fields, s.kind, '\t');
        std::getline(fields, s.text);
        out.push_back(s);
    }
    return out;
}

}  // namespace

TEST_CASE("the decoder reads degraded codes a plain ZXing call misses, and invents none") {
    test::TempDir dir("qr-images");
    const auto samples = generateSet(dir.path(), 7, 5);
    REQUIRE(samples.size() == 60);
    const QrDecoder full(QrDecoder::Effort::Full), plain(QrDecoder::Effort::Plain);
    int withCode = 0, fullRead = 0, plainRead = 0, invertedRead = 0, inverted = 0;
    for (const auto& s : samples) {
        auto frame = loadGreyImage(dir / s.file);
        REQUIRE_MESSAGE(frame, frame.message());
        const auto a = full.decode(*frame);
        const auto b = plain.decode(*frame);
        if (s.text.empty()) {
            // A scene without a code: nothing read, by either.
            CHECK_MESSAGE(!a, s.file << " read as " << (a ? a->text : ""));
            CHECK(!b);
            continue;
        }
        ++withCode;
        // Whatever is read is the code's text, never something else.
        if (a)
            CHECK_MESSAGE(a->text == s.text, s.file);
        fullRead += a && a->text == s.text;
        plainRead += b && b->text == s.text;
        if (s.kind.rfind("inverted", 0) == 0) {
            ++inverted;
            invertedRead += a.has_value();
        }
    }
    MESSAGE("decoded " << fullRead << " of " << withCode << "; plain ZXing " << plainRead);
    CHECK(withCode == 55);
    CHECK(fullRead >= 51);
    CHECK(fullRead > plainRead);
    // Dark-mode phones: ZXing 1.4 alone reads none of these.
    CHECK(invertedRead >= inverted - 1);
}

TEST_CASE("images that are not images get a clear error") {
    test::TempDir dir("qr-bad-images");
    test::writeFile(dir / "not.png", "this is text, not a picture");
    auto r = loadGreyImage(dir / "not.png");
    REQUIRE_FALSE(r);
    CHECK(r.message().find("not.png") != std::string::npos);
    CHECK(r.message().find("PNG, JPEG or PGM") != std::string::npos);
    CHECK_FALSE(loadGreyImage(dir / "missing.png"));
    // An empty or inconsistent frame decodes to nothing rather than reading past its end.
    GreyFrame broken{100, 100, std::vector<uint8_t>(10)};
    CHECK_FALSE(QrDecoder().decode(broken));
    CHECK_FALSE(QrDecoder().decode(GreyFrame{}));
}

TEST_CASE(
    "hardening: codes held at a steep angle are read, and nothing is read where there is no "
    "code") {
    // The misses of the held-out set were all phones held at a steep angle: one edge far from
    // the camera, the code squeezed to a trapezoid. A seed the rectifier was not tuned on.
    test::TempDir dir("qr-steep");
    const auto samples = generateSet(dir.path(), 11, 10);
    const QrDecoder full(QrDecoder::Effort::Full), plain(QrDecoder::Effort::Plain);
    int steep = 0, fullRead = 0, plainRead = 0, noCode = 0;
    for (const auto& s : samples) {
        if (s.kind != "steep" && s.kind != "no-code" && s.kind != "cluttered")
            continue;
        auto frame = loadGreyImage(dir / s.file);
        REQUIRE(frame);
        const auto a = full.decode(*frame);
        if (s.text.empty()) {
            ++noCode;
            CHECK_MESSAGE(!a, s.file << " read as " << (a ? a->text : ""));
            continue;
        }
        if (a)
            CHECK_MESSAGE(a->text == s.text, s.file);
        if (s.kind != "steep")
            continue;
        ++steep;
        fullRead += a && a->text == s.text;
        const auto b = plain.decode(*frame);
        plainRead += b && b->text == s.text;
    }
    MESSAGE("steep: decoded " << fullRead << " of " << steep << "; plain ZXing " << plainRead);
    CHECK(steep == 10);
    CHECK(noCode == 10);
    CHECK(fullRead >= 8);
    CHECK(plainRead <= 5);
}
