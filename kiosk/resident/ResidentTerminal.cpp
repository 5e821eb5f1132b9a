#include "resident/ResidentTerminal.h"

#include <imgui.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include "config/LastGoodConfig.h"
#include "i18n/ShownStrings.h"
#include "platform/FontSet.h"
#include "platform/KioskWindow.h"
#include "platform/UiTargets.h"
#include "print/TicketSlip.h"
#include "printer/AsyncPrinter.h"
#include "screens/ScreenContext.h"
#include "session/ResidentSession.h"

namespace hall {

namespace {

using namespace std::chrono_literals;

// ImGui needs a frame to see a press and another to settle after a change; drawing a few
// frames after each event, then sleeping, keeps an idle terminal at ~0% CPU.
constexpr int kFramesPerEvent = 3;

std::atomic<bool> gStopRequested{false};

// SIGTERM and SIGINT are blocked in every thread (Mesa and the printer start threads of their
// own) and taken by one thread with sigwait, which can wake the window safely; a signal handler
// could not.
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
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.95f, 1.0f);
    style.Colors[ImGuiCol_Text] = ImVec4(0.1f, 0.1f, 0.1f, 1.0f);
}

class Terminal final : public ResidentIntents {
  public:
    Terminal(const HallConfig& config, const Translations& tr, const Clock& clock,
             QueueEngine::Access access)
        : config_(config),
          tr_(tr),
          clock_(clock),
          queue_(config, clock, access),
          session_(config, queue_, clock) {}

    int run(const TerminalOptions& options);

    void chooseLanguage(const std::string& language) override { session_.chooseLanguage(language); }
    void chooseService(char letter) override { session_.chooseService(letter); }
    void back() override { session_.back(); }
    void finish() override { session_.finish(); }
    void takeTicket(std::optional<PriorityCategory> priority) override {
        auto issued = session_.takeTicket(priority);
        if (!issued)
            return;
        // Committed: only now may it be printed.
        if (printer_) {
            printJob_ = printer_->submit(makeTicketSlip(*issued, config_, tr_));
        } else {
            session_.printFinished(false, "no printer configured");
        }
    }

  private:
    bool prepareSnapshot(const std::string& screen);
    void drawFrame(KioskWindow& window, const FontSet& fonts, bool acceptTaps = true);
    void applyPrintOutcomes();
    void publishUiMap(const KioskWindow& window, const TerminalOptions& options);

    const HallConfig& config_;
    const Translations& tr_;
    const Clock& clock_;
    QueueEngine queue_;
    ResidentSession session_;
    UiTargets targets_;
    std::unique_ptr<AsyncPrinter> printer_;
    uint64_t printJob_ = 0;

    std::mutex printMutex_;
    std::vector<std::pair<uint64_t, Result<void>>> printOutcomes_;
};

void Terminal::applyPrintOutcomes() {
    std::vector<std::pair<uint64_t, Result<void>>> outcomes;
    {
        std::lock_guard lock(printMutex_);
        outcomes.swap(printOutcomes_);
    }
    for (auto& [job, outcome] : outcomes) {
        if (!outcome)
            std::fprintf(stderr, "kiosk: printing failed: %s\n", outcome.message().c_str());
        // Only the slip of the ticket on screen changes what the screen says.
        if (job == printJob_)
            session_.printFinished(outcome.ok(), outcome ? "" : outcome.message());
    }
}

void Terminal::drawFrame(KioskWindow& window, const FontSet& fonts, bool acceptTaps) {
    window.beginFrame(acceptTaps);
    ScreenContext ctx{session_,
                      *this,
                      config_,
                      tr_,
                      fonts,
                      targets_,
                      Layout::forSize(window.width(), window.height()),
                      toHallLocal(clock_.now(), config_.utcOffsetMinutes),
                      {}};
    for (const auto& s : config_.services) {
        ctx.services[s.letter] =
            ServiceGlance{queue_.waitingCount(s.letter), queue_.isOpen(s.letter)};
    }
    switch (session_.screen()) {
        case ResidentScreen::Attract:
            drawAttractScreen(ctx);
            break;
        case ResidentScreen::ConfirmService:
            drawConfirmServiceScreen(ctx);
            break;
        case ResidentScreen::Ticket:
            drawTicketScreen(ctx);
            break;
        case ResidentScreen::Paused:
            drawPausedScreen(ctx);
            break;
    }
}

void Terminal::publishUiMap(const KioskWindow& window, const TerminalOptions& options) {
    // After the frame is on screen, so whoever reads the map sees what it describes.
    if (options.uiMap) {
        targets_.publish(*options.uiMap, window.x(), window.y(), window.width(), window.height());
    }
}

bool Terminal::prepareSnapshot(const std::string& screen) {
    if (screen == "attract")
        return true;
    if (screen == "paused") {
        if (session_.screen() == ResidentScreen::Paused)
            return true;
        std::fprintf(stderr, "kiosk: the store is working, so the paused screen is not showing\n");
        return false;
    }
    if (session_.screen() == ResidentScreen::Paused) {
        std::fprintf(stderr,
                     "kiosk: the terminal is paused (%s); only --screen paused can be shown\n",
                     session_.pauseReason() ? session_.pauseReason()->message.c_str() : "");
        return false;
    }
    if (screen == "confirm") {
        for (const auto& s : config_.services) {
            session_.chooseService(s.letter);
            if (session_.screen() == ResidentScreen::ConfirmService)
                return true;
        }
        std::fprintf(stderr, "kiosk: no service is taking tickets now, so no confirm screen\n");
        return false;
    }
    if (screen == "ticket") {
        auto latest = queue_.latestTicketToday();
        if (!latest || !*latest) {
            std::fprintf(stderr,
                         "kiosk: no ticket has been issued today, so there is no ticket "
                         "screen to show\n");
            return false;
        }
        session_.showCommittedTicket(std::move(**latest));
        return true;
    }
    std::fprintf(stderr, "kiosk: unknown screen '%s' (attract, confirm, ticket or paused)\n",
                 screen.c_str());
    return false;
}

int Terminal::run(const TerminalOptions& options) {
    blockStopSignals();
    WindowOptions wo;
    wo.width = options.width;
    wo.height = options.height;
    wo.visible = !options.snapshot;
    wo.title = "hall-terminal";
    auto window = KioskWindow::open(wo);
    if (!window) {
        std::fprintf(stderr, "kiosk: %s\n", window.message().c_str());
        return 1;
    }
    const Layout layout = Layout::forSize((*window)->width(), (*window)->height());
    const auto shown = stringsTheUiCanShow(config_, tr_);
    std::set<char32_t> numberGlyphs{U'0', U'1', U'2', U'3', U'4', U'5', U'6', U'7', U'8', U'9'};
    for (const auto& s : config_.services)
        numberGlyphs.insert(static_cast<char32_t>(s.letter));
    FontSizes sizes{layout.u(40), layout.u(60), layout.u(240)};
    auto fonts =
        buildFontSet(codepointsOf(shown), numberGlyphs, sizes, (*window)->maxTextureSize());
    if (!fonts) {
        std::fprintf(stderr, "kiosk: %s\n", fonts.message().c_str());
        return 1;
    }
    applyStyle(layout.unit);
    session_.start();

    if (options.snapshot) {
        if (!prepareSnapshot(options.snapshotScreen))
            return 2;
        for (int i = 0; i < kFramesPerEvent; ++i) {
            drawFrame(**window, *fonts);
            targets_.commit();
            if (i + 1 < kFramesPerEvent)
                ImGui::EndFrame();
        }
        if (auto r = (*window)->capturePng(*options.snapshot); !r) {
            std::fprintf(stderr, "kiosk: %s\n", r.message().c_str());
            return 1;
        }
        std::printf("%s\n", options.snapshot->c_str());
        return 0;
    }

    KioskWindow& win = **window;
    if (auto printer = makeReceiptPrinter(config_.printer)) {
        std::fprintf(stderr, "kiosk: printing to %s\n", printer->describe().c_str());
        printer_ = std::make_unique<AsyncPrinter>(
            std::move(printer), [this, &win](uint64_t job, Result<void> outcome) {
                {
                    std::lock_guard lock(printMutex_);
                    printOutcomes_.emplace_back(job, std::move(outcome));
                }
                win.wake();
            });
    }
    StopSignalWatcher signals(win);

    int framesLeft = kFramesPerEvent;
    uint64_t drawnRevision = 0;
    std::string drawnClock;
    ResidentScreen drawnScreen = session_.screen();
    TimePoint screenChangedAt = clock_.now();
    bool textureFreed = false;
    uint64_t recordedRevision = 0;
    int recorded = 0;
    while (!win.shouldClose() && !gStopRequested) {
        if (framesLeft == 0) {
            const TimePoint now = clock_.now();
            // Wake for the session's timers and for the clock in the header.
            const auto sinceEpoch =
                std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
            const TimePoint nextMinute =
                TimePoint(std::chrono::ceil<std::chrono::minutes>(sinceEpoch + 1s));
            win.waitUntil(std::min(session_.nextDeadline(), nextMinute));
        } else {
            win.poll();
        }
        applyPrintOutcomes();
        session_.tick();

        if (win.takeInput())
            framesLeft = kFramesPerEvent;
        const std::string clock = toHallLocal(clock_.now(), config_.utcOffsetMinutes).clockText() +
                                  std::to_string(session_.secondsUntilIdleReturn());
        if (session_.revision() != drawnRevision || clock != drawnClock) {
            framesLeft = std::max(framesLeft, kFramesPerEvent);
        }
        if (framesLeft == 0)
            continue;

        if (session_.screen() != drawnScreen) {
            drawnScreen = session_.screen();
            screenChangedAt = clock_.now();
        }
        drawnRevision = session_.revision();
        drawnClock = clock;
        // A tap that lands just after the screen changed belongs to the previous screen (older
        // residents often double-tap), so it is ignored rather than pressing whatever now sits
        // under the finger.
        const bool acceptTaps =
            clock_.now() - screenChangedAt >= std::chrono::milliseconds(config_.tapGuardMs);
        drawFrame(win, *fonts, acceptTaps);
        const uint64_t shown = targets_.commit();
        // The frame's widgets may have changed the session (a tap): draw again to show it.
        if (session_.revision() != drawnRevision)
            framesLeft = kFramesPerEvent + 1;
        std::optional<std::filesystem::path> record;
        if (options.recordDir && framesLeft == 1 && shown != recordedRevision) {
            char name[64];
            std::snprintf(name, sizeof name, "%03d-%s.png", ++recorded, targets_.screen().c_str());
            record = *options.recordDir / name;
            recordedRevision = shown;
        }
        win.endFrame(record ? &*record : nullptr);
        publishUiMap(win, options);
        --framesLeft;
        if (!textureFreed) {
            // The atlas now lives in GPU memory; its CPU copy (tens of MB) is not needed again.
            ImGui::GetIO().Fonts->ClearTexData();
            textureFreed = true;
        }
    }
    printer_.reset();
    return 0;
}

}  // namespace

int runResidentTerminal(const TerminalOptions& options) {
    auto loaded = loadConfigKeepingLastGood(options.configFile);
    if (!loaded) {
        std::fprintf(stderr, "kiosk: the configuration cannot be used:\n%s\n",
                     loaded.message().c_str());
        return 2;
    }
    if (loaded->rejected) {
        std::fprintf(
            stderr,
            "kiosk: the configuration was refused and the last good copy is in force:\n%s\n",
            loaded->rejected->c_str());
    }
    const HallConfig& config = loaded->config;
    auto tr = Translations::load(config.assetsDir / "i18n", config.languages);
    if (!tr) {
        std::fprintf(stderr, "kiosk: the translations cannot be used:\n%s\n", tr.message().c_str());
        return 2;
    }
    SystemClock clock;
    Terminal terminal(
        config, *tr, clock,
        options.snapshot ? QueueEngine::Access::ReadOnly : QueueEngine::Access::ReadWrite);
    return terminal.run(options);
}

}  // namespace hall
