// The terminal's heartbeat and the central's alert rules: what a maintainer is told, and when.
#include <doctest/doctest.h>
#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "HealthRules.h"
#include "health/Heartbeat.h"
#include "printer/AsyncPrinter.h"
#include "printer/EscPosPrinter.h"
#include "printer/SimulatedPrinter.h"
#include "support/TempDir.h"
#include "text/UntrustedJson.h"

using namespace hall;
using namespace std::chrono_literals;

namespace {

constexpr int64_t kMinute = 60 * 1000;
// Monday 2026-11-30 10:00 in the halls' time (UTC+8).
constexpr int64_t kMondayTen = 1796004000000;
constexpr int kChina = 8 * 60;

OpeningHours weekdays(int fromMinute, int toMinute) {
    return OpeningHours{{1, 2, 3, 4, 5}, {{fromMinute, toMinute}}};
}

health::TerminalHealth sample() {
    health::TerminalHealth h;
    h.hallId = "hall-east";
    h.sentAtMs = kMondayTen;
    h.roles = {{"hall", "0.7.0", 3600}};
    h.screen = "attract";
    h.storeBytes = 4 << 20;
    h.diskFreeBytes = int64_t{20} << 30;
    h.diskTotalBytes = int64_t{64} << 30;
    h.lanDevices = {{"counter-1", "counter", kMondayTen - 5000}};
    h.printer = {"simulated", true, PrinterStatus{}, ""};
    h.scanners = {{"serial", true, kMondayTen - kMinute}};
    h.hours = {weekdays(8 * 60 + 30, 12 * 60), weekdays(13 * 60 + 30, 17 * 60)};
    return h;
}

std::vector<std::string> codes(const std::vector<AlertFinding>& alerts) {
    std::vector<std::string> out;
    for (const auto& a : alerts)
        out.push_back(a.code);
    return out;
}

std::vector<std::string> alertsFor(const health::TerminalHealth& h, int64_t at = kMondayTen) {
    return codes(findAlerts(h, advanceTrend({}, h, at), at, HealthThresholds{}));
}

}  // namespace

TEST_CASE(
    "health: a heartbeat arrives as it was sent, and one that is not a heartbeat is "
    "refused naming its field") {
    const auto h = sample();
    auto back = health::parseHeartbeat(dumpJson(health::heartbeatJson(h)));
    REQUIRE_MESSAGE(back, (back ? "" : back.message()));
    CHECK(*back == h);

    auto refusal = [&](auto change) {
        auto j = health::heartbeatJson(h);
        change(j);
        auto r = health::parseHeartbeat(j.dump());
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "sync.bad_request");
        return r.message();
    };
    CHECK(refusal([](auto& j) { j["store_bytes"] = -1; })
              .find("store_bytes must not be "
                    "negative") != std::string::npos);
    CHECK(refusal([](auto& j) { j.erase("printer"); }).find("printer must be an object") !=
          std::string::npos);
    CHECK(refusal([](auto& j) {
              j["printer"]["paper_out"] = "yes";
          }).find("printer.paper_out must be true or false") != std::string::npos);
    CHECK(refusal([](auto& j) {
              j["screen"] = std::string(300, 'a');
          }).find("screen must be UTF-8 text of at most") != std::string::npos);
    {
        auto text = dumpJson(health::heartbeatJson(h));
        text.replace(text.find("attract"), 7, "\xff\xfe");
        CHECK_FALSE(health::parseHeartbeat(text).ok());
    }
    CHECK(
        refusal([](auto& j) {
            j["lan_devices"] = nlohmann::json::array();
            for (int i = 0; i < 65; ++i)
                j["lan_devices"].push_back({{"id", "c"}, {"role", "counter"}, {"last_seen_ms", 1}});
        }).find("lan_devices lists more than 64") != std::string::npos);
    CHECK(refusal([](auto& j) {
              j["hours"][0]["intervals"][0] = {600, 500};
          }).find("hours[0].intervals") != std::string::npos);
    CHECK(refusal([](auto& j) { j["hours"][1]["weekdays"] = {0}; }).find("hours[1].weekdays") !=
          std::string::npos);
    CHECK(refusal([](auto& j) { j["roles"] = {1, 2}; }).find("roles") != std::string::npos);
    CHECK_FALSE(health::parseHeartbeat("[1,2,3]").ok());
    CHECK_FALSE(health::parseHeartbeat(std::string(20000, '{')).ok());
    CHECK_FALSE(health::parseHeartbeat("{\"hall_id\":").ok());
}

TEST_CASE(
    "health: each state the simulated printer reports is the alert a maintainer acts on, "
    "and none once the paper is back") {
    test::TempDir dir("printer-fault");
    const auto faultFile = dir.path() / "fault";
    SimulatedPrinter printer("", faultFile);
    auto reportWith = [&](const std::string& fault) {
        std::ofstream(faultFile) << fault << "\n";
        auto status = printer.status();
        REQUIRE(status);
        auto h = sample();
        h.printer.status = *status;
        return alertsFor(h);
    };
    CHECK(reportWith("").empty());
    CHECK(reportWith("paper_out") == std::vector<std::string>{"printer_paper_out"});
    CHECK(reportWith("paper_near_end") == std::vector<std::string>{"printer_paper_near_end"});
    CHECK(reportWith("cover_open") == std::vector<std::string>{"printer_fault"});
    CHECK(reportWith("cutter_error") == std::vector<std::string>{"printer_fault"});
    CHECK(reportWith("offline") == std::vector<std::string>{"printer_fault"});
    CHECK(reportWith("").empty());
    // A printer that does not answer is as bad as one that is broken; a file has no status.
    auto h = sample();
    h.printer = {"device", false, {}, "/dev/usb/lp0 did not answer its status"};
    auto silent = findAlerts(h, {}, kMondayTen, {});
    REQUIRE(silent.size() == 1);
    CHECK(silent[0].severity == Severity::Red);
    CHECK(silent[0].detail.find("/dev/usb/lp0 did not answer") != std::string::npos);
    h.printer = {"file", false, {}, "a file has no status"};
    CHECK(alertsFor(h).empty());
}

TEST_CASE(
    "health: a real ESC/POS printer's DLE EOT answer on a serial line is read between "
    "slips, and paper near its end reaches the alerts") {
    int master = -1, slave = -1;
    char name[256];
    REQUIRE(openpty(&master, &slave, name, nullptr, nullptr) == 0);
    termios raw{};
    tcgetattr(slave, &raw);
    cfmakeraw(&raw);
    tcsetattr(slave, TCSANOW, &raw);
    // The printer: answers each DLE EOT n with its status byte (roll sensor: near end).
    std::atomic<bool> stop{false};
    std::atomic<int> questions{0};
    std::thread device([&] {
        uint8_t prev[2] = {0, 0};
        while (!stop) {
            pollfd p{master, POLLIN, 0};
            if (poll(&p, 1, 50) <= 0)
                continue;
            uint8_t buf[256];
            const ssize_t n = read(master, buf, sizeof buf);
            for (ssize_t i = 0; i < n; ++i) {
                if (prev[0] == 0x10 && prev[1] == 0x04 && buf[i] >= 1 && buf[i] <= 4) {
                    const uint8_t answer = buf[i] == 4 ? 0x1E : 0x12;  // 0x0C: paper near end
                    (void)!write(master, &answer, 1);
                    ++questions;
                }
                prev[0] = prev[1];
                prev[1] = buf[i];
            }
        }
    });
    PrinterConfig config;
    config.kind = PrinterConfig::Kind::Device;
    config.path = name;
    config.timeoutMs = 2000;
    std::atomic<int> printed{0};
    AsyncPrinter printer(
        std::make_unique<EscPosPrinter>(makeDeviceSink(name, 2000ms), EscPosOptions{}, config),
        [&](uint64_t, Result<void> r) {
            if (r)
                ++printed;
        });
    printer.submit(Slip{});
    auto status = printer.status();
    stop = true;
    device.join();
    close(slave);
    close(master);
    REQUIRE_MESSAGE(status, (status ? "" : status.message()));
    CHECK(questions == 4);
    CHECK(status->online);
    CHECK(status->paperNearEnd);
    CHECK_FALSE(status->paperOut);
    auto h = sample();
    h.printer = {"device", true, *status, ""};
    CHECK(alertsFor(h) == std::vector<std::string>{"printer_paper_near_end"});
}

TEST_CASE(
    "health: disk, clock, backlog and restarts become alerts at their limits and not "
    "before") {
    const HealthThresholds limits;
    auto h = sample();
    h.diskFreeBytes = (int64_t{512} << 20) + 1;
    h.diskTotalBytes = int64_t{8} << 30;
    CHECK(alertsFor(h).empty());
    h.diskFreeBytes = int64_t{400} << 20;
    CHECK(alertsFor(h) == std::vector<std::string>{"disk_low"});
    // 5 % of a large disk is low too, though more than 512 MiB.
    h.diskTotalBytes = int64_t{1} << 40;
    h.diskFreeBytes = int64_t{40} << 30;
    CHECK(alertsFor(h) == std::vector<std::string>{"disk_low"});

    h = sample();
    h.clockOffsetMs = 59 * 1000;
    CHECK(alertsFor(h).empty());
    h.clockOffsetMs = -61 * 1000;
    CHECK(alertsFor(h) == std::vector<std::string>{"clock_off"});
    h.clockOffsetMs = 0;
    h.sentAtMs = kMondayTen - 3 * kMinute;  // sent by a clock minutes behind
    CHECK(alertsFor(h) == std::vector<std::string>{"clock_off"});

    // The outbox grows while uploads fail: amber once it has not fallen for 15 minutes.
    HealthTrend trend;
    h = sample();
    int64_t t = kMondayTen;
    std::vector<std::string> seen;
    for (int i = 0; i <= 40; ++i, t += 30000) {
        h.backlog = 10 + i;
        h.sentAtMs = t;
        h.lastUploadError = "sync.unreachable: central.example: connection refused";
        trend = advanceTrend(trend, h, t);
        seen = codes(findAlerts(h, trend, t, limits));
        if (i == 29)
            CHECK(seen.empty());  // 14.5 minutes
    }
    REQUIRE(seen == std::vector<std::string>{"backlog_growing"});
    CHECK(findAlerts(h, trend, t - 30000, limits)[0].detail.find("connection refused") !=
          std::string::npos);
    h.backlog = 3;  // uploads work again: falling
    trend = advanceTrend(trend, h, t);
    CHECK(findAlerts(h, trend, t, limits).empty());
    // A busy hall whose backlog goes up and down is not an alert.
    trend = {};
    for (int i = 0; i < 60; ++i, t += 30000) {
        h.backlog = i % 3;
        h.sentAtMs = t;
        trend = advanceTrend(trend, h, t);
        CHECK(findAlerts(h, trend, t, limits).empty());
    }

    // Three restarts within an hour: amber; an hour later it clears by itself.
    trend = {};
    h = sample();
    t = kMondayTen;
    for (int64_t uptime : {3600, 10, 40, 5, 35, 4, 34}) {
        h.roles = {{"hall", "0.7.0", uptime}};
        h.sentAtMs = t;
        trend = advanceTrend(trend, h, t);
        t += 30000;
    }
    CHECK(trend.restartsMs.size() == 3);
    CHECK(codes(findAlerts(h, trend, t, limits)) == std::vector<std::string>{"restarts"});
    h.roles = {{"hall", "0.7.0", 3700}};
    h.sentAtMs = t + 61 * kMinute;
    trend = advanceTrend(trend, h, t + 61 * kMinute);
    CHECK(findAlerts(h, trend, t + 61 * kMinute, limits).empty());
}

TEST_CASE(
    "health: a silent terminal is red only while its hall should be open, and a hall's "
    "uptime is the green share of its opening minutes") {
    const HealthThresholds limits;  // silent after 5 minutes
    const std::vector<OpeningHours> hours = sample().hours;
    const int64_t last = kMondayTen - 4 * kMinute;
    CHECK_FALSE(silenceAlert(hours, last, kMondayTen, limits, kChina));
    auto silent = silenceAlert(hours, last, kMondayTen + 2 * kMinute, limits, kChina);
    REQUIRE(silent);
    CHECK(silent->severity == Severity::Red);
    CHECK(silent->detail.find("6 min") != std::string::npos);
    // Lunch (12:00–13:30), the evening and Sunday are closed: no alert however long.
    CHECK_FALSE(silenceAlert(hours, last, kMondayTen + 150 * kMinute, limits, kChina));
    CHECK_FALSE(silenceAlert(hours, last, kMondayTen + 10 * 60 * kMinute, limits, kChina));
    CHECK_FALSE(silenceAlert(hours, last, kMondayTen + 6 * 24 * 60 * kMinute, limits, kChina));
    CHECK(silenceAlert(hours, last, kMondayTen + 7 * 24 * 60 * kMinute, limits, kChina));
    // No hours known (never heard from): never judged silent.
    CHECK_FALSE(silenceAlert({}, last, kMondayTen + 2 * kMinute, limits, kChina));

    // Monday: open 8:30–12:00 and 13:30–17:00, 420 minutes. Red 9:00–9:30 and amber during
    // lunch (closed, not counted) and 16:00–16:30 overlapping another alert 16:15–16:45.
    const int64_t midnight = kMondayTen - 10 * 60 * kMinute;
    auto at = [&](int h, int m) { return midnight + (h * 60 + m) * kMinute; };
    const std::vector<AlertSpan> alerts{
        {"t1", "silent", Severity::Red, "", at(9, 0), at(9, 30)},
        {"t1", "printer_paper_near_end", Severity::Amber, "", at(12, 10), at(13, 20)},
        {"t2", "printer_paper_out", Severity::Red, "", at(16, 0), at(16, 30)},
        {"t1", "disk_low", Severity::Amber, "", at(16, 15), at(16, 45)},
    };
    auto share = greenShare(hours, alerts, midnight, midnight + 24 * 60 * kMinute, kChina);
    REQUIRE(share);
    CHECK(*share == doctest::Approx((420.0 - 30 - 45) / 420.0));
    // An alert still on counts to the end of the range.
    auto still = alerts;
    still.push_back({"t1", "silent", Severity::Red, "", at(16, 50), 0});
    CHECK(*greenShare(hours, still, midnight, midnight + 24 * 60 * kMinute, kChina) ==
          doctest::Approx((420.0 - 30 - 45 - 10) / 420.0));
    // Sunday: no opening minute, no figure.
    CHECK_FALSE(greenShare(hours, alerts, midnight + 6 * 24 * 60 * kMinute,
                           midnight + 7 * 24 * 60 * kMinute, kChina));
    CHECK(worstOf({alerts[1], alerts[0]}) == Severity::Red);
    CHECK(worstOf({alerts[1]}) == Severity::Amber);
    CHECK(worstOf({}) == Severity::Green);
}
