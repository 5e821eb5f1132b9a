#include "lan/HallConnection.h"

#include <httplib.h>

#include <regex>

#include "lan/LanProtocol.h"
#include "lan/RequestAuth.h"
#include "text/UntrustedJson.h"
#include "time/Clock.h"

namespace hall {

HallConnection::HallConnection(DeviceKey key, const std::string& url,
                               const std::filesystem::path& hallCertificate)
    : key_(std::move(key)), url_(url) {
    static const std::regex pattern(R"(^https://([^:/]+)(?::(\d+))?/?$)");
    std::smatch m;
    std::string host = "localhost";
    int port = 443;
    if (std::regex_match(url, m, pattern)) {
        host = m[1];
        if (m[2].matched)
            port = std::stoi(m[2]);
    }
    client_ = std::make_unique<httplib::SSLClient>(host, port);
    client_->set_ca_cert_path(hallCertificate.c_str());
    client_->enable_server_certificate_verification(true);
    client_->set_connection_timeout(std::chrono::seconds(3));
    client_->set_keep_alive(true);
    client_->set_tcp_nodelay(true);
}

HallConnection::~HallConnection() = default;

bool HallConnection::retryable(const Error& e) {
    return e.code == "lan.unreachable" || e.code.rfind("store.", 0) == 0 ||
           e.code == "server.error";
}

Result<std::string> HallConnection::send(const std::string& method, const std::string& target,
                                         const std::string& body, const std::string& idempotencyKey,
                                         const std::string& staffToken,
                                         std::chrono::seconds timeout, bool retriedClock,
                                         bool retriedTransport) {
    const int64_t now = toUnixMillis(std::chrono::system_clock::now()) + clockOffsetMs_.load();
    const RequestCredentials c =
        signRequest(key_, method, target, body, now, idempotencyKey, staffToken);
    httplib::Headers headers{{headers::kDevice, c.device},
                             {headers::kTimestamp, std::to_string(c.timestampMs)},
                             {headers::kNonce, c.nonce},
                             {headers::kSignature, c.signature}};
    if (!idempotencyKey.empty())
        headers.emplace(headers::kIdempotencyKey, idempotencyKey);
    if (!staffToken.empty())
        headers.emplace(headers::kStaffToken, staffToken);
    client_->set_read_timeout(timeout);
    httplib::Result res = method == "GET"
                              ? client_->Get(target, headers)
                              : client_->Post(target, headers, body, "application/json");
    if (!res) {
        const auto err = res.error();
        if (err == httplib::Error::SSLServerVerification) {
            return fail("lan.untrusted",
                        url_ + " did not present the hall's certificate; check hall.certificate");
        }
        if ((err == httplib::Error::Read || err == httplib::Error::Write) && !retriedTransport) {
            // The hall closed an idle kept-alive connection: send once more on a new one (a new
            // nonce, the same idempotency key, so a write that did arrive is not applied twice).
            return send(method, target, body, idempotencyKey, staffToken, timeout, retriedClock,
                        true);
        }
        return fail("lan.unreachable", url_ + ": " + httplib::to_string(err));
    }
    if (res->has_header(headers::kServerTime)) {
        try {
            clockOffsetMs_ = std::stoll(res->get_header_value(headers::kServerTime)) -
                             toUnixMillis(std::chrono::system_clock::now());
        } catch (const std::exception&) {
        }
    }
    if (res->status == 200)
        return res->body;
    const auto err = parseUntrustedJson(res->body);
    Error e{url_ + " answered " + std::to_string(res->status),
            "lan.http_" + std::to_string(res->status)};
    if (err.is_object() && err.contains("error")) {
        e.code = err["error"].value("code", e.code);
        e.message = err["error"].value("message", e.message);
    }
    if (e.code == "auth.clock_skew" && !retriedClock) {
        // The hall's time came with the refusal: sign again with the corrected clock.
        return send(method, target, body, idempotencyKey, staffToken, timeout, true,
                    retriedTransport);
    }
    return e;
}

Result<nlohmann::json> HallConnection::get(const std::string& target,
                                           std::chrono::seconds timeout) {
    auto body = send("GET", target, "", "", "", timeout, false, false);
    if (!body)
        return body.error();
    auto j = parseUntrustedJson(*body);
    if (j.is_discarded())
        return fail("lan.bad_response",
                    url_ + target + " answered with something that is not JSON");
    return j;
}

Result<std::string> HallConnection::getText(const std::string& target) {
    return send("GET", target, "", "", "", std::chrono::seconds(10), false, false);
}

Result<nlohmann::json> HallConnection::post(const std::string& path, const nlohmann::json& body,
                                            const std::string& idempotencyKey,
                                            const std::string& staffToken) {
    auto text = send("POST", path, body.dump(), idempotencyKey, staffToken,
                     std::chrono::seconds(10), false, false);
    if (!text)
        return text.error();
    auto j = parseUntrustedJson(*text);
    if (j.is_discarded())
        return fail("lan.bad_response", url_ + path + " answered with something that is not JSON");
    return j;
}

}  // namespace hall
