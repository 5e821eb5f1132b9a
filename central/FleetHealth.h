#pragma once
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "CentralStore.h"
#include "HealthRules.h"
#include "HealthStore.h"
#include "health/Heartbeat.h"

namespace hall {

// The fleet's health as the central sees it: each terminal's heartbeats kept, alerts set and
// cleared from them, silent terminals found, and the maintainers' view of it all (the console
// and `kioskctl central terminals`). Stateless between calls: several instances may run it
// over one shared store.
class FleetHealth {
  public:
    FleetHealth(HealthStore& store, HealthThresholds limits, int utcOffsetMinutes)
        : store_(store), limits_(limits), utcOffsetMinutes_(utcOffsetMinutes) {}

    // A heartbeat `terminal` sent, received at `nowMs`: kept, and its alerts set and cleared.
    // Returns the alerts on after it.
    Result<std::vector<AlertFinding>> receive(const TerminalRecord& terminal,
                                              const health::TerminalHealth& health, int64_t nowMs);
    // Raises "silent" for each terminal not heard from while its hall is open, and clears it
    // once the hall has closed. Returns how many it raised.
    Result<int> sweep(int64_t nowMs);

    // Each terminal with its health: state (green, amber, red; unknown before its first
    // heartbeat), alerts on with since-when, the last heartbeat (without it: `withHeartbeats`
    // false, the fleet page's brief list) — worst first.
    Result<nlohmann::ordered_json> fleet(const std::vector<TerminalRecord>& terminals,
                                         int64_t nowMs, bool withHeartbeats = true);
    // A terminal's alerts, on and past, from `sinceMs`.
    Result<nlohmann::ordered_json> history(const std::string& terminalId, int64_t sinceMs);
    // Each hall's uptime in [fromMs, toMs): the share of its opening minutes in which every
    // terminal of it was green; without it when no opening minute is known.
    Result<nlohmann::ordered_json> uptime(const std::vector<TerminalRecord>& terminals,
                                          int64_t fromMs, int64_t toMs);

    const HealthThresholds& limits() const { return limits_; }

  private:
    HealthStore& store_;
    HealthThresholds limits_;
    int utcOffsetMinutes_;
};

nlohmann::ordered_json alertJson(const AlertSpan& a);

}  // namespace hall
