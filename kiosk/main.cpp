// kiosk: the hall terminal. One binary, three roles: the hall (the resident terminal, which owns
// the queue and serves the hall LAN API), a staff counter, and the call display.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "app/KioskRunner.h"
#include "config/DeviceConfig.h"
#include "config/LastGoodConfig.h"
#include "counter/CounterRole.h"
#include "display/DisplayRole.h"
#include "lan/DeviceKey.h"
#include "resident/ResidentRole.h"
#include "sync/BundleContent.h"
#include "sync/CentralLink.h"

namespace {

constexpr const char* kUsage =
    "usage: kiosk [--role hall|counter|display] [--config FILE] [--size WIDTHxHEIGHT]\n"
    "             [--ui-map FILE] [--record DIR] [--snapshot FILE.png [--screen NAME]]\n"
    "\n"
    "  --role hall        the resident terminal: owns the queue, prints tickets, serves the hall "
    "LAN\n"
    "  --role counter     a staff counter (叫号), a client of the hall over the LAN\n"
    "  --role display     the call display with voice, a client of the hall over the LAN\n"
    "  --config FILE      hall: the hall configuration (default config/hall.toml);\n"
    "                     counter, display: the device's configuration\n"
    "  --size WxH         a window of this size instead of full screen\n"
    "  --ui-map FILE      keep FILE updated with the named targets on screen (tests, diagnostics)\n"
    "  --record DIR       write a PNG into DIR of every screen shown, once it has settled\n"
    "  --snapshot FILE    draw the first complete frame of a screen into FILE (PNG) and exit;\n"
    "                     the hall's snapshot is read-only: safe while the terminal itself runs\n"
    "  --screen NAME      hall: attract, confirm, ticket, paused; counter: login, desk; display: "
    "board\n";

bool parseSize(const char* text, int& w, int& h) {
    return std::sscanf(text, "%dx%d", &w, &h) == 2 && w >= 320 && h >= 320 && w <= 8192 &&
           h <= 8192;
}

int runHall(const std::string& configFile, hall::RunOptions options) {
    auto loaded = hall::loadConfigKeepingLastGood(configFile);
    if (!loaded) {
        std::fprintf(stderr, "kiosk: the configuration cannot be used:\n%s\n",
                     loaded.message().c_str());
        return 2;
    }
    if (loaded->rejected) {
        std::fprintf(
            stderr,
            "kiosk: the configuration was refused and the last good copy is in force:\n%s\n",
            loaded->rejected->c_str());
    }
    // What maintainers published for this hall, if it takes bundles: the config and issuer keys
    // in force are the local ones with the published ones put in.
    std::unique_ptr<hall::sync::BundleStore> bundles;
    std::vector<std::string> leftOut;
    if (!loaded->config.central.publishers.empty()) {
        bundles = std::make_unique<hall::sync::BundleStore>(
            loaded->config.dataDir / "bundles", loaded->config.central.publishers,
            loaded->config.hallId, hall::enrolledDistrict(loaded->config.central.keyFile));
    }
    const hall::HallConfig config =
        bundles ? hall::sync::withPublishedBundles(loaded->config, *bundles, leftOut)
                : loaded->config;
    for (const auto& why : leftOut)
        std::fprintf(stderr, "kiosk: %s\n", why.c_str());
    auto tr = hall::Translations::load(config.assetsDir / "i18n", config.languages);
    if (!tr) {
        std::fprintf(stderr, "kiosk: the translations cannot be used:\n%s\n", tr.message().c_str());
        return 2;
    }
    hall::CorrectedClock clock;
    hall::ResidentRole role(config, *tr, clock,
                            options.snapshot ? hall::QueueEngine::Access::ReadOnly
                                             : hall::QueueEngine::Access::ReadWrite);
    role.useBundles(bundles.get());
    role.loadProofCatalog();
    options.tapGuardMs = config.tapGuardMs;
    if (options.snapshotScreen.empty())
        options.snapshotScreen = "attract";
    return hall::runKiosk(role, options);
}

template <typename Role>
int runDevice(const std::string& configFile, hall::RunOptions options, const char* defaultScreen) {
    auto config = hall::loadDeviceConfig(configFile);
    if (!config) {
        std::fprintf(stderr, "kiosk: the configuration cannot be used:\n%s\n",
                     config.message().c_str());
        return 2;
    }
    auto key = hall::DeviceKey::load(config->keyFile);
    if (!key) {
        std::fprintf(stderr, "kiosk: the device key cannot be used:\n%s\n", key.message().c_str());
        return 2;
    }
    auto tr = hall::Translations::load(config->assetsDir / "i18n", {config->language});
    if (!tr) {
        std::fprintf(stderr, "kiosk: the translations cannot be used:\n%s\n", tr.message().c_str());
        return 2;
    }
    if (options.snapshotScreen.empty())
        options.snapshotScreen = defaultScreen;
    Role role(*config, *key, *tr);
    return hall::runKiosk(role, options);
}

}  // namespace

int main(int argc, char** argv) {
    // A write to a LAN peer that has gone must be an error to handle, not a silent death.
    std::signal(SIGPIPE, SIG_IGN);
    hall::RunOptions options;
    std::string configFile;
    std::string role = "hall";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](const char* name) -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "kiosk: %s needs a value\n%s", name, kUsage);
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--config") {
            configFile = value("--config");
        } else if (arg == "--role") {
            role = value("--role");
        } else if (arg == "--size") {
            const char* v = value("--size");
            if (!parseSize(v, options.width, options.height)) {
                std::fprintf(stderr, "kiosk: --size %s: expected WIDTHxHEIGHT such as 1080x1920\n",
                             v);
                return 2;
            }
        } else if (arg == "--ui-map") {
            options.uiMap = value("--ui-map");
        } else if (arg == "--record") {
            options.recordDir = value("--record");
        } else if (arg == "--snapshot") {
            options.snapshot = value("--snapshot");
        } else if (arg == "--screen") {
            options.snapshotScreen = value("--screen");
        } else if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        } else {
            std::fprintf(stderr, "kiosk: unknown argument %s\n%s", arg.c_str(), kUsage);
            return 2;
        }
    }
    if (options.snapshot && options.width == 0) {
        options.width = role == "hall" ? 1080 : 1920;
        options.height = role == "hall" ? 1920 : 1080;
    }
    if (role == "hall") {
        int rc = hall::kRunAgain;
        while (rc == hall::kRunAgain)
            rc = runHall(configFile.empty() ? "config/hall.toml" : configFile, options);
        return rc;
    }
    if (configFile.empty()) {
        std::fprintf(stderr, "kiosk: --role %s needs --config with the device's configuration\n",
                     role.c_str());
        return 2;
    }
    if (role == "counter")
        return runDevice<hall::CounterRole>(configFile, options, "desk");
    if (role == "display")
        return runDevice<hall::DisplayRole>(configFile, options, "board");
    std::fprintf(stderr, "kiosk: --role %s: expected hall, counter or display\n", role.c_str());
    return 2;
}
