#include "HallDayFigures.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include "text/UntrustedJson.h"

namespace hall {

namespace {

using json = nlohmann::json;

struct HallFigures {
    int64_t issued = 0, called = 0, finished = 0, noShows = 0;
    std::set<std::string> calledTickets;
    std::vector<double> waitsMinutes;
    std::map<int, int64_t> scores;
    int64_t notIssued = 0;
    std::map<std::string, int64_t> notIssuedByDepartment;
    int64_t helpCalls = 0, helpAnswered = 0;  // residents' calls for help (一键呼叫)
    // For the console's charts: the day by hour, by service and by window.
    struct Share {
        int64_t issued = 0, called = 0, finished = 0;
        std::vector<double> waitsMinutes, serviceMinutes;
    };
    std::map<int, Share> byHour;  // the hall's local hour a ticket was issued in (its wait: called)
    std::map<std::string, Share> byService;
    std::map<int, Share> byWindow;
    json badRatings = json::array();  // 差评: a score of 1 or 2, with its reasons
};

double meanOf(const std::vector<double>& v) {
    double sum = 0;
    for (double x : v)
        sum += x;
    return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

// A ticket event's own fields (sync::EventSchema's ticket fields), or null.
const json* ticketOf(const json& payload) {
    if (!payload.is_object())
        return nullptr;
    if (payload.contains("ticket") && payload["ticket"].is_object())
        return &payload["ticket"];
    return payload.contains("service") ? &payload : nullptr;
}

double round1(double x) {
    return std::round(x * 10.0) / 10.0;
}

nlohmann::ordered_json figuresJson(const std::string& hallId, HallFigures& f) {
    json waits{{"count", f.waitsMinutes.size()}};
    if (!f.waitsMinutes.empty()) {
        std::sort(f.waitsMinutes.begin(), f.waitsMinutes.end());
        double sum = 0;
        for (double w : f.waitsMinutes)
            sum += w;
        const size_t p90 = (f.waitsMinutes.size() * 9 + 9) / 10 - 1;
        waits["mean"] = round1(sum / static_cast<double>(f.waitsMinutes.size()));
        waits["p90"] = round1(f.waitsMinutes[p90]);
        waits["max"] = round1(f.waitsMinutes.back());
    }
    int64_t ratings = 0, total = 0;
    json byScore = json::object();
    for (const auto& [score, n] : f.scores) {
        ratings += n;
        total += score * n;
        byScore[std::to_string(score)] = n;
    }
    json rating{{"count", ratings}, {"by_score", byScore}};
    if (ratings > 0)
        rating["mean"] = round1(static_cast<double>(total) / static_cast<double>(ratings));
    auto shareJson = [](const HallFigures::Share& s) {
        nlohmann::ordered_json j{
            {"issued", s.issued}, {"called", s.called}, {"finished", s.finished}};
        if (!s.waitsMinutes.empty())
            j["mean_wait"] = round1(meanOf(s.waitsMinutes));
        if (!s.serviceMinutes.empty())
            j["mean_service"] = round1(meanOf(s.serviceMinutes));
        return j;
    };
    nlohmann::ordered_json hours = nlohmann::ordered_json::array();
    for (const auto& [hour, s] : f.byHour) {
        auto j = shareJson(s);
        j["hour"] = hour;
        hours.push_back(j);
    }
    nlohmann::ordered_json services = nlohmann::ordered_json::array();
    for (const auto& [service, s] : f.byService) {
        auto j = shareJson(s);
        j["service"] = service;
        services.push_back(j);
    }
    nlohmann::ordered_json windows = nlohmann::ordered_json::array();
    for (const auto& [window, s] : f.byWindow) {
        auto j = shareJson(s);
        j["window"] = window;
        windows.push_back(j);
    }
    rating["bad"] = f.badRatings;
    return nlohmann::ordered_json{
        {"hall_id", hallId},
        {"by_hour", hours},
        {"by_service", services},
        {"by_window", windows},
        {"tickets",
         {{"issued", f.issued},
          {"called", f.called},
          {"finished", f.finished},
          {"no_show", f.noShows}}},
        {"wait_minutes", waits},
        {"ratings", rating},
        {"not_issued", {{"total", f.notIssued}, {"by_department", f.notIssuedByDepartment}}},
        {"help_calls", {{"called", f.helpCalls}, {"acknowledged", f.helpAnswered}}}};
}

}  // namespace

// The UTC time, in ms, at which `day` begins at the given offset; nullopt if not a date.
std::optional<int64_t> dayStartMs(const std::string& day, int utcOffsetMinutes) {
    static const std::regex pattern(R"(^(\d{4})-(\d{2})-(\d{2})$)");
    std::smatch m;
    if (!std::regex_match(day, m, pattern))
        return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(std::stoi(m[1])),
                                           std::chrono::month(std::stoul(m[2])),
                                           std::chrono::day(std::stoul(m[3]))};
    if (!date.ok())
        return std::nullopt;
    const auto midnight = std::chrono::sys_days(date).time_since_epoch();
    return std::chrono::duration_cast<std::chrono::milliseconds>(midnight).count() -
           int64_t{utcOffsetMinutes} * 60 * 1000;
}

Result<nlohmann::ordered_json> hallDayFigures(CentralStore& store, const std::string& day,
                                              const std::string& hallId, int utcOffsetMinutes) {
    const auto start = dayStartMs(day, utcOffsetMinutes);
    if (!start)
        return fail("central.bad_day", "\"" + day + "\" is not a day; write it as 2026-11-23");
    constexpr int64_t kDayMs = 24 * 3600 * 1000;
    std::map<std::string, HallFigures> halls;
    auto tickets =
        store.eventsOccurred(*start, *start + kDayMs,
                             {"ticket.issued", "ticket.called", "ticket.finished", "ticket.no_show",
                              "ticket.rated", "help.called", "help.acknowledged"},
                             hallId);
    if (!tickets)
        return tickets.error();
    for (const auto& e : *tickets) {
        auto& f = halls[e.hallId];
        const json payload = parseUntrustedJson(e.payload);
        const json* ticket = ticketOf(payload);
        const int hour = toHallLocal(fromUnixMillis(e.occurredAtMs), utcOffsetMinutes).hour;
        const std::string service = ticket && (*ticket)["service"].is_string()
                                        ? (*ticket)["service"].get<std::string>()
                                        : "";
        const int window = ticket && ticket->contains("called_window") &&
                                   (*ticket)["called_window"].is_number_integer()
                               ? (*ticket)["called_window"].get<int>()
                               : 0;
        if (e.type == "ticket.issued") {
            ++f.issued;
            ++f.byHour[hour].issued;
            ++f.byService[service].issued;
        } else if (e.type == "ticket.called") {
            // A ticket transferred to another service is called again; its wait is the one
            // before its first call, and it counts as one ticket called.
            const std::string id =
                payload.is_object() && payload.contains("id") && payload["id"].is_string()
                    ? payload["id"].get<std::string>()
                    : "";
            if (!f.calledTickets.insert(id).second && !id.empty())
                continue;
            ++f.called;
            ++f.byHour[hour].called;
            ++f.byService[service].called;
            ++f.byWindow[window].called;
            if (payload.is_object() && payload.contains("waited_ms") &&
                payload["waited_ms"].is_number()) {
                const double wait = payload["waited_ms"].get<double>() / 60000.0;
                f.waitsMinutes.push_back(wait);
                f.byHour[hour].waitsMinutes.push_back(wait);
                f.byService[service].waitsMinutes.push_back(wait);
                f.byWindow[window].waitsMinutes.push_back(wait);
            }
        } else if (e.type == "ticket.finished") {
            ++f.finished;
            ++f.byService[service].finished;
            auto& w = f.byWindow[window];
            ++w.finished;
            if (payload.is_object() && payload.contains("service_ms") &&
                payload["service_ms"].is_number())
                w.serviceMinutes.push_back(payload["service_ms"].get<double>() / 60000.0);
        } else if (e.type == "ticket.no_show") {
            ++f.noShows;
        } else if (e.type == "help.called") {
            ++f.helpCalls;
        } else if (e.type == "help.acknowledged") {
            ++f.helpAnswered;
        } else if (e.type == "ticket.rated" && payload.is_object() && payload.contains("score") &&
                   payload["score"].is_number_integer()) {
            const int score =
                static_cast<int>(std::clamp<int64_t>(payload["score"].get<int64_t>(), 0, 9));
            ++f.scores[score];
            if (score <= 2) {
                json bad{{"at", e.occurredAtMs}, {"score", score}};
                for (const char* field : {"number", "service", "reasons", "via"}) {
                    if (payload.contains(field))
                        bad[field] = payload[field];
                }
                f.badRatings.push_back(bad);
            }
        }
    }
    // A hall reports a day's not-issued requests once the day is over, when it next runs:
    // look a week ahead for it.
    auto reports =
        store.eventsOccurred(*start, *start + 8 * kDayMs, {"proofs.daily_not_issued"}, hallId);
    if (!reports)
        return reports.error();
    for (const auto& e : *reports) {
        const json payload = parseUntrustedJson(e.payload);
        // Every event is checked when it arrives (sync::checkEventPayload); one stored before
        // that, of the wrong shape, is passed over rather than fail the day for every hall.
        if (!payload.is_object() || !payload.contains("day") || payload["day"] != day ||
            !payload.contains("total") || !payload["total"].is_number_integer())
            continue;
        auto& f = halls[e.hallId];
        f.notIssued += payload["total"].get<int64_t>();
        if (payload.contains("by_department") && payload["by_department"].is_object()) {
            for (const auto& [department, n] : payload["by_department"].items()) {
                if (n.is_number_integer())
                    f.notIssuedByDepartment[department] += n.get<int64_t>();
            }
        }
    }
    nlohmann::ordered_json out{{"day", day}, {"halls", json::array()}};
    for (auto& [id, f] : halls)
        out["halls"].push_back(figuresJson(id, f));
    return out;
}

}  // namespace hall
