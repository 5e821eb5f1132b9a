#pragma once
#include <optional>
#include <string>

#include "scan/GreyFrame.h"

namespace hall {

struct DecodedCode {
    std::string text;    // UTF-8
    std::string format;  // "QRCode"
    double ms = 0;       // time taken
};

// Finds and reads a QR code in a camera frame (ZXing-cpp, QR only). ZXing 1.4 reads dark codes
// on light ground only and misses some badly lit, small or tilted codes, so when a plain read
// finds nothing the decoder tries again on the inverted frame (dark-mode phones), with the other
// binarizer (uneven light, glare), on an enlarged frame (codes held far away) and, last, on
// each code-like region squared up (QrRectifier: phones held at a steep angle) — in order of
// how often each rescues a frame, stopping at the first that reads.
class QrDecoder {
  public:
    enum class Effort {
        Plain,  // one ZXing ReadBarcode call with its defaults: the baseline of the benchmark
        Full,   // the retries above
    };
    explicit QrDecoder(Effort effort = Effort::Full) : effort_(effort) {}

    std::optional<DecodedCode> decode(const GreyFrame& frame) const;

  private:
    Effort effort_;
};

}  // namespace hall
