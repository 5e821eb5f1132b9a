#include "FleetHealth.h"

#include <algorithm>
#include <set>

#include "text/UntrustedJson.h"
#include "text/Utf8.h"

namespace hall {

namespace {

// The hours a record's heartbeat carries (those the terminal last sent).
std::vector<OpeningHours> hoursOf(const HealthRecord& record) {
    auto health = health::parseHeartbeat(record.health);
    return health ? health->hours : std::vector<OpeningHours>{};
}

int rank(const std::string& state) {
    if (state == "red")
        return 0;
    if (state == "amber")
        return 1;
    if (state == "unknown")
        return 2;
    return 3;
}

}  // namespace

nlohmann::ordered_json alertJson(const AlertSpan& a) {
    nlohmann::ordered_json j{{"terminal_id", a.terminalId},
                             {"code", a.code},
                             {"severity", std::string(severityCode(a.severity))},
                             {"detail", utf8::sanitize(a.detail)},
                             {"since", a.sinceMs}};
    if (a.clearedMs != 0)
        j["cleared"] = a.clearedMs;
    return j;
}

Result<std::vector<AlertFinding>> FleetHealth::receive(const TerminalRecord& terminal,
                                                       const health::TerminalHealth& health,
                                                       int64_t nowMs) {
    auto before = store_.health(terminal.id);
    if (!before)
        return before.error();
    const HealthTrend trend =
        advanceTrend(*before ? parseTrend((*before)->trend) : HealthTrend{}, health, nowMs);
    auto alerts = findAlerts(health, trend, nowMs, limits_);
    HealthRecord record{terminal.id, nowMs, health::heartbeatJson(health).dump(),
                        trendJson(trend).dump()};
    if (auto r = store_.recordHeartbeat(record, alerts); !r)
        return r.error();
    return alerts;
}

Result<int> FleetHealth::sweep(int64_t nowMs) {
    auto records = store_.allHealth();
    if (!records)
        return records.error();
    auto on = store_.alerts("", nowMs);
    if (!on)
        return on.error();
    std::set<std::string> silentNow;
    for (const auto& a : *on) {
        if (a.code == "silent" && a.clearedMs == 0)
            silentNow.insert(a.terminalId);
    }
    int raised = 0;
    for (const auto& record : *records) {
        // Only a terminal quiet for long is read: the rest need no parsing at all.
        std::optional<AlertFinding> silent;
        if (nowMs - record.receivedAtMs >= limits_.silentAfterMs)
            silent = silenceAlert(hoursOf(record), record.receivedAtMs, nowMs, limits_,
                                  utcOffsetMinutes_);
        const bool wasSilent = silentNow.contains(record.terminalId);
        if (silent && !wasSilent) {
            if (auto r = store_.raise(record.terminalId, *silent, nowMs); !r)
                return r.error();
            ++raised;
        } else if (!silent && wasSilent) {
            if (auto r = store_.clear(record.terminalId, "silent", nowMs); !r)
                return r.error();
        }
    }
    return raised;
}

Result<nlohmann::ordered_json> FleetHealth::fleet(const std::vector<TerminalRecord>& terminals,
                                                  int64_t nowMs, bool withHeartbeats) {
    // One terminal's page reads its own rows; the fleet's, everyone's at once.
    const std::string one = terminals.size() == 1 ? terminals[0].id : "";
    Result<std::vector<HealthRecord>> records = std::vector<HealthRecord>{};
    if (one.empty()) {
        records = store_.allHealth();
    } else if (auto single = store_.health(one); !single) {
        records = single.error();
    } else if (*single) {
        records->push_back(**single);
    }
    if (!records)
        return records.error();
    auto on = store_.alerts(one, nowMs);
    if (!on)
        return on.error();
    std::map<std::string, const HealthRecord*> byTerminal;
    for (const auto& r : *records)
        byTerminal[r.terminalId] = &r;
    std::map<std::string, std::vector<AlertSpan>> alertsOf;
    for (const auto& a : *on) {
        if (a.clearedMs == 0)
            alertsOf[a.terminalId].push_back(a);
    }
    std::vector<std::pair<int, nlohmann::ordered_json>> rows;
    for (const auto& t : terminals) {
        if (t.revokedAtMs != 0)
            continue;
        nlohmann::ordered_json item{{"terminal_id", utf8::sanitize(t.id)},
                                    {"hall_id", utf8::sanitize(t.hallId)},
                                    {"district", utf8::sanitize(t.district)},
                                    {"software", utf8::sanitize(t.software)}};
        const auto found = byTerminal.find(t.id);
        const auto& alerts = alertsOf[t.id];
        std::string state = "unknown";
        if (found != byTerminal.end() || !alerts.empty())
            state = std::string(severityCode(worstOf(alerts)));
        item["state"] = state;
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& a : alerts)
            list.push_back(alertJson(a));
        item["alerts"] = list;
        if (found != byTerminal.end()) {
            item["last_heartbeat"] = found->second->receivedAtMs;
            if (withHeartbeats) {
                auto heartbeat = parseUntrustedJson(found->second->health);
                heartbeat.erase("hours");
                item["heartbeat"] = heartbeat;
            }
        } else {
            item["last_heartbeat"] = 0;
        }
        rows.emplace_back(rank(state), std::move(item));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first)
            return a.first < b.first;
        return a.second["hall_id"].template get<std::string>() <
               b.second["hall_id"].template get<std::string>();
    });
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (auto& r : rows)
        out.push_back(std::move(r.second));
    return out;
}

Result<nlohmann::ordered_json> FleetHealth::history(const std::string& terminalId,
                                                    int64_t sinceMs) {
    auto spans = store_.alerts(terminalId, sinceMs);
    if (!spans)
        return spans.error();
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& a : *spans)
        out.push_back(alertJson(a));
    return out;
}

Result<nlohmann::ordered_json> FleetHealth::uptime(const std::vector<TerminalRecord>& terminals,
                                                   int64_t fromMs, int64_t toMs) {
    auto records = store_.allHealth();
    if (!records)
        return records.error();
    auto spans = store_.alerts("", fromMs);
    if (!spans)
        return spans.error();
    struct Hall {
        std::string district;
        std::vector<OpeningHours> hours;
        std::set<std::string> terminals;
        std::vector<AlertSpan> alerts;
    };
    std::map<std::string, Hall> halls;
    std::map<std::string, std::string> hallOf;
    for (const auto& t : terminals) {
        if (t.revokedAtMs != 0)
            continue;
        auto& h = halls[t.hallId];
        h.district = t.district;
        h.terminals.insert(t.id);
        hallOf[t.id] = t.hallId;
    }
    for (const auto& r : *records) {
        auto it = hallOf.find(r.terminalId);
        if (it != hallOf.end() && halls[it->second].hours.empty())
            halls[it->second].hours = hoursOf(r);
    }
    for (const auto& a : *spans) {
        auto it = hallOf.find(a.terminalId);
        if (it != hallOf.end() && a.sinceMs < toMs)
            halls[it->second].alerts.push_back(a);
    }
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& [id, h] : halls) {
        const auto share = greenShare(h.hours, h.alerts, fromMs, toMs, utcOffsetMinutes_);
        nlohmann::ordered_json hall{{"hall_id", utf8::sanitize(id)},
                                    {"district", utf8::sanitize(h.district)},
                                    {"terminals", h.terminals.size()},
                                    {"alerts", h.alerts.size()}};
        if (share)
            hall["uptime"] = *share;
        out.push_back(std::move(hall));
    }
    return out;
}

}  // namespace hall
