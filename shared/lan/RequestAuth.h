#pragma once
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "Result.h"
#include "lan/DeviceKey.h"
#include "time/Clock.h"

namespace hall {

// Every hall LAN request is signed by the device that sends it. The signature covers the
// method, path, time, a nonce, the body's hash, the idempotency key and the staff token, so
// none of them can be changed or reused by anyone on the LAN (TLS protects them on the wire;
// this proves which device sent them).
struct RequestCredentials {
    std::string device;
    int64_t timestampMs = 0;
    std::string nonce;
    std::string signature;
    std::string idempotencyKey;
    std::string staffToken;
};

namespace headers {
inline constexpr const char* kDevice = "X-Hall-Device";
inline constexpr const char* kTimestamp = "X-Hall-Timestamp";
inline constexpr const char* kNonce = "X-Hall-Nonce";
inline constexpr const char* kSignature = "X-Hall-Signature";
inline constexpr const char* kIdempotencyKey = "Idempotency-Key";
inline constexpr const char* kStaffToken = "X-Hall-Staff-Token";
inline constexpr const char* kServerTime = "X-Hall-Server-Time";
}  // namespace headers

// The credentials of a request from its headers (`header` returns a header's value, or "").
Result<RequestCredentials> readCredentials(const std::function<std::string(const char*)>& header);

std::string canonicalRequest(std::string_view method, std::string_view pathAndQuery,
                             const RequestCredentials& c, std::string_view body);

// Signs a request as `key`, at `nowMs` (the client's clock corrected by the server's).
RequestCredentials signRequest(const DeviceKey& key, std::string_view method,
                               std::string_view pathAndQuery, std::string_view body, int64_t nowMs,
                               std::string idempotencyKey, std::string staffToken);

// The hall's side: known devices, signatures, clock window and nonces seen.
class RequestAuthenticator {
  public:
    RequestAuthenticator(std::map<std::string, EnrolledDevice> devices, const Clock& clock);

    // The device that sent the request, or why it is refused (codes auth.*).
    Result<EnrolledDevice> verify(std::string_view method, std::string_view pathAndQuery,
                                  std::string_view body, const RequestCredentials& c);
    size_t deviceCount() const { return devices_.size(); }
    // Whether `id` is enrolled: cheap, for refusing a stranger before reading its body.
    bool knows(const std::string& id);
    // Devices enrolled or revoked while running (the central service's terminals).
    void admit(EnrolledDevice device);
    void revoke(const std::string& id);

    // How far a device's clock may be from the hall's: clients correct theirs from the server
    // time in every response, so only a badly broken clock is refused.
    static constexpr int64_t kWindowMs = 5 * 60 * 1000;

  private:
    std::map<std::string, EnrolledDevice> devices_;
    const Clock& clock_;
    std::mutex mutex_;
    std::set<std::string> nonces_;  // device + nonce, seen recently
    std::deque<std::pair<int64_t, std::string>>
        forgetAt_;  // when each may be forgotten, oldest first
};

}  // namespace hall
