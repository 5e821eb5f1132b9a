// The web console under a fleet's load: 2,000 terminals sending their heartbeats to one
// central (HTTPS, signatures, the store) on SQLite or PostgreSQL, at the rate they would (one
// every 30 s each) or as fast as they can, while a maintainer opens the fleet page in Debian's
// Chromium. Baseline in the same run, interleaved: a static page served by the same central.
// Prints JSON.
//
//   fleet_console_bench --store sqlite|postgresql [--terminals 2000] [--loads 10]
//                       [--senders 8] [--dir FOLDER]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "CentralServer.h"
#include "crypto/Random.h"
#include "health/Heartbeat.h"
#include "lan/HallCertificate.h"
#include "support/Browser.h"
#include "support/PostgresServer.h"
#include "sync/CentralAdmin.h"
#include "sync/CentralLink.h"
#include "sync/SyncProtocol.h"
#include "text/UntrustedJson.h"

using namespace hall;
using Steady = std::chrono::steady_clock;

namespace {

double percentile(std::vector<double> v, double q) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1))];
}

// A terminal's heartbeat; one in twenty out of paper, one in fifty with its paper near its end.
std::string heartbeatOf(int t, int64_t nowMs) {
    health::TerminalHealth h;
    h.hallId = "hall-" + std::to_string(t / 2);
    h.sentAtMs = nowMs;
    h.roles = {{"hall", "0.7.0", 3600 + t}};
    h.screen = "attract";
    h.storeBytes = 8 << 20;
    h.diskFreeBytes = int64_t{20} << 30;
    h.diskTotalBytes = int64_t{64} << 30;
    h.lanDevices = {{"counter-1", "counter", nowMs - 2000}, {"display", "display", nowMs - 900}};
    h.printer.kind = "device";
    h.printer.answered = true;
    h.printer.status.paperOut = t % 20 == 0;
    h.printer.status.paperNearEnd = t % 50 == 1;
    h.scanners = {{"serial", true, nowMs - 60000}};
    h.hours = {OpeningHours{{1, 2, 3, 4, 5, 6, 7}, {{0, 1440}}}};
    return dumpJson(health::heartbeatJson(h));
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    std::string storeKind = "sqlite";
    int terminals = 2000, loads = 10, senders = 8;
    std::filesystem::path dir = "build/bench-fleet";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--store")
            storeKind = argv[i + 1];
        else if (a == "--terminals")
            terminals = std::atoi(argv[i + 1]);
        else if (a == "--loads")
            loads = std::atoi(argv[i + 1]);
        else if (a == "--senders")
            senders = std::atoi(argv[i + 1]);
        else if (a == "--dir")
            dir = argv[i + 1];
    }
    std::string why;
    if (!test::Browser::available(why)) {
        std::fprintf(stderr, "fleet_console_bench: %s\n", why.c_str());
        return 1;
    }
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    if (!ensureHallCertificate(dir / "cert.pem", dir / "key.pem", "central", {"127.0.0.1"}))
        return 1;
    std::string database = (dir / "central.db").string();
    if (storeKind == "postgresql") {
        auto uri = test::PostgresServer::shared().createDatabase("fleet_" + randomHex(4));
        if (!uri) {
            std::fprintf(stderr, "%s\n", uri.message().c_str());
            return 1;
        }
        database = *uri;
    }
    auto databases = openCentralDatabases(database);
    if (!databases) {
        std::fprintf(stderr, "%s\n", databases.message().c_str());
        return 1;
    }
    // The fleet, enrolled before the central starts (as after years of enrolments).
    std::vector<DeviceKey> keys;
    for (int t = 0; t < terminals; ++t) {
        auto key = DeviceKey::generate("t" + std::to_string(t), DeviceRole::Kiosk).value();
        const std::string hallId = "hall-" + std::to_string(t / 2);
        auto code = databases->events->createEnrolmentCode(
            hallId, "district-" + std::to_string(t % 16), 4102444800000);
        if (!code || !databases->events->enrol(*code, key.id, key.publicKey, "kiosk 0.7.0", 0))
            return 1;
        keys.push_back(std::move(key));
    }
    const auto maintainer = DeviceKey::generate("maint-bench", DeviceRole::Maintainer).value();
    SystemClock clock;
    CentralServerConfig config{"127.0.0.1", 0, dir / "cert.pem", dir / "key.pem", {}, 8 * 60, {}};
    config.maintainers[maintainer.id] = maintainer.publicKey;
    config.orderKey = dir / "orders.key";
    config.limits.threads = 8;
    CentralServer server(databases->refs(), config, clock);
    if (auto started = server.start(); !started) {
        std::fprintf(stderr, "%s\n", started.message().c_str());
        return 1;
    }
    const CentralEndpoint endpoint{"https://127.0.0.1:" + std::to_string(server.port()),
                                   dir / "cert.pem"};

    // Every terminal once, as fast as the senders go: the store holds the whole fleet's health,
    // and the central's capacity for heartbeats is measured.
    std::atomic<int> next{0}, failed{0};
    std::vector<double> latencies;
    std::mutex latencyMutex;
    auto send = [&](int t) {
        const auto t0 = Steady::now();
        auto answer =
            postToCentral(endpoint, sync::kPathHeartbeat, heartbeatOf(t, toUnixMillis(clock.now())),
                          &keys[t], toUnixMillis(clock.now()));
        const double ms = std::chrono::duration<double, std::milli>(Steady::now() - t0).count();
        if (!answer || answer->status != 200)
            ++failed;
        std::lock_guard lock(latencyMutex);
        latencies.push_back(ms);
    };
    const auto burstStart = Steady::now();
    {
        std::vector<std::thread> threads;
        for (int s = 0; s < senders; ++s) {
            threads.emplace_back([&] {
                for (int t = next++; t < terminals; t = next++)
                    send(t);
            });
        }
        for (auto& th : threads)
            th.join();
    }
    const double burstSeconds = std::chrono::duration<double>(Steady::now() - burstStart).count();
    const double burstP50 = percentile(latencies, 0.5), burstP95 = percentile(latencies, 0.95);
    latencies.clear();

    // Then the fleet's own pace: every terminal every 30 s (terminals / 30 per second), kept
    // up while the maintainer loads the pages.
    std::atomic<bool> stop{false};
    std::atomic<int64_t> sent{0};
    std::thread steady([&] {
        const auto period = std::chrono::duration<double>(30.0 / terminals);
        auto due = Steady::now();
        int t = 0;
        std::vector<std::thread> inFlight;
        while (!stop) {
            std::this_thread::sleep_until(due);
            due += std::chrono::duration_cast<Steady::duration>(period);
            inFlight.emplace_back([&, t] { send(t); });
            ++sent;
            t = (t + 1) % terminals;
            if (inFlight.size() >= 64) {
                for (auto& th : inFlight)
                    th.join();
                inFlight.clear();
            }
        }
        for (auto& th : inFlight)
            th.join();
    });

    auto login =
        askCentral(endpoint, sync::kPathAdminLogin, nlohmann::json::object(), maintainer, clock);
    if (!login) {
        std::fprintf(stderr, "%s\n", login.message().c_str());
        return 1;
    }
    test::Browser browser;
    browser.open(endpoint.url + (*login)["path"].get<std::string>());
    browser.click("#enter");
    browser.waitFor("document.body.dataset.loaded");
    // Page load as the browser counts it: from the start of navigation to the page showing
    // what it fetched (the fleet) or to its load event (the static page).
    const std::string shownAt =
        "Number(document.body.dataset.loaded || 0) - performance.timeOrigin";
    const std::string loadedAt = "performance.getEntriesByType('navigation')[0].loadEventEnd";
    std::vector<double> fleetMs, staticMs;
    const std::string staticPage = endpoint.url + "/console/login?token=" + std::string(64, '0');
    for (int i = 0; i < loads; ++i) {
        browser.open(staticPage);
        staticMs.push_back(browser.eval(loadedAt).get<double>());
        browser.open(endpoint.url + "/console/");
        browser.waitFor("document.querySelectorAll('tr[data-terminal]').length > 0");
        fleetMs.push_back(browser.eval(shownAt).get<double>());
    }
    const int rows =
        browser.eval("document.querySelectorAll('tr[data-terminal]').length").get<int>();
    stop = true;
    steady.join();
    server.stop();

    const double fleetP50 = percentile(fleetMs, 0.5), staticP50 = percentile(staticMs, 0.5);
    const nlohmann::ordered_json out{
        {"store", storeKind},
        {"terminals", terminals},
        {"burst_heartbeats_per_s", std::round(terminals / burstSeconds)},
        {"burst_latency_ms_p50", burstP50},
        {"burst_latency_ms_p95", burstP95},
        {"steady_heartbeats", sent.load()},
        {"steady_latency_ms_p50", percentile(latencies, 0.5)},
        {"steady_latency_ms_p95", percentile(latencies, 0.95)},
        {"failed", failed.load()},
        {"fleet_rows", rows},
        {"fleet_page_ms_p50", fleetP50},
        {"fleet_page_ms_max", percentile(fleetMs, 1.0)},
        {"static_page_ms_p50", staticP50},
        {"fleet_vs_static", std::round(fleetP50 / staticP50 * 10) / 10}};
    std::printf("%s\n", out.dump().c_str());
    return failed.load() == 0 ? 0 : 1;
}
