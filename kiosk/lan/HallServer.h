#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "Result.h"
#include "config/HallConfig.h"
#include "lan/RequestAuth.h"
#include "queue/QueueEngine.h"

namespace httplib {
class SSLServer;
struct Request;
struct Response;
}  // namespace httplib

namespace hall {

// The hall LAN API (docs/hall-lan-api.md), served by the hall role over TLS with the hall's own
// certificate. Every request is signed by an enrolled device; staff actions also carry the
// token from a staff login; every write carries an idempotency key. Runs on its own threads;
// the queue engine serialises the changes.
class HallServer {
  public:
    HallServer(QueueEngine& engine, const HallConfig& config, const Clock& clock);
    ~HallServer();
    HallServer(const HallServer&) = delete;
    HallServer& operator=(const HallServer&) = delete;

    // Makes the certificate if there is none, loads the enrolled devices, binds and serves.
    Result<void> start();
    void stop();
    int port() const { return port_; }

    // The queue changed: answer waiting long-polls.
    void notifyChanged();

  private:
    struct Caller {
        EnrolledDevice device;
        RequestCredentials credentials;
    };
    Result<Caller> authenticate(const httplib::Request& req);
    void respond(httplib::Response& res, const Result<nlohmann::json>& result);
    void handleLogin(const httplib::Request& req, httplib::Response& res);
    void handleLogout(const httplib::Request& req, httplib::Response& res);
    void handleCommand(const httplib::Request& req, httplib::Response& res);
    void handleQueue(const httplib::Request& req, httplib::Response& res);
    void handleStats(const httplib::Request& req, httplib::Response& res);

    QueueEngine& engine_;
    const HallConfig& config_;
    const Clock& clock_;
    std::unique_ptr<RequestAuthenticator> auth_;
    std::unique_ptr<httplib::SSLServer> server_;
    std::thread thread_;
    int port_ = 0;
    std::mutex waitMutex_;
    std::condition_variable changed_;
    bool stopping_ = false;
};

}  // namespace hall
