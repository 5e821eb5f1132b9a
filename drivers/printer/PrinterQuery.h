#pragma once
#include <chrono>
#include <cstdint>
#include <string>

#include "Result.h"
#include "config/HallConfig.h"
#include "print/PrinterStatus.h"

namespace hall {

// The four status bytes, in the order asked (printer, offline cause, error cause, roll paper
// sensor); an error when a byte does not have ESC/POS's fixed bits (not an ESC/POS answer).
Result<PrinterStatus> decodePrinterStatus(const uint8_t bytes[4]);

// The bytes that ask: DLE EOT 1, 2, 3 and 4.
inline constexpr uint8_t kStatusQuery[] = {0x10, 0x04, 0x01, 0x10, 0x04, 0x02,
                                           0x10, 0x04, 0x03, 0x10, 0x04, 0x04};

// Asks the configured printer over its device or TCP port and waits for its answer. A file
// has no status to ask (printer.status_unavailable); the simulated printer answers with its
// configured fault; no printer configured: printer.none.
Result<PrinterStatus> queryPrinterStatus(const PrinterConfig& config,
                                         std::chrono::milliseconds timeout);

}  // namespace hall
