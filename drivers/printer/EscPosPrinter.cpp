#include "printer/EscPosPrinter.h"

namespace hall {

Result<void> EscPosPrinter::print(const Slip& slip) {
    auto bytes = encodeEscPos(slip, options_);
    if (!bytes)
        return bytes.error();
    return sink_->write(*bytes);
}

}  // namespace hall
