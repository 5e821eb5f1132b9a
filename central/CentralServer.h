#pragma once
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "CentralStore.h"
#include "Result.h"
#include "lan/RequestAuth.h"
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
};

// The central service's HTTPS API (docs/central-api.yaml). Terminals: enrolment with a one-time
// code, uploads of their events (each signed with the terminal's key and applied once), and
// fetching the bundles published for them. Maintainers, with requests signed by their keys:
// enrolment codes, terminals, revocation, publishing bundles, a day's figures.
class CentralServer {
  public:
    CentralServer(CentralStore& store, CentralServerConfig config, const Clock& clock);
    ~CentralServer();

    Result<void> start();
    void stop();
    int port() const { return port_; }

  private:
    void handleEnrol(const httplib::Request& req, httplib::Response& res);
    void handleEvents(const httplib::Request& req, httplib::Response& res);
    void handleBundles(const httplib::Request& req, httplib::Response& res);
    void handleAdmin(const std::string& path, const httplib::Request& req, httplib::Response& res);
    Result<nlohmann::ordered_json> admin(const std::string& path, const nlohmann::json& body,
                                         const std::string& maintainer);
    // The enrolled, unrevoked terminal that signed `req`.
    Result<TerminalRecord> signedByTerminal(const httplib::Request& req);
    void answer(httplib::Response& res, int status, nlohmann::json body);
    void refuse(httplib::Response& res, const Error& error);

    CentralStore& store_;
    CentralServerConfig config_;
    const Clock& clock_;
    std::unique_ptr<RequestAuthenticator> auth_;
    std::unique_ptr<RequestAuthenticator> maintainerAuth_;
    std::unique_ptr<httplib::SSLServer> server_;
    std::thread thread_;
    int port_ = 0;
    std::mutex trafficMutex_;
    std::ofstream traffic_;
};

}  // namespace hall
