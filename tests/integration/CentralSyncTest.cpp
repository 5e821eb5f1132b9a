// The hall's outbox to the central service over real HTTPS on loopback: enrolment with a
// one-time code, uploads signed with the terminal's key, each event applied once, and the
// faults a terminal meets on the way (a wrong certificate, 500, 503 with Retry-After, answers
// cut short, a crash between upload and acknowledgement).
#include <doctest/doctest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>

#include "CentralServer.h"
#include "PostgresCentralStore.h"
#include "SqliteCentralStore.h"
#include "crypto/Random.h"
#include "integration/CentralFixture.h"
#include "integration/LanFixture.h"
#include "lan/HallCertificate.h"
#include "support/PostgresServer.h"
#include "support/Subprocess.h"
#include "sync/CentralAdmin.h"
#include "sync/CentralLink.h"
#include "sync/RetryBackoff.h"

using namespace hall;
using namespace hall::test;

static void enrolsAndUploadsOnce(Backend backend) {
    Central central(backend);
    LanHall hall("central-sync-hall");
    auto key = DeviceKey::generate("terminal-1", DeviceRole::Kiosk);
    REQUIRE(key);
    const std::string code = central.code(hall.config.hallId);
    REQUIRE(enrolWithCentral(central.endpoint, code, *key, "test"));
    // The code is used up.
    auto again = enrolWithCentral(central.endpoint, code,
                                  *DeviceKey::generate("terminal-2", DeviceRole::Kiosk), "test");
    REQUIRE_FALSE(again);
    CHECK(again.error().code == "sync.refused");
    CHECK(again.message().find("central.code_used") != std::string::npos);

    issueTickets(hall, 40);
    const int64_t events = backlog(hall);
    REQUIRE(events >= 40);
    CentralLink link(*hall.engine, hall.config.hallId, central.endpoint, *key, hall.clock);
    auto ack = link.uploadOnce();
    REQUIRE_MESSAGE(ack, (ack ? "" : ack.message()));
    CHECK(ack->applied == events);
    CHECK(backlog(hall) == 0);
    CHECK(*central.store->countEvents("terminal-1", "") == events);
    CHECK(*central.store->countEvents("terminal-1", "ticket.issued") == 40);
    // What maintainers see of the terminal: its software and the backlog it reported.
    auto seen = central.store->terminal("terminal-1");
    REQUIRE(seen);
    REQUIRE(*seen);
    CHECK((*seen)->software.rfind("kiosk ", 0) == 0);
    CHECK((*seen)->backlog == 0);  // none left after this batch
    CHECK((*seen)->lastContactMs > 0);
    CHECK((*seen)->eventsReceived == events);

    // The terminal crashed after uploading but before deleting: the same events again.
    issueTickets(hall, 5);
    auto batch = hall.engine->outboxBatch(500);
    REQUIRE(batch);
    REQUIRE(link.send(*batch));  // uploaded, not acknowledged locally
    CHECK(backlog(hall) == static_cast<int64_t>(batch->size()));
    auto retry = link.uploadOnce();
    REQUIRE(retry);
    CHECK(retry->applied == 0);
    CHECK(retry->duplicates == static_cast<int64_t>(batch->size()));
    CHECK(backlog(hall) == 0);
    CHECK(*central.store->countEvents("terminal-1", "ticket.issued") == 45);
}

static void drainsAWeek(Backend backend) {
    Central central(backend);
    LanHall hall("central-sync-week");
    auto key = DeviceKey::generate("terminal-week", DeviceRole::Kiosk);
    REQUIRE(enrolWithCentral(central.endpoint, central.code(hall.config.hallId), *key, "test"));
    {
        // Events written straight into the outbox, as a week of ticketing would leave them.
        Database& db = hall.engine->store()->db();
        auto tx = Transaction::begin(db, "a week of events");
        REQUIRE(tx);
        for (int i = 0; i < 50000; ++i) {
            REQUIRE(Outbox::append(db, "ticket.issued", hall.clock.now(), issuedTicketPayload(i)));
        }
        REQUIRE(tx->commit());
    }
    const int64_t events = backlog(hall);
    CentralLink link(*hall.engine, hall.config.hallId, central.endpoint, *key, hall.clock);
    int rounds = 0;
    while (backlog(hall) > 0 && rounds < 200) {
        auto ack = link.uploadOnce();
        REQUIRE_MESSAGE(ack, (ack ? "" : ack.message()));
        ++rounds;
    }
    CHECK(rounds == static_cast<int>((events + 499) / 500));
    CHECK(*central.store->countEvents("terminal-week", "") == events);
}

static void refusesStrangers(Backend backend) {
    Central central(backend);
    LanHall hall("central-sync-refused");
    issueTickets(hall, 3);
    const int64_t events = backlog(hall);
    auto stranger = DeviceKey::generate("stranger", DeviceRole::Kiosk);
    CentralLink unknown(*hall.engine, hall.config.hallId, central.endpoint, *stranger, hall.clock);
    auto r = unknown.uploadOnce();
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "sync.refused");
    CHECK(backlog(hall) == events);

    auto key = DeviceKey::generate("terminal-r", DeviceRole::Kiosk);
    REQUIRE(enrolWithCentral(central.endpoint, central.code("another-hall"), *key, "test"));
    CentralLink wrongHall(*hall.engine, hall.config.hallId, central.endpoint, *key, hall.clock);
    auto w = wrongHall.uploadOnce();
    REQUIRE_FALSE(w);
    CHECK(w.message().find("central.wrong_hall") != std::string::npos);

    REQUIRE(central.store->revoke("terminal-r", toUnixMillis(hall.clock.now())));
    CentralLink revoked(*hall.engine, "another-hall", central.endpoint, *key, hall.clock);
    auto v = revoked.uploadOnce();
    REQUIRE_FALSE(v);
    CHECK(v.message().find("auth.revoked") != std::string::npos);
    CHECK(backlog(hall) == events);
}

TEST_CASE("a terminal enrols once with a code and its events reach the central exactly once") {
    SUBCASE("SQLite") {
        enrolsAndUploadsOnce(Backend::Sqlite);
    }
    SUBCASE("PostgreSQL") {
        enrolsAndUploadsOnce(Backend::Postgres);
    }
}

TEST_CASE("a week offline: a backlog of 50,000 events drains in batches, none lost or doubled") {
    SUBCASE("SQLite") {
        drainsAWeek(Backend::Sqlite);
    }
    SUBCASE("PostgreSQL") {
        drainsAWeek(Backend::Postgres);
    }
}

TEST_CASE("an unknown, revoked or impostor terminal is refused and its outbox kept") {
    SUBCASE("SQLite") {
        refusesStrangers(Backend::Sqlite);
    }
    SUBCASE("PostgreSQL") {
        refusesStrangers(Backend::Postgres);
    }
}

TEST_CASE("a server with another certificate is never trusted") {
    Central central;
    Central impostor;  // a real HTTPS server, but not the central the terminal pinned
    LanHall hall("central-sync-cert");
    issueTickets(hall, 2);
    const int64_t events = backlog(hall);
    auto key = DeviceKey::generate("terminal-c", DeviceRole::Kiosk);
    CentralEndpoint wrong{impostor.endpoint.url, central.endpoint.certificate};
    CentralLink link(*hall.engine, hall.config.hallId, wrong, *key, hall.clock);
    auto r = link.uploadOnce();
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "sync.unreachable");
    CHECK(backlog(hall) == events);
}

TEST_CASE(
    "500, 503 with Retry-After, slow answers and answers cut short leave the outbox as it was") {
    TempDir dir("central-faults");
    REQUIRE(ensureHallCertificate(dir / "cert.pem", dir / "key.pem", "faulty", {"127.0.0.1"}));
    httplib::SSLServer faulty((dir / "cert.pem").c_str(), (dir / "key.pem").c_str());
    std::string mode;
    faulty.Post(sync::kPathEvents, [&](const httplib::Request&, httplib::Response& res) {
        if (mode == "500") {
            res.status = 500;
        } else if (mode == "503") {
            res.status = 503;
            res.set_header("Retry-After", "120");
        } else if (mode == "truncated") {
            res.status = 200;
            res.set_content(R"({"acked_through": 99999, "server_ti)", "application/json");
        } else if (mode == "slow") {
            // Answers, but only after the terminal stopped waiting.
            std::this_thread::sleep_for(std::chrono::milliseconds(2500));
            res.status = 200;
            res.set_content(R"({"acked_through": 99999, "server_time": 1})", "application/json");
        } else if (mode == "html") {
            res.status = 200;
            res.set_content("<html>proxy error</html>", "text/html");
        } else {
            res.status = 200;
            res.set_content(R"({"acked_through": 99999, "server_time": 1})", "application/json");
        }
    });
    const int port = faulty.bind_to_any_port("127.0.0.1");
    std::thread serving([&] { faulty.listen_after_bind(); });
    // Bound and listening: connections wait in the backlog until the loop takes them.

    LanHall hall("central-faults-hall");
    issueTickets(hall, 3);
    const int64_t events = backlog(hall);
    auto key = DeviceKey::generate("terminal-f", DeviceRole::Kiosk);
    CentralLink link(*hall.engine, hall.config.hallId,
                     {"https://127.0.0.1:" + std::to_string(port), dir / "cert.pem",
                      std::chrono::milliseconds(1000)},
                     *key, hall.clock);
    for (const auto& [m, code] :
         std::vector<std::pair<std::string, std::string>>{{"500", "sync.server_error"},
                                                          {"503", "sync.busy"},
                                                          {"slow", "sync.unreachable"},
                                                          {"truncated", "sync.bad_answer"},
                                                          {"html", "sync.bad_answer"},
                                                          {"wrong-ack", "sync.bad_answer"}}) {
        mode = m;
        auto r = link.uploadOnce();
        REQUIRE_FALSE_MESSAGE(r, m);
        CHECK_MESSAGE(r.error().code == code, m << ": " << r.message());
        CHECK_MESSAGE(backlog(hall) == events, m);
    }
    faulty.stop();
    serving.join();

    // The central gone altogether.
    auto gone = link.uploadOnce();
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == "sync.unreachable");
    CHECK(backlog(hall) == events);
}

TEST_CASE("retries back off exponentially with jitter, and honour Retry-After") {
    std::mt19937_64 random(7);
    for (int failures = 1; failures <= 12; ++failures) {
        const auto d = sync::retryDelay(failures, random);
        const int64_t ceiling =
            std::min<int64_t>(1000LL << (failures - 1), sync::kLongestRetry.count());
        CHECK(d.count() >= ceiling / 2);
        CHECK(d.count() <= ceiling);
    }
    CHECK(sync::retryDelay(1, random, std::chrono::seconds(120)) == std::chrono::seconds(120));
    // Two halls failing together do not retry in step.
    std::mt19937_64 a(1), b(2);
    CHECK(sync::retryDelay(6, a) != sync::retryDelay(6, b));
}

TEST_CASE("the hall's upload thread sends new events when woken, and catches up after a cut") {
    Central central;
    LanHall hall("central-sync-thread");
    auto key = DeviceKey::generate("terminal-t", DeviceRole::Kiosk);
    REQUIRE(enrolWithCentral(central.endpoint, central.code(hall.config.hallId), *key, "test"));
    CentralLink link(*hall.engine, hall.config.hallId, central.endpoint, *key, hall.clock);
    link.start();
    auto drained = [&](int64_t expected) {
        for (int i = 0; i < 200; ++i) {
            if (backlog(hall) == 0 && *central.store->countEvents("terminal-t", "") == expected)
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    };
    issueTickets(hall, 4);
    const int64_t first = backlog(hall);
    link.wake();
    CHECK(drained(first));

    // The central goes away; tickets go on being issued; it comes back.
    central.server->stop();
    issueTickets(hall, 3);
    const int64_t waiting = backlog(hall);
    link.wake();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(backlog(hall) == waiting);
    CHECK(link.status().failures >= 1);
    central.restart();
    // The first retry comes within about a second (backoff starts at 0.5–1 s).
    for (int i = 0; i < 60 && backlog(hall) > 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(backlog(hall) == 0);
    CHECK(*central.store->countEvents("terminal-t", "") == first + waiting);
    link.stop();
}

TEST_CASE("the central process killed in the middle of uploads loses nothing and doubles nothing") {
    TempDir dir("central-kill");
    REQUIRE(ensureHallCertificate(dir / "cert.pem", dir / "key.pem", "central", {"127.0.0.1"}));
    const int port = [] {
        // A port nobody uses now: bound, read and closed again.
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        ::close(fd);
        return static_cast<int>(ntohs(a.sin_port));
    }();
    writeFile(dir / "central.toml",
              "[central]\nlisten_address = \"127.0.0.1\"\nport = " + std::to_string(port) +
                  "\ncertificate = \"cert.pem\"\nprivate_key = \"key.pem\"\n"
                  "database = \"central.db\"\n");
    const std::string config = (dir / "central.toml").string();
    LanHall hall("central-kill-hall");
    const auto code =
        runCommand({HALL_CENTRAL_BINARY, "code", "--config", config, "--hall", hall.config.hallId});
    REQUIRE_MESSAGE(code.exitCode == 0, code.output);
    const CentralEndpoint endpoint{"https://127.0.0.1:" + std::to_string(port), dir / "cert.pem"};
    auto startCentral = [&] {
        auto p = std::make_unique<Subprocess>(
            std::vector<std::string>{HALL_CENTRAL_BINARY, "serve", "--config", config},
            std::vector<std::string>{}, dir / "central.log");
        // Serving once any answer comes (a refused enrolment will do).
        for (int i = 0; i < 100 && !postToCentral(endpoint, sync::kPathEnrol, "{}", nullptr, 0);
             ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return p;
    };
    auto central = startCentral();
    auto key = DeviceKey::generate("terminal-k", DeviceRole::Kiosk);
    auto enrolled =
        enrolWithCentral(endpoint, code.output.substr(0, code.output.find('\n')), *key, "t");
    REQUIRE_MESSAGE(enrolled, (enrolled ? "" : enrolled.message()));
    {
        Database& db = hall.engine->store()->db();
        auto tx = Transaction::begin(db, "events");
        REQUIRE(tx);
        for (int i = 0; i < 20000; ++i)
            REQUIRE(Outbox::append(db, "ticket.issued", hall.clock.now(), issuedTicketPayload(i)));
        REQUIRE(tx->commit());
    }
    const int64_t events = backlog(hall);
    CentralLink link(*hall.engine, hall.config.hallId, endpoint, *key, hall.clock);
    link.start();
    // Three times: kill -9 the central once some batches are in, and start it again.
    for (int kill = 0; kill < 3; ++kill) {
        const int64_t before = backlog(hall);
        for (int i = 0; i < 200 && backlog(hall) > before - 1500; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        CHECK(backlog(hall) > 0);  // the kill comes in the middle of the uploads
        central->killHard();
        central = startCentral();
        link.wake();
    }
    for (int i = 0; i < 600 && backlog(hall) > 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    link.stop();
    CHECK(backlog(hall) == 0);
    central->signal(SIGTERM);
    central->wait(std::chrono::seconds(10));
    auto stored = SqliteCentralStore::open(dir / "central.db");
    REQUIRE(stored);
    CHECK(*(*stored)->countEvents("terminal-k", "") == events);
}

TEST_CASE("PostgreSQL restarted under a running central: the next requests all go through") {
    Central central(Backend::Postgres);
    LanHall hall("central-pg-restart");
    auto key = DeviceKey::generate("terminal-r", DeviceRole::Kiosk).value();
    REQUIRE(enrolWithCentral(central.endpoint, central.code(hall.config.hallId), key, "test"));
    CentralLink link(*hall.engine, hall.config.hallId, central.endpoint, key, hall.clock);
    issueTickets(hall, 5);
    REQUIRE(link.uploadOnce());
    // Requests at once, so that every connection of the pool has been used and is cut by the
    // restart, not only the one a lone request keeps taking.
    auto atOnce = [&] {
        std::vector<std::thread> threads;
        std::atomic<int> refused{0};
        for (int i = 0; i < 8; ++i) {
            threads.emplace_back([&] {
                if (!askCentral(central.endpoint, sync::kPathAdminTerminals,
                                nlohmann::json::object(), central.maintainer, central.clock))
                    ++refused;
            });
        }
        for (auto& t : threads)
            t.join();
        return refused.load();
    };
    CHECK(atOnce() == 0);
    REQUIRE(PostgresServer::shared().restart());
    CHECK(atOnce() == 0);
    for (int i = 0; i < 5; ++i) {
        issueTickets(hall, 3);
        auto ack = link.uploadOnce();
        CHECK_MESSAGE(ack, (ack ? "" : ack.message()));
    }
    CHECK(backlog(hall) == 0);
    CHECK(*central.store->countEvents("terminal-r", "ticket.issued") == 20);
}
