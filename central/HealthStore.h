#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "HealthRules.h"
#include "Result.h"

namespace hall {

// A terminal's last heartbeat as kept: as the terminal sent it (checked), and the trend the
// central follows in it.
struct HealthRecord {
    std::string terminalId;
    int64_t receivedAtMs = 0;
    std::string health;  // JSON: health::heartbeatJson
    std::string trend;   // JSON: trendJson
};

// Where the central keeps terminals' health and alerts (the tables terminal_health and
// terminal_alerts, beside the central store's). Several instances may share it: an alert is on
// at most once per terminal and code (a unique index), so two instances that both see a
// terminal fall silent raise one alert.
class HealthStore {
  public:
    virtual ~HealthStore() = default;

    virtual Result<std::optional<HealthRecord>> health(const std::string& terminalId) = 0;
    virtual Result<std::vector<HealthRecord>> allHealth() = 0;
    // In one transaction: keeps the heartbeat, and makes `active` the terminal's alerts —
    // those on and not in it are cleared at the record's time, the new ones start then. A
    // heartbeat clears "silent" too.
    virtual Result<void> recordHeartbeat(const HealthRecord& record,
                                         const std::vector<AlertFinding>& active) = 0;
    // Raises the alert unless it is on already.
    virtual Result<void> raise(const std::string& terminalId, const AlertFinding& alert,
                               int64_t nowMs) = 0;
    // Clears the alert if it is on.
    virtual Result<void> clear(const std::string& terminalId, const std::string& code,
                               int64_t nowMs) = 0;
    // The alerts of one terminal ("" every terminal) that were on at some time from `sinceMs`,
    // oldest first: those on now have clearedMs 0.
    virtual Result<std::vector<AlertSpan>> alerts(const std::string& terminalId,
                                                  int64_t sinceMs) = 0;
};

// The health store in the same database as the central store: the same SQLite file, or the
// same PostgreSQL database.
Result<std::unique_ptr<HealthStore>> openHealthStore(const std::string& database);

}  // namespace hall
