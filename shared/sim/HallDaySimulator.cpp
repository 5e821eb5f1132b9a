#include "sim/HallDaySimulator.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <queue>
#include <random>

#include "config/HallConfig.h"
#include "queue/QueueEngine.h"

namespace hall {

namespace {

struct ServiceProfile {
    char letter;
    double share;           // of arrivals
    double meanMinutes;     // of service at a window, as it really is
    int configuredMinutes;  // what the hall's config guessed (average_minutes)
};

// The config's guesses are off, as they are in a new hall: the estimator must learn the truth.
const std::vector<ServiceProfile> kServices{
    {'A', 0.5, 3.0, 5}, {'B', 0.3, 4.5, 8}, {'C', 0.2, 2.0, 3}};

// Relative arrivals per hour from 08:00 to 17:00: a morning peak and a smaller one after lunch.
const std::vector<double> kHourly{0.6, 1.6, 1.5, 1.0, 0.4, 0.5, 1.2, 1.0, 0.7};

std::string simulationConfig(int windows) {
    std::string c =
        "[hall]\nid = \"simulated\"\nlanguages = [\"zh-CN\"]\nname.zh-CN = \"模拟大厅\"\n"
        "staffed_windows = " +
        std::to_string(windows) +
        "\n"
        "[kiosk]\nassets_dir = \".\"\n[store]\ndata_dir = \"data\"\n[printer]\nkind = \"none\"\n"
        "[lan]\nenabled = false\n";
    for (const auto& s : kServices) {
        c += std::string("[[services]]\nletter = \"") + s.letter + "\"\nname.zh-CN = \"业务" +
             s.letter +
             "\"\ndays = [1, 2, 3, 4, 5, 6, 7]\nhours = [\"00:00-24:00\"]\naverage_minutes = " +
             std::to_string(s.configuredMinutes) + "\n";
    }
    for (int w = 1; w <= windows; ++w)
        c += "[[windows]]\nnumber = " + std::to_string(w) + "\n";
    return c;
}

double percentile(std::vector<double> v, double q) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())) - 1)];
}

double mean(const std::vector<double>& v) {
    if (v.empty())
        return 0;
    double s = 0;
    for (double x : v)
        s += x;
    return s / static_cast<double>(v.size());
}

double round2(double x) {
    return std::round(x * 100) / 100;
}

struct Event {
    int64_t atMs;
    int kind;  // 0 arrival, 1 window free, 2 service at a window ends
    int index;
    bool operator>(const Event& o) const { return atMs != o.atMs ? atMs > o.atMs : kind > o.kind; }
};

}  // namespace

Result<nlohmann::json> simulateHallDay(const SimulationSettings& settings,
                                       const std::filesystem::path& workDir) {
    if (settings.tickets < 1 || settings.tickets > 100000)
        return fail("tickets must be 1 to 100000");
    if (settings.windows < 1 || settings.windows > 50)
        return fail("windows must be 1 to 50");
    std::error_code ec;
    std::filesystem::remove_all(workDir / "data", ec);
    std::filesystem::create_directories(workDir, ec);
    auto parsed = parseHallConfig(simulationConfig(settings.windows), workDir / "simulated.toml");
    if (!parsed)
        return parsed.error();
    const HallConfig config = std::move(parsed).value();

    std::mt19937_64 rng(settings.seed);
    std::uniform_real_distribution<double> unit(0, 1);
    // A Monday, 08:00 in the hall's clock (UTC+8): 2026-11-23T00:00Z.
    const int64_t dayStart = 1795363200000;
    ManualClock clock(fromUnixMillis(dayStart));
    QueueEngine engine(config, clock);
    if (auto r = engine.connect(); !r)
        return r.error();

    // Arrival times from the hourly profile.
    double total = 0;
    for (double h : kHourly)
        total += h;
    std::vector<int64_t> arrivals;
    for (int i = 0; i < settings.tickets; ++i) {
        double pick = unit(rng) * total;
        size_t hour = 0;
        while (hour + 1 < kHourly.size() && pick > kHourly[hour])
            pick -= kHourly[hour++];
        arrivals.push_back(
            dayStart + static_cast<int64_t>((static_cast<double>(hour) + unit(rng)) * 3600'000.0));
    }
    std::sort(arrivals.begin(), arrivals.end());

    std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
    for (size_t i = 0; i < arrivals.size(); ++i)
        events.push({arrivals[i], 0, static_cast<int>(i)});
    const Actor staff{"simulator", "", true};
    for (int w = 1; w <= settings.windows; ++w) {
        if (auto r = engine.execute(OpenWindowCommand{w}, staff); !r)
            return r.error();
        events.push({dayStart, 1, w});
    }

    // The naive estimate knows only the configured averages, as a hall without observations would.
    double meanServiceMinutes = 0;
    for (const auto& s : kServices)
        meanServiceMinutes += s.share * s.configuredMinutes;

    struct Issued {
        char service;
        double predicted;       // minutes, the engine's estimate at issue
        double naive;           // people ahead × average service time
        double naivePerWindow;  // the same, shared among the windows
    };
    std::map<std::string, Issued> issued;
    std::map<char, std::vector<double>> waits;
    std::vector<double> errEngine, errNaive, errNaivePerWindow;
    double busyMs = 0;
    int served = 0, noShows = 0;
    int64_t lastFinish = dayStart;
    std::map<int, bool> absentAt;  // window → whether its current resident has gone

    while (!events.empty()) {
        const Event e = events.top();
        events.pop();
        clock.set(fromUnixMillis(std::max(e.atMs, toUnixMillis(clock.now()))));
        if (e.kind == 0) {
            double pick = unit(rng);
            char letter = kServices.back().letter;
            for (const auto& s : kServices) {
                if (pick < s.share) {
                    letter = s.letter;
                    break;
                }
                pick -= s.share;
            }
            const bool priority = unit(rng) < settings.priorityRate;
            auto r = engine.issueTicket(
                letter, priority ? std::optional(PriorityCategory::Age70) : std::nullopt);
            if (!r)
                return r.error();
            const double naive = r->peopleAhead * meanServiceMinutes;
            issued[r->ticket.id] = Issued{letter, static_cast<double>(r->estimatedWaitMinutes),
                                          naive, naive / settings.windows};
            continue;
        }
        if (e.kind == 2) {
            // The service (or the wait for an absent resident) at this window is over.
            const bool absent = absentAt[e.index];
            auto r = engine.execute(absent ? QueueCommand(NoShowCommand{e.index})
                                           : QueueCommand(FinishCommand{e.index, "completed"}),
                                    staff);
            if (!r)
                return r.error();
            lastFinish = std::max(lastFinish, e.atMs);
            events.push({e.atMs, 1, e.index});
            continue;
        }
        // A window is free: call the next resident.
        auto call = engine.execute(CallNextCommand{e.index}, staff);
        if (!call) {
            if (call.error().code != "queue.nothing_waiting")
                return call.error();
            // Nobody waiting: look again in a minute while residents may still come.
            if (toUnixMillis(clock.now()) < arrivals.back())
                events.push({toUnixMillis(clock.now()) + 60'000, 1, e.index});
            continue;
        }
        const std::string id = (*call)["id"];
        const Issued& info = issued.at(id);
        const double waited = static_cast<double>((*call)["called_at"].get<int64_t>() -
                                                  (*call)["issued_at"].get<int64_t>()) /
                              60000.0;
        int64_t durationMs = 0;
        absentAt[e.index] = unit(rng) < settings.noShowRate;
        if (absentAt[e.index]) {
            durationMs = 120'000;  // staff wait two minutes, call again, then mark absent
            ++noShows;
        } else {
            double serviceMean = 5;
            for (const auto& s : kServices) {
                if (s.letter == info.service)
                    serviceMean = s.meanMinutes;
            }
            // Service times vary a lot at a hall window: a gamma distribution with shape 2.
            std::gamma_distribution<double> service(2.0, serviceMean / 2.0);
            durationMs = static_cast<int64_t>(std::max(0.5, service(rng)) * 60'000.0);
            ++served;
            waits[info.service].push_back(waited);
            errEngine.push_back(std::fabs(info.predicted - waited));
            errNaive.push_back(std::fabs(info.naive - waited));
            errNaivePerWindow.push_back(std::fabs(info.naivePerWindow - waited));
        }
        busyMs += static_cast<double>(durationMs);
        events.push({toUnixMillis(clock.now()) + durationMs, 2, e.index});
    }

    nlohmann::json out;
    out["seed"] = settings.seed;
    out["tickets"] = settings.tickets;
    out["windows"] = settings.windows;
    out["served"] = served;
    out["no_shows"] = noShows;
    out["day_minutes"] = round2(static_cast<double>(lastFinish - dayStart) / 60000.0);
    out["utilisation"] =
        round2(busyMs / (static_cast<double>(lastFinish - dayStart) * settings.windows));
    for (const auto& [service, w] : waits) {
        out["wait_minutes"][std::string(1, service)] = {
            {"mean", round2(mean(w))}, {"p90", round2(percentile(w, 0.9))}, {"count", w.size()}};
    }
    out["ewt_mae_minutes"] = {{"engine", round2(mean(errEngine))},
                              {"naive_people_ahead_x_average", round2(mean(errNaive))},
                              {"naive_divided_by_windows", round2(mean(errNaivePerWindow))}};
    return out;
}

}  // namespace hall
