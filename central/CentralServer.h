#pragma once
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "CentralStore.h"
#include "Result.h"
#include "lan/RequestAuth.h"
#include "time/Clock.h"

namespace hall {

struct CentralServerConfig {
    std::string listenAddress = "127.0.0.1";
    int port = 9443;                    // 0: any free port (tests)
    std::filesystem::path certificate;  // the central's certificate, pinned by terminals
    std::filesystem::path privateKey;
};

// The central service's HTTPS API (docs/central-api.yaml): enrolment with a one-time code, and
// uploads of terminals' events, each signed with the terminal's key and applied once.
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
    void answer(httplib::Response& res, int status, nlohmann::json body);
    void refuse(httplib::Response& res, const Error& error);

    CentralStore& store_;
    CentralServerConfig config_;
    const Clock& clock_;
    std::unique_ptr<RequestAuthenticator> auth_;
    std::unique_ptr<httplib::SSLServer> server_;
    std::thread thread_;
    int port_ = 0;
};

}  // namespace hall
