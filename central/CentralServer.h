#pragma once
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "AuditLog.h"
#include "CentralStore.h"
#include "ConsoleAccess.h"
#include "ConsoleRoutes.h"
#include "FleetHealth.h"
#include "HealthStore.h"
#include "OrderBook.h"
#include "Result.h"
#include "SoftwarePayloads.h"
#include "SqlDatabase.h"
#include "lan/RequestAuth.h"
#include "net/FailureThrottle.h"
#include "net/HttpsServer.h"
#include "sync/Bundle.h"
#include "time/Clock.h"

namespace hall {

// A terminal as maintainers see it (docs/central-api.yaml, Terminal).
nlohmann::ordered_json terminalJson(const TerminalRecord& t);

struct CentralServerConfig {
    std::string listenAddress = "127.0.0.1";
    int port = 9443;                    // 0: any free port (tests)
    std::filesystem::path certificate;  // the central's certificate, pinned by terminals
    std::filesystem::path privateKey;
    // Maintainers: key id → Ed25519 public key (central.toml [[maintainers]]).
    std::map<std::string, std::string> maintainers;
    // A day's figures are counted in the halls' local time.
    int utcOffsetMinutes = 8 * 60;
    // Every request and answer as a JSON line (tests check them against docs/central-api.yaml).
    // It holds enrolment codes: for tests and debugging, never left on in service.
    std::filesystem::path trafficLog;
    // What clients may cost: many halls behind one provincial NAT share an address, so the
    // limit per address is high; a slow or idle client costs no thread (net::HttpsServer).
    net::ServerLimits limits{.maxBodyBytes = 64 * 1024,
                             .maxHeaderBytes = 16 * 1024,
                             .maxHeaders = 64,
                             .maxConnections = 4096,
                             .maxConnectionsPerPeer = 1024,
                             .idleTimeoutSeconds = 15,
                             .threads = 8,
                             .maxBufferedBodyBytes = size_t{256} << 20};
    // Software releases' downloads and patches (SoftwarePayloads); empty: none taken.
    std::filesystem::path payloadDir{};
    // When heartbeats become alerts, and how often silent terminals are looked for.
    HealthThresholds health{};
    std::chrono::milliseconds sweepInterval{15000};
    // The web console: its pages, Debian's chart.js, and the key that signs orders for it.
    std::filesystem::path consolePages{HALL_CONSOLE_PAGES};
    std::filesystem::path chartJs{"/usr/share/javascript/chart.js/chart.min.js"};
    std::filesystem::path orderKey{};  // made at the first start if missing
    // Maintainer key id → role (central.toml [roles]); a maintainer not listed is a publisher.
    std::map<std::string, ConsoleRole> roles{};
    // Load balancers in front (nginx): from these addresses the client is X-Forwarded-For's.
    std::vector<std::string> trustedProxies{};
};

// The central's databases, all in the one that central.toml names.
struct CentralDatabases {
    CentralStore& events;
    HealthStore& health;
    SqlDatabase& console;
};
struct OpenedCentralDatabases {
    std::unique_ptr<CentralStore> events;
    std::unique_ptr<HealthStore> health;
    std::unique_ptr<SqlDatabase> console;
    CentralDatabases refs() { return {*events, *health, *console}; }
};
Result<OpenedCentralDatabases> openCentralDatabases(const std::string& database);

// The central service's HTTPS API (docs/central-api.yaml). Terminals: enrolment with a one-time
// code, uploads of their events (each signed with the terminal's key and applied once), and
// fetching the bundles published for them. Maintainers, with requests signed by their keys:
// enrolment codes, terminals, revocation, publishing bundles, a day's figures.
class CentralServer {
  public:
    CentralServer(CentralDatabases databases, CentralServerConfig config, const Clock& clock);
    ~CentralServer();

    Result<void> start();
    void stop();
    int port() const { return port_; }

  private:
    net::HttpResponse handleEnrol(const net::HttpRequest& req);
    net::HttpResponse handleEvents(const net::HttpRequest& req);
    net::HttpResponse handleBundles(const net::HttpRequest& req);
    net::HttpResponse handleHeartbeat(const net::HttpRequest& req);
    net::HttpResponse handleScreenshot(const net::HttpRequest& req);
    // Looks for silent terminals every sweepInterval until stop().
    void sweepSilence();
    // Every terminal, or the one named; `brief`: without what each reported of itself beyond
    // its state and alerts (the fleet page of thousands).
    Result<nlohmann::ordered_json> terminalsJson(const std::string& only, bool brief);
    net::HttpResponse handleAdmin(const std::string& path, const net::HttpRequest& req);
    net::HttpResponse handleSoftwareUpload(const net::HttpRequest& req);
    net::HttpResponse handleSoftwareDownload(const net::HttpRequest& req);
    // A software bundle about to be published: its download is here and patches are made.
    Result<void> prepareSoftware(const sync::Bundle& bundle);
    // The software bundle versions whose rollouts have reached `terminal`.
    Result<std::set<int64_t>> softwareOffered(const TerminalRecord& terminal);
    Result<nlohmann::ordered_json> rolloutsJson();
    Result<nlohmann::ordered_json> admin(const std::string& path, const nlohmann::json& body,
                                         const std::string& maintainer);
    // admin() for a caller whose role allows it, with the audit log kept of every change.
    Result<nlohmann::ordered_json> adminAs(const std::string& path, const nlohmann::json& body,
                                           const AdminCaller& caller);
    ConsoleRole roleOf(const std::string& maintainer) const;
    // Before a body is read: an address that keeps failing waits, and only a known terminal
    // or maintainer may send a large body.
    std::optional<net::HttpResponse> admit(const net::HttpRequest& req);
    // The enrolled, unrevoked terminal that signed `req`.
    Result<TerminalRecord> signedByTerminal(const net::HttpRequest& req);
    net::HttpResponse answer(int status, const nlohmann::json& body);
    net::HttpResponse refuse(const net::HttpRequest& req, const Error& error);
    // Who sent it: the peer, or behind a trusted proxy the address it forwarded for.
    std::string clientOf(const net::HttpRequest& req) const;
    void logTraffic(const net::HttpRequest& req, const net::HttpResponse& res);

    CentralStore& store_;
    CentralServerConfig config_;
    FleetHealth fleet_;
    ConsoleAccess access_;
    AuditLog audit_;
    std::unique_ptr<OrderBook> orders_;
    std::unique_ptr<ConsoleRoutes> console_;
    SqlDatabase& consoleDb_;
    const Clock& clock_;
    std::unique_ptr<RequestAuthenticator> auth_;
    std::unique_ptr<RequestAuthenticator> maintainerAuth_;
    std::unique_ptr<net::HttpsServer> server_;
    std::unique_ptr<SoftwarePayloads> payloads_;
    net::FailureThrottle failures_{20, std::chrono::seconds(60)};
    int port_ = 0;
    std::mutex sweepMutex_;
    std::condition_variable sweepWake_;
    bool stopping_ = false;
    std::thread sweeper_;
    std::mutex trafficMutex_;
    std::ofstream traffic_;
};

}  // namespace hall
