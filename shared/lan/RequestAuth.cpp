#include "lan/RequestAuth.h"

#include <cstdlib>

#include "crypto/Hashing.h"
#include "crypto/Random.h"

namespace hall {

std::string canonicalRequest(std::string_view method, std::string_view pathAndQuery,
                             const RequestCredentials& c, std::string_view body) {
    std::string out;
    out.reserve(256);
    out.append("hall-lan-v1\n").append(method).append("\n").append(pathAndQuery).append("\n");
    out.append(c.device)
        .append("\n")
        .append(std::to_string(c.timestampMs))
        .append("\n")
        .append(c.nonce)
        .append("\n");
    out.append(sha256Hex(body))
        .append("\n")
        .append(c.idempotencyKey)
        .append("\n")
        .append(sha256Hex(c.staffToken));
    return out;
}

RequestCredentials signRequest(const DeviceKey& key, std::string_view method,
                               std::string_view pathAndQuery, std::string_view body, int64_t nowMs,
                               std::string idempotencyKey, std::string staffToken) {
    RequestCredentials c;
    c.device = key.id;
    c.timestampMs = nowMs;
    c.nonce = randomHex(16);
    c.idempotencyKey = std::move(idempotencyKey);
    c.staffToken = std::move(staffToken);
    c.signature = key.sign(canonicalRequest(method, pathAndQuery, c, body));
    return c;
}

RequestAuthenticator::RequestAuthenticator(std::map<std::string, EnrolledDevice> devices,
                                           const Clock& clock)
    : devices_(std::move(devices)), clock_(clock) {}

Result<EnrolledDevice> RequestAuthenticator::verify(std::string_view method,
                                                    std::string_view pathAndQuery,
                                                    std::string_view body,
                                                    const RequestCredentials& c) {
    if (c.device.empty() || c.signature.empty() || c.nonce.empty()) {
        return fail("auth.unsigned",
                    "the request is not signed by an enrolled device (missing X-Hall-* headers)");
    }
    auto it = devices_.find(c.device);
    if (it == devices_.end()) {
        return fail(
            "auth.unknown_device",
            "device \"" + c.device + "\" is not enrolled at this hall (no " + c.device + ".pub)");
    }
    if (!verifySignature(it->second, canonicalRequest(method, pathAndQuery, c, body),
                         c.signature)) {
        return fail("auth.bad_signature",
                    "the signature does not match device \"" + c.device + "\"'s key");
    }
    const int64_t now = toUnixMillis(clock_.now());
    if (std::llabs(now - c.timestampMs) > kWindowMs) {
        return fail("auth.clock_skew",
                    "the request's time is " + std::to_string((c.timestampMs - now) / 1000) +
                        " s off the hall's clock; the device should correct its clock");
    }
    std::lock_guard lock(mutex_);
    while (!forgetAt_.empty() && forgetAt_.front().first < now) {
        nonces_.erase(forgetAt_.front().second);
        forgetAt_.pop_front();
    }
    // A nonce need only be remembered while its timestamp is inside the window.
    std::string nonceKey = c.device + ":" + c.nonce;
    if (!nonces_.insert(nonceKey).second) {
        return fail("auth.replayed",
                    "this exact request was already received; a retry needs a new nonce");
    }
    forgetAt_.emplace_back(now + 2 * kWindowMs, std::move(nonceKey));
    return it->second;
}

}  // namespace hall
