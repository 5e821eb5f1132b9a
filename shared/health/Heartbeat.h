#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "Result.h"
#include "config/OpeningHours.h"
#include "print/PrinterStatus.h"

namespace hall::health {

// A role running on the terminal (hall, counter, display, updater): its version and how long
// it has run. A role whose uptime falls between two heartbeats has restarted.
struct RoleHealth {
    std::string role;
    std::string version;
    int64_t uptimeSeconds = 0;
    bool operator==(const RoleHealth&) const = default;
};

// A device of the hall LAN (a counter, the call display) the hall has heard from.
struct LanDevice {
    std::string id;
    std::string role;
    int64_t lastSeenMs = 0;
    bool operator==(const LanDevice&) const = default;
};

// The slip printer as it answered the last status request (ESC/POS DLE EOT).
struct PrinterHealth {
    std::string kind = "none";  // none, simulated, file, device, tcp ([printer] kind)
    bool answered = false;      // false: `problem` says why there is no status
    PrinterStatus status{};
    std::string problem;
    bool operator==(const PrinterHealth&) const = default;
};

// A QR scanner or camera: whether it is there, and when it last read a code.
struct ScannerHealth {
    std::string kind;  // serial, hid, camera, images
    bool present = false;
    int64_t lastReadMs = 0;  // 0: nothing read since the role started
    bool operator==(const ScannerHealth&) const = default;
};

// What a terminal says of itself every 30 s (docs/central-api.yaml, Heartbeat): cheap to make,
// separate from the event uploads, and never a resident's data — the screen is its name only.
struct TerminalHealth {
    std::string hallId;
    int64_t sentAtMs = 0;  // the terminal's clock
    std::vector<RoleHealth> roles;
    std::string screen;  // the resident screen's name: attract, ticket, …
    int64_t storeBytes = 0;
    int64_t diskFreeBytes = 0;
    int64_t diskTotalBytes = 0;
    int64_t clockOffsetMs = 0;  // the central's clock minus the terminal's, as last measured
    std::vector<LanDevice> lanDevices;
    PrinterHealth printer;
    std::vector<ScannerHealth> scanners;
    int64_t backlog = 0;  // events waiting in the outbox
    std::string lastUploadError;
    int64_t lastUploadMs = 0;
    // When the hall is open: each service's hours. The central raises "silent" only while one
    // of them is open, so a terminal switched off at night is not an alert.
    std::vector<OpeningHours> hours;
    bool operator==(const TerminalHealth&) const = default;
};

nlohmann::json heartbeatJson(const TerminalHealth& health);
// Refuses (sync.bad_request) what is not a heartbeat, naming the field: a missing or mistyped
// field, a negative size, text too long, more devices than a hall has.
Result<TerminalHealth> parseHeartbeat(std::string_view body);

}  // namespace hall::health
