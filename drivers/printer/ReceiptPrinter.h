#pragma once
#include <memory>
#include <string>

#include "Result.h"
#include "config/HallConfig.h"
#include "print/PrinterStatus.h"
#include "print/Slip.h"

namespace hall {

// A slip printer. print() returns once the bytes are handed to the printer (or it failed); it
// may block up to the configured timeout, so the UI calls it through AsyncPrinter.
class ReceiptPrinter {
  public:
    virtual ~ReceiptPrinter() = default;
    virtual Result<void> print(const Slip& slip) = 0;
    // What the printer says of itself now (ESC/POS DLE EOT); blocks up to the timeout.
    virtual Result<PrinterStatus> status() = 0;
    virtual std::string describe()
        const = 0;  // for logs and diagnostics: "ESC/POS tcp 10.0.0.9:9100"
};

// The printer the config asks for; nullptr for kind = "none".
std::unique_ptr<ReceiptPrinter> makeReceiptPrinter(const PrinterConfig& config);

}  // namespace hall
