#pragma once
#include <map>
#include <memory>
#include <mutex>

#include "Result.h"
#include "config/HallConfig.h"
#include "health/Heartbeat.h"
#include "lan/RequestAuth.h"
#include "net/FailureThrottle.h"
#include "net/HttpsServer.h"
#include "queue/QueueEngine.h"

namespace hall {

// The hall LAN API (docs/hall-lan-api.md), served by the hall role over TLS with the hall's own
// certificate. Every request is signed by an enrolled device; staff actions also carry the
// token from a staff login; every write carries an idempotency key. Served by an event-driven
// server (net::HttpsServer): a slow or idle connection, or a long-poll, holds no thread, so a
// hostile device on the LAN cannot starve the counters; the queue engine serialises changes.
class HallServer {
  public:
    HallServer(QueueEngine& engine, const HallConfig& config, const Clock& clock);
    ~HallServer();
    HallServer(const HallServer&) = delete;
    HallServer& operator=(const HallServer&) = delete;

    // Makes the certificate if there is none, loads the enrolled devices, binds and serves.
    // A device file that is wrong is refused alone (and logged); the others are served.
    Result<void> start();
    void stop();
    int port() const { return port_; }

    // The queue changed: answer waiting long-polls.
    void notifyChanged();

    // The devices whose signed requests reached the hall, with the last time (the heartbeat).
    std::vector<health::LanDevice> devicesSeen() const;

    // What one device may hold open waiting for the queue to change: a display needs one.
    static constexpr int kMaxWaitsPerDevice = 4;

  private:
    struct Caller {
        EnrolledDevice device;
        RequestCredentials credentials;
    };
    Result<Caller> authenticate(const net::HttpRequest& req);
    net::HttpResponse respond(const net::HttpRequest& req, const Result<nlohmann::json>& result);
    net::HttpResponse handleLogin(const net::HttpRequest& req);
    net::HttpResponse handleLogout(const net::HttpRequest& req);
    net::HttpResponse handleCommand(const net::HttpRequest& req);
    net::Answer handleQueue(const net::HttpRequest& req);
    net::HttpResponse handleStats(const net::HttpRequest& req);
    std::optional<net::HttpResponse> admit(const net::HttpRequest& req);

    QueueEngine& engine_;
    const HallConfig& config_;
    const Clock& clock_;
    std::unique_ptr<RequestAuthenticator> auth_;
    std::unique_ptr<net::HttpsServer> server_;
    net::FailureThrottle failures_{20, std::chrono::seconds(60)};
    int port_ = 0;
    std::mutex waitsMutex_;
    std::map<std::string, int> waits_;  // device → long-polls it holds
    mutable std::mutex seenMutex_;
    std::map<std::string, health::LanDevice> seen_;
};

}  // namespace hall
