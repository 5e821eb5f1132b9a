#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "app/KioskRole.h"

namespace hall {

struct RunOptions {
    int width = 0;  // 0: full screen
    int height = 0;
    int tapGuardMs = 400;
    std::optional<std::filesystem::path> uiMap;
    std::optional<std::filesystem::path> recordDir;  // a PNG of every settled screen shown
    std::optional<std::filesystem::path> snapshot;
    std::string snapshotScreen;
};

// Opens the window, builds the fonts for exactly what the role can show, and runs the
// event-driven loop: it sleeps until input, a wake-up from another thread, the role's next
// deadline or the next minute (for clocks), then draws a few frames and sleeps again.
// Returns the process exit code.
int runKiosk(KioskRole& role, const RunOptions& options);
// What runKiosk returns when the role asked to be started again (KioskRole::wantsRestart).
inline constexpr int kRunAgain = -1;

}  // namespace hall
