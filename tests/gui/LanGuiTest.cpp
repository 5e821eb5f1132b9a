// The hall, a staff counter and the call display as separate real processes, each in a real
// window on its own X server, talking over the hall LAN API on loopback.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "crypto/Hashing.h"
#include "crypto/Random.h"
#include "gui/GuiHall.h"
#include "gui/LanGuiHall.h"
#include "lan/DeviceKey.h"
#include "lan/HallConnection.h"
#include "lan/LanProtocol.h"
#include "speech/AudioSink.h"

using namespace hall;
using namespace hall::test;
using namespace std::chrono_literals;

namespace {

// Taps a target once it is on screen and the kiosk's double-tap guard has passed.
void tapWhenThere(XDisplay& input, const KioskRun& kiosk, const std::string& id) {
    waitForUi(
        kiosk.uiMap(), [&](const UiState& st) { return st.find(id) != nullptr; }, "target " + id);
    std::this_thread::sleep_for(500ms);
    input.tap(waitForUi(
                  kiosk.uiMap(), [&](const UiState& st) { return st.find(id) != nullptr; },
                  "target " + id),
              id);
}

}  // namespace

TEST_CASE(
    "a counter logs in with the keypad and calls serves and finishes a ticket that the resident "
    "then rates") {
    LanGuiHall h("gui-counter");
    h.enrol("counter-1", DeviceRole::Counter);
    h.startHall();
    h.command(IssueTicketCommand{'A', std::nullopt, std::nullopt, {}, {}});
    h.command(IssueTicketCommand{'B', PriorityCategory::Age70, std::nullopt, {}, {}});

    Xvfb counterX(1920, 1080);
    XDisplay counterInput(counterX.display());
    TempDir counterDir("counter-run");
    KioskRun counter(counterX, h.deviceConfig("counter-1", 1), counterDir.path(),
                     KioskRun::Options::role("counter"));
    auto login = waitForUi(
        counter.uiMap(),
        [](const UiState& s) {
            return s.screen == "counter-login" && s.fact("connected") == "yes";
        },
        "the login screen, connected");
    std::this_thread::sleep_for(500ms);
    for (const char* key : {"key.1", "key.0", "key.1"})
        counterInput.tap(login, key);
    counterInput.tap(login, "login.submit");  // moves on to the PIN
    for (const char* key : {"key.2", "key.4", "key.6", "key.8"})
        counterInput.tap(login, key);
    login = waitForUi(
        counter.uiMap(), [](const UiState& s) { return s.fact("login.pin_length") == "4"; },
        "four PIN digits");
    auto shot = counterInput.saveScreenshot(artifactsDir() / "screenshots" / "counter-1-login.png",
                                            0, 0, 1920, 1080);
    counterInput.tap(login, "login.submit");

    auto desk = waitForUi(
        counter.uiMap(),
        [](const UiState& s) { return s.screen == "counter-desk" && s.find("desk.open"); },
        "the desk");
    std::this_thread::sleep_for(500ms);
    counterInput.tap(desk, "desk.open");
    desk = waitForUi(
        counter.uiMap(), [](const UiState& s) { return s.find("desk.call_next") != nullptr; },
        "the call button");
    CHECK(desk.fact("queue.A") == "1");
    counterInput.tap(desk, "desk.call_next");
    desk = waitForUi(
        counter.uiMap(), [](const UiState& s) { return !s.fact("current.number").empty(); },
        "a called ticket");
    CHECK(desk.fact("current.number") == "B001");  // the priority ticket first
    std::this_thread::sleep_for(300ms);
    counterInput.saveScreenshot(artifactsDir() / "screenshots" / "counter-2-serving.png", 0, 0,
                                1920, 1080);

    tapWhenThere(counterInput, counter, "desk.finish");
    auto finish = waitForUi(
        counter.uiMap(),
        [](const UiState& s) { return s.screen == "counter-desk" && s.find("outcome.completed"); },
        "the outcome dialog");
    std::this_thread::sleep_for(500ms);
    counterInput.tap(finish, "outcome.completed");
    auto rating = waitForUi(
        counter.uiMap(), [](const UiState& s) { return s.find("rating.score.5") != nullptr; },
        "the rating pad");
    std::this_thread::sleep_for(500ms);
    counterInput.tap(rating, "rating.score.5");
    counterInput.tap(rating, "rating.reason.friendly");
    std::this_thread::sleep_for(300ms);
    counterInput.saveScreenshot(artifactsDir() / "screenshots" / "counter-3-rating.png", 0, 0, 1920,
                                1080);
    counterInput.tap(rating, "rating.submit");
    waitForUi(
        counter.uiMap(),
        [](const UiState& s) {
            return !s.find("rating.submit") && s.fact("pending").empty() &&
                   s.fact("today.served") == "1";
        },
        "the rating sent and the desk again with one served");

    auto stats = h.api()->get(lan::kPathStats);
    REQUIRE(stats.ok());
    CHECK((*stats)["ratings"]["count"] == 1);
    CHECK((*stats)["ratings"]["by_score"]["5"] == 1);
    CHECK((*stats)["staff"]["101"]["served"] == 1);
    CHECK(shot.size() > 0);
}

TEST_CASE("a counter shows the cut when the hall is killed and carries on when it is back") {
    LanGuiHall h("gui-counter-cut");
    h.enrol("counter-1", DeviceRole::Counter);
    h.startHall();
    for (int i = 0; i < 3; ++i)
        h.command(IssueTicketCommand{'A', std::nullopt, std::nullopt, {}, {}});

    Xvfb counterX(1920, 1080);
    XDisplay counterInput(counterX.display());
    TempDir counterDir("counter-cut-run");
    KioskRun counter(counterX, h.deviceConfig("counter-1", 1), counterDir.path(),
                     KioskRun::Options::role("counter"));
    auto login = waitForUi(
        counter.uiMap(), [](const UiState& s) { return s.fact("connected") == "yes"; },
        "a connected counter");
    std::this_thread::sleep_for(500ms);
    for (const char* key : {"key.1", "key.0", "key.1", "login.submit", "key.2", "key.4", "key.6",
                            "key.8", "login.submit"}) {
        counterInput.tap(login, key);
    }
    tapWhenThere(counterInput, counter, "desk.open");
    tapWhenThere(counterInput, counter, "desk.call_next");
    waitForUi(
        counter.uiMap(), [](const UiState& s) { return s.fact("current.number") == "A001"; },
        "A001 at the window");

    h.hallKiosk->process().killHard();  // kill -9 in the middle of the day
    auto cut = waitForUi(
        counter.uiMap(), [](const UiState& s) { return s.fact("connected") == "no"; },
        "the cut to show", 30s);
    CHECK(cut.fact("banner").find("连接中断") != std::string::npos);
    counterInput.saveScreenshot(artifactsDir() / "screenshots" / "counter-4-disconnected.png", 0, 0,
                                1920, 1080);
    std::this_thread::sleep_for(500ms);
    // Staff finish the resident in front of them while the hall is down: the action waits.
    counterInput.tap(cut, "desk.finish");
    auto dialog = waitForUi(
        counter.uiMap(), [](const UiState& s) { return s.find("outcome.completed") != nullptr; },
        "the outcome dialog");
    std::this_thread::sleep_for(500ms);
    counterInput.tap(dialog, "outcome.completed");
    waitForUi(
        counter.uiMap(), [](const UiState& s) { return s.fact("pending") == "1"; },
        "the finish to wait for the hall");

    h.startHall();  // the same store: the queue exactly as committed
    auto back = waitForUi(
        counter.uiMap(),
        [](const UiState& s) { return s.fact("connected") == "yes" && s.fact("pending").empty(); },
        "the counter to reconnect and send", 40s);
    auto status = h.api()->get(lan::kPathQueue);
    REQUIRE(status.ok());
    auto snap = lan::snapshotFromJson(*status);
    REQUIRE(snap.ok());
    CHECK(snap->waiting.size() == 2);       // A002 and A003: nothing lost
    CHECK_FALSE(snap->windows[0].current);  // A001 finished exactly once
    CHECK(snap->staff.at("101").served == 1);
    CHECK(snap->windows[0].status ==
          WindowStatus::Open);  // the window stayed open across the restart
    (void)back;
}

TEST_CASE("the call display shows each new call and announces it in Mandarin") {
    LanGuiHall h("gui-display");
    h.enrol("display", DeviceRole::Display);
    h.startHall();
    h.command(IssueTicketCommand{'A', std::nullopt, std::nullopt, {}, {}});
    h.command(OpenWindowCommand{2});

    Xvfb tv(1920, 1080);
    XDisplay tvInput(tv.display());
    TempDir displayDir("display-run");
    const auto wav = displayDir / "announcements.wav";
    KioskRun display(
        tv,
        h.deviceConfig("display", 0,
                       "[display]\nvoice = \"espeak\"\naudio_device = \"" + wav.string() + "\"\n"),
        displayDir.path(), KioskRun::Options::role("display"));
    waitForUi(
        display.uiMap(), [](const UiState& s) { return s.fact("connected") == "yes"; },
        "a connected display");
    h.command(CallNextCommand{2});
    auto called = waitForUi(
        display.uiMap(), [](const UiState& s) { return s.fact("call.number") == "A001"; },
        "the call on the board");
    CHECK(called.fact("call.window") == "2");
    CHECK(called.fact("call.flashing") == "yes");
    CHECK(called.fact("window.2") == "A001");
    std::this_thread::sleep_for(300ms);
    tvInput.saveScreenshot(artifactsDir() / "screenshots" / "display-1-call.png", 0, 0, 1920, 1080);
    // The announcement: a chime and 请A零零一号到二号窗口办理 twice, several seconds of sound.
    Pcm pcm;
    for (int i = 0; i < 200; ++i) {
        auto r = readWavFile(wav);
        if (r && r->seconds() > 5) {
            pcm = *r;
            break;
        }
        std::this_thread::sleep_for(100ms);
    }
    CHECK(pcm.seconds() > 5);
    h.command(RecallCommand{2});
    waitForUi(
        display.uiMap(), [&](const UiState& s) { return s.fact("call.flashing") == "yes"; },
        "the recall to flash");
    for (int i = 0; i < 200; ++i) {
        auto r = readWavFile(wav);
        if (r && r->seconds() > pcm.seconds() + 4)
            break;
        std::this_thread::sleep_for(100ms);
    }
    auto again = readWavFile(wav);
    REQUIRE(again.ok());
    CHECK(again->seconds() > pcm.seconds() + 4);  // the recall was announced too, after the first
}

TEST_CASE("a resident rates a served ticket at the terminal by scanning its QR code") {
    LanGuiHall h("gui-rate");
    h.startHall();
    const auto ticket = h.command(IssueTicketCommand{'A', std::nullopt, std::nullopt, {}, {}});
    h.command(OpenWindowCommand{1});
    h.command(CallNextCommand{1});
    auto& kiosk = *h.hallKiosk;
    auto attract = h.hall.settled(kiosk, "attract");
    h.hall.input.tap(attract, "rate");
    auto scan = h.hall.settled(kiosk, "rate-scan");
    h.hall.screenshot(scan, "rate-1-scan", 1080, 1920);
    auto typeLine = [&](const std::string& text) {
        auto r = runCommand({"xdotool", "type", "--delay", "2", text}, {h.hall.x.env()});
        REQUIRE_MESSAGE(r.exitCode == 0, r.output);
        REQUIRE(runCommand({"xdotool", "key", "Return"}, {h.hall.x.env()}).exitCode == 0);
    };
    // Not served yet: the resident is told so, nothing is stored.
    typeLine(ticketQrPayload("test-hall", ticket["id"].get<std::string>()));
    auto notYet = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return !s.fact("notice").empty(); },
        "the not-served notice");
    CHECK(notYet.fact("notice") == "A001 号还没有办理完，办理后再评价");
    typeLine("garbage that is no ticket");
    waitForUi(
        kiosk.uiMap(),
        [](const UiState& s) { return s.fact("notice") == "没有读出号票，请把二维码放平再扫一次"; },
        "the unreadable notice");

    h.command(FinishCommand{1, "completed"});
    typeLine(ticketQrPayload("test-hall", ticket["id"].get<std::string>()));
    auto rate = h.hall.settled(kiosk, "rate");
    CHECK(rate.fact("rating.ticket") == "A001");
    h.hall.input.tap(rate, "rating.score.4");
    rate = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.fact("rating.score") == "4"; },
        "the score chosen");
    h.hall.input.tap(rate, "rating.reason.clear");
    h.hall.screenshot(rate, "rate-2-choose", 1080, 1920);
    h.hall.input.tap(rate, "rating.submit");
    auto thanks = kiosk.waitForScreen("rate-thanks");
    h.hall.screenshot(thanks, "rate-3-thanks", 1080, 1920);
    kiosk.waitForScreen("attract");  // back by itself after a few seconds

    auto stats = h.api()->get(lan::kPathStats);
    REQUIRE(stats.ok());
    CHECK((*stats)["ratings"]["count"] == 1);
    CHECK((*stats)["ratings"]["by_score"]["4"] == 1);
    // The same ticket again: one rating per ticket.
    attract = h.hall.settled(kiosk, "attract");
    h.hall.input.tap(attract, "rate");
    h.hall.settled(kiosk, "rate-scan");
    typeLine(ticketQrPayload("test-hall", ticket["id"].get<std::string>()));
    waitForUi(
        kiosk.uiMap(),
        [](const UiState& s) { return s.fact("notice") == "A001 号已经评价过了，谢谢"; },
        "the already-rated notice");
}
