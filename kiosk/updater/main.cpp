// hall-updater: takes signed software releases from the central and installs them on this
// terminal (docs/updates.md). Its own process and unit, the only part of the terminal allowed to
// install; the roles run as the unprivileged user hall.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <thread>

#include "updater/Updater.h"

namespace {

volatile std::sig_atomic_t stopping = 0;

void onStop(int) {
    stopping = 1;
}

// Short sleeps, so a stop request is taken within a fraction of a second.
void sleepFor(std::chrono::milliseconds wait) {
    while (!stopping && wait.count() > 0) {
        const auto slice = std::min(wait, std::chrono::milliseconds(200));
        std::this_thread::sleep_for(slice);
        wait -= slice;
    }
}

int usage() {
    std::fprintf(stderr,
                 "usage: hall-updater --config FILE [--once]\n"
                 "  --config FILE  the updater's config (/etc/hall/updater.toml)\n"
                 "  --once         take one step and say where the update stands (tests)\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string configFile;
    bool once = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--config" && i + 1 < argc)
            configFile = argv[++i];
        else if (a == "--once")
            once = true;
        else
            return usage();
    }
    if (configFile.empty())
        return usage();
    std::signal(SIGTERM, onStop);
    std::signal(SIGINT, onStop);
    // A terminal not yet enrolled, or a counter or display PC without a central, has nothing
    // to update yet: the updater waits and looks again rather than failing over and over.
    hall::SystemClock clock;
    std::optional<hall::Updater> updater;
    std::string waitingFor;
    while (!updater && !stopping) {
        auto config = hall::loadUpdaterConfig(configFile);
        auto key = config ? hall::DeviceKey::load(config->hall.central.keyFile)
                          : hall::Result<hall::DeviceKey>(config.error());
        if (config && key) {
            updater.emplace(std::move(config).value(), std::move(key).value(), clock);
            if (auto r = updater->resume(); !r) {
                std::fprintf(stderr, "hall-updater: %s\n", r.message().c_str());
                return 1;
            }
            break;
        }
        const std::string why =
            !config ? config.message()
                    : key.message() + " (enrol the terminal first: kioskctl central enrol)";
        if (why != waitingFor)
            std::fprintf(stderr, "hall-updater: nothing to update yet: %s\n", why.c_str());
        waitingFor = why;
        if (once)
            return 1;
        sleepFor(std::chrono::minutes(1));
    }
    while (!stopping && updater) {
        const auto wait = updater->step();
        if (once)
            break;
        sleepFor(wait);
    }
    if (updater)
        std::printf("%s\n", std::string(hall::update::phaseCode(updater->journal().phase)).c_str());
    return 0;
}
