#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "health/Heartbeat.h"

namespace hall {

// When a terminal's state becomes an alert (central.toml [health]).
struct HealthThresholds {
    int64_t silentAfterMs = 5 * 60 * 1000;  // no heartbeat this long while the hall is open
    int64_t diskLowBytes = 512ll << 20;     // free space under this, or under 5 % of the disk
    int64_t clockOffMs = 60 * 1000;
    int64_t backlogGrowingMs = 15 * 60 * 1000;  // the outbox has grown this long without falling
    int restartsPerHour = 3;
};

enum class Severity { Green, Amber, Red };
std::string_view severityCode(Severity s);         // green, amber, red
Severity severityFromCode(std::string_view code);  // anything else: amber

// An alert as the rules find it now: its code, how bad, and what a maintainer reads.
struct AlertFinding {
    std::string code;  // silent, printer_paper_out, printer_fault, printer_paper_near_end,
                       // disk_low, backlog_growing, clock_off, restarts
    Severity severity = Severity::Amber;
    std::string detail;
    bool operator==(const AlertFinding&) const = default;
};

// What the central keeps between a terminal's heartbeats to see trends in them.
struct HealthTrend {
    int64_t backlog = 0;
    int64_t backlogRisingSinceMs = 0;              // 0: not rising
    std::map<std::string, int64_t> uptimeSeconds;  // role → as last reported
    std::vector<int64_t> restartsMs;               // within the last hour
    bool operator==(const HealthTrend&) const = default;
};
nlohmann::json trendJson(const HealthTrend& t);
HealthTrend parseTrend(const std::string& text);  // "" or unreadable: a fresh trend

// The trend after `now` arrived at `receivedAtMs`.
HealthTrend advanceTrend(const HealthTrend& before, const health::TerminalHealth& now,
                         int64_t receivedAtMs);
// The alerts a heartbeat shows, with its trend; never "silent" (a heartbeat clears that).
std::vector<AlertFinding> findAlerts(const health::TerminalHealth& health, const HealthTrend& trend,
                                     int64_t receivedAtMs, const HealthThresholds& limits);

// Whether any of the hall's services is open at `atMs` in the halls' local time.
bool hallOpen(const std::vector<OpeningHours>& hours, int64_t atMs, int utcOffsetMinutes);
// The silent alert for a terminal last heard from at `lastHeartbeatMs`, or none: only while its
// hall should be open.
std::optional<AlertFinding> silenceAlert(const std::vector<OpeningHours>& hours,
                                         int64_t lastHeartbeatMs, int64_t nowMs,
                                         const HealthThresholds& limits, int utcOffsetMinutes);

// An alert's life, as stored: since when, and until when (0: still on).
struct AlertSpan {
    std::string terminalId;
    std::string code;
    Severity severity = Severity::Amber;
    std::string detail;
    int64_t sinceMs = 0;
    int64_t clearedMs = 0;
};
// The worst of the alerts on now (Green: none).
Severity worstOf(const std::vector<AlertSpan>& active);

// The share of [fromMs, toMs)'s opening minutes in which none of `alerts` was on: a hall's
// uptime for a day. No opening minute in the range: nullopt.
std::optional<double> greenShare(const std::vector<OpeningHours>& hours,
                                 const std::vector<AlertSpan>& alerts, int64_t fromMs, int64_t toMs,
                                 int utcOffsetMinutes);

}  // namespace hall
