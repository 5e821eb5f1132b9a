// kioskctl: the maintainer's command line for a hall terminal.
#include <cstdio>
#include <string>
#include <vector>

#include "kioskctl/EscPosDump.h"
#include "kioskctl/FontsCheck.h"

namespace {

constexpr const char* kUsage =
    "usage: kioskctl COMMAND ...\n"
    "\n"
    "  fonts check [--config FILE]      list strings that would show a missing glyph (exit 1)\n"
    "  escpos decode FILE [--json]      show what ESC/POS bytes in FILE would print\n";

}  // namespace

int main(int argc, char** argv) {
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
    if (args.size() >= 2 && args[0] == "fonts" && args[1] == "check") {
        return hall::runFontsCheck(option("--config", "config/hall.toml"));
    }
    if (args.size() >= 3 && args[0] == "escpos" && args[1] == "decode") {
        return hall::runEscPosDecode(args[2], flag("--json"));
    }
    if (!args.empty() && (args[0] == "--help" || args[0] == "help")) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    std::fputs(kUsage, stderr);
    return 2;
}
