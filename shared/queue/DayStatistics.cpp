#include "queue/DayStatistics.h"

#include "help/HelpCalls.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <vector>

namespace hall {

namespace {

struct Figures {
    int issued = 0;
    int served = 0;
    int noShows = 0;
    std::vector<double> waits;     // seconds from issue to call
    std::vector<double> services;  // seconds from call to finish
};

double mean(const std::vector<double>& v) {
    if (v.empty())
        return 0;
    double s = 0;
    for (double x : v)
        s += x;
    return s / static_cast<double>(v.size());
}

double percentile(std::vector<double> v, double q) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())) - 1)];
}

nlohmann::json toJson(const Figures& f) {
    auto round1 = [](double x) { return std::round(x * 10) / 10; };
    return {{"issued", f.issued},
            {"served", f.served},
            {"no_shows", f.noShows},
            {"mean_wait_s", round1(mean(f.waits))},
            {"p90_wait_s", round1(percentile(f.waits, 0.9))},
            {"mean_service_s", round1(mean(f.services))}};
}

}  // namespace

Result<nlohmann::json> dayStatistics(Database& db, const std::string& serviceDay) {
    auto stmt = Statement::prepare(db,
                                   "SELECT COALESCE(transferred_to, service), status, issued_at, "
                                   "called_at, finished_at, called_by "
                                   "FROM tickets WHERE service_day = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, serviceDay);
    std::map<std::string, Figures> byService;
    std::map<std::string, Figures> byStaff;
    Figures total;
    while (true) {
        auto row = stmt->step("reading the day's tickets");
        if (!row)
            return row.error();
        if (!*row)
            break;
        const std::string service = stmt->text(0);
        const std::string status = stmt->text(1);
        const bool called = !stmt->isNull(3);
        const bool finished = !stmt->isNull(4);
        const std::string staff = stmt->text(5);
        // Staff figures count what they served, not what was issued or how long it waited.
        auto count = [&](Figures& f, bool queueFigures) {
            if (queueFigures)
                ++f.issued;
            if (status == "done")
                ++f.served;
            if (status == "no_show")
                ++f.noShows;
            if (called && queueFigures)
                f.waits.push_back(static_cast<double>(stmt->integer(3) - stmt->integer(2)) /
                                  1000.0);
            if (finished)
                f.services.push_back(static_cast<double>(stmt->integer(4) - stmt->integer(3)) /
                                     1000.0);
        };
        count(byService[service], true);
        count(total, true);
        if (!staff.empty())
            count(byStaff[staff], false);
    }
    nlohmann::json out{{"service_day", serviceDay}, {"total", toJson(total)}};
    out["services"] = nlohmann::json::object();
    for (const auto& [s, f] : byService)
        out["services"][s] = toJson(f);
    out["staff"] = nlohmann::json::object();
    for (const auto& [s, f] : byStaff) {
        auto j = toJson(f);
        j.erase("issued");
        j.erase("mean_wait_s");
        j.erase("p90_wait_s");
        out["staff"][s] = j;
    }

    auto ratings = Statement::prepare(db,
                                      "SELECT r.score FROM ratings r JOIN tickets t ON t.id = "
                                      "r.ticket_id WHERE t.service_day = ?1");
    if (!ratings)
        return ratings.error();
    ratings->bind(1, serviceDay);
    std::vector<int> counts(6, 0);
    int n = 0;
    double sum = 0;
    while (true) {
        auto row = ratings->step("reading the day's ratings");
        if (!row)
            return row.error();
        if (!*row)
            break;
        const int score = static_cast<int>(ratings->integer(0));
        if (score >= 1 && score <= 5)
            ++counts[static_cast<size_t>(score)];
        ++n;
        sum += score;
    }
    auto help = helpCallFigures(db, serviceDay);
    if (!help)
        return help.error();
    out["help_calls"] = std::move(help).value();
    out["ratings"] = {{"count", n},
                      {"average", n ? std::round(sum / n * 100) / 100 : 0.0},
                      {"by_score",
                       {{"1", counts[1]},
                        {"2", counts[2]},
                        {"3", counts[3]},
                        {"4", counts[4]},
                        {"5", counts[5]}}}};
    return out;
}

std::string dayStatisticsCsv(const nlohmann::json& stats) {
    std::ostringstream csv;
    csv << "kind,key,issued,served,no_shows,mean_wait_s,p90_wait_s,mean_service_s\n";
    auto row = [&](const std::string& kind, const std::string& key, const nlohmann::json& f) {
        csv << kind << "," << key << "," << f.value("issued", 0) << "," << f.value("served", 0)
            << "," << f.value("no_shows", 0) << "," << f.value("mean_wait_s", 0.0) << ","
            << f.value("p90_wait_s", 0.0) << "," << f.value("mean_service_s", 0.0) << "\n";
    };
    for (const auto& [k, f] : stats["services"].items())
        row("service", k, f);
    row("total", "all", stats["total"]);
    for (const auto& [k, f] : stats["staff"].items())
        row("staff", k, f);
    const auto& r = stats["ratings"];
    csv << "ratings,average," << r.value("count", 0) << ",,," << r.value("average", 0.0) << ",,\n";
    return csv.str();
}

}  // namespace hall
