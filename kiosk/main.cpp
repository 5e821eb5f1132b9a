// kiosk: the hall terminal. One binary, three roles: the hall (the resident terminal, which owns
// the queue and serves the hall LAN API), a staff counter, and the call display.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "app/KioskRunner.h"
#include "config/DeviceConfig.h"
#include "config/LastGoodConfig.h"
#include "counter/CounterRole.h"
#include "display/DisplayRole.h"
#include "lan/DeviceKey.h"
#include "outofservice/OutOfServiceRole.h"
#include "resident/ResidentRole.h"
#include "sync/BundleContent.h"
#include "sync/CentralLink.h"

namespace {

constexpr const char* kUsage =
    "usage: kiosk [--role hall|counter|display] [--config FILE] [--size WIDTHxHEIGHT]\n"
    "             [--ui-map FILE] [--record DIR] [--snapshot FILE.png [--screen NAME]]\n"
    "             [--lang zh-CN|ko|en] [--care]\n"
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
    "  --screen NAME      hall: attract, confirm, ticket, paused, rate-scan, rate, proof-search,\n"
    "                     proof-handwriting, proof-permitted, proof-not-issued, proof-unknown,\n"
    "                     identity-scan;\n"
    "                     counter: login, desk; display: board; any role: out-of-service.\n"
    "                     Several, comma-separated: FILE-NAME.png each (and the UI map's too)\n"
    "  --lang LANG        start in this language (each resident still starts in it)\n"
    "  --care             hall: every visit starts in care mode (关怀模式: large type)\n"
    "  --out-of-service REASON  show only the out-of-service notice, with REASON for staff\n"
    "  --for SECONDS      with --out-of-service: end after SECONDS (default 300)\n";

// A role that cannot serve shows the out-of-service notice and tries again after this long.
constexpr std::chrono::seconds kRetryAfter{60};

bool parseSize(const char* text, int& w, int& h) {
    return std::sscanf(text, "%dx%d", &w, &h) == 2 && w >= 320 && h >= 320 && w <= 8192 &&
           h <= 8192;
}

// The out-of-service notice with `reason` until `retryAfter` has passed (then kRunAgain, so
// the role is tried again). A snapshot of another screen of a role that cannot serve fails.
int runOutOfService(const std::string& reason, const std::filesystem::path& assetsDir,
                    hall::RunOptions options, std::chrono::seconds retryAfter) {
    std::fprintf(stderr, "kiosk: out of service: %s\n", reason.c_str());
    if (options.snapshot && !options.snapshotScreen.empty() &&
        options.snapshotScreen != "out-of-service")
        return 2;
    hall::OutOfServiceRole role(reason, hall::outOfServiceTranslations(assetsDir), retryAfter);
    options.snapshotScreen = "out-of-service";
    return hall::runKiosk(role, options);
}

// The role's own run, or the out-of-service notice when no font can draw it.
int runOrNotice(hall::KioskRole& role, const std::filesystem::path& assetsDir,
                const hall::RunOptions& options) {
    std::string failure;
    const int rc = hall::runKiosk(role, options, &failure);
    if (rc == hall::kFontsUnavailable)
        return runOutOfService(failure, assetsDir, options, kRetryAfter);
    return rc;
}

// What the command line asks of the screens, over the config.
struct Presentation {
    std::optional<std::string> language;
    bool care = false;
};

// The language asked for, first among those the config offers (the first is the default).
bool startIn(std::vector<std::string>& languages, const std::string& language) {
    auto it = std::find(languages.begin(), languages.end(), language);
    if (it == languages.end()) {
        std::string offered;
        for (const auto& l : languages)
            offered += (offered.empty() ? "" : ", ") + l;
        std::fprintf(stderr, "kiosk: --lang %s: this configuration offers %s\n", language.c_str(),
                     offered.c_str());
        return false;
    }
    std::rotate(languages.begin(), it, it + 1);
    return true;
}

int runHall(const std::string& configFile, hall::RunOptions options,
            const Presentation& presentation) {
    auto loaded = hall::loadConfigKeepingLastGood(configFile);
    if (!loaded) {
        std::fprintf(stderr, "kiosk: the configuration cannot be used:\n%s\n",
                     loaded.message().c_str());
        return runOutOfService("the configuration cannot be used: " + loaded.message(), {}, options,
                               kRetryAfter);
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
    hall::HallConfig config =
        bundles ? hall::sync::withPublishedBundles(loaded->config, *bundles, leftOut)
                : loaded->config;
    if (presentation.language && !startIn(config.languages, *presentation.language))
        return 2;
    if (presentation.care)
        config.access.careMode = true;
    for (const auto& why : leftOut)
        std::fprintf(stderr, "kiosk: %s\n", why.c_str());
    auto tr = hall::Translations::load(config.assetsDir / "i18n", config.languages);
    if (!tr) {
        std::fprintf(stderr, "kiosk: the translations cannot be used:\n%s\n", tr.message().c_str());
        return runOutOfService("the translations cannot be used: " + tr.message(), config.assetsDir,
                               options, kRetryAfter);
    }
    if (options.snapshotScreen == "out-of-service") {
        return runOutOfService("(how the terminal looks when it cannot serve)", config.assetsDir,
                               options, kRetryAfter);
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
    return runOrNotice(role, config.assetsDir, options);
}

template <typename Role>
int runDevice(const std::string& configFile, hall::RunOptions options, const char* defaultScreen,
              const Presentation& presentation) {
    auto config = hall::loadDeviceConfig(configFile);
    if (!config) {
        return runOutOfService("the configuration cannot be used: " + config.message(), {}, options,
                               kRetryAfter);
    }
    if (presentation.language)
        config->language = *presentation.language;
    auto key = hall::DeviceKey::load(config->keyFile);
    if (!key) {
        return runOutOfService("the device key cannot be used: " + key.message(), config->assetsDir,
                               options, kRetryAfter);
    }
    auto tr = hall::Translations::load(config->assetsDir / "i18n", {config->language});
    if (!tr) {
        return runOutOfService("the translations cannot be used: " + tr.message(),
                               config->assetsDir, options, kRetryAfter);
    }
    if (options.snapshotScreen == "out-of-service") {
        return runOutOfService("(how the terminal looks when it cannot serve)", config->assetsDir,
                               options, kRetryAfter);
    }
    if (options.snapshotScreen.empty())
        options.snapshotScreen = defaultScreen;
    Role role(*config, *key, *tr);
    return runOrNotice(role, config->assetsDir, options);
}

// The assets of whatever config `file` is, if it loads, for the notice's words.
std::filesystem::path assetsOf(const std::string& role, const std::string& file) {
    if (file.empty())
        return {};
    if (role == "hall") {
        if (auto c = hall::loadHallConfig(file))
            return c->assetsDir;
        if (auto good = hall::loadHallConfig(hall::lastGoodPath(file)))
            return good->assetsDir;
        return {};
    }
    if (auto c = hall::loadDeviceConfig(file))
        return c->assetsDir;
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    // A write to a LAN peer that has gone must be an error to handle, not a silent death.
    std::signal(SIGPIPE, SIG_IGN);
    hall::RunOptions options;
    std::string configFile;
    std::string role = "hall";
    std::optional<std::string> outOfService;
    long noticeSeconds = 300;
    Presentation presentation;
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
        } else if (arg == "--lang") {
            presentation.language = value("--lang");
        } else if (arg == "--care") {
            presentation.care = true;
        } else if (arg == "--out-of-service") {
            outOfService = value("--out-of-service");
        } else if (arg == "--for") {
            const char* v = value("--for");
            char* end = nullptr;
            noticeSeconds = std::strtol(v, &end, 10);
            if (!end || *end || noticeSeconds < 1 || noticeSeconds > 86400) {
                std::fprintf(stderr, "kiosk: --for %s: expected whole seconds, 1 to 86400\n", v);
                return 2;
            }
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
    if (role != "hall" && role != "counter" && role != "display") {
        std::fprintf(stderr, "kiosk: --role %s: expected hall, counter or display\n", role.c_str());
        return 2;
    }
    if (role == "hall" && configFile.empty())
        configFile = "config/hall.toml";
    if (outOfService) {
        // Shown by hall-out-of-service@.service when the role failed too often: it ends, and
        // the role is started again, after --for seconds.
        const int rc = runOutOfService(*outOfService, assetsOf(role, configFile), options,
                                       std::chrono::seconds(noticeSeconds));
        return rc == hall::kRunAgain ? 0 : rc;
    }
    if (configFile.empty()) {
        std::fprintf(stderr, "kiosk: --role %s needs --config with the device's configuration\n",
                     role.c_str());
        return 2;
    }
    int rc = hall::kRunAgain;
    while (rc == hall::kRunAgain) {
        if (role == "hall")
            rc = runHall(configFile, options, presentation);
        else if (role == "counter")
            rc = runDevice<hall::CounterRole>(configFile, options, "desk", presentation);
        else
            rc = runDevice<hall::DisplayRole>(configFile, options, "board", presentation);
    }
    return rc;
}
