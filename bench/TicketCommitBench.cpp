// Tap to committed ticket: the time ResidentSession::takeTicket takes from the tap's intent to
// a ticket durably committed (WAL, synchronous=FULL, fsync), on the disk the benchmark runs on.
// Baseline in the same run: the bare cost of one fsync'd single-row SQLite transaction.
//
// Run it on the disk the terminal uses: BENCH_DIR (default: the current folder). A tmpfs would
// make fsync free and the figures meaningless.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "config/HallConfig.h"
#include "session/ResidentSession.h"
#include "store/HallStore.h"

namespace {

using namespace hall;
namespace fs = std::filesystem;

fs::path freshDir(const char* name) {
    const char* base = std::getenv("BENCH_DIR");
    fs::path dir = fs::path(base ? base : ".") / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void reportPercentiles(benchmark::State& state, std::vector<double>& ms) {
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) {
        return ms[static_cast<size_t>(q * static_cast<double>(ms.size() - 1))];
    };
    state.counters["p50_ms"] = at(0.50);
    state.counters["p99_ms"] = at(0.99);
    state.counters["max_ms"] = ms.back();
}

HallConfig benchConfig(const fs::path& dataDir) {
    auto r = parseHallConfig(R"(
[hall]
id = "bench"
languages = ["zh-CN"]
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
days = [1, 2, 3, 4, 5, 6, 7]
hours = ["00:00-24:00"]
)",
                             "bench.toml");
    if (!r)
        throw std::runtime_error(r.message());
    HallConfig c = std::move(r).value();
    c.dataDir = dataDir;
    return c;
}

void BM_TapToCommittedTicket(benchmark::State& state) {
    const HallConfig config = benchConfig(freshDir("bench-tickets"));
    SystemClock clock;
    QueueEngine queue(config, clock);
    ResidentSession session(config, queue, clock);
    session.start();
    std::vector<double> ms;
    for (auto _ : state) {
        session.chooseService('A');
        const auto t0 = std::chrono::steady_clock::now();
        auto issued = session.takeTicket(std::nullopt);
        const auto t1 = std::chrono::steady_clock::now();
        if (!issued) {
            state.SkipWithError("ticket refused");
            break;
        }
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        session.finish();
    }
    reportPercentiles(state, ms);
}

// A ticket for a resident identified by a scanned code: the same commit, plus the slow keyed
// hash of the ID number (Argon2id, 64 MiB) that is all the store keeps of it.
void BM_TicketForIdentifiedResident(benchmark::State& state) {
    HallConfig config = benchConfig(freshDir("bench-identified"));
    config.identity.hashKeyFile = config.dataDir / "identity.key";
    SystemClock clock;
    QueueEngine queue(config, clock);
    if (!queue.connect())
        throw std::runtime_error("cannot open the store");
    std::vector<double> ms;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        // A made-up number with a valid check digit: nobody's.
        auto issued = queue.issueTicket('A', std::nullopt, {}, "11010519491231002X");
        const auto t1 = std::chrono::steady_clock::now();
        if (!issued) {
            state.SkipWithError("ticket refused");
            break;
        }
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    reportPercentiles(state, ms);
}

void BM_BaselineFsyncedSqliteInsert(benchmark::State& state) {
    const fs::path dir = freshDir("bench-baseline");
    auto db = Database::open(dir / "baseline.db");
    if (!db)
        throw std::runtime_error(db.message());
    for (const char* sql : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
                            "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"}) {
        if (!db->exec(sql, "setup"))
            throw std::runtime_error("setup failed");
    }
    std::vector<double> ms;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        (void)db->exec("BEGIN IMMEDIATE; INSERT INTO t (v) VALUES ('A001'); COMMIT", "insert");
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
    }
    reportPercentiles(state, ms);
}

}  // namespace

BENCHMARK(BM_BaselineFsyncedSqliteInsert)->Iterations(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TapToCommittedTicket)->Iterations(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TicketForIdentifiedResident)->Iterations(50)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
