// kiosk: the hall terminal. One binary, several roles (see ../README.md); this build has the
// hall role's resident terminal.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "resident/ResidentTerminal.h"

namespace {

constexpr const char* kUsage =
    "usage: kiosk [--config FILE] [--role hall] [--size WIDTHxHEIGHT] [--ui-map FILE]\n"
    "             [--record DIR] [--snapshot FILE.png [--screen attract|confirm|ticket|paused]]\n"
    "\n"
    "  --config FILE      the hall configuration (default: config/hall.toml)\n"
    "  --role hall        the hall terminal: owns the queue and serves residents\n"
    "  --size WxH         a window of this size instead of full screen\n"
    "  --ui-map FILE      keep FILE updated with the named targets on screen (tests, diagnostics)\n"
    "  --record DIR       write a PNG into DIR of every screen shown, once it has settled\n"
    "  --snapshot FILE    draw the first complete frame of a screen into FILE (PNG) and exit;\n"
    "                     read-only: safe while the terminal itself is running\n";

bool parseSize(const char* text, int& w, int& h) {
    return std::sscanf(text, "%dx%d", &w, &h) == 2 && w >= 320 && h >= 320 && w <= 8192 &&
           h <= 8192;
}

}  // namespace

int main(int argc, char** argv) {
    hall::TerminalOptions options;
    options.configFile = "config/hall.toml";
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
            options.configFile = value("--config");
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
    if (role != "hall") {
        std::fprintf(stderr, "kiosk: --role %s: this build has only the hall role\n", role.c_str());
        return 2;
    }
    if (options.snapshot && options.width == 0) {
        options.width = 1080;
        options.height = 1920;
    }
    return hall::runResidentTerminal(options);
}
