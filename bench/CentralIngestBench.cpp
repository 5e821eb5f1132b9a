// Central ingest under load: many terminals uploading at once to a real central service (HTTPS,
// signatures, the store) on loopback, on SQLite or on PostgreSQL (a server this benchmark
// starts, as the tests do). Then one terminal draining a week's backlog of 50,000 events.
// Baseline in the same run: a request the central refuses before touching the store (TLS, HTTP
// and parsing alone). Prints JSON.
//
//   central_ingest_bench --store sqlite|postgresql [--terminals 100] [--batches 10]
//                        [--slow-peers N: an attacker's idle and slowloris connections]
//                        [--events 50] [--backlog 50000] [--dir FOLDER]
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "CentralServer.h"
#include "PostgresCentralStore.h"
#include "crypto/Random.h"
#include "lan/HallCertificate.h"
#include "queue/QueueEngine.h"
#include "support/PostgresServer.h"
#include "support/SlowPeers.h"
#include "sync/CentralLink.h"

using namespace hall;
using Steady = std::chrono::steady_clock;

namespace {

double percentile(std::vector<double> v, double q) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1))];
}

double msSince(Steady::time_point t0) {
    return std::chrono::duration<double, std::milli>(Steady::now() - t0).count();
}

// Issued tickets as the queue engine writes them: the central checks each against its kind.
std::vector<OutboxEvent> events(int64_t firstSeq, int n) {
    std::vector<OutboxEvent> out;
    for (int i = 0; i < n; ++i) {
        Ticket t;
        t.id = randomHex(16);
        t.seq = static_cast<int>(firstSeq + i);
        t.number = formatTicketNumber('A', t.seq, 3);
        t.serviceDay = "2026-11-18";
        t.issuedAtMs = 1795000000000 + i;
        out.push_back(
            {firstSeq + i, randomHex(16), "ticket.issued", t.issuedAtMs, ticketJson(t).dump()});
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    std::string storeKind = "sqlite";
    int terminals = 100, batches = 10, perBatch = 50, backlog = 50000, slowPeers = 0;
    std::filesystem::path dir = "build/bench-central";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--store")
            storeKind = argv[i + 1];
        else if (a == "--terminals")
            terminals = std::atoi(argv[i + 1]);
        else if (a == "--batches")
            batches = std::atoi(argv[i + 1]);
        else if (a == "--events")
            perBatch = std::atoi(argv[i + 1]);
        else if (a == "--backlog")
            backlog = std::atoi(argv[i + 1]);
        else if (a == "--dir")
            dir = argv[i + 1];
        else if (a == "--slow-peers")
            slowPeers = std::atoi(argv[i + 1]);
    }
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    if (!ensureHallCertificate(dir / "cert.pem", dir / "key.pem", "central", {"127.0.0.1"}))
        return 1;
    std::string database = (dir / "central.db").string();
    if (storeKind == "postgresql") {
        auto uri = test::PostgresServer::shared().createDatabase("bench_" + randomHex(4));
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
    auto& store = databases->events;
    SystemClock clock;
    CentralServerConfig config{"127.0.0.1", 0, dir / "cert.pem", dir / "key.pem", {}, 8 * 60, {}};
    config.orderKey = dir / "orders.key";
    CentralServer server(databases->refs(), config, clock);
    if (!server.start())
        return 1;
    const CentralEndpoint endpoint{"https://127.0.0.1:" + std::to_string(server.port()),
                                   dir / "cert.pem"};
    std::vector<DeviceKey> keys;
    for (int t = 0; t < terminals + 1; ++t) {
        auto key = DeviceKey::generate("t" + std::to_string(t), DeviceRole::Kiosk);
        auto code = store->createEnrolmentCode("hall-" + std::to_string(t), "d",
                                               toUnixMillis(clock.now()) + 3600000);
        if (!key || !code || !enrolWithCentral(endpoint, *code, *key, "bench"))
            return 1;
        keys.push_back(std::move(key).value());
    }

    // An attacker without a key holding connections open (half idle, half slowloris) throughout.
    std::unique_ptr<test::SlowPeers> attack;
    if (slowPeers > 0) {
        attack = std::make_unique<test::SlowPeers>(server.port(), slowPeers / 2,
                                                   slowPeers - slowPeers / 2, "127.0.0.2");
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    }

    // Baseline: refused before the store (an enrolment with a malformed body).
    std::vector<double> baseline;
    for (int i = 0; i < 200; ++i) {
        const auto t0 = Steady::now();
        auto r = postToCentral(endpoint, sync::kPathEnrol, "{}", nullptr, 0);
        if (r)
            baseline.push_back(msSince(t0));
    }

    std::mutex mutex;
    std::vector<double> latencies;
    int failures = 0;
    const auto start = Steady::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < terminals; ++t) {
        threads.emplace_back([&, t] {
            for (int b = 0; b < batches; ++b) {
                const std::string body =
                    sync::uploadJson(
                        {"hall-" + std::to_string(t), events(1 + b * perBatch, perBatch), {}, {}})
                        .dump();
                const auto t0 = Steady::now();
                auto r = postToCentral(endpoint, sync::kPathEvents, body, &keys[t],
                                       toUnixMillis(clock.now()));
                const double ms = msSince(t0);
                std::lock_guard lock(mutex);
                if (r && r->status == 200)
                    latencies.push_back(ms);
                else
                    ++failures;
            }
        });
    }
    for (auto& th : threads)
        th.join();
    const double seconds = msSince(start) / 1000;

    // A week offline: one terminal, 50,000 events, batches of 500, one after the other.
    const auto drainStart = Steady::now();
    const DeviceKey& late = keys[static_cast<size_t>(terminals)];
    for (int sent = 0; sent < backlog; sent += 500) {
        const std::string body = sync::uploadJson({"hall-" + std::to_string(terminals),
                                                   events(1 + sent, std::min(500, backlog - sent)),
                                                   {},
                                                   {}})
                                     .dump();
        auto r = postToCentral(endpoint, sync::kPathEvents, body, &late, toUnixMillis(clock.now()));
        if (!r || r->status != 200)
            ++failures;
    }
    const double drainSeconds = msSince(drainStart) / 1000;
    server.stop();

    const double total = static_cast<double>(latencies.size()) * perBatch;
    nlohmann::ordered_json out{{"store", storeKind},
                               {"slow_peers", attack ? attack->opened() : 0},
                               {"terminals", terminals},
                               {"batches", latencies.size()},
                               {"events_per_batch", perBatch},
                               {"failures", failures},
                               {"events_per_second", std::round(total / seconds)},
                               {"batch_p50_ms", percentile(latencies, 0.5)},
                               {"batch_p99_ms", percentile(latencies, 0.99)},
                               {"baseline_p50_ms", percentile(baseline, 0.5)},
                               {"baseline_p99_ms", percentile(baseline, 0.99)},
                               {"backlog_events", backlog},
                               {"backlog_seconds", drainSeconds}};
    std::printf("%s\n", out.dump().c_str());
    return failures == 0 ? 0 : 1;
}
