// central: the reference central service (docs/central-api.yaml).
//
//   central serve --config central.toml
//   central code --config central.toml --hall HALL [--district D] [--days N]
//   central terminals --config central.toml [--json]
//   central revoke --config central.toml --terminal ID
#include <charconv>
#include <csignal>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "CentralConfig.h"
#include "CentralServer.h"
#include "PostgresCentralStore.h"
#include "net/LivenessProbe.h"
#include "service/ServiceNotifier.h"
#include "sync/SyncProtocol.h"
#include "text/UntrustedJson.h"

namespace {

volatile std::sig_atomic_t stopping = 0;

std::string option(const std::vector<std::string>& args, const std::string& name,
                   const std::string& fallback = "") {
    for (size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == name)
            return args[i + 1];
    }
    return fallback;
}

constexpr const char* kUsage =
    "usage: central serve --config FILE\n"
    "       central code --config FILE --hall HALL [--district D] [--days N]\n"
    "       central terminals --config FILE [--json]\n"
    "       central revoke --config FILE --terminal ID\n"
    "       central --help\n";

int usage() {
    std::fputs(kUsage, stderr);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace hall;
    std::signal(SIGPIPE, SIG_IGN);
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty())
        return usage();
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (args[0] != "serve" && args[0] != "code" && args[0] != "terminals" && args[0] != "revoke")
        return usage();
    auto config = loadCentralConfig(option(args, "--config", "central.toml"));
    if (!config) {
        std::fprintf(stderr, "central: %s\n", config.message().c_str());
        return 2;
    }
    auto databases = openCentralDatabases(config->database);
    if (!databases) {
        std::fprintf(stderr, "central: %s\n", databases.message().c_str());
        return 1;
    }
    auto& store = databases->events;
    const SystemClock clock;
    const int64_t now = toUnixMillis(clock.now());
    if (args[0] == "serve") {
        CentralServer server(databases->refs(), config->server, clock);
        if (auto r = server.start(); !r) {
            std::fprintf(stderr, "central: %s\n", r.message().c_str());
            return 1;
        }
        std::fprintf(stderr, "central: serving https://%s:%d\n",
                     config->server.listenAddress.c_str(), server.port());
        std::signal(SIGINT, [](int) { stopping = 1; });
        std::signal(SIGTERM, [](int) { stopping = 1; });
        // Under systemd: ready now, and alive while the service answers its own requests
        // (and its store its lock), so a hung one is restarted (WatchdogSec=).
        ServiceNotifier systemd;
        systemd.ready("serving on port " + std::to_string(server.port()));
        std::unique_ptr<net::LivenessProbe> probe;
        if (systemd.watchdogInterval().count() > 0) {
            probe = std::make_unique<net::LivenessProbe>(
                net::LivenessProbe::localUrl(config->server.listenAddress, server.port(),
                                             sync::kPathTime),
                config->server.certificate, [&] { (void)store->terminal(""); });
        }
        while (!stopping) {
            if (probe && probe->answeredWithin(systemd.watchdogInterval() / 2))
                systemd.alive();
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        probe.reset();
        server.stop();
        return 0;
    }
    if (args[0] == "code") {
        const std::string hallId = option(args, "--hall");
        if (hallId.empty())
            return usage();
        const std::string daysText = option(args, "--days", "7");
        int64_t days = 0;
        const auto [end, ec] =
            std::from_chars(daysText.data(), daysText.data() + daysText.size(), days);
        if (ec != std::errc() || end != daysText.data() + daysText.size() || days < 1 ||
            days > 90) {
            std::fprintf(stderr, "central: --days must be a whole number from 1 to 90\n");
            return 2;
        }
        auto code = store->createEnrolmentCode(hallId, option(args, "--district"),
                                               now + days * 24 * 3600 * 1000);
        if (!code) {
            std::fprintf(stderr, "central: %s\n", code.message().c_str());
            return 1;
        }
        std::printf("%s\n", code->c_str());
        return 0;
    }
    if (args[0] == "terminals") {
        auto terminals = store->terminals();
        if (!terminals) {
            std::fprintf(stderr, "central: %s\n", terminals.message().c_str());
            return 1;
        }
        for (const auto& t : *terminals)
            std::printf("%s\n", dumpJson(terminalJson(t)).c_str());
        return 0;
    }
    if (args[0] == "revoke") {
        const std::string id = option(args, "--terminal");
        if (id.empty())
            return usage();
        if (auto r = store->revoke(id, now); !r) {
            std::fprintf(stderr, "central: %s\n", r.message().c_str());
            return 1;
        }
        return 0;
    }
    return usage();
}
