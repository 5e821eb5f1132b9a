#include "scan/QrDecoder.h"

#include "scan/QrRectifier.h"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <chrono>

namespace hall {

namespace {

std::optional<std::string> read(const GreyFrame& f, ZXing::Binarizer binarizer) {
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    hints.setBinarizer(binarizer);
    const auto r = ZXing::ReadBarcode(
        ZXing::ImageView(f.pixels.data(), f.width, f.height, ZXing::ImageFormat::Lum), hints);
    if (!r.isValid())
        return std::nullopt;
    return r.text();
}

GreyFrame inverted(const GreyFrame& f) {
    GreyFrame out = f;
    for (auto& p : out.pixels)
        p = static_cast<uint8_t>(255 - p);
    return out;
}

// Twice the size, bilinear: modules of 1–2 pixels become 3–4, which ZXing's finder needs.
GreyFrame enlarged(const GreyFrame& f) {
    GreyFrame out;
    out.width = f.width * 2;
    out.height = f.height * 2;
    out.pixels.resize(static_cast<size_t>(out.width) * out.height);
    for (int y = 0; y < out.height; ++y) {
        const double sy = std::max(0.0, (y + 0.5) / 2 - 0.5);
        const int y0 = std::min(static_cast<int>(sy), f.height - 1);
        const int y1 = std::min(y0 + 1, f.height - 1);
        const double fy = sy - y0;
        for (int x = 0; x < out.width; ++x) {
            const double sx = std::max(0.0, (x + 0.5) / 2 - 0.5);
            const int x0 = std::min(static_cast<int>(sx), f.width - 1);
            const int x1 = std::min(x0 + 1, f.width - 1);
            const double fx = sx - x0;
            auto at = [&](int xx, int yy) {
                return f.pixels[static_cast<size_t>(yy) * f.width + xx];
            };
            const double v = (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) +
                             (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy;
            out.pixels[static_cast<size_t>(y) * out.width + x] = static_cast<uint8_t>(v + 0.5);
        }
    }
    return out;
}

// A 3×3 box blur: sensor noise averaged away before binarizing, at the cost of a little edge.
GreyFrame smoothed(const GreyFrame& f) {
    GreyFrame out = f;
    for (int y = 1; y + 1 < f.height; ++y) {
        for (int x = 1; x + 1 < f.width; ++x) {
            int sum = 0;
            for (int dy = -1; dy <= 1; ++dy) {
                const uint8_t* row = &f.pixels[static_cast<size_t>(y + dy) * f.width + x - 1];
                sum += row[0] + row[1] + row[2];
            }
            out.pixels[static_cast<size_t>(y) * f.width + x] = static_cast<uint8_t>(sum / 9);
        }
    }
    return out;
}

}  // namespace

std::optional<DecodedCode> QrDecoder::decode(const GreyFrame& frame) const {
    if (frame.empty() || frame.pixels.size() != static_cast<size_t>(frame.width) * frame.height)
        return std::nullopt;
    const auto t0 = std::chrono::steady_clock::now();
    auto found = [&](std::string text) {
        return DecodedCode{
            std::move(text), "QRCode",
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count()};
    };
    if (auto text = read(frame, ZXing::Binarizer::LocalAverage))
        return found(std::move(*text));
    if (effort_ == Effort::Plain)
        return std::nullopt;
    const GreyFrame negative = inverted(frame);
    if (auto text = read(negative, ZXing::Binarizer::LocalAverage))
        return found(std::move(*text));
    if (auto text = read(frame, ZXing::Binarizer::GlobalHistogram))
        return found(std::move(*text));
    const GreyFrame calm = smoothed(frame);
    if (auto text = read(calm, ZXing::Binarizer::LocalAverage))
        return found(std::move(*text));
    if (auto text = read(inverted(calm), ZXing::Binarizer::LocalAverage))
        return found(std::move(*text));
    if (frame.width * frame.height <= 800 * 600) {
        const GreyFrame big = enlarged(frame);
        if (auto text = read(big, ZXing::Binarizer::LocalAverage))
            return found(std::move(*text));
        if (auto text = read(inverted(big), ZXing::Binarizer::LocalAverage))
            return found(std::move(*text));
    }
    // Last, for a phone held at a steep angle: each code-like region squared up (light codes on
    // a dark screen too).
    for (const GreyFrame* f : {&frame, &negative}) {
        for (const GreyFrame& square : rectifiedRegions(*f)) {
            if (auto text = read(square, ZXing::Binarizer::LocalAverage))
                return found(std::move(*text));
        }
    }
    return std::nullopt;
}

}  // namespace hall
