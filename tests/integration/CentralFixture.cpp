#include "integration/CentralFixture.h"

#include <doctest/doctest.h>

#include "PostgresCentralStore.h"
#include "crypto/Random.h"
#include "lan/HallCertificate.h"
#include "support/PostgresServer.h"

namespace hall::test {

Central::Central(Backend backend, const std::filesystem::path& trafficLog)
    : maintainer(DeviceKey::generate("maint-1", DeviceRole::Maintainer).value()),
      config{"127.0.0.1",
             0,
             dir / "central-cert.pem",
             dir / "central-key.pem",
             {{"maint-1", maintainer.publicKey}},
             8 * 60,
             trafficLog} {
    config.payloadDir = dir / "software";
    REQUIRE(ensureHallCertificate(dir / "central-cert.pem", dir / "central-key.pem", "central",
                                  {"127.0.0.1"}));
    database = (dir / "central.db").string();
    if (backend == Backend::Postgres) {
        auto uri = PostgresServer::shared().createDatabase("central_" + randomHex(6));
        REQUIRE_MESSAGE(uri, (uri ? "" : uri.message()));
        database = *uri;
    }
    auto opened = openCentralDatabases(database);
    REQUIRE_MESSAGE(opened, (opened ? "" : opened.message()));
    databases = std::move(opened).value();
    store = databases.events.get();
    health = databases.health.get();
    config.orderKey = dir / "orders.key";
    server = std::make_unique<CentralServer>(databases.refs(), config, clock);
    REQUIRE(server->start());
    config.port = server->port();
    endpoint = {"https://127.0.0.1:" + std::to_string(server->port()), dir / "central-cert.pem"};
}

std::string Central::code(const std::string& hallId, const std::string& district) {
    auto c = store->createEnrolmentCode(hallId, district, toUnixMillis(clock.now()) + 3600 * 1000);
    REQUIRE(c);
    return *c;
}

void Central::restart() {
    server = std::make_unique<CentralServer>(databases.refs(), config, clock);
    REQUIRE(server->start());
}

void issueTickets(LanHall& hall, int tickets) {
    for (int i = 0; i < tickets; ++i) {
        REQUIRE(hall.engine->execute(IssueTicketCommand{'A', std::nullopt, std::nullopt, {}, {}},
                                     Actor{"kiosk", {}, false}));
    }
}

nlohmann::json issuedTicketPayload(int n) {
    Ticket t;
    t.id = randomHex(16);
    t.seq = n + 1;
    t.number = formatTicketNumber('A', t.seq, 3);
    t.serviceDay = "2026-11-18";
    t.issuedAtMs = 1795000000000 + n;
    return ticketJson(t);
}

int64_t backlog(LanHall& hall) {
    auto b = hall.engine->outboxBatch(100000);
    REQUIRE(b);
    return static_cast<int64_t>(b->size());
}

}  // namespace hall::test
