#pragma once
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "Result.h"
#include "lan/DeviceKey.h"

namespace httplib {
class SSLClient;
}

namespace hall {

// One device's connection to the hall LAN API: TLS that trusts only the hall's certificate,
// every request signed with the device key, the clock corrected from the hall's. Blocking; use
// one per thread.
//
// Error codes: lan.unreachable (no answer: retry later), lan.untrusted (the other end is not
// this hall), lan.bad_response; otherwise the hall's own code (auth.*, queue.*, store.*).
class HallConnection {
  public:
    HallConnection(DeviceKey key, const std::string& url,
                   const std::filesystem::path& hallCertificate);
    ~HallConnection();
    HallConnection(const HallConnection&) = delete;
    HallConnection& operator=(const HallConnection&) = delete;

    Result<nlohmann::json> get(const std::string& target,
                               std::chrono::seconds timeout = std::chrono::seconds(10));
    Result<std::string> getText(const std::string& target);
    Result<nlohmann::json> post(const std::string& path, const nlohmann::json& body,
                                const std::string& idempotencyKey,
                                const std::string& staffToken = {});

    const DeviceKey& key() const { return key_; }
    // Whether a failed request may succeed if sent again unchanged (same idempotency key).
    static bool retryable(const Error& e);

  private:
    Result<std::string> send(const std::string& method, const std::string& target,
                             const std::string& body, const std::string& idempotencyKey,
                             const std::string& staffToken, std::chrono::seconds timeout,
                             bool retriedClock, bool retriedTransport);

    DeviceKey key_;
    std::unique_ptr<httplib::SSLClient> client_;
    std::string url_;
    std::atomic<int64_t> clockOffsetMs_{0};  // hall time minus ours
};

}  // namespace hall
