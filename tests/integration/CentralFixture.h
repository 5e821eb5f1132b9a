#pragma once
// A real central service on loopback HTTPS for the integration tests, on either store.
#include <memory>
#include <string>

#include "CentralServer.h"
#include "CentralStore.h"
#include "integration/LanFixture.h"
#include "support/TempDir.h"
#include "sync/CentralLink.h"

namespace hall::test {

// Both stores pass the same tests: SQLite in a file, PostgreSQL on a server the test run
// started itself.
enum class Backend { Sqlite, Postgres };

struct Central {
    // With `trafficLog`, every request and answer is written there as a JSON line.
    explicit Central(Backend backend = Backend::Sqlite,
                     const std::filesystem::path& trafficLog = {});
    // A one-time code for a terminal of `hallId`, in `district`.
    std::string code(const std::string& hallId, const std::string& district = "district-1");
    // Starts the service again on the same port (after it was stopped).
    void restart();

    TempDir dir{"central"};
    std::string database;  // the file or postgresql:// URI both stores use
    OpenedCentralDatabases databases;
    CentralStore* store = nullptr;
    HealthStore* health = nullptr;
    SystemClock clock;
    std::unique_ptr<CentralServer> server;
    CentralEndpoint endpoint{"", ""};
    // The maintainer whose requests and bundles the central takes.
    DeviceKey maintainer;
    CentralServerConfig config;
};

// A hall with `tickets` tickets issued: that many events (and more) in its outbox.
void issueTickets(LanHall& hall, int tickets);
// The events waiting in the hall's outbox.
int64_t backlog(LanHall& hall);
// The payload of a ticket.issued event as the queue engine writes it, for ticket number `n`.
nlohmann::json issuedTicketPayload(int n);

}  // namespace hall::test
