#include <doctest/doctest.h>

#include <thread>

#include "config/HallConfig.h"
#include "outbox/Outbox.h"
#include "queue/QueueEngine.h"
#include "queue/TicketLedger.h"
#include "support/TempDir.h"

using namespace hall;
using hall::test::TempDir;

namespace {

// 2026-11-23 09:00 in Beijing (a Monday).
const TimePoint kMondayNine = fromUnixMillis(1795395600000);

HallConfig testConfig(const std::filesystem::path& dataDir) {
    auto r = parseHallConfig(R"(
[hall]
id = "h"
languages = ["zh-CN"]
staffed_windows = 2
name.zh-CN = "大厅"
[kiosk]
assets_dir = "."
[store]
data_dir = "data"
[printer]
kind = "none"
[[services]]
letter = "A"
name.zh-CN = "社保"
hours = ["08:30-12:00", "13:30-17:00"]
average_minutes = 6
[[services]]
letter = "B"
name.zh-CN = "民政"
days = [1, 2, 3, 4, 5, 6, 7]
hours = ["00:00-24:00"]
average_minutes = 10
)",
                             "hall.toml");
    REQUIRE(r.ok());
    HallConfig c = std::move(r).value();
    c.dataDir = dataDir;
    c.identity.hashKeyFile = dataDir / "identity.key";
    return c;
}

IssuedTicket issue(QueueEngine& q, char service, std::optional<PriorityCategory> p = std::nullopt) {
    auto r = q.issueTicket(service, p);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.message()));
    return std::move(r).value();
}

}  // namespace

TEST_CASE("tickets are numbered per service per day from 001") {
    TempDir dir("numbering");
    const auto config = testConfig(dir / "data");
    ManualClock clock(kMondayNine);
    QueueEngine q(config, clock);
    REQUIRE(q.connect().ok());
    CHECK(issue(q, 'A').ticket.number == "A001");
    CHECK(issue(q, 'A').ticket.number == "A002");
    CHECK(issue(q, 'B').ticket.number == "B001");
    CHECK(issue(q, 'A').ticket.number == "A003");
    CHECK(q.waitingCount('A') == 3);
    CHECK(q.waitingCount('B') == 1);
}

TEST_CASE("numbering restarts at the hall's midnight and yesterday's queue is not today's") {
    TempDir dir("daily-reset");
    const auto config = testConfig(dir / "data");
    ManualClock clock(kMondayNine + std::chrono::hours(14) + std::chrono::minutes(59));  // 23:59
    QueueEngine q(config, clock);
    REQUIRE(q.connect().ok());
    CHECK(issue(q, 'B').ticket.number == "B001");
    CHECK(issue(q, 'B').ticket.number == "B002");
    clock.advance(std::chrono::minutes(2));  // 00:01 the next day
    CHECK(q.waitingCount('B') == 0);
    const auto t = issue(q, 'B');
    CHECK(t.ticket.number == "B001");
    CHECK(t.ticket.serviceDay == "2026-11-24");
    CHECK(t.peopleAhead == 0);
}

TEST_CASE("committed tickets survive a restart and numbering continues") {
    TempDir dir("restart");
    const auto config = testConfig(dir / "data");
    ManualClock clock(kMondayNine);
    std::string firstId;
    {
        QueueEngine q(config, clock);
        REQUIRE(q.connect().ok());
        firstId = issue(q, 'A').ticket.id;
        issue(q, 'A');
    }
    QueueEngine q(config, clock);
    REQUIRE(q.connect().ok());
    CHECK(q.waitingCount('A') == 2);
    CHECK(issue(q, 'A').ticket.number == "A003");
    auto db = Database::open(HallStore::databaseFile(config.dataDir), true);
    REQUIRE(db.ok());
    auto all = TicketLedger::all(*db);
    REQUIRE(all.ok());
    REQUIRE(all->size() == 3);
    CHECK((*all)[0].id == firstId);
}

TEST_CASE("a priority ticket goes ahead of regular ones and the wait estimate follows") {
    TempDir dir("priority");
    const auto config = testConfig(dir / "data");
    ManualClock clock(kMondayNine);
    QueueEngine q(config, clock);
    REQUIRE(q.connect().ok());
    CHECK(issue(q, 'A').peopleAhead == 0);
    const auto second = issue(q, 'B');
    CHECK(second.peopleAhead == 1);
    CHECK(second.estimatedWaitMinutes == 3);  // one A ahead (6 min) over 2 windows
    const auto third = issue(q, 'A');
    CHECK(third.peopleAhead == 2);
    CHECK(third.estimatedWaitMinutes == 8);  // (6 + 10) / 2
    const auto prio = issue(q, 'A', PriorityCategory::Age70);
    CHECK(prio.peopleAhead == 0);
    CHECK(prio.estimatedWaitMinutes == 0);
    CHECK(prio.ticket.number == "A003");
    CHECK(prio.ticket.priority == PriorityCategory::Age70);
}

TEST_CASE("a closed service or an unknown service or an unoffered priority is refused") {
    TempDir dir("refusals");
    auto config = testConfig(dir / "data");
    config.priorityCategories = {PriorityCategory::Age70};
    ManualClock clock(kMondayNine + std::chrono::hours(3) + std::chrono::minutes(30));  // 12:30
    QueueEngine q(config, clock);
    REQUIRE(q.connect().ok());
    auto closed = q.issueTicket('A', std::nullopt);
    REQUIRE_FALSE(closed.ok());
    CHECK(closed.error().code == "queue.service_closed");
    CHECK(closed.message().find("08:30–12:00") != std::string::npos);
    CHECK(q.issueTicket('Z', std::nullopt).error().code == "queue.unknown_service");
    CHECK(q.issueTicket('B', PriorityCategory::Veteran).error().code ==
          "queue.priority_not_offered");
    CHECK(q.waitingTotal() == 0);
}

TEST_CASE("each issued ticket writes its event to the outbox in the same transaction") {
    TempDir dir("outbox");
    const auto config = testConfig(dir / "data");
    ManualClock clock(kMondayNine);
    QueueEngine q(config, clock);
    REQUIRE(q.connect().ok());
    const auto t = issue(q, 'B', PriorityCategory::Pregnancy);
    auto db = Database::open(HallStore::databaseFile(config.dataDir), true);
    REQUIRE(db.ok());
    auto stmt = Statement::prepare(*db, "SELECT type, payload FROM outbox");
    REQUIRE(stmt.ok());
    REQUIRE(*stmt->step("test"));
    CHECK(stmt->text(0) == "ticket.issued");
    const auto payload = nlohmann::json::parse(stmt->text(1));
    CHECK(payload["id"] == t.ticket.id);
    CHECK(payload["by"] == "kiosk");
    CHECK(payload["number"] == "B001");
    CHECK(payload["priority"] == "pregnancy");
}

TEST_CASE("a store locked by another process refuses the ticket and keeps nothing half-done") {
    TempDir dir("locked");
    const auto config = testConfig(dir / "data");
    ManualClock clock(kMondayNine);
    QueueEngine q(config, clock);
    REQUIRE(q.connect().ok());
    issue(q, 'B');

    auto other = Database::open(HallStore::databaseFile(config.dataDir));
    REQUIRE(other.ok());
    REQUIRE(other->exec("BEGIN EXCLUSIVE", "test").ok());
    auto refused = q.issueTicket('B', std::nullopt);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "store.locked");
    CHECK(refused.message().find("hall.db") != std::string::npos);
    CHECK(q.probe().error().code == "store.locked");
    REQUIRE(other->exec("ROLLBACK", "test").ok());

    CHECK(q.probe().ok());
    CHECK(issue(q, 'B').ticket.number == "B002");
    CHECK(q.waitingCount('B') == 2);
}

TEST_CASE("a second hall process on the same data folder is refused") {
    TempDir dir("single-writer");
    const auto config = testConfig(dir / "data");
    ManualClock clock(kMondayNine);
    QueueEngine first(config, clock);
    REQUIRE(first.connect().ok());
    QueueEngine second(config, clock);
    auto r = second.connect();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "store.in_use");
}

TEST_CASE("a database from newer software is refused and not migrated backwards") {
    TempDir dir("too-new");
    const auto config = testConfig(dir / "data");
    std::filesystem::create_directories(config.dataDir);
    {
        auto db = Database::open(HallStore::databaseFile(config.dataDir));
        REQUIRE(db.ok());
        REQUIRE(db->exec("PRAGMA user_version = 999", "test").ok());
    }
    ManualClock clock(kMondayNine);
    QueueEngine q(config, clock);
    auto r = q.connect();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "store.too_new");
    CHECK(r.message().find("999") != std::string::npos);
}

TEST_CASE("a read-only view shows the queue without writing or locking") {
    TempDir dir("read-only-view");
    const auto config = testConfig(dir / "data");
    ManualClock clock(kMondayNine);
    QueueEngine writer(config, clock);
    {
        QueueEngine empty(config, clock, QueueEngine::Access::ReadOnly);
        REQUIRE(empty.connect().ok());  // nothing issued yet: an empty queue
        CHECK(empty.waitingTotal() == 0);
    }
    REQUIRE(writer.connect().ok());
    issue(writer, 'B');
    QueueEngine viewer(config, clock, QueueEngine::Access::ReadOnly);
    REQUIRE(viewer.connect().ok());  // while the writer holds the lock
    CHECK(viewer.waitingCount('B') == 1);
    CHECK(viewer.issueTicket('B', std::nullopt).error().code == "store.read_only");
    auto latest = viewer.latestTicketToday();
    REQUIRE(latest.ok());
    REQUIRE(latest->has_value());
    CHECK((*latest)->ticket.number == "B001");
}

TEST_CASE(
    "update: after a rollback, the release before opens a store a newer one migrated, "
    "when that migration only added to it, and otherwise refuses with the reason") {
    TempDir dir("rolled-back");
    const auto config = testConfig(dir / "data");
    ManualClock clock(kMondayNine);
    {
        QueueEngine q(config, clock);
        REQUIRE(q.connect().ok());
        REQUIRE(q.issueTicket('A', std::nullopt).ok());
    }
    const int next = latestSchemaVersion() + 1;
    auto newerRelease = [&](int oldestReader) {
        // What the next release's migration does: adds a table, and says which software may
        // still use the store.
        auto db = Database::open(HallStore::databaseFile(config.dataDir));
        REQUIRE(db.ok());
        REQUIRE(db->exec("CREATE TABLE IF NOT EXISTS help_calls (id TEXT PRIMARY KEY); "
                         "PRAGMA user_version = " +
                             std::to_string(next) + "; UPDATE store_meta SET value = '" +
                             std::to_string(oldestReader) + "' WHERE key = 'oldest_reader'",
                         "test")
                    .ok());
    };
    newerRelease(latestSchemaVersion());
    {
        QueueEngine back(config, clock);
        auto opened = back.connect();
        REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.message()));
        CHECK(back.waitingTotal() == 1);  // nothing lost
        REQUIRE(back.issueTicket('A', std::nullopt).ok());
        CHECK(back.waitingTotal() == 2);
    }
    {
        // Not migrated backwards: the newer release finds its own schema again.
        auto db = Database::open(HallStore::databaseFile(config.dataDir));
        REQUIRE(db.ok());
        auto v = Statement::prepare(*db, "PRAGMA user_version");
        REQUIRE(v.ok());
        REQUIRE(v->step("test").ok());
        CHECK(v->integer(0) == next);
    }
    newerRelease(next);  // a migration that changed what is there
    QueueEngine refused(config, clock);
    auto r = refused.connect();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "store.too_new");
    CHECK(r.message().find("needs software of schema " + std::to_string(next)) !=
          std::string::npos);
}

TEST_CASE(
    "access: a call for help is made once, answered once, on record and in the day's figures") {
    TempDir dir("help-calls");
    const auto config = testConfig(dir / "data");
    ManualClock clock(kMondayNine);
    QueueEngine q(config, clock);
    REQUIRE(q.connect().ok());
    const Actor kiosk{"kiosk", {}, false};
    auto first = q.execute(CallHelpCommand{"proof-search"}, kiosk);
    REQUIRE(first.ok());
    const int64_t id = (*first)["id"];
    // A second tap while the call is open calls nobody twice.
    clock.advance(std::chrono::seconds(5));
    auto again = q.execute(CallHelpCommand{"proof-permitted"}, kiosk);
    REQUIRE(again.ok());
    CHECK((*again)["id"] == id);
    auto snap = q.snapshot();
    REQUIRE(snap.help.size() == 1);
    CHECK(snap.help[0].open());
    CHECK(snap.help[0].doing == "proof-search");
    CHECK(snap.help[0].terminal == "kiosk");

    clock.advance(std::chrono::seconds(40));
    const Actor staff{"counter-1", "101", false};
    auto answered = q.execute(AcknowledgeHelpCommand{id}, staff);
    REQUIRE(answered.ok());
    CHECK((*answered)["acknowledged_by"] == "101");
    // A colleague who taps too is told who went.
    auto twice = q.execute(AcknowledgeHelpCommand{id}, Actor{"counter-2", "102", false});
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().code == "help.already_answered");
    CHECK(twice.message().find("101") != std::string::npos);
    CHECK(q.execute(AcknowledgeHelpCommand{id + 7}, staff).error().code == "help.unknown_call");

    // Shown a while after the answer (the terminal says help is coming), then gone.
    CHECK_FALSE(q.snapshot().help.at(0).open());
    clock.advance(std::chrono::minutes(3));
    CHECK(q.snapshot().help.empty());
    // A new call from the same terminal is a new call.
    auto later = q.execute(CallHelpCommand{"attract"}, kiosk);
    REQUIRE(later.ok());
    CHECK((*later)["id"] != id);

    auto stats = q.statistics(q.serviceDay());
    REQUIRE(stats.ok());
    CHECK((*stats)["help_calls"]["called"] == 2);
    CHECK((*stats)["help_calls"]["acknowledged"] == 1);
    // From the first tap: the repeat 5 s later does not restart the wait.
    CHECK((*stats)["help_calls"]["median_answer_s"] == doctest::Approx(45.0));

    // Events for the central service: called, repeated, acknowledged (with the wait), called.
    auto db = Database::open(HallStore::databaseFile(config.dataDir), true);
    REQUIRE(db.ok());
    auto events = Statement::prepare(
        *db, "SELECT type, payload FROM outbox WHERE type LIKE 'help.%' ORDER BY seq");
    REQUIRE(events.ok());
    std::vector<std::string> types;
    while (*events->step("test")) {
        types.push_back(events->text(0));
        const auto payload = nlohmann::json::parse(events->text(1));
        CHECK(payload.contains("call"));
        if (types.back() == "help.acknowledged")
            CHECK(payload["waited_ms"] == 45000);
    }
    CHECK(types == std::vector<std::string>{"help.called", "help.repeated", "help.acknowledged",
                                            "help.called"});
}
