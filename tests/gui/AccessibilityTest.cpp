// What the terminal does for residents who need more time, more size or more help: a real
// kiosk under Xvfb, driven by real taps. `ctest -R access` selects these.
#include <doctest/doctest.h>

#include "GuiHall.h"

namespace hall::test {

TEST_CASE("access: a resident left idle is warned with time to answer, and one tap goes on") {
    ConfigOverrides o;
    o.idleTimeoutSeconds = 3;
    GuiHall hall("gui-access-timeout", o);
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());

    auto attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "lang.ko");
    attract = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.fact("language") == "ko"; }, "Korean");
    hall.input.tap(attract, "service.B");
    hall.settled(kiosk, "confirm");

    // Nobody touches it: the warning comes over the confirm screen, with at least 20 s left.
    auto warned = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.find("timeout.continue") != nullptr; },
        "the inactivity warning", std::chrono::seconds(15));
    CHECK(warned.screen == "confirm");
    CHECK(std::stoi(warned.fact("timeout.seconds")) >= 20);
    CHECK(warned.find("timeout.continue")->label == "계속하기");
    hall.screenshot(warned, "access-timeout-warning-ko", 1080, 1920, true);

    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    hall.input.tap(warned, "timeout.continue");
    auto goingOn = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.find("timeout.continue") == nullptr; },
        "the warning gone after 继续");
    // The visit is as the resident left it: same screen, same language, same service.
    CHECK(goingOn.screen == "confirm");
    CHECK(goingOn.fact("language") == "ko");
    CHECK(goingOn.find("ticket.take") != nullptr);

    // The warning again, and this time the resident ends the visit from it.
    warned = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.find("timeout.end") != nullptr; },
        "the inactivity warning again", std::chrono::seconds(15));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    hall.input.tap(warned, "timeout.end");
    auto back = hall.settled(kiosk, "attract");
    CHECK(back.fact("language") == "zh-CN");
    CHECK(back.find("timeout.continue") == nullptr);
}

}  // namespace hall::test
