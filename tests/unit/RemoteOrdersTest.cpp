// Orders from afar and the console's sign-in: what a terminal takes, and who gets in.
#include <doctest/doctest.h>

#include "ConsoleAccess.h"
#include "ConsoleSchema.h"
#include "orders/OrderLedger.h"
#include "orders/RemoteOrder.h"
#include "support/TempDir.h"
#include "text/UntrustedJson.h"

using namespace hall;
using namespace hall::orders;

namespace {

constexpr int64_t kNow = 1796004000000;

RemoteOrder sample(OrderKind kind = OrderKind::Restart) {
    RemoteOrder o;
    o.id = "0123456789abcdef0123456789abcdef";
    o.kind = kind;
    o.terminalId = "terminal-1";
    o.message = "本机暂停服务，请到前台办理";
    o.issuedAtMs = kNow;
    o.expiresAtMs = kNow + 3600 * 1000;
    o.by = "maint-wang";
    return o;
}

}  // namespace

TEST_CASE(
    "orders: a terminal opens only an order signed by a key it trusts, unchanged, for "
    "itself and in time") {
    const auto central = DeviceKey::generate("central-orders", DeviceRole::Maintainer).value();
    const auto stranger = DeviceKey::generate("central-orders", DeviceRole::Maintainer).value();
    const std::map<std::string, std::string> trusted{{central.id, central.publicKey}};
    const std::string text = signOrder(sample(), central);

    auto opened = openOrder(text, trusted);
    REQUIRE_MESSAGE(opened, (opened ? "" : opened.message()));
    CHECK(opened->kind == OrderKind::Restart);
    CHECK(opened->message == sample().message);
    CHECK(opened->by == "maint-wang");
    CHECK(checkOrderFor(*opened, "terminal-1", kNow + 1000));

    // Same key id, another key: a forgery.
    auto forged = openOrder(signOrder(sample(), stranger), trusted);
    REQUIRE_FALSE(forged);
    CHECK(forged.error().code == "order.bad_signature");
    // Changed after signing: another terminal put in the signed bytes.
    auto outer = parseUntrustedJson(text);
    auto bytes = fromBase64(outer["order"].get<std::string>()).value();
    bytes.replace(bytes.find("terminal-1"), 10, "terminal-2");
    outer["order"] = toBase64(bytes);
    auto changed = openOrder(outer.dump(), trusted);
    REQUIRE_FALSE(changed);
    CHECK(changed.error().code == "order.bad_signature");
    CHECK(openOrder(text, {}).error().code == "order.unknown_signer");
    CHECK(openOrder("{\"order\": 1}", trusted).error().code == "order.malformed");
    CHECK(openOrder("not json", trusted).error().code == "order.malformed");

    auto other = checkOrderFor(*opened, "terminal-2", kNow);
    REQUIRE_FALSE(other);
    CHECK(other.error().code == "order.wrong_terminal");
    auto late = checkOrderFor(*opened, "terminal-1", kNow + 3600 * 1000);
    REQUIRE_FALSE(late);
    CHECK(late.error().code == "order.expired");

    // What a signer cannot make a terminal take: a short id, an unknown kind, a long message.
    auto bad = sample();
    bad.id = "short";
    CHECK(openOrder(signOrder(bad, central), trusted).error().code == "order.malformed");
    bad = sample();
    bad.message = std::string(201, 'x');
    CHECK(openOrder(signOrder(bad, central), trusted).error().code == "order.malformed");
    bad = sample();
    bad.expiresAtMs = bad.issuedAtMs;
    CHECK(openOrder(signOrder(bad, central), trusted).error().code == "order.malformed");
}

TEST_CASE(
    "orders: the ledger remembers what became of each order across restarts, until "
    "the central has it") {
    test::TempDir dir("order-ledger");
    const auto file = dir.path() / "orders" / "ledger.json";
    {
        auto ledger = OrderLedger::open(file);
        REQUIRE(ledger);
        CHECK_FALSE(ledger->outcomeOf(sample().id));
        REQUIRE(ledger->record({sample().id, "done", "restarted"}));
        REQUIRE(ledger->record({std::string(32, 'b'), "refused", "order.expired"}));
        REQUIRE(ledger->markReported({std::string(32, 'b')}));
    }
    auto again = OrderLedger::open(file);
    REQUIRE(again);
    REQUIRE(again->outcomeOf(sample().id));
    CHECK(again->outcomeOf(sample().id)->status == "done");
    CHECK(again->unreported() == std::vector<OrderOutcome>{{sample().id, "done", "restarted"}});
    // Past 200, the oldest reported ones go; none still to report is lost.
    for (int i = 0; i < 250; ++i) {
        char id[40];
        std::snprintf(id, sizeof id, "%032d", i);
        REQUIRE(again->record({id, "done", ""}));
        if (i % 2 == 0)
            REQUIRE(again->markReported({id}));
    }
    CHECK(again->outcomeOf(sample().id));
    CHECK(again->unreported().size() == 32);  // as many as one heartbeat carries
    test::writeFile(file, "{\"orders\": 7}");
    auto broken = OrderLedger::open(file);
    REQUIRE_FALSE(broken);
    CHECK(broken.message().find(file.string()) != std::string::npos);
}

TEST_CASE(
    "sign-in: a console link signs in once and for minutes, a session lasts hours and "
    "ends at sign-out, and only hashes are kept") {
    test::TempDir dir("console-access");
    const auto db = dir.path() / "central.db";
    auto sql = openSqlDatabase(db.string(), kConsoleSchema);
    REQUIRE_MESSAGE(sql, (sql ? "" : sql.message()));
    ConsoleAccess access(**sql, std::chrono::minutes(5), std::chrono::hours(8));
    auto token = access.createLogin("maint-wang", ConsoleRole::Operator, kNow);
    REQUIRE(token);
    CHECK(token->size() == 64);

    auto late = access.signIn(*token, kNow + 5 * 60 * 1000);
    REQUIRE_FALSE(late);
    CHECK(late.error().code == "console.bad_login");
    token = access.createLogin("maint-wang", ConsoleRole::Operator, kNow);
    auto in = access.signIn(*token, kNow + 1000);
    REQUIRE_MESSAGE(in, (in ? "" : in.message()));
    const auto& [id, session] = *in;
    CHECK(session.maintainer == "maint-wang");
    CHECK(session.role == ConsoleRole::Operator);
    CHECK(session.csrf.size() == 64);
    CHECK_FALSE(access.signIn(*token, kNow + 2000));  // once
    CHECK_FALSE(access.signIn("0" + token->substr(1), kNow + 2000));

    CHECK(access.session(id, kNow + 7 * 3600 * 1000));
    CHECK(access.session(id, kNow + 9 * 3600 * 1000).error().code == "console.signed_out");
    CHECK_FALSE(access.session(std::string(64, 'a'), kNow));
    REQUIRE(access.signOut(id, kNow + 3000));
    CHECK_FALSE(access.session(id, kNow + 4000));

    // Neither the link's token nor the session's id is in the database.
    auto rows = (*sql)->query(
        "SELECT token_hash FROM console_logins UNION ALL SELECT id_hash "
        "FROM console_sessions",
        {}, "reading");
    REQUIRE(rows);
    CHECK(rows->size() == 3);
    for (const auto& r : *rows) {
        CHECK(r[0] != *token);
        CHECK(r[0] != id);
    }
}
