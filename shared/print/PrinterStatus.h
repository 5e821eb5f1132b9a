#pragma once
#include <string>

namespace hall {

// What a slip printer says of itself (ESC/POS DLE EOT, read by drivers/printer/PrinterQuery):
// the states a hall must act on. Here, not in drivers/, because the heartbeat carries it to the
// central service, which decides the alerts.
struct PrinterStatus {
    bool online = true;
    bool coverOpen = false;
    bool paperNearEnd = false;
    bool paperOut = false;
    bool cutterError = false;
    bool otherError = false;

    // Nothing that stops or will soon stop printing.
    bool ready() const { return online && !coverOpen && !paperOut && !cutterError && !otherError; }
    std::string describe() const;  // "online, paper near its end"
    bool operator==(const PrinterStatus&) const = default;
};

}  // namespace hall
