#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "Result.h"
#include "i18n/ShownStrings.h"
#include "screens/Canvas.h"
#include "time/Clock.h"

namespace hall {

class KioskWindow;

// One role of the kiosk binary (hall, counter, display): its state, its screens and its
// timers. KioskRunner owns the window and the event loop and asks the role what to draw.
class KioskRole {
  public:
    virtual ~KioskRole() = default;

    // Every string the role's screens can show, for the font's glyph set.
    virtual std::vector<ShownString> shownStrings() const = 0;
    // The characters of its largest text (ticket numbers): a glyph set of its own.
    virtual std::set<char32_t> bigGlyphs() const = 0;
    // Changes when shownStrings() may have new characters (names sent by the hall): the runner
    // then builds the glyph atlas again.
    virtual uint64_t glyphRevision() const { return 0; }

    // The window exists: start background work; `wake` makes the loop look again.
    virtual Result<void> start(std::function<void()> wake) = 0;
    // Called on every pass of the loop: take in background results, run timers.
    virtual void update() = 0;
    // When update() next has timed work to do.
    virtual TimePoint nextDeadline() const = 0;
    // Changes whenever anything the screens show has changed (time-driven text included).
    virtual uint64_t revision() const = 0;
    // Identifies the screen now shown; a tap right after it changes is ignored (double taps).
    virtual std::string screenName() const = 0;
    virtual void draw(Canvas& canvas) = 0;
    // Care mode (关怀模式) is in use: the runner draws with type 1.4 times as large.
    virtual bool careMode() const { return false; }
    // Millimetres per pixel on the panel, where the config says.
    virtual std::optional<float> mmPerPixel() const { return std::nullopt; }
    // A finger came down on the screen, before the frame that handles the tap is drawn.
    virtual void pressed() {}
    // A line typed on a keyboard: a keyboard-wedge scanner's reading.
    virtual void typedLine(const std::string& /*line*/) {}
    // Puts the role on the named screen for --snapshot; false (with a message) if it cannot.
    virtual bool prepareSnapshot(const std::string& screen) = 0;
    // The loop is ending: stop background work before the window goes.
    virtual void stop() {}
    // The role wants to be built again from its config (a new one was put in force): the loop
    // ends and runKiosk returns kRunAgain.
    virtual bool wantsRestart() const { return false; }
    // Why a part of the role working in the background has stopped answering (the hall's LAN
    // API, its queue), if one has: the runner then stops telling systemd's watchdog it is
    // alive, and the terminal is restarted.
    virtual std::optional<std::string> stalled() const { return std::nullopt; }
    // Whether the role can be shown with the built-in Latin font when no font can be loaded
    // (only the out-of-service notice can); other roles then end with kFontsUnavailable.
    virtual bool canDrawWithoutFonts() const { return false; }
    // What systemd shows for the service (systemctl status): what the terminal is doing.
    virtual std::string serviceStatus() const { return "serving"; }
    // Where the role wants the screen as shown written as a PNG (a maintainer's order), if it
    // does: the runner writes the next settled frame there and says whether it could.
    virtual std::optional<std::filesystem::path> screenshotWanted() const { return std::nullopt; }
    virtual void screenshotTaken(bool /*written*/) {}
};

}  // namespace hall
