#pragma once
#include <cstdint>
#include <vector>

#include "Result.h"
#include "print/Slip.h"

namespace hall {

// Turns a slip into ESC/POS bytes for the 80 mm receipt printers common in Chinese halls:
// Chinese character mode (FS &) with GB18030 text, native QR codes (GS ( k) and a cut (GS V).
struct EscPosOptions {
    int charsPerLine = 48;  // font A on 80 mm paper
    int qrModuleSize = 6;
};

Result<std::vector<uint8_t>> encodeEscPos(const Slip& slip, const EscPosOptions& options = {});

// UTF-8 to GB18030 and back (iconv), for the encoder and for reading printed bytes back.
Result<std::string> utf8ToGb18030(const std::string& utf8);
Result<std::string> gb18030ToUtf8(const std::string& gb);

}  // namespace hall
