// The real kiosk in a real window under Xvfb, pressed with real X input events. Targets are
// found by name through the kiosk's UI map; screenshots go to test-output/artifacts/screenshots.
#include <doctest/doctest.h>

#include "gui/GuiHall.h"
#include "printer/EscPosDecoder.h"
#include "store/HallStore.h"

using namespace hall;
using namespace hall::test;
using namespace std::chrono_literals;

namespace {

std::vector<DecodedSlip> printedSlips(const std::filesystem::path& file) {
    const auto bytes = readFile(file);
    auto slips = decodeEscPos(std::vector<uint8_t>(bytes.begin(), bytes.end()));
    REQUIRE_MESSAGE(slips.ok(), (slips.ok() ? "" : slips.message()));
    return std::move(slips).value();
}

std::string slipText(const DecodedSlip& slip) {
    std::string all;
    for (const auto& item : slip.items)
        all += item.text + "\n";
    return all;
}

}  // namespace

TEST_CASE("portrait: a resident takes a ticket that is committed and printed and shown") {
    GuiHall hall("gui-portrait");
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());

    auto attract = hall.settled(kiosk, "attract");
    CHECK(attract.fact("hall.name") == "测试社区综合服务大厅");
    CHECK(attract.fact("service.A.status") == "等候 0 人");
    hall.screenshot(attract, "portrait-1-attract", 1080, 1920);

    hall.input.tap(attract, "service.A");
    auto confirm = hall.settled(kiosk, "confirm");
    REQUIRE(confirm.find("ticket.take"));
    CHECK(confirm.find("ticket.take")->label == "取号");
    CHECK(confirm.find("ticket.priority.age70"));
    hall.screenshot(confirm, "portrait-2-confirm", 1080, 1920);
    CHECK(ticketsInStore(hall.dataDir()).empty());

    hall.input.tap(confirm, "ticket.take");
    auto ticket = waitForUi(
        kiosk.uiMap(),
        [](const UiState& s) {
            return s.screen == "ticket" && s.fact("ticket.print") == "请取走号票，留意叫号";
        },
        "the ticket screen with the slip printed");
    CHECK(ticket.fact("ticket.number") == "A001");
    CHECK(ticket.fact("ticket.people_ahead") == "0");
    hall.screenshot(ticket, "portrait-3-ticket", 1080, 1920);

    // What the screen shows is what the store holds.
    const auto stored = ticketsInStore(hall.dataDir());
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].number == "A001");
    CHECK(stored[0].id == ticket.fact("ticket.id"));
    CHECK(stored[0].status == TicketStatus::Waiting);
    CHECK_FALSE(stored[0].priority);

    // And the printer got a real ESC/POS slip carrying the ticket's id in its QR code.
    const auto slips = printedSlips(hall.dir / "printer.escpos");
    REQUIRE(slips.size() == 1);
    CHECK(slips[0].cut);
    CHECK(slipText(slips[0]).find("A001") != std::string::npos);
    CHECK(slipText(slips[0]).find("测试社区综合服务大厅") != std::string::npos);
    CHECK(slipText(slips[0]).find("HALLTICKET:1:test-hall:" + stored[0].id) != std::string::npos);

    hall.input.tap(hall.settled(kiosk, "ticket"), "ticket.done");
    auto back = hall.settled(kiosk, "attract");
    CHECK(back.fact("service.A.status") == "等候 1 人");
}

TEST_CASE("landscape in Korean with priority: then the idle timeout clears the session") {
    ConfigOverrides o;
    o.idleTimeoutSeconds = 3;
    GuiHall hall("gui-landscape", o);
    KioskRun kiosk(hall.x, hall.config, hall.dir.path(), KioskRun::Options::sized("1920x1080"));

    auto attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "lang.ko");
    attract = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.fact("language") == "ko"; }, "Korean");
    CHECK(attract.fact("hall.name") == "시험 사회구역 종합봉사청");
    CHECK(attract.fact("service.B.name") == "종합 상담");
    hall.screenshot(attract, "landscape-1-attract-ko", 1920, 1080);

    // A regular ticket first, so the priority ticket has someone to go ahead of.
    hall.input.tap(attract, "service.B");
    auto confirm = hall.settled(kiosk, "confirm");
    hall.input.tap(confirm, "ticket.take");
    auto first = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.screen == "ticket"; }, "first ticket");
    CHECK(first.fact("ticket.number") == "B001");
    hall.input.tap(hall.settled(kiosk, "ticket"), "ticket.done");

    attract = hall.settled(kiosk, "attract");
    CHECK(attract.fact("language") == "zh-CN");  // the next resident starts in the default language
    hall.input.tap(attract, "lang.ko");
    attract = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.fact("language") == "ko"; }, "Korean");
    hall.input.tap(attract, "service.B");
    confirm = hall.settled(kiosk, "confirm");
    CHECK(confirm.find("ticket.priority.age70")->label == "70세 이상 어르신");
    hall.screenshot(confirm, "landscape-2-confirm-ko", 1920, 1080);
    hall.input.tap(confirm, "ticket.priority.age70");
    auto ticket = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.screen == "ticket"; }, "priority ticket");
    CHECK(ticket.fact("ticket.number") == "B002");
    CHECK(ticket.fact("ticket.priority") == "age70");
    CHECK(ticket.fact("ticket.people_ahead") == "0");
    hall.screenshot(ticket, "landscape-3-ticket-ko", 1920, 1080);

    // Nobody touches the screen: back to the start, the ticket gone from it, language reset.
    auto idle = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.screen == "attract"; }, "the idle timeout",
        10s);
    CHECK(idle.fact("ticket.number").empty());
    CHECK(idle.fact("language") == "zh-CN");
    const auto stored = ticketsInStore(hall.dataDir());
    REQUIRE(stored.size() == 2);
    CHECK(stored[1].priority == PriorityCategory::Age70);
}

TEST_CASE("a double tap on a service opens it but does not also take a ticket") {
    GuiHall hall("gui-double-tap");
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    auto attract = hall.settled(kiosk, "attract");
    const UiTarget* tile = attract.find("service.A");
    REQUIRE(tile);
    // The confirm screen's big button lies under the lower half of the tile.
    const int x = static_cast<int>(tile->x + tile->w / 2);
    const int y = static_cast<int>(tile->y + tile->h * 0.8);
    hall.input.tap(x, y);
    std::this_thread::sleep_for(120ms);
    hall.input.tap(x, y);
    auto confirm = hall.settled(kiosk, "confirm");
    const UiTarget* take = confirm.find("ticket.take");
    REQUIRE(take);
    CHECK(y >= take->y);
    CHECK(y <= take->y + take->h);
    CHECK(ticketsInStore(hall.dataDir()).empty());
}

TEST_CASE("a slip that fails to print still shows the committed ticket and says so") {
    ConfigOverrides o;
    o.printer = "kind = \"simulated\"\nsimulated_fault = \"paper_out\"";
    GuiHall hall("gui-paper-out", o);
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    auto attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "service.B");
    auto confirm = hall.settled(kiosk, "confirm");
    hall.input.tap(confirm, "ticket.take");
    auto ticket = waitForUi(
        kiosk.uiMap(),
        [](const UiState& s) {
            return s.screen == "ticket" &&
                   s.fact("ticket.print") == "号票没有打印出来，请记住您的号码";
        },
        "the print failure message");
    CHECK(ticket.fact("ticket.number") == "B001");
    hall.screenshot(ticket, "paper-out-ticket", 1080, 1920);
    CHECK(ticketsInStore(hall.dataDir()).size() == 1);
    CHECK(kiosk.log().find("out of paper") != std::string::npos);
}

TEST_CASE("a store locked by another program pauses ticketing until it is released") {
    GuiHall hall("gui-locked");
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    auto attract = hall.settled(kiosk, "attract");
    auto other = Database::open(HallStore::databaseFile(hall.dataDir()));
    REQUIRE(other.ok());
    REQUIRE(other->exec("BEGIN EXCLUSIVE", "test").ok());

    hall.input.tap(attract, "service.A");
    auto confirm = hall.settled(kiosk, "confirm");
    hall.input.tap(confirm, "ticket.take");
    auto paused = kiosk.waitForScreen("paused");
    CHECK(paused.fact("paused.reason") == "store.locked");
    CHECK(paused.fact("ticket.number").empty());
    hall.screenshot(paused, "locked-paused", 1080, 1920);

    REQUIRE(other->exec("ROLLBACK", "test").ok());
    attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "service.A");
    confirm = hall.settled(kiosk, "confirm");
    hall.input.tap(confirm, "ticket.take");
    auto ticket = kiosk.waitForScreen("ticket");
    CHECK(ticket.fact("ticket.number") == "A001");
    CHECK(ticketsInStore(hall.dataDir()).size() == 1);
}
