// The hall LAN API for real: TLS on loopback, signed requests from enrolled device keys, the
// real queue engine and SQLite store behind it.
#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "crypto/Random.h"
#include "integration/LanFixture.h"
#include "lan/HallCertificate.h"
#include "lan/HallLink.h"
#include "lan/LanProtocol.h"
#include "lan/RequestAuth.h"
#include "queue/TicketLedger.h"

using namespace hall;
using namespace hall::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

json command(HallConnection& c, const QueueCommand& cmd, const std::string& token,
             const std::string& key = randomHex(8)) {
    auto r = c.post(lan::kPathCommands, lan::commandToJson(cmd), key, token);
    REQUIRE_MESSAGE(r.ok(), commandName(cmd) << ": " << (r.ok() ? "" : r.message()));
    return *r;
}

Error refusal(HallConnection& c, const QueueCommand& cmd, const std::string& token) {
    auto r = c.post(lan::kPathCommands, lan::commandToJson(cmd), randomHex(8), token);
    REQUIRE_MESSAGE(!r.ok(), commandName(cmd) << " should have been refused");
    return r.error();
}

void issue(QueueEngine& engine, int n) {
    for (int i = 0; i < n; ++i) {
        REQUIRE(
            engine
                .execute(IssueTicketCommand{i % 2 ? 'A' : 'B', std::nullopt, std::nullopt, {}, {}},
                         Actor{"kiosk", {}, false})
                .ok());
    }
}

// A raw HTTPS request signed by `key`, for tests that tamper with what a real client sends.
httplib::Result raw(LanHall& hall, const std::string& method, const std::string& path,
                    const std::string& body, const RequestCredentials& c) {
    httplib::SSLClient cli("127.0.0.1", std::stoi(hall.url().substr(hall.url().rfind(':') + 1)));
    cli.set_ca_cert_path(hall.config.lan.certificate.c_str());
    cli.enable_server_certificate_verification(true);
    httplib::Headers h{{headers::kDevice, c.device},
                       {headers::kTimestamp, std::to_string(c.timestampMs)},
                       {headers::kNonce, c.nonce},
                       {headers::kSignature, c.signature},
                       {headers::kIdempotencyKey, c.idempotencyKey},
                       {headers::kStaffToken, c.staffToken}};
    return method == "GET" ? cli.Get(path, h) : cli.Post(path, h, body, "application/json");
}

std::string errorCode(const httplib::Result& r) {
    if (!r)
        return "no response";
    return json::parse(r->body, nullptr, false)["error"].value("code", "?");
}

}  // namespace

TEST_CASE(
    "8 counters calling concurrently 500 times each never get the same ticket and lose none") {
    LanHall hall("lan-load");
    std::vector<DeviceKey> keys;
    for (int i = 1; i <= 8; ++i)
        keys.push_back(hall.enrol("counter-" + std::to_string(i), DeviceRole::Counter));
    hall.startServer();
    issue(*hall.engine, 4000);

    std::vector<std::unique_ptr<HallConnection>> counters;
    std::vector<std::string> tokens;
    for (int i = 0; i < 8; ++i) {
        counters.push_back(hall.connect(keys[static_cast<size_t>(i)]));
        tokens.push_back(staffLogin(*counters.back(), std::to_string(101 + i)));
        command(*counters.back(), OpenWindowCommand{i + 1}, tokens.back());
    }
    std::vector<std::vector<std::string>> called(8);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&, i] {
            for (int n = 0; n < 500; ++n) {
                auto r = counters[static_cast<size_t>(i)]->post(
                    lan::kPathCommands, lan::commandToJson(CallNextCommand{i + 1}), randomHex(8),
                    tokens[static_cast<size_t>(i)]);
                auto f = counters[static_cast<size_t>(i)]->post(
                    lan::kPathCommands, lan::commandToJson(FinishCommand{i + 1, "completed"}),
                    randomHex(8), tokens[static_cast<size_t>(i)]);
                if (!r || !f) {
                    ++failures;
                    continue;
                }
                called[static_cast<size_t>(i)].push_back((*r)["id"]);
            }
        });
    }
    for (auto& t : threads)
        t.join();
    CHECK(failures == 0);
    std::set<std::string> unique;
    size_t total = 0;
    for (const auto& c : called) {
        total += c.size();
        unique.insert(c.begin(), c.end());
    }
    CHECK(total == 4000);
    CHECK(unique.size() == 4000);  // no ticket called twice
    const auto snap = hall.engine->snapshot();
    CHECK(snap.waiting.empty());  // none lost
    auto db = Database::open(HallStore::databaseFile(hall.config.dataDir), true);
    REQUIRE(db.ok());
    auto all = TicketLedger::all(*db);
    REQUIRE(all.ok());
    int done = 0;
    for (const auto& t : *all)
        done += t.status == TicketStatus::Done ? 1 : 0;
    CHECK(done == 4000);
}

TEST_CASE("bad requests get a clear error and change nothing") {
    LanHall hall("lan-bad");
    auto counterKey = hall.enrol("counter-1", DeviceRole::Counter);
    auto displayKey = hall.enrol("display", DeviceRole::Display);
    auto stranger = DeviceKey::generate("counter-9", DeviceRole::Counter);  // never enrolled
    REQUIRE(stranger.ok());
    hall.startServer();
    issue(*hall.engine, 3);
    auto counter = hall.connect(counterKey);
    const auto before = hall.engine->revision();

    SUBCASE("wrong credentials") {
        CHECK(refusal(*counter, CallNextCommand{1}, "").code == "auth.staff_required");
        auto wrongPin =
            counter->post(lan::kPathLogin, {{"staff_id", "101"}, {"pin", "0000"}}, "k1");
        CHECK(wrongPin.error().code == "auth.wrong_pin");
        CHECK(wrongPin.message().find("tries left") != std::string::npos);
        auto strangerConn = hall.connect(*stranger);
        CHECK(strangerConn->get(lan::kPathQueue).error().code == "auth.unknown_device");
        auto display = hall.connect(displayKey);
        CHECK(refusal(*display, CallNextCommand{1}, "").code == "auth.forbidden");
        CHECK(display->get(lan::kPathQueue).ok());
        CHECK(hall.engine->revision() == before);
    }
    SUBCASE("state errors") {
        const std::string token = staffLogin(*counter, "101");
        CHECK(refusal(*counter, CallNextCommand{1}, token).code == "queue.window_closed");
        command(*counter, OpenWindowCommand{1}, token);
        CHECK(refusal(*counter, CallNextCommand{99}, token).code == "queue.unknown_window");
        CHECK(refusal(*counter, ReinstateCommand{"Z123"}, token).code == "queue.unknown_ticket");
        command(*counter, PauseWindowCommand{1}, token);
        CHECK(refusal(*counter, CallNextCommand{1}, token).code == "queue.window_paused");
        command(*counter, ResumeWindowCommand{1}, token);
        command(*counter, CallNextCommand{1}, token);
        command(*counter, FinishCommand{1, "completed"}, token);
        CHECK(refusal(*counter, FinishCommand{1, "completed"}, token).code ==
              "queue.no_current_ticket");
    }
    SUBCASE("a retried write with the same key is answered, not applied again") {
        const std::string token = staffLogin(*counter, "101");
        command(*counter, OpenWindowCommand{1}, token);
        const auto first = command(*counter, CallNextCommand{1}, token, "same-key");
        const auto second = command(*counter, CallNextCommand{1}, token, "same-key");
        CHECK(second["id"] == first["id"]);
        CHECK(second["replayed"] == true);
        CHECK(hall.engine->snapshot().waiting.size() == 2);
    }
    SUBCASE("malformed and oversized requests") {
        const std::string token = staffLogin(*counter, "101");
        CHECK(counter
                  ->post(lan::kPathCommands, {{"command", "call_next"}, {"window", "one"}}, "k",
                         token)
                  .error()
                  .code == "request.bad_command");
        CHECK(
            counter->post(lan::kPathCommands, {{"command", "explode"}}, "k", token).error().code ==
            "request.bad_command");
        CHECK(
            counter->post(lan::kPathCommands, {{"command", "call_next"}, {"window", 1}}, "", token)
                .error()
                .code == "request.missing_key");
        auto huge =
            counter->post(lan::kPathCommands,
                          {{"command", "transfer"}, {"note", std::string(20000, 'x')}}, "k", token);
        CHECK(huge.error().code == "request.too_large");
    }
    SUBCASE("a replayed, tampered or stale request is refused") {
        const std::string body =
            lan::commandToJson(IssueTicketCommand{'A', std::nullopt, std::nullopt, {}, {}}).dump();
        auto kioskKey = hall.enrol("kiosk-2", DeviceRole::Kiosk);
        hall.stopServer();
        hall.startServer();  // picks up the newly enrolled kiosk
        const auto c = signRequest(kioskKey, "POST", lan::kPathCommands, body,
                                   toUnixMillis(std::chrono::system_clock::now()), "issue-1", "");
        auto ok = raw(hall, "POST", lan::kPathCommands, body, c);
        REQUIRE(ok);
        CHECK(ok->status == 200);
        auto replay = raw(hall, "POST", lan::kPathCommands, body, c);
        CHECK(replay->status == 409);
        CHECK(errorCode(replay) == "auth.replayed");
        auto tampered = signRequest(kioskKey, "POST", lan::kPathCommands, body,
                                    toUnixMillis(std::chrono::system_clock::now()), "issue-2", "");
        auto changed = raw(hall, "POST", lan::kPathCommands,
                           body.substr(0, body.size() - 1) + ",\"priority\":\"age70\"}", tampered);
        CHECK(changed->status == 401);
        CHECK(errorCode(changed) == "auth.bad_signature");
        auto stale =
            signRequest(kioskKey, "POST", lan::kPathCommands, body,
                        toUnixMillis(std::chrono::system_clock::now()) - 3600'000, "issue-3", "");
        CHECK(errorCode(raw(hall, "POST", lan::kPathCommands, body, stale)) == "auth.clock_skew");
        CHECK(hall.engine->snapshot().waiting.size() == 4);  // only the first one issued a ticket
    }
    SUBCASE("a server that is not the hall is not trusted") {
        TempDir other("other-cert");
        REQUIRE(ensureHallCertificate(other / "cert.pem", other / "key.pem", "impostor",
                                      {"localhost", "127.0.0.1"})
                    .ok());
        HallConnection fooled(counterKey, hall.url(), other / "cert.pem");
        CHECK(fooled.get(lan::kPathQueue).error().code == "lan.untrusted");
    }
}

TEST_CASE(
    "a counter's link shows the cut, keeps its command and applies it once when the hall is back") {
    LanHall hall("lan-link");
    auto key = hall.enrol("counter-1", DeviceRole::Counter);
    hall.startServer();
    issue(*hall.engine, 2);
    std::atomic<int> wakes{0};
    HallLink link(hall.deviceConfig(key, 1), key, [&] { ++wakes; });
    auto waitFor = [&](const std::function<bool()>& ok, const std::string& what) {
        for (int i = 0; i < 400 && !ok(); ++i)
            std::this_thread::sleep_for(25ms);
        REQUIRE_MESSAGE(ok(), "timed out waiting for "
                                  << what << " (connected " << link.view().connected << ", pending "
                                  << link.view().pending << ", problem: " << link.view().problem
                                  << ")");
    };
    waitFor([&] { return link.view().connected && link.view().snapshot; }, "the first snapshot");
    link.login("101", kStaffPin);
    waitFor([&] { return !link.view().staffId.empty(); }, "the login");
    link.send(OpenWindowCommand{1});
    waitFor([&] { return link.view().pending == 0; }, "the window to open");

    hall.stopServer();
    waitFor([&] { return !link.view().connected; }, "the link to notice the cut");
    CHECK(!link.view().problem.empty());
    const auto id = link.send(CallNextCommand{1});
    std::this_thread::sleep_for(300ms);
    CHECK(link.view().pending == 1);
    CHECK(hall.engine->snapshot().waiting.size() == 2);

    hall.startServer();  // same port, same store
    waitFor([&] { return link.view().connected && link.view().pending == 0; },
            "the link to reconnect and send");
    auto outcomes = link.takeOutcomes();
    bool calledOnce = false;
    for (const auto& o : outcomes) {
        if (o.id == id) {
            REQUIRE(o.result.ok());
            calledOnce = (*o.result)["number"] == "B001";
        }
    }
    CHECK(calledOnce);
    CHECK(hall.engine->snapshot().waiting.size() == 1);
    waitFor([&] { return link.view().snapshot && link.view().snapshot->windows[0].current; },
            "the new snapshot");
    CHECK(link.view().snapshot->windows[0].current->number == "B001");
    CHECK(wakes > 0);
}
