#include "printer/EscPosPrinter.h"

#include "printer/PrinterQuery.h"

namespace hall {

Result<void> EscPosPrinter::print(const Slip& slip) {
    auto bytes = encodeEscPos(slip, options_);
    if (!bytes)
        return bytes.error();
    return sink_->write(*bytes);
}

Result<PrinterStatus> EscPosPrinter::status() {
    return queryPrinterStatus(asked_, std::chrono::milliseconds(asked_.timeoutMs));
}

}  // namespace hall
