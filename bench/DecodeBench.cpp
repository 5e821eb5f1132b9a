// QR decoding per camera frame: the terminal's decoder (QrDecoder, Full) against one plain ZXing
// ReadBarcode call (QrDecoder, Plain) and against zbar, on the same frames in the same run.
//
// The frames: tools/qr-images sets at 640×480 and 1280×720 (scripts/bench makes them; the folders
// are given as BENCH_QR_640 and BENCH_QR_1280), each with degraded codes of ten kinds and
// code-free cluttered scenes. For each size and decoder:
//   code      every frame with a code: success rate and time per frame
//   both      frames where the terminal's decoder and plain ZXing both succeed (the 1.5× goal)
//   none      frames without a code: time per frame, and any false read
#include <benchmark/benchmark.h>
#include <zbar.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "scan/ImageFile.h"
#include "scan/QrDecoder.h"

namespace {

using namespace hall;

struct Frame {
    GreyFrame frame;
    std::string text;  // empty: no code
};

struct FrameSet {
    std::vector<Frame> code, none, both;
};

std::optional<std::string> zbarDecode(const GreyFrame& f) {
    zbar::zbar_image_scanner_t* scanner = zbar::zbar_image_scanner_create();
    zbar::zbar_image_scanner_set_config(scanner, zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
    zbar::zbar_image_scanner_set_config(scanner, zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
    zbar::zbar_image_t* image = zbar::zbar_image_create();
    zbar::zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
    zbar::zbar_image_set_size(image, static_cast<unsigned>(f.width),
                              static_cast<unsigned>(f.height));
    zbar::zbar_image_set_data(image, f.pixels.data(), f.pixels.size(), nullptr);
    std::optional<std::string> out;
    if (zbar::zbar_scan_image(scanner, image) > 0) {
        const zbar::zbar_symbol_t* s = zbar::zbar_image_first_symbol(image);
        if (s)
            out = zbar::zbar_symbol_get_data(s);
    }
    zbar::zbar_image_destroy(image);
    zbar::zbar_image_scanner_destroy(scanner);
    return out;
}

FrameSet load(const char* env) {
    FrameSet set;
    const char* dir = std::getenv(env);
    if (!dir)
        return set;
    std::ifstream manifest(std::string(dir) + "/manifest.tsv");
    const QrDecoder full(QrDecoder::Effort::Full), plain(QrDecoder::Effort::Plain);
    for (std::string line; std::getline(manifest, line);) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream fields(line);
        std::string file, kind, text;
        std::getline(fields, file, '\t');
        std::getline(fields, kind, '\t');
        std::getline(fields, text);
        auto frame = loadGreyImage(std::string(dir) + "/" + file);
        if (!frame)
            continue;
        Frame f{std::move(frame).value(), text};
        if (text.empty()) {
            set.none.push_back(f);
            continue;
        }
        const auto a = full.decode(f.frame);
        const auto b = plain.decode(f.frame);
        if (a && b && a->text == text && b->text == text)
            set.both.push_back(f);
        set.code.push_back(std::move(f));
    }
    return set;
}

const FrameSet& frames(int width) {
    static const std::map<int, FrameSet> sets{{640, load("BENCH_QR_640")},
                                              {1280, load("BENCH_QR_1280")}};
    return sets.at(width);
}

enum class Decoder { Terminal, PlainZxing, Zbar };

template <typename F>
void run(benchmark::State& state, const std::vector<Frame>& set, F&& decode) {
    if (set.empty()) {
        state.SkipWithError("no frames: set BENCH_QR_640 / BENCH_QR_1280 (scripts/bench does)");
        return;
    }
    size_t i = 0, read = 0, right = 0, wrong = 0;
    for (auto _ : state) {
        const Frame& f = set[i++ % set.size()];
        const auto text = decode(f.frame);
        read += text.has_value();
        right += text && *text == f.text;
        wrong += text && *text != f.text;
    }
    state.counters["frames"] = static_cast<double>(set.size());
    state.counters["success"] = static_cast<double>(right) / static_cast<double>(i);
    state.counters["false_reads"] = static_cast<double>(wrong);
}

void decodeWith(benchmark::State& state, Decoder d, int width, const char* which) {
    const FrameSet& s = frames(width);
    const std::vector<Frame>& set = std::string(which) == "code"   ? s.code
                                    : std::string(which) == "both" ? s.both
                                                                   : s.none;
    static const QrDecoder full(QrDecoder::Effort::Full), plain(QrDecoder::Effort::Plain);
    run(state, set, [&](const GreyFrame& f) -> std::optional<std::string> {
        if (d == Decoder::Zbar)
            return zbarDecode(f);
        auto r = (d == Decoder::Terminal ? full : plain).decode(f);
        return r ? std::optional<std::string>(r->text) : std::nullopt;
    });
}

}  // namespace

int main(int argc, char** argv) {
    for (int width : {640, 1280}) {
        for (const char* which : {"code", "both", "none"}) {
            for (auto [name, d] : {std::pair{"terminal", Decoder::Terminal},
                                   std::pair{"plain_zxing", Decoder::PlainZxing},
                                   std::pair{"zbar", Decoder::Zbar}}) {
                const std::string label =
                    std::string("decode/") + std::to_string(width) + "/" + which + "/" + name;
                benchmark::RegisterBenchmark(
                    label.c_str(),
                    [d = d, width, which](auto& st) { decodeWith(st, d, width, which); })
                    ->Unit(benchmark::kMillisecond)
                    ->MinTime(1.0);
            }
        }
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
