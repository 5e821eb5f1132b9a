#include "CentralServer.h"

#include <cstdio>

#include "sync/SyncProtocol.h"

namespace hall {

namespace {

int statusFor(const std::string& code) {
    if (code.rfind("auth.", 0) == 0)
        return code == "auth.revoked" ? 403 : 401;
    if (code == "central.bad_code" || code == "central.code_used" || code == "central.code_expired")
        return 403;
    if (code == "central.terminal_exists")
        return 409;
    if (code == "central.wrong_hall")
        return 403;
    if (code.rfind("sync.", 0) == 0)
        return 400;
    return 503;  // the store could not take it now: the terminal retries
}

}  // namespace

CentralServer::CentralServer(CentralStore& store, CentralServerConfig config, const Clock& clock)
    : store_(store), config_(std::move(config)), clock_(clock) {}

CentralServer::~CentralServer() {
    stop();
}

void CentralServer::answer(httplib::Response& res, int status, nlohmann::json body) {
    // Every answer carries the central's time: a terminal with a wrong clock corrects itself.
    const int64_t now = toUnixMillis(clock_.now());
    body["server_time"] = now;
    res.status = status;
    res.set_header(headers::kServerTime, std::to_string(now));
    res.set_content(body.dump(), "application/json");
}

void CentralServer::refuse(httplib::Response& res, const Error& error) {
    answer(res, statusFor(error.code),
           {{"error", {{"code", error.code}, {"message", error.message}}}});
}

Result<void> CentralServer::start() {
    std::map<std::string, EnrolledDevice> known;
    auto terminals = store_.terminals();
    if (!terminals)
        return terminals.error();
    for (const auto& t : *terminals) {
        if (t.revokedAtMs == 0)
            known[t.id] = EnrolledDevice{t.id, DeviceRole::Kiosk, t.publicKey};
    }
    auth_ = std::make_unique<RequestAuthenticator>(std::move(known), clock_);
    server_ = std::make_unique<httplib::SSLServer>(config_.certificate.c_str(),
                                                   config_.privateKey.c_str());
    if (!server_->is_valid()) {
        return fail("central.tls", "cannot serve HTTPS with " + config_.certificate.string() +
                                       " and " + config_.privateKey.string());
    }
    server_->set_payload_max_length(sync::kMaxBodyBytes);
    // Small answers: without this, Nagle and delayed ACKs add ~40 ms to each (as on the LAN).
    server_->set_tcp_nodelay(true);
    server_->Get(sync::kPathTime, [this](const httplib::Request&, httplib::Response& res) {
        answer(res, 200, nlohmann::json::object());
    });
    server_->Post(sync::kPathEnrol, [this](const httplib::Request& req, httplib::Response& res) {
        handleEnrol(req, res);
    });
    server_->Post(sync::kPathEvents, [this](const httplib::Request& req, httplib::Response& res) {
        handleEvents(req, res);
    });
    if (config_.port == 0) {
        port_ = server_->bind_to_any_port(config_.listenAddress);
    } else {
        port_ = server_->bind_to_port(config_.listenAddress, config_.port) ? config_.port : -1;
    }
    if (port_ <= 0) {
        return fail("central.listen", "cannot listen on " + config_.listenAddress + ":" +
                                          std::to_string(config_.port));
    }
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    return {};
}

void CentralServer::stop() {
    if (server_)
        server_->stop();
    if (thread_.joinable())
        thread_.join();
}

void CentralServer::handleEnrol(const httplib::Request& req, httplib::Response& res) {
    auto request = sync::parseEnrol(req.body);
    if (!request)
        return refuse(res, request.error());
    auto key = fromBase64(request->publicKey);
    if (!key || key->size() != 32)
        return refuse(res, fail("sync.bad_request", "public_key must be an Ed25519 key in base64"));
    auto terminal = store_.enrol(request->code, request->terminalId, *key, request->software,
                                 toUnixMillis(clock_.now()));
    if (!terminal)
        return refuse(res, terminal.error());
    auth_->admit(EnrolledDevice{terminal->id, DeviceRole::Kiosk, terminal->publicKey});
    std::fprintf(stderr, "central: enrolled terminal %s of hall %s\n", terminal->id.c_str(),
                 terminal->hallId.c_str());
    answer(res, 201,
           {{"terminal_id", terminal->id},
            {"hall_id", terminal->hallId},
            {"district", terminal->district}});
}

void CentralServer::handleEvents(const httplib::Request& req, httplib::Response& res) {
    auto credentials = readCredentials([&](const char* n) { return req.get_header_value(n); });
    if (!credentials)
        return refuse(res, credentials.error());
    auto device = auth_->verify(req.method, req.target, req.body, *credentials);
    if (!device)
        return refuse(res, device.error());
    auto batch = sync::parseUpload(req.body);
    if (!batch)
        return refuse(res, batch.error());
    auto found = store_.terminal(device->id);
    if (!found)
        return refuse(res, found.error());
    const auto& terminal = *found;
    if (!terminal || terminal->revokedAtMs != 0)
        return refuse(res, fail("auth.revoked", "terminal \"" + device->id + "\" was revoked"));
    if (batch->hallId != terminal->hallId) {
        return refuse(
            res, fail("central.wrong_hall", "terminal \"" + device->id + "\" belongs to hall " +
                                                terminal->hallId + ", not " + batch->hallId));
    }
    auto stored =
        store_.ingest(device->id, batch->events, batch->status, toUnixMillis(clock_.now()));
    if (!stored)
        return refuse(res, stored.error());
    sync::UploadAck ack;
    ack.ackedThrough = batch->events.empty() ? 0 : batch->events.back().seq;
    ack.applied = stored->applied;
    ack.duplicates = stored->duplicates;
    answer(res, 200, sync::ackJson(ack));
}

}  // namespace hall
