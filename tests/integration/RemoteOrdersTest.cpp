// Orders through a real central on loopback HTTPS to a terminal's real order desk and
// heartbeat: carried out once however often they come, and refused when forged, changed, meant
// for another terminal or stale — even when a tampered central database hands them out.
#include <doctest/doctest.h>

#include "crypto/Random.h"
#include "health/HealthProbe.h"
#include "health/HeartbeatSender.h"
#include "integration/CentralFixture.h"
#include "integration/LanFixture.h"
#include "orders/OrderDesk.h"
#include "sync/CentralAdmin.h"
#include "sync/SyncProtocol.h"
#include "text/UntrustedJson.h"

using namespace hall;
using namespace hall::test;
using json = nlohmann::json;

namespace {

struct OrderedTerminal {
    explicit OrderedTerminal(Central& c) : central(c), hall("orders-hall", "hall-orders") {
        key = DeviceKey::generate("terminal-o", DeviceRole::Kiosk).value();
        auto enrolled =
            enrolWithCentral(central.endpoint, central.code(hall.config.hallId), key, "test");
        REQUIRE_MESSAGE(enrolled, (enrolled ? "" : enrolled.message()));
        REQUIRE(enrolled->orderKey.size() == 32);
        trusted = {{enrolled->orderKeyId, enrolled->orderKey}};
        openDesk();
        probe = std::make_unique<HealthProbe>(HealthProbe::Parts{
            hall.config, "0.7.0", clock, *hall.engine, nullptr, nullptr, nullptr});
    }
    void openDesk() {
        sender.reset();
        auto opened = OrderDesk::open(key.id, trusted, hall.dir.path() / "orders");
        REQUIRE(opened);
        desk = std::move(opened).value();
        sender = std::make_unique<HeartbeatSender>(
            central.endpoint, key, [this] { return probe->gather(); }, std::chrono::hours(1),
            desk.get());
    }
    // What the central says became of an order.
    std::string statusOf(const std::string& id) {
        auto rows = central.databases.console->query(
            "SELECT status, detail FROM orders WHERE id = ?", {id}, "reading an order");
        REQUIRE(rows);
        REQUIRE(rows->size() == 1);
        return (*rows)[0][0] + ": " + (*rows)[0][1];
    }
    // An order put straight into the central's database, as a tampered one would hand it out.
    void inject(const std::string& id, const std::string& signedText) {
        REQUIRE(central.databases.console->query(
            "INSERT INTO orders (id, terminal_id, kind, message, signed, ordered_by, created_at, "
            "expires_at) VALUES (?, ?, 'restart', '', ?, 'nobody', 1, ?)",
            {id, key.id, signedText, std::to_string(toUnixMillis(central.clock.now()) + 3600000)},
            "injecting an order"));
    }

    Central& central;
    LanHall hall;
    DeviceKey key;
    CorrectedClock clock;
    std::map<std::string, std::string> trusted;
    std::unique_ptr<OrderDesk> desk;
    std::unique_ptr<HealthProbe> probe;
    std::unique_ptr<HeartbeatSender> sender;
};

}  // namespace

TEST_CASE(
    "orders: an order reaches its terminal with the next heartbeat and is carried out "
    "once, however often it is sent, across a restart too") {
    Central central;
    OrderedTerminal t(central);
    auto placed = askCentral(central.endpoint, sync::kPathAdminOrders,
                             {{"terminal_id", t.key.id}, {"kind", "restart"}}, central.maintainer,
                             central.clock);
    REQUIRE_MESSAGE(placed, (placed ? "" : placed.message()));
    const std::string id = (*placed)["order_id"];
    REQUIRE(t.sender->sendOnce());
    auto order = t.desk->next();
    REQUIRE(order);
    CHECK(order->id == id);
    CHECK(order->kind == orders::OrderKind::Restart);
    CHECK(order->by == "maint-1");
    // Sent again before the terminal has reported: not taken twice.
    REQUIRE(t.sender->sendOnce());
    CHECK_FALSE(t.desk->next());
    t.desk->finished(*order, "done", "restarted at the start screen");
    // The terminal restarts: the central still lists the order as sent, sends it again.
    t.openDesk();
    REQUIRE(t.sender->sendOnce());  // reports the outcome, and the order comes back once more
    CHECK_FALSE(t.desk->next());
    CHECK(t.statusOf(id) == "done: restarted at the start screen");
    REQUIRE(t.sender->sendOnce());
    CHECK_FALSE(t.desk->next());
    CHECK(t.desk->unreported().empty());  // the central has it
}

TEST_CASE(
    "orders: a terminal refuses an order that is forged, changed, for another terminal "
    "or stale, even from its own central, and says why") {
    Central central;
    OrderedTerminal t(central);
    const auto impostor =
        DeviceKey::generate(t.trusted.begin()->first, DeviceRole::Maintainer).value();
    // The central's own order key, read from its file: a genuine signature on a bad order.
    const auto own = DeviceKey::load(central.config.orderKey).value();
    auto order = [&] {
        orders::RemoteOrder o;
        o.id = randomHex(16);
        o.kind = orders::OrderKind::OutOfService;
        o.terminalId = t.key.id;
        o.message = "hacked";
        o.issuedAtMs = toUnixMillis(central.clock.now());
        o.expiresAtMs = o.issuedAtMs + 3600000;
        o.by = "maint-1";
        return o;
    };
    // Signed with another key under the central's key id.
    auto forged = order();
    t.inject(forged.id, orders::signOrder(forged, impostor));
    // Signed by the central for another terminal.
    auto other = order();
    other.terminalId = "terminal-elsewhere";
    t.inject(other.id, orders::signOrder(other, own));
    // Expired.
    auto stale = order();
    stale.issuedAtMs -= 7200000;
    stale.expiresAtMs -= 7200000;
    t.inject(stale.id, orders::signOrder(stale, own));
    // Changed after signing.
    auto genuine = order();
    auto envelope = parseUntrustedJson(orders::signOrder(genuine, own));
    auto bytes = fromBase64(envelope["order"].get<std::string>()).value();
    bytes.replace(bytes.find("hacked"), 6, "HACKED");
    envelope["order"] = toBase64(bytes);
    t.inject(genuine.id, envelope.dump());

    REQUIRE(t.sender->sendOnce());
    CHECK_FALSE(t.desk->next());
    CHECK_FALSE(t.desk->outOfService());
    REQUIRE(t.sender->sendOnce());  // the refusals go back with the next heartbeat
    CHECK(t.statusOf(stale.id).rfind("refused: order ", 0) == 0);
    CHECK(t.statusOf(stale.id).find("expired") != std::string::npos);
    // Those whose signature fails are not trusted to name an order at all: never reported.
    CHECK(t.statusOf(forged.id).rfind("sent", 0) == 0);
    CHECK(t.statusOf(genuine.id).rfind("sent", 0) == 0);
    CHECK(t.statusOf(other.id).rfind("sent", 0) == 0);
}
