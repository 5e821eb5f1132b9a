#pragma once
// A hall's queue engine on a real SQLite store in a temporary folder, with a manual clock, for
// the unit tests of queue commands.
#include <doctest/doctest.h>

#include "config/HallConfig.h"
#include "queue/QueueEngine.h"
#include "support/TempDir.h"

namespace hall::test {

using namespace std::chrono_literals;

inline const TimePoint kMondayNine = fromUnixMillis(1795395600000);

inline HallConfig callsConfig(const std::filesystem::path& dataDir, const std::string& extra = "") {
    auto r = parseHallConfig(R"(
[hall]
id = "h"
languages = ["zh-CN"]
name.zh-CN = "大厅"
[kiosk]
assets_dir = "."
[store]
data_dir = "data"
[queue]
priority_burst = 2
late_reinsert_after = 2
[printer]
kind = "none"
[[services]]
letter = "A"
name.zh-CN = "社保"
days = [1, 2, 3, 4, 5, 6, 7]
hours = ["00:00-24:00"]
average_minutes = 6
[[services]]
letter = "B"
name.zh-CN = "民政"
days = [1, 2, 3, 4, 5, 6, 7]
hours = ["00:00-24:00"]
average_minutes = 10
[[windows]]
number = 1
[[windows]]
number = 2
[[windows]]
number = 3
services = ["B"]
)" + extra,
                             "hall.toml");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.message()));
    HallConfig c = std::move(r).value();
    c.dataDir = dataDir;
    c.identity.hashKeyFile = dataDir / "identity.key";
    return c;
}

struct Hall {
    TempDir dir{"calls"};
    HallConfig config;
    ManualClock clock{kMondayNine};
    std::unique_ptr<QueueEngine> queue;
    explicit Hall(const std::string& extra = "") : config(callsConfig(dir / "data", extra)) {
        restart();
    }
    void restart() {
        queue.reset();
        queue = std::make_unique<QueueEngine>(config, clock);
        REQUIRE(queue->connect().ok());
    }
    nlohmann::json run(const QueueCommand& c, const Actor& a, const std::string& key = {}) {
        auto r = queue->execute(c, a, key);
        REQUIRE_MESSAGE(r.ok(), commandName(c) << ": " << (r.ok() ? "" : r.message()));
        return *r;
    }
    std::string refused(const QueueCommand& c, const Actor& a) {
        const auto before = queue->snapshot();
        auto r = queue->execute(c, a);
        REQUIRE_MESSAGE(!r.ok(), commandName(c) << " should have been refused");
        const auto after = queue->snapshot();
        CHECK(before.revision == after.revision);  // state unchanged
        return r.error().code;
    }
    std::string issue(char service, std::optional<PriorityCategory> p = std::nullopt) {
        clock.advance(1s);
        return run(IssueTicketCommand{service, p, std::nullopt, {}, {}},
                   Actor{"kiosk", {}, false})["number"];
    }
};

inline const Actor kLi{"counter-1", "101", false};
inline const Actor kWang{"counter-2", "102", false};
inline const Actor kZhao{"counter-3", "103", false};

}  // namespace hall::test
