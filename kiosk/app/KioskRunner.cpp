#include "app/KioskRunner.h"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <vector>

#include "platform/FontSet.h"
#include "platform/KioskWindow.h"
#include "platform/UiTargets.h"
#include "service/ServiceNotifier.h"

namespace hall {

namespace {

using namespace std::chrono_literals;

// ImGui needs a frame to see a press and another to settle after a change; drawing a few
// frames after each event, then sleeping, keeps an idle terminal at ~0% CPU.
constexpr int kFramesPerEvent = 3;

std::atomic<bool> gStopRequested{false};

// SIGTERM and SIGINT are blocked in every thread (Mesa, the printer and the LAN start threads
// of their own) and taken by one thread with sigwait, which can wake the window safely; a
// signal handler could not.
sigset_t stopSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGUSR2);  // our own "stop watching" nudge
    return set;
}

void blockStopSignals() {
    const sigset_t set = stopSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

class StopSignalWatcher {
  public:
    explicit StopSignalWatcher(KioskWindow& window)
        : thread_([&window] {
              const sigset_t set = stopSignals();
              int sig = 0;
              sigwait(&set, &sig);
              if (sig == SIGUSR2)
                  return;
              gStopRequested = true;
              window.wake();
          }) {}
    ~StopSignalWatcher() {
        if (!gStopRequested)
            pthread_kill(thread_.native_handle(), SIGUSR2);
        thread_.join();
    }
    StopSignalWatcher(const StopSignalWatcher&) = delete;
    StopSignalWatcher& operator=(const StopSignalWatcher&) = delete;

  private:
    std::thread thread_;
};

void applyStyle(float unit) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    style.ScaleAllSizes(unit);
}

// Care mode's type is 1.4 times the standard (the 适老化 rules' "at least 1.4×"); the ticket
// number is large enough in both.
FontSizes fontSizesFor(const Layout& layout) {
    const float scale = layout.care ? 1.4f : 1.0f;
    return FontSizes{layout.u(40) * scale, layout.u(60) * scale, layout.u(240)};
}

std::vector<std::string> splitScreens(const std::string& list) {
    std::vector<std::string> screens;
    size_t start = 0;
    while (start <= list.size()) {
        const size_t comma = std::min(list.find(',', start), list.size());
        screens.push_back(list.substr(start, comma - start));
        start = comma + 1;
    }
    return screens;
}

// Several screens in one snapshot run: each in a file of its own, FILE's name with the screen's.
std::filesystem::path snapshotFile(const std::filesystem::path& file, const std::string& screen,
                                   size_t screens) {
    if (screens < 2)
        return file;
    auto named = file;
    named.replace_filename(file.stem().string() + "-" + screen + file.extension().string());
    return named;
}

TimePoint nextMinute(TimePoint now) {
    const auto sinceEpoch =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
    return TimePoint(std::chrono::ceil<std::chrono::minutes>(sinceEpoch + 1s));
}

}  // namespace

int runKiosk(KioskRole& role, const RunOptions& options, std::string* failure) {
    blockStopSignals();
    WindowOptions wo;
    wo.width = options.width;
    wo.height = options.height;
    wo.visible = !options.snapshot;
    auto window = KioskWindow::open(wo);
    if (!window) {
        std::fprintf(stderr, "kiosk: %s\n", window.message().c_str());
        return 1;
    }
    KioskWindow& win = **window;
    Layout layout = Layout::forSize(win.width(), win.height());
    if (const auto mm = role.mmPerPixel())
        layout.mmPerPixel = *mm;
    layout.care = role.careMode();
    FontSizes sizes = fontSizesFor(layout);
    std::set<char32_t> glyphs = codepointsOf(role.shownStrings());
    auto built = buildFontSet(glyphs, role.bigGlyphs(), sizes, win.maxTextureSize());
    if (!built) {
        std::fprintf(stderr, "kiosk: %s\n", built.message().c_str());
        if (!role.canDrawWithoutFonts()) {
            if (failure)
                *failure = "no font can draw the screen: " + built.message();
            return kFontsUnavailable;
        }
        built = builtInFontSet(sizes);
        if (!built) {
            std::fprintf(stderr, "kiosk: %s\n", built.message().c_str());
            return 1;
        }
    }
    FontSet fonts = std::move(built).value();
    uint64_t glyphRevision = role.glyphRevision();
    applyStyle(layout.unit);
    if (auto r = role.start([&win] { win.wake(); }); !r) {
        std::fprintf(stderr, "kiosk: %s\n", r.message().c_str());
        role.stop();
        return 1;
    }
    UiTargets targets;
    auto drawFrame = [&](bool acceptTaps) {
        win.beginFrame(acceptTaps);
        Canvas canvas{fonts, targets, layout};
        role.draw(canvas);
    };

    if (options.snapshot) {
        role.update();
        const auto screens = splitScreens(options.snapshotScreen);
        int code = 0;
        for (const auto& screen : screens) {
            if (!role.prepareSnapshot(screen)) {
                code = 2;
                break;
            }
            for (int i = 0; i < kFramesPerEvent; ++i) {
                drawFrame(true);
                targets.commit();
                if (i + 1 < kFramesPerEvent)
                    ImGui::EndFrame();
            }
            const auto png = snapshotFile(*options.snapshot, screen, screens.size());
            if (auto r = win.capturePng(png); !r) {
                std::fprintf(stderr, "kiosk: %s\n", r.message().c_str());
                code = 1;
                break;
            }
            std::printf("%s\n", png.c_str());
            if (options.uiMap) {
                targets.publish(snapshotFile(*options.uiMap, screen, screens.size()), 0, 0,
                                win.width(), win.height());
            }
        }
        role.stop();
        return code;
    }

    StopSignalWatcher signals(win);
    ServiceNotifier systemd;
    bool announcedReady = false;
    std::string announcedStatus;
    // Woken often enough to tell the watchdog it is alive, even on an idle screen.
    const auto watchdogStep = systemd.watchdogInterval() / 3;
    int framesLeft = kFramesPerEvent;
    uint64_t drawnRevision = 0;
    std::string drawnScreen = role.screenName();
    auto screenChangedAt = std::chrono::steady_clock::now();
    bool textureFreed = false;
    uint64_t recordedRevision = 0;
    int recorded = 0;
    int64_t drawnMinute = 0;
    int exitCode = 0;
    while (!win.shouldClose() && !gStopRequested && !role.wantsRestart()) {
        if (framesLeft == 0) {
            auto until =
                std::min(role.nextDeadline(), nextMinute(std::chrono::system_clock::now()));
            if (watchdogStep.count() > 0)
                until = std::min(until, std::chrono::system_clock::now() + watchdogStep);
            win.waitUntil(until);
        } else {
            win.poll();
        }
        if (announcedReady) {
            if (const auto stalled = role.stalled()) {
                systemd.status("stalled: " + *stalled);
                announcedStatus.clear();
            } else {
                systemd.alive();
                if (role.serviceStatus() != announcedStatus) {
                    announcedStatus = role.serviceStatus();
                    systemd.status(announcedStatus);
                }
            }
        }
        while (auto line = win.takeTypedLine())
            role.typedLine(*line);
        role.update();
        const bool careChanged = role.careMode() != layout.care;
        if (role.glyphRevision() != glyphRevision || careChanged) {
            glyphRevision = role.glyphRevision();
            layout.care = role.careMode();
            sizes = fontSizesFor(layout);
            // The hall sent words with characters the atlas lacks, or care mode asks for larger
            // type: build it again, between frames.
            std::set<char32_t> wanted = codepointsOf(role.shownStrings());
            if (careChanged ||
                !std::includes(glyphs.begin(), glyphs.end(), wanted.begin(), wanted.end())) {
                glyphs.insert(wanted.begin(), wanted.end());
                ImGui_ImplOpenGL3_DestroyFontsTexture();
                if (auto rebuilt =
                        buildFontSet(glyphs, role.bigGlyphs(), sizes, win.maxTextureSize())) {
                    fonts = std::move(rebuilt).value();
                } else {
                    std::fprintf(stderr, "kiosk: %s\n", rebuilt.message().c_str());
                    exitCode = 1;
                    break;
                }
                ImGui_ImplOpenGL3_CreateFontsTexture();
                ImGui::GetIO().Fonts->ClearTexData();
                framesLeft = std::max(framesLeft, kFramesPerEvent);
            }
        }
        if (win.takePress())
            role.pressed();
        if (win.takeInput())
            framesLeft = kFramesPerEvent;
        if (win.pointerPending())
            framesLeft = std::max(framesLeft, 2);
        if (role.revision() != drawnRevision || (framesLeft == 0 && role.screenshotWanted()))
            framesLeft = std::max(framesLeft, kFramesPerEvent);
        // The clock on screen changes once a minute.
        const int64_t minute = std::chrono::duration_cast<std::chrono::minutes>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
        if (minute != drawnMinute) {
            drawnMinute = minute;
            framesLeft = std::max(framesLeft, kFramesPerEvent);
        }
        if (framesLeft == 0)
            continue;

        if (role.screenName() != drawnScreen) {
            drawnScreen = role.screenName();
            screenChangedAt = std::chrono::steady_clock::now();
        }
        drawnRevision = role.revision();
        // A tap that lands just after the screen changed belongs to the previous screen (older
        // residents often double-tap), so it is ignored rather than pressing whatever now sits
        // under the finger.
        drawFrame(std::chrono::steady_clock::now() - screenChangedAt >=
                  std::chrono::milliseconds(options.tapGuardMs));
        const uint64_t shown = targets.commit();
        // The frame's widgets may have changed the role's state (a tap): draw again to show it.
        role.update();
        if (role.revision() != drawnRevision)
            framesLeft = kFramesPerEvent + 1;
        std::optional<std::filesystem::path> record;
        const auto screenshot = framesLeft == 1 ? role.screenshotWanted() : std::nullopt;
        if (screenshot) {
            record = *screenshot;
        } else if (options.recordDir && framesLeft == 1 && shown != recordedRevision) {
            char name[64];
            std::snprintf(name, sizeof name, "%03d-%s.png", ++recorded, targets.screen().c_str());
            record = *options.recordDir / name;
            recordedRevision = shown;
        }
        if (screenshot) {
            std::error_code ec;
            std::filesystem::remove(*screenshot, ec);
        }
        win.endFrame(record ? &*record : nullptr);
        if (screenshot)
            role.screenshotTaken(std::filesystem::exists(*screenshot));
        // After the frame is on screen, so whoever reads the map sees what it describes.
        if (options.uiMap)
            targets.publish(*options.uiMap, win.x(), win.y(), win.width(), win.height());
        if (!announcedReady) {
            announcedStatus = role.serviceStatus();
            systemd.ready(announcedStatus);
            announcedReady = true;
        }
        --framesLeft;
        if (!textureFreed) {
            // The atlas now lives in GPU memory; its CPU copy (megabytes) is not needed again.
            ImGui::GetIO().Fonts->ClearTexData();
            textureFreed = true;
        }
    }
    role.stop();
    return exitCode == 0 && role.wantsRestart() && !gStopRequested ? kRunAgain : exitCode;
}

}  // namespace hall
