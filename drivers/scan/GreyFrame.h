#pragma once
#include <cstdint>
#include <vector>

namespace hall {

// One 8-bit grey picture, row after row: what cameras deliver and the decoder reads.
struct GreyFrame {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;  // width * height

    bool empty() const { return width <= 0 || height <= 0; }
};

}  // namespace hall
