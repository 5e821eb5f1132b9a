#include "HealthRules.h"

#include <algorithm>
#include <cstdlib>

#include "text/UntrustedJson.h"

namespace hall {

namespace {

constexpr int64_t kHourMs = 60 * 60 * 1000;

std::string minutesText(int64_t ms) {
    if (ms < 60000)
        return std::to_string(ms / 1000) + " s";
    return std::to_string(ms / 60000) + " min";
}

std::string megabytes(int64_t bytes) {
    return std::to_string(bytes >> 20) + " MiB";
}

}  // namespace

std::string_view severityCode(Severity s) {
    switch (s) {
        case Severity::Green:
            return "green";
        case Severity::Amber:
            return "amber";
        case Severity::Red:
            return "red";
    }
    return "green";
}

Severity severityFromCode(std::string_view code) {
    if (code == "green")
        return Severity::Green;
    if (code == "red")
        return Severity::Red;
    return Severity::Amber;
}

nlohmann::json trendJson(const HealthTrend& t) {
    return {{"backlog", t.backlog},
            {"backlog_rising_since_ms", t.backlogRisingSinceMs},
            {"uptime_s", t.uptimeSeconds},
            {"restarts_ms", t.restartsMs}};
}

HealthTrend parseTrend(const std::string& text) {
    HealthTrend t;
    const auto j = parseUntrustedJson(text);
    if (!j.is_object())
        return t;
    try {
        t.backlog = j.value("backlog", int64_t{0});
        t.backlogRisingSinceMs = j.value("backlog_rising_since_ms", int64_t{0});
        t.uptimeSeconds = j.value("uptime_s", std::map<std::string, int64_t>{});
        t.restartsMs = j.value("restarts_ms", std::vector<int64_t>{});
    } catch (const nlohmann::json::exception&) {
        // Written by this service only; an unreadable one starts the trend again.
        return HealthTrend{};
    }
    return t;
}

HealthTrend advanceTrend(const HealthTrend& before, const health::TerminalHealth& now,
                         int64_t receivedAtMs) {
    HealthTrend t;
    t.backlog = now.backlog;
    if (now.backlog > 0 && now.backlog >= before.backlog && before.backlog > 0)
        t.backlogRisingSinceMs = before.backlogRisingSinceMs;
    if (now.backlog > before.backlog && t.backlogRisingSinceMs == 0)
        t.backlogRisingSinceMs = receivedAtMs;
    for (int64_t at : before.restartsMs) {
        if (receivedAtMs - at < kHourMs)
            t.restartsMs.push_back(at);
    }
    for (const auto& role : now.roles) {
        auto was = before.uptimeSeconds.find(role.role);
        // Up for less time than it was last time: it started again in between.
        if (was != before.uptimeSeconds.end() && role.uptimeSeconds < was->second)
            t.restartsMs.push_back(receivedAtMs);
        t.uptimeSeconds[role.role] = role.uptimeSeconds;
    }
    return t;
}

std::vector<AlertFinding> findAlerts(const health::TerminalHealth& h, const HealthTrend& trend,
                                     int64_t receivedAtMs, const HealthThresholds& limits) {
    std::vector<AlertFinding> out;
    const auto& p = h.printer;
    if (p.kind != "none" && p.kind != "file") {
        if (!p.answered) {
            out.push_back(
                {"printer_fault", Severity::Red, "the printer does not answer: " + p.problem});
        } else if (p.status.paperOut) {
            out.push_back({"printer_paper_out", Severity::Red, "the printer is out of paper"});
        } else if (!p.status.ready()) {
            out.push_back(
                {"printer_fault", Severity::Red, "the printer is " + p.status.describe()});
        }
        if (p.answered && p.status.paperNearEnd && !p.status.paperOut)
            out.push_back(
                {"printer_paper_near_end", Severity::Amber, "the paper roll is near its end"});
    }
    if (h.diskTotalBytes > 0 &&
        (h.diskFreeBytes < limits.diskLowBytes || h.diskFreeBytes * 20 < h.diskTotalBytes)) {
        out.push_back({"disk_low", Severity::Amber,
                       megabytes(h.diskFreeBytes) + " free of " + megabytes(h.diskTotalBytes)});
    }
    if (trend.backlogRisingSinceMs > 0 &&
        receivedAtMs - trend.backlogRisingSinceMs >= limits.backlogGrowingMs) {
        std::string detail = std::to_string(h.backlog) + " events waiting, growing for " +
                             minutesText(receivedAtMs - trend.backlogRisingSinceMs);
        if (!h.lastUploadError.empty())
            detail += "; last upload: " + h.lastUploadError;
        out.push_back({"backlog_growing", Severity::Amber, detail});
    }
    const int64_t offset =
        std::max(std::llabs(h.clockOffsetMs), std::llabs(receivedAtMs - h.sentAtMs));
    if (offset > limits.clockOffMs) {
        out.push_back({"clock_off", Severity::Amber,
                       "the terminal's clock is " + std::to_string(offset / 1000) +
                           " s away from the central's"});
    }
    if (static_cast<int>(trend.restartsMs.size()) >= limits.restartsPerHour) {
        out.push_back({"restarts", Severity::Amber,
                       std::to_string(trend.restartsMs.size()) + " restarts in the last hour"});
    }
    return out;
}

bool hallOpen(const std::vector<OpeningHours>& hours, int64_t atMs, int utcOffsetMinutes) {
    const auto local = toHallLocal(fromUnixMillis(atMs), utcOffsetMinutes);
    return std::any_of(hours.begin(), hours.end(),
                       [&](const OpeningHours& h) { return h.isOpen(local); });
}

std::optional<AlertFinding> silenceAlert(const std::vector<OpeningHours>& hours,
                                         int64_t lastHeartbeatMs, int64_t nowMs,
                                         const HealthThresholds& limits, int utcOffsetMinutes) {
    if (nowMs - lastHeartbeatMs < limits.silentAfterMs || !hallOpen(hours, nowMs, utcOffsetMinutes))
        return std::nullopt;
    return AlertFinding{
        "silent", Severity::Red,
        "no heartbeat for " + minutesText(nowMs - lastHeartbeatMs) + " while the hall is open"};
}

Severity worstOf(const std::vector<AlertSpan>& active) {
    Severity worst = Severity::Green;
    for (const auto& a : active)
        worst = std::max(worst, a.severity);
    return worst;
}

namespace {

using Span = std::pair<int64_t, int64_t>;  // [from, to) in ms

// Sorted, non-overlapping.
std::vector<Span> unite(std::vector<Span> spans) {
    std::sort(spans.begin(), spans.end());
    std::vector<Span> out;
    for (const auto& s : spans) {
        if (s.first >= s.second)
            continue;
        if (!out.empty() && s.first <= out.back().second)
            out.back().second = std::max(out.back().second, s.second);
        else
            out.push_back(s);
    }
    return out;
}

int64_t overlap(const std::vector<Span>& a, const std::vector<Span>& b) {
    int64_t total = 0;
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        total += std::max<int64_t>(
            0, std::min(a[i].second, b[j].second) - std::max(a[i].first, b[j].first));
        if (a[i].second < b[j].second)
            ++i;
        else
            ++j;
    }
    return total;
}

}  // namespace

std::optional<double> greenShare(const std::vector<OpeningHours>& hours,
                                 const std::vector<AlertSpan>& alerts, int64_t fromMs, int64_t toMs,
                                 int utcOffsetMinutes) {
    constexpr int64_t kDayMs = 24 * 60 * 60 * 1000;
    const int64_t offsetMs = int64_t{utcOffsetMinutes} * 60 * 1000;
    std::vector<Span> open;
    // Each local day the range touches, its opening intervals.
    for (int64_t midnight = (fromMs + offsetMs) / kDayMs * kDayMs - offsetMs; midnight < toMs;
         midnight += kDayMs) {
        const int weekday = toHallLocal(fromUnixMillis(midnight), utcOffsetMinutes).weekday;
        for (const auto& h : hours) {
            if (std::find(h.weekdays.begin(), h.weekdays.end(), weekday) == h.weekdays.end())
                continue;
            for (const auto& i : h.intervals) {
                open.emplace_back(std::max(fromMs, midnight + int64_t{i.startMinute} * 60000),
                                  std::min(toMs, midnight + int64_t{i.endMinute} * 60000));
            }
        }
    }
    open = unite(std::move(open));
    std::vector<Span> alerted;
    for (const auto& a : alerts)
        alerted.emplace_back(a.sinceMs, a.clearedMs == 0 ? toMs : a.clearedMs);
    alerted = unite(std::move(alerted));
    int64_t openMs = 0;
    for (const auto& s : open)
        openMs += s.second - s.first;
    if (openMs == 0)
        return std::nullopt;
    return static_cast<double>(openMs - overlap(open, alerted)) / static_cast<double>(openMs);
}

}  // namespace hall
