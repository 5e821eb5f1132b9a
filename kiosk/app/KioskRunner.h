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
//
// Under systemd it says when the first frame is on screen (READY=1) and, while the loop runs and
// the role reports nothing stalled, that it is alive (WATCHDOG=1).
// `failure`, if given, receives why the role could not be shown (kFontsUnavailable).
int runKiosk(KioskRole& role, const RunOptions& options, std::string* failure = nullptr);
// What runKiosk returns when the role asked to be started again (KioskRole::wantsRestart).
inline constexpr int kRunAgain = -1;
// …and when no font could be used to draw the role (the out-of-service notice can be).
inline constexpr int kFontsUnavailable = -2;

}  // namespace hall
