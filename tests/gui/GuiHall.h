#pragma once
// One hall for a GUI test: its own folder, config, X server and input connection.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "queue/Ticket.h"
#include "support/KioskRun.h"
#include "support/TempDir.h"
#include "support/XDisplay.h"
#include "support/Xvfb.h"

namespace hall::test {

struct GuiHall {
    TempDir dir;
    Xvfb x;
    XDisplay input{x.display()};
    std::filesystem::path config;
    ConfigOverrides overrides;

    explicit GuiHall(const std::string& name, ConfigOverrides o = {})
        : dir(name), config(writeTestConfig(dir.path(), o)), overrides(o) {}

    std::filesystem::path dataDir() const { return dir.path() / "data"; }

    // Waits for a screen and for the kiosk's double-tap guard to pass, so the next tap counts.
    UiState settled(const KioskRun& kiosk, const std::string& screen) const {
        UiState s = kiosk.waitForScreen(screen);
        std::this_thread::sleep_for(std::chrono::milliseconds(overrides.tapGuardMs + 100));
        return waitForScreen(kiosk.uiMap(), screen);
    }

    // `dimmed`: a dialog darkens the screen under it, header included.
    void screenshot(const UiState& s, const std::string& name, int w, int h, bool dimmed = false) {
        // The kiosk publishes its map after presenting the frame; give the X server a moment
        // to finish drawing what was presented.
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        const auto rgb = input.saveScreenshot(artifactsDir() / "screenshots" / (name + ".png"),
                                              s.windowX, s.windowY, w, h);
        // The header band's blue at its top-left corner: the kiosk really drew a frame there.
        const bool header = rgb.size() > 3 && rgb[0] == 0x1D && rgb[1] == 0x4E && rgb[2] == 0x89;
        const bool dimmedHeader =
            rgb.size() > 3 && rgb[2] > rgb[0] && rgb[2] < 0x89 && rgb[0] < 0x1D && rgb[1] < 0x4E;
        CHECK_MESSAGE((dimmed ? dimmedHeader : header),
                      "screenshot " << name << " does not show a drawn kiosk frame");
    }
};

// Taps letters on the proof search's on-screen keyboard, each after the last has shown.
UiState typeProofKeys(GuiHall& hall, const KioskRun& kiosk, const std::string& letters);
// Whether the proof search lists the catalogue item `id` among its results.
bool proofListed(const UiState& s, const std::string& id);

// Every ticket in the hall's store, read the way a maintainer would, without the kiosk.
std::vector<Ticket> ticketsInStore(const std::filesystem::path& dataDir);
// The same for a store the kiosk keeps inside its own mount namespace: copied out through
// /proc/PID/root (SQLite would resolve that link to our own namespace).
std::vector<Ticket> ticketsInNamespacedStore(pid_t kiosk, const std::filesystem::path& dataDir,
                                             const std::filesystem::path& scratch);

}  // namespace hall::test
