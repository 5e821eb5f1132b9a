#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "Result.h"
#include "print/Slip.h"

namespace hall {

// Reads ESC/POS bytes back into what a printer would put on paper: for the tests (which check
// printed bytes, not the encoder's intentions) and for `kioskctl escpos decode` when a
// maintainer captures a printer's input to a file.
struct DecodedSlip {
    std::vector<SlipItem> items;  // text lines (UTF-8) and QR payloads, with their styles
    bool cut = false;
};

// One or more slips in sequence; every slip ends with a cut.
Result<std::vector<DecodedSlip>> decodeEscPos(const std::vector<uint8_t>& bytes);

}  // namespace hall
