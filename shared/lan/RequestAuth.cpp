#include "lan/RequestAuth.h"

#include <cctype>
#include <charconv>
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

namespace {

// Header values are checked before anything repeats them (in a message, a log, JSON): a
// device id of other bytes than these never goes further.
bool onlyOf(std::string_view s, size_t maxSize, bool (*allowed)(char)) {
    if (s.size() > maxSize)
        return false;
    for (char ch : s) {
        if (!allowed(ch))
            return false;
    }
    return true;
}

bool idChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

bool base64Char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=';
}

bool printableChar(char c) {
    return c > ' ' && c < 0x7f;
}

}  // namespace

Result<RequestCredentials> readCredentials(const std::function<std::string(const char*)>& header) {
    RequestCredentials c;
    c.device = header(headers::kDevice);
    c.nonce = header(headers::kNonce);
    c.signature = header(headers::kSignature);
    c.idempotencyKey = header(headers::kIdempotencyKey);
    c.staffToken = header(headers::kStaffToken);
    if (!onlyOf(c.device, 64, idChar))
        return fail("auth.unsigned", "X-Hall-Device must be 1–64 letters, digits, '-' or '_'");
    if (!onlyOf(c.nonce, 64, idChar))
        return fail("auth.unsigned", "X-Hall-Nonce must be at most 64 letters or digits");
    if (!onlyOf(c.signature, 128, base64Char))
        return fail("auth.unsigned", "X-Hall-Signature must be base64");
    if (!onlyOf(c.idempotencyKey, 64, printableChar))
        return fail("auth.unsigned",
                    "Idempotency-Key must be 1–64 printable ASCII characters without spaces");
    if (!onlyOf(c.staffToken, 128, idChar))
        return fail("auth.unsigned", "X-Hall-Staff-Token must be a token a login gave");
    const std::string ts = header(headers::kTimestamp);
    if (!ts.empty()) {
        int64_t v = 0;
        auto [end, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), v);
        if (ec != std::errc() || end != ts.data() + ts.size())
            return fail("auth.unsigned", "X-Hall-Timestamp must be Unix milliseconds");
        c.timestampMs = v;
    }
    return c;
}

RequestAuthenticator::RequestAuthenticator(std::map<std::string, EnrolledDevice> devices,
                                           const Clock& clock)
    : devices_(std::move(devices)), clock_(clock) {}

void RequestAuthenticator::admit(EnrolledDevice device) {
    std::lock_guard lock(mutex_);
    const std::string id = device.id;
    devices_[id] = std::move(device);
}

bool RequestAuthenticator::knows(const std::string& id) {
    std::lock_guard lock(mutex_);
    return devices_.count(id) > 0;
}

void RequestAuthenticator::revoke(const std::string& id) {
    std::lock_guard lock(mutex_);
    devices_.erase(id);
}

Result<EnrolledDevice> RequestAuthenticator::verify(std::string_view method,
                                                    std::string_view pathAndQuery,
                                                    std::string_view body,
                                                    const RequestCredentials& c) {
    if (c.device.empty() || c.signature.empty() || c.nonce.empty()) {
        return fail("auth.unsigned",
                    "the request is not signed by an enrolled device (missing X-Hall-* headers)");
    }
    EnrolledDevice device;
    {
        std::lock_guard lock(mutex_);
        auto it = devices_.find(c.device);
        if (it == devices_.end()) {
            return fail("auth.unknown_device",
                        "device \"" + c.device + "\" is not enrolled here (or was revoked)");
        }
        device = it->second;
    }
    if (!verifySignature(device, canonicalRequest(method, pathAndQuery, c, body), c.signature)) {
        return fail("auth.bad_signature",
                    "the signature does not match device \"" + c.device + "\"'s key");
    }
    const int64_t now = toUnixMillis(clock_.now());
    // Compared without subtracting: a timestamp near the ends of int64 must not overflow.
    if (c.timestampMs < now - kWindowMs || c.timestampMs > now + kWindowMs) {
        const bool ahead = c.timestampMs > now;
        return fail("auth.clock_skew",
                    std::string("the request's time is more than 5 minutes ") +
                        (ahead ? "ahead of" : "behind") +
                        " the hall's clock; the device should correct its clock");
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
    return device;
}

}  // namespace hall
