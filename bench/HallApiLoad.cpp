// Hall LAN API under load: 8 counters, each on its own thread and connection, calling and
// finishing as fast as the hall answers, against a real hall server (TLS, signatures, the
// engine and an fsync'd SQLite store) on loopback. Prints calls per second and latency
// percentiles as JSON. Baseline in the same run: GET /api/v1/time, the cost of TLS and HTTP
// alone.
//
// With --slow-peers N, a hostile device on the LAN (127.0.0.2) first opens N connections, half
// of them idle and half sending a request one byte every half second (slowloris), and holds
// them for the whole run.
//
//   hall_api_load [--counters 8] [--calls 500] [--slow-peers 0] [--dir FOLDER]
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "config/HallConfig.h"
#include "crypto/Hashing.h"
#include "crypto/Random.h"
#include "lan/DeviceKey.h"
#include "lan/HallConnection.h"
#include "lan/HallServer.h"
#include "lan/LanProtocol.h"
#include "queue/QueueEngine.h"
#include "support/SlowPeers.h"

using namespace hall;
using Steady = std::chrono::steady_clock;

namespace {

double percentile(std::vector<double> v, double q) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    int counters = 8;
    int calls = 500;
    int slowPeers = 0;
    std::filesystem::path dir = "build/bench-api";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--counters"))
            counters = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--calls"))
            calls = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--dir"))
            dir = argv[i + 1];
        if (!std::strcmp(argv[i], "--slow-peers"))
            slowPeers = std::atoi(argv[i + 1]);
    }
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto pin = hashPin("2468");
    std::string text =
        "[hall]\nid = \"bench\"\nlanguages = [\"zh-CN\"]\nname.zh-CN = "
        "\"基准\"\n[kiosk]\nassets_dir = \".\"\n"
        "[store]\ndata_dir = \"data\"\n[printer]\nkind = \"none\"\n[lan]\nlisten_address = "
        "\"127.0.0.1\"\nport = 0\n"
        "certificate_names = [\"127.0.0.1\"]\n[[services]]\nletter = \"A\"\nname.zh-CN = \"A\"\n"
        "days = [1, 2, 3, 4, 5, 6, 7]\nhours = [\"00:00-24:00\"]\n";
    for (int w = 1; w <= counters; ++w) {
        text += "[[windows]]\nnumber = " + std::to_string(w) + "\n[[staff]]\nid = \"" +
                std::to_string(100 + w) + "\"\nname = \"s\"\npin_hash = \"" + *pin + "\"\n";
    }
    auto config = parseHallConfig(text, dir / "hall.toml");
    if (!config) {
        std::fprintf(stderr, "%s\n", config.message().c_str());
        return 1;
    }
    std::vector<DeviceKey> keys;
    for (int i = 1; i <= counters; ++i) {
        keys.push_back(*DeviceKey::generate("counter-" + std::to_string(i), DeviceRole::Counter));
        (void)keys.back().savePublic(config->lan.devicesDir);
    }
    SystemClock clock;
    QueueEngine engine(*config, clock);
    if (auto r = engine.connect(); !r)
        return 1;
    for (int i = 0; i < counters * calls; ++i)
        (void)engine.execute(IssueTicketCommand{'A', std::nullopt, std::nullopt, {}, {}},
                             Actor{"k", {}, false});
    HallServer server(engine, *config, clock);
    if (auto r = server.start(); !r) {
        std::fprintf(stderr, "%s\n", r.message().c_str());
        return 1;
    }
    engine.setChangeListener([&] { server.notifyChanged(); });
    const std::string url = "https://127.0.0.1:" + std::to_string(server.port());
    std::unique_ptr<test::SlowPeers> attack;
    if (slowPeers > 0) {
        attack = std::make_unique<test::SlowPeers>(server.port(), slowPeers / 2,
                                                   slowPeers - slowPeers / 2, "127.0.0.2");
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    }

    std::vector<std::vector<double>> callMs(static_cast<size_t>(counters));
    std::vector<std::vector<double>> timeMs(static_cast<size_t>(counters));
    std::vector<std::thread> threads;
    const auto start = Steady::now();
    for (int i = 0; i < counters; ++i) {
        threads.emplace_back([&, i] {
            HallConnection c(keys[static_cast<size_t>(i)], url, config->lan.certificate);
            auto login =
                c.post(lan::kPathLogin, {{"staff_id", std::to_string(101 + i)}, {"pin", "2468"}},
                       randomHex(8));
            const std::string token = login ? (*login)["token"].get<std::string>() : "";
            (void)c.post(lan::kPathCommands, lan::commandToJson(OpenWindowCommand{i + 1}),
                         randomHex(8), token);
            for (int n = 0; n < calls; ++n) {
                auto t0 = Steady::now();
                auto r = c.post(lan::kPathCommands, lan::commandToJson(CallNextCommand{i + 1}),
                                randomHex(8), token);
                callMs[static_cast<size_t>(i)].push_back(
                    std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
                (void)c.post(lan::kPathCommands,
                             lan::commandToJson(FinishCommand{i + 1, "completed"}), randomHex(8),
                             token);
                if (!r)
                    std::fprintf(stderr, "call failed: %s\n", r.message().c_str());
                t0 = Steady::now();
                (void)c.get(lan::kPathTime);
                timeMs[static_cast<size_t>(i)].push_back(
                    std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
            }
        });
    }
    for (auto& t : threads)
        t.join();
    const double seconds = std::chrono::duration<double>(Steady::now() - start).count();
    std::vector<double> allCalls, allTime;
    for (int i = 0; i < counters; ++i) {
        allCalls.insert(allCalls.end(), callMs[static_cast<size_t>(i)].begin(),
                        callMs[static_cast<size_t>(i)].end());
        allTime.insert(allTime.end(), timeMs[static_cast<size_t>(i)].begin(),
                       timeMs[static_cast<size_t>(i)].end());
    }
    nlohmann::json out{{"counters", counters},
                       {"slow_peers", attack ? attack->opened() : 0},
                       {"slow_peers_still_open", attack ? attack->slowOpen() : 0},
                       {"calls", allCalls.size()},
                       {"seconds", seconds},
                       // Each loop also finishes and asks the time: three requests per call.
                       {"calls_per_second", static_cast<double>(allCalls.size()) / seconds},
                       {"call_p50_ms", percentile(allCalls, 0.5)},
                       {"call_p99_ms", percentile(allCalls, 0.99)},
                       {"baseline_time_p50_ms", percentile(allTime, 0.5)},
                       {"baseline_time_p99_ms", percentile(allTime, 0.99)}};
    std::printf("%s\n", out.dump().c_str());
    server.stop();
    return 0;
}
