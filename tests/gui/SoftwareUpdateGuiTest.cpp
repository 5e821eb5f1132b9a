// The hall role's side of a software update, on the real kiosk under Xvfb with its LAN API:
// asked for an install (as hall-updater asks: update::InstallGate), it holds the hall only once
// nobody is at the screen and no counter is serving a ticket, shows the out-of-service notice
// while held, and lets residents in again when the request goes. Screenshot: update-held.png.
#include <doctest/doctest.h>

#include <thread>

#include "gui/LanGuiHall.h"
#include "update/InstallGate.h"

using namespace hall;
using namespace hall::test;

namespace {

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Whether the hall says it is ready for `version` within `limit`.
bool readyWithin(const update::InstallGate& gate, const std::string& version,
                 std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (gate.isReady(version, nowMs()))
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return gate.isReady(version, nowMs());
}

}  // namespace

TEST_CASE(
    "update: no install while a counter is serving or a resident is at the screen, the "
    "hall held for the install once it is idle, and open again when it is done") {
    // A central the hall cannot reach: an updater may run, but this version cannot prove itself.
    LanGuiHall h("gui-update",
                 "[central]\nurl = \"https://127.0.0.1:9\"\ncertificate = "
                 "\"central-cert.pem\"\nkey_file = \"central/terminal.key\"\n");
    h.startHall();
    auto& kiosk = *h.hallKiosk;
    update::InstallGate gate(h.hall.dataDir() / "update");

    // A counter is serving a ticket: the updater's request waits.
    h.command(IssueTicketCommand{'A', std::nullopt, std::nullopt, {}, {}});
    h.command(OpenWindowCommand{1});
    h.command(CallNextCommand{1});
    REQUIRE(gate.request("9.9.9", nowMs()));
    CHECK_FALSE(readyWithin(gate, "9.9.9", std::chrono::seconds(3)));
    CHECK(waitForScreen(kiosk.uiMap(), "attract").screen == "attract");
    // The ticket is finished: nobody is served and nobody is at the screen.
    h.command(FinishCommand{1, "completed"});
    CHECK(readyWithin(gate, "9.9.9", std::chrono::seconds(5)));
    const auto held = kiosk.waitForScreen("out-of-service");
    h.hall.screenshot(held, "update-held", 1080, 1920);
    // The install is over (or the updater gave up): residents are let in again.
    gate.withdraw();
    auto attract = h.hall.settled(kiosk, "attract");

    // A resident in the middle of taking a ticket: the request waits for them.
    h.hall.input.tap(attract, "service.A");
    auto confirm = h.hall.settled(kiosk, "confirm");
    REQUIRE(gate.request("9.9.10", nowMs()));
    CHECK_FALSE(readyWithin(gate, "9.9.10", std::chrono::seconds(3)));
    CHECK(waitForScreen(kiosk.uiMap(), "confirm").screen == "confirm");
    h.hall.input.tap(confirm, "ticket.take");
    h.hall.input.tap(h.hall.settled(kiosk, "ticket"), "ticket.done");
    CHECK(readyWithin(gate, "9.9.10", std::chrono::seconds(5)));
    kiosk.waitForScreen("out-of-service");
    gate.withdraw();
    h.hall.settled(kiosk, "attract");

    // Without the central, this version has not proved itself: an updater would go back.
    CHECK_FALSE(update::ReleaseProof::read(gate.dir()).has_value());
}
