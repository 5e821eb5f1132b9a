#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace hall {

struct TerminalOptions {
    std::filesystem::path configFile;
    int width = 0;  // 0: full screen
    int height = 0;
    std::optional<std::filesystem::path> uiMap;
    std::optional<std::filesystem::path> recordDir;  // a PNG of every settled screen shown
    std::optional<std::filesystem::path> snapshot;
    std::string snapshotScreen = "attract";
};

// The hall role's resident terminal: config, store, queue, printer and the screens, driven by
// an event loop that draws only when something changed. Returns the process exit code.
int runResidentTerminal(const TerminalOptions& options);

}  // namespace hall
