// kioskctl: the maintainer's command line for a hall terminal.
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "kioskctl/CentralCommand.h"
#include "kioskctl/DecodeCommand.h"
#include "kioskctl/DoctorCommand.h"
#include "kioskctl/EscPosDump.h"
#include "kioskctl/FontsCheck.h"
#include "kioskctl/IdentityCommand.h"
#include "kioskctl/LanCommands.h"
#include "kioskctl/ScannerCommand.h"
#include "kioskctl/ScreenCommand.h"

namespace {

constexpr const char* kUsage =
    "usage: kioskctl COMMAND ...\n"
    "\n"
    "  doctor [--config FILE] [--json]      check an installed terminal end to end, with fixes "
    "(exit 1)\n"
    "  fonts check [--config FILE]          list strings that would show a missing glyph (exit 1)\n"
    "  escpos decode FILE [--json]          show what ESC/POS bytes in FILE would print\n"
    "  lan certificate [--config HALL]      make (if missing) and show the hall's TLS certificate\n"
    "  lan enrol --config HALL --id ID --role ROLE --key-out FILE\n"
    "                                       enrol a counter, display, kiosk or maintainer device\n"
    "  staff hash-pin                       hash a staff PIN (read from stdin) for the hall "
    "config\n"
    "  hall status|stats|call|finish|issue --device-config FILE ...\n"
    "                                       the hall LAN API, as a maintainer device\n"
    "  screen [--catalog FILE] [--config HALL] [--day DATE] [--json] TEXT...\n"
    "                                       screen residents' words against the proof catalogue\n"
    "                                       (one line each; no TEXT: lines of stdin, or check it)\n"
    "  central enrol --config HALL --code CODE\n"
    "                                       enrol this hall with its central service\n"
    "  central key|code|terminals|revoke|publish|bundles|stats --central-config FILE ...\n"
    "                                       the central service, as a maintainer (JSON with "
    "--json)\n"
    "  decode [--json] [--plain] IMAGE...   read the QR code in each image as the camera path "
    "does\n"
    "  identity verify [--config HALL] [--at SECONDS] [--json] PAYLOAD...\n"
    "                                       verify QR identity payloads as the terminal does\n"
    "                                       (no PAYLOAD: lines of stdin; exit 1 if one is "
    "refused)\n"
    "  scanner test [--config HALL] [--seconds N]\n"
    "                                       show what the configured scanners read (masked)\n"
    "  simulate [--seed N] [--tickets N] [--windows N]\n"
    "                                       a simulated hall day on the real queue engine (JSON)\n";

}  // namespace

int main(int argc, char** argv) {
    // A write to a hall that has gone must be an error to report, not a silent death.
    std::signal(SIGPIPE, SIG_IGN);
    const std::vector<std::string> args(argv + 1, argv + argc);
    auto option = [&](const std::string& name, const std::string& fallback) {
        for (size_t i = 0; i + 1 < args.size(); ++i) {
            if (args[i] == name)
                return args[i + 1];
        }
        return fallback;
    };
    auto flag = [&](const std::string& name) {
        for (const auto& a : args) {
            if (a == name)
                return true;
        }
        return false;
    };
    try {
        if (!args.empty() && args[0] == "doctor")
            return hall::runDoctor(option("--config", "/etc/hall/hall.toml"), flag("--json"));
        if (args.size() >= 2 && args[0] == "fonts" && args[1] == "check") {
            return hall::runFontsCheck(option("--config", "config/hall.toml"));
        }
        if (args.size() >= 3 && args[0] == "escpos" && args[1] == "decode")
            return hall::runEscPosDecode(args[2], flag("--json"));
        if (!args.empty() && args[0] == "lan")
            return hall::runLanCommand(args);
        if (args.size() >= 2 && args[0] == "staff" && args[1] == "hash-pin")
            return hall::runStaffHashPin();
        if (!args.empty() && args[0] == "hall")
            return hall::runHallCommand(args);
        if (!args.empty() && args[0] == "screen")
            return hall::runScreen(args);
        if (!args.empty() && args[0] == "central")
            return hall::runCentralCommand(args);
        if (!args.empty() && args[0] == "decode")
            return hall::runDecode(args);
        if (args.size() >= 2 && args[0] == "identity" && args[1] == "verify")
            return hall::runIdentityVerify(args);
        if (args.size() >= 2 && args[0] == "scanner" && args[1] == "test")
            return hall::runScannerTest(args);
        if (!args.empty() && args[0] == "simulate")
            return hall::runSimulate(args);
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "kioskctl: a number was expected: %s\n%s", e.what(), kUsage);
        return 2;
    }
    if (!args.empty() && (args[0] == "--help" || args[0] == "help")) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    std::fputs(kUsage, stderr);
    return 2;
}
