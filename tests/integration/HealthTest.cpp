// Terminals' heartbeats to a real central on loopback HTTPS, on SQLite and on PostgreSQL: the
// hall's real health probe and sender, a simulated printer whose state a file sets, alerts
// that set and clear themselves, and what maintainers read with the real kioskctl.
#include <doctest/doctest.h>

#include <thread>

#include "CentralServer.h"
#include "PostgresHealthStore.h"
#include "health/HealthProbe.h"
#include "health/HeartbeatSender.h"
#include "integration/CentralFixture.h"
#include "integration/LanFixture.h"
#include "lan/LanProtocol.h"
#include "printer/AsyncPrinter.h"
#include "printer/SimulatedPrinter.h"
#include "support/KioskRun.h"
#include "support/Subprocess.h"
#include "sync/SyncProtocol.h"

using namespace hall;
using namespace hall::test;
using namespace std::chrono_literals;
using json = nlohmann::json;

namespace {

// A hall enrolled with the central, its printer simulated with its fault in a file, sending
// heartbeats every 200 ms through the hall role's own probe and sender.
struct HeartbeatingHall {
    HeartbeatingHall(Central& central, const std::string& terminalId)
        : lan("health-" + terminalId, "hall-" + terminalId), id(terminalId) {
        auto generated = DeviceKey::generate(terminalId, DeviceRole::Kiosk);
        REQUIRE(generated);
        key = *generated;
        REQUIRE(enrolWithCentral(central.endpoint, central.code(lan.config.hallId, "东城区"), key,
                                 "test"));
        // A counter of the hall: the hall lists it among the devices it has seen.
        counterKey = lan.enrol("counter-1", DeviceRole::Counter);
        lan.config.printer.kind = PrinterConfig::Kind::Simulated;
        lan.config.printer.simulatedFaultFile = faultFile();
        printer = std::make_unique<AsyncPrinter>(
            std::make_unique<SimulatedPrinter>("", faultFile()), [](uint64_t, Result<void>) {});
        lan.startServer();
        probe = std::make_unique<HealthProbe>(HealthProbe::Parts{
            lan.config, "0.7.0", clock, *lan.engine, printer.get(), nullptr, lan.server.get()});
        probe->noteScreen("attract");
        endpoint = central.endpoint;
    }
    std::filesystem::path faultFile() const { return lan.dir.path() / "printer-fault"; }
    void setFault(const std::string& fault) { writeFile(faultFile(), fault + "\n"); }
    void startHeartbeats() {
        sender = std::make_unique<HeartbeatSender>(
            endpoint, key, [this] { return probe->gather(); }, 200ms);
    }
    void stopHeartbeats() { sender.reset(); }

    LanHall lan;
    std::string id;
    DeviceKey key;
    DeviceKey counterKey;
    CorrectedClock clock;
    CentralEndpoint endpoint{"", ""};
    std::unique_ptr<AsyncPrinter> printer;
    std::unique_ptr<HealthProbe> probe;
    std::unique_ptr<HeartbeatSender> sender;
};

// The central with heartbeats judged quickly: silent after 1.5 s, looked for every 100 ms.
void quicken(Central& central) {
    central.server->stop();
    central.config.health.silentAfterMs = 1500;
    central.config.sweepInterval = 100ms;
    central.restart();
}

// kioskctl central, as a maintainer runs it from a shell.
struct Maintainer {
    explicit Maintainer(Central& central) {
        REQUIRE(central.maintainer.save(central.dir / "maint.key"));
        writeFile(central.dir / "maintainer.toml",
                  "[central]\nurl = \"" + central.endpoint.url + "\"\ncertificate = \"" +
                      central.endpoint.certificate.string() + "\"\nkey_file = \"maint.key\"\n");
        setup = (central.dir / "maintainer.toml").string();
    }
    json run(std::vector<std::string> args) const {
        args.insert(args.begin(), {kioskctlBinary(), "central"});
        args.insert(args.begin() + 3, {"--central-config", setup});
        auto r = runCommand(args);
        REQUIRE_MESSAGE(r.exitCode == 0, r.output);
        auto j = json::parse(r.output.substr(r.output.find('{')), nullptr, false);
        REQUIRE_MESSAGE(j.is_object(), r.output);
        return j;
    }
    std::string text(std::vector<std::string> args) const {
        args.insert(args.begin(), {kioskctlBinary(), "central"});
        args.insert(args.begin() + 3, {"--central-config", setup});
        auto r = runCommand(args);
        REQUIRE_MESSAGE(r.exitCode == 0, r.output);
        return r.output;
    }
    // The terminal as `kioskctl central terminals --json` lists it.
    json terminal(const std::string& id) const {
        const json listed = run({"terminals", "--json"});
        for (const auto& t : listed["terminals"]) {
            if (t["id"] == id)
                return t;
        }
        FAIL("terminal " << id << " is not listed: " << listed.dump());
        return {};
    }
    std::string setup;
};

// Waits up to 10 s for the terminal's health to satisfy `ok`; returns the last seen.
json waitFor(const Maintainer& m, const std::string& id,
             const std::function<bool(const json&)>& ok) {
    json t;
    for (int i = 0; i < 50; ++i) {
        t = m.terminal(id);
        if (t.contains("health") && ok(t["health"]))
            return t;
        std::this_thread::sleep_for(200ms);
    }
    return t;
}

bool hasAlert(const json& health, const std::string& code) {
    for (const auto& a : health["alerts"]) {
        if (a["code"] == code)
            return true;
    }
    return false;
}

void printerAlertsSetAndClear(Backend backend) {
    Central central(backend);
    HeartbeatingHall hall(central, "terminal-paper");
    auto counter = hall.lan.connect(hall.counterKey);
    REQUIRE(counter->get(lan::kPathQueue));
    hall.startHeartbeats();
    const Maintainer maintainer(central);

    json t = waitFor(maintainer, hall.id, [](const json& h) { return h["state"] == "green"; });
    REQUIRE_MESSAGE(t["health"]["state"] == "green", t.dump());
    const json& beat = t["health"]["heartbeat"];
    CHECK(beat["screen"] == "attract");
    CHECK(beat["roles"][0]["role"] == "hall");
    CHECK(beat["roles"][0]["version"] == "0.7.0");
    CHECK(beat["printer"]["kind"] == "simulated");
    CHECK(beat["printer"]["answered"] == true);
    CHECK(beat["store_bytes"].get<int64_t>() > 0);
    CHECK(beat["disk_total_bytes"].get<int64_t>() > beat["disk_free_bytes"].get<int64_t>());
    REQUIRE(beat["lan_devices"].size() == 1);
    CHECK(beat["lan_devices"][0]["id"] == "counter-1");
    CHECK(beat["lan_devices"][0]["role"] == "counter");
    CHECK(t["district"] == "东城区");

    hall.setFault("paper_out");
    t = waitFor(maintainer, hall.id, [](const json& h) { return h["state"] == "red"; });
    REQUIRE_MESSAGE(hasAlert(t["health"], "printer_paper_out"), t.dump());
    CHECK(t["health"]["heartbeat"]["printer"]["paper_out"] == true);
    // Worst first: the red terminal leads the fleet, ahead of a green one.
    HeartbeatingHall other(central, "terminal-fine");
    other.startHeartbeats();
    waitFor(maintainer, other.id, [](const json& h) { return h["state"] == "green"; });
    auto fleet = maintainer.run({"terminals", "--json"})["terminals"];
    REQUIRE(fleet.size() == 2);
    CHECK(fleet[0]["id"] == hall.id);
    CHECK(fleet[1]["id"] == other.id);
    const auto plain = maintainer.text({"terminals"});
    CHECK(plain.find("red printer_paper_out since") != std::string::npos);

    hall.setFault("paper_near_end");
    t = waitFor(maintainer, hall.id, [](const json& h) { return h["state"] == "amber"; });
    CHECK(hasAlert(t["health"], "printer_paper_near_end"));
    CHECK_FALSE(hasAlert(t["health"], "printer_paper_out"));
    hall.setFault("");
    t = waitFor(maintainer, hall.id, [](const json& h) { return h["state"] == "green"; });
    CHECK(t["health"]["alerts"].empty());

    // The history keeps each alert with since and until when.
    auto history = maintainer.run({"alerts", "--terminal", hall.id, "--json"})["alerts"];
    REQUIRE(history.size() == 2);
    CHECK(history[0]["code"] == "printer_paper_out");
    CHECK(history[1]["code"] == "printer_paper_near_end");
    for (const auto& a : history)
        CHECK(a["cleared"].get<int64_t>() >= a["since"].get<int64_t>());
    // The hall was red for part of today's opening hours (open all day here).
    const std::string today = toHallLocal(std::chrono::system_clock::now(), 8 * 60).date();
    auto uptime = maintainer.run({"uptime", "--day", today, "--json"});
    bool found = false;
    for (const auto& h : uptime["halls"]) {
        if (h["hall_id"] == hall.lan.config.hallId) {
            found = true;
            CHECK(h["uptime"].get<double>() < 1.0);
            CHECK(h["uptime"].get<double>() > 0.0);
            CHECK(h["alerts"] == 2);
        }
    }
    CHECK(found);
}

void silenceSetsAndClears(Backend backend) {
    Central central(backend);
    quicken(central);
    HeartbeatingHall hall(central, "terminal-quiet");
    hall.startHeartbeats();
    const Maintainer maintainer(central);
    json t = waitFor(maintainer, hall.id, [](const json& h) { return h["state"] == "green"; });
    REQUIRE(t["health"]["state"] == "green");
    hall.stopHeartbeats();
    t = waitFor(maintainer, hall.id, [](const json& h) { return h["state"] == "red"; });
    REQUIRE_MESSAGE(hasAlert(t["health"], "silent"), t.dump());
    hall.startHeartbeats();
    t = waitFor(maintainer, hall.id, [](const json& h) { return h["state"] == "green"; });
    CHECK(t["health"]["alerts"].empty());
    auto history = maintainer.run({"alerts", "--terminal", hall.id, "--json"})["alerts"];
    REQUIRE(history.size() == 1);
    CHECK(history[0]["code"] == "silent");
    CHECK(history[0].contains("cleared"));
}

}  // namespace

TEST_CASE(
    "health: a printer out of paper turns its terminal red at the central, near its end "
    "amber, and green again, and kioskctl lists it worst first with its history") {
    SUBCASE("SQLite") {
        printerAlertsSetAndClear(Backend::Sqlite);
    }
    SUBCASE("PostgreSQL") {
        printerAlertsSetAndClear(Backend::Postgres);
    }
}

TEST_CASE(
    "health: a terminal whose heartbeats stop turns red while its hall is open, and green "
    "when they come back") {
    SUBCASE("SQLite") {
        silenceSetsAndClears(Backend::Sqlite);
    }
    SUBCASE("PostgreSQL") {
        silenceSetsAndClears(Backend::Postgres);
    }
}

TEST_CASE(
    "health: two central instances sharing PostgreSQL raise a silent terminal's alert "
    "once, and clear it once") {
    Central central(Backend::Postgres);
    quicken(central);
    auto secondDatabases = openCentralDatabases(central.database);
    REQUIRE(secondDatabases);
    CentralServerConfig config = central.config;
    config.port = 0;
    CentralServer second(secondDatabases->refs(), config, central.clock);
    REQUIRE(second.start());
    HeartbeatingHall hall(central, "terminal-shared");
    hall.startHeartbeats();
    const Maintainer maintainer(central);
    waitFor(maintainer, hall.id, [](const json& h) { return h["state"] == "green"; });
    hall.stopHeartbeats();
    waitFor(maintainer, hall.id, [](const json& h) { return h["state"] == "red"; });
    std::this_thread::sleep_for(500ms);  // both instances sweep several times more
    hall.startHeartbeats();
    waitFor(maintainer, hall.id, [](const json& h) { return h["state"] == "green"; });
    auto spans = central.health->alerts(hall.id, 0);
    REQUIRE(spans);
    REQUIRE(spans->size() == 1);
    CHECK((*spans)[0].code == "silent");
    CHECK((*spans)[0].clearedMs > 0);
}

TEST_CASE(
    "health: a heartbeat for another hall, unsigned, or not a heartbeat is refused with "
    "the reason, and nothing is kept") {
    Central central;
    HeartbeatingHall hall(central, "terminal-odd");
    auto post = [&](const std::string& body, const DeviceKey* key) {
        auto answer = postToCentral(central.endpoint, sync::kPathHeartbeat, body, key,
                                    toUnixMillis(std::chrono::system_clock::now()));
        REQUIRE(answer);
        return *answer;
    };
    auto beat = health::heartbeatJson(hall.probe->gather());
    beat["hall_id"] = "hall-someone-else";
    auto wrong = post(beat.dump(), &hall.key);
    CHECK(wrong.status == 403);
    CHECK(wrong.body.find("central.wrong_hall") != std::string::npos);
    auto unsigned_ = post(health::heartbeatJson(hall.probe->gather()).dump(), nullptr);
    CHECK(unsigned_.status == 401);
    auto garbage = post("{\"hall_id\": 7}", &hall.key);
    CHECK(garbage.status == 400);
    CHECK(garbage.body.find("hall_id must be text") != std::string::npos);
    auto huge = post(std::string(40 * 1024, ' '), &hall.key);
    CHECK(huge.status == 413);
    auto kept = central.health->health(hall.id);
    REQUIRE(kept);
    CHECK_FALSE(kept->has_value());
}
