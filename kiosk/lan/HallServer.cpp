#include "lan/HallServer.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <regex>

#include "lan/HallCertificate.h"
#include "lan/LanProtocol.h"
#include "queue/DayStatistics.h"
#include "text/UntrustedJson.h"

namespace hall {

using nlohmann::json;

namespace {

bool allowed(DeviceRole role, const QueueCommand& command) {
    const bool windowOp = !std::holds_alternative<IssueTicketCommand>(command) &&
                          !std::holds_alternative<ReinstateCommand>(command) &&
                          !std::holds_alternative<RateCommand>(command) &&
                          !std::holds_alternative<RecordScreeningCommand>(command) &&
                          !std::holds_alternative<CallHelpCommand>(command);
    switch (role) {
        case DeviceRole::Maintainer:
            return true;
        case DeviceRole::Counter:
            return true;
        case DeviceRole::Kiosk: {
            // An appointment is checked in by staff, who see the booking; a resident terminal
            // cannot book, so a time from one would only jump the queue.
            const auto* issue = std::get_if<IssueTicketCommand>(&command);
            if (issue && issue->appointmentAtMs)
                return false;
            return !windowOp && !std::holds_alternative<ReinstateCommand>(command);
        }
        case DeviceRole::Display:
            return false;
    }
    return false;
}

std::optional<int64_t> queryInt(const net::HttpRequest& req, const char* name) {
    auto text = req.param(name);
    if (!text)
        return std::nullopt;
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc() || end != text->data() + text->size())
        return std::nullopt;
    return v;
}

bool isDay(const std::string& text) {
    static const std::regex day(R"(^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$)");
    return std::regex_match(text, day);
}

}  // namespace

HallServer::HallServer(QueueEngine& engine, const HallConfig& config, const Clock& clock)
    : engine_(engine), config_(config), clock_(clock) {}

HallServer::~HallServer() {
    stop();
}

Result<void> HallServer::start() {
    if (auto r = ensureHallCertificate(config_.lan.certificate, config_.lan.privateKey,
                                       config_.hallId, config_.lan.certificateNames);
        !r) {
        return r;
    }
    auto enrolled = loadEnrolledDevices(config_.lan.devicesDir);
    // One bad file shuts out its own device, not the hall's other counters and display.
    for (const auto& problem : enrolled.problems)
        std::fprintf(stderr, "kiosk: a device file is refused (that device cannot connect): %s\n",
                     problem.c_str());
    auth_ = std::make_unique<RequestAuthenticator>(std::move(enrolled.devices), clock_);

    // A hall has a few counters and a display; 256 connections from one address leave room for
    // a device that reconnects often and still bound one that misbehaves.
    server_ = std::make_unique<net::HttpsServer>(
        net::TlsIdentity{config_.lan.certificate.string(), config_.lan.privateKey.string()},
        net::ServerLimits{.maxBodyBytes = lan::kMaxBodyBytes,
                          .maxHeaderBytes = 16 * 1024,
                          .maxHeaders = 64,
                          .maxConnections = 1024,
                          .maxConnectionsPerPeer = 256,
                          .idleTimeoutSeconds = 15,
                          .threads = 2,
                          .maxBufferedBodyBytes = 16 << 20});
    server_->admit([this](const net::HttpRequest& req) { return admit(req); });
    server_->decorate([this](net::HttpResponse& res) {
        res.headers.emplace_back(headers::kServerTime, std::to_string(toUnixMillis(clock_.now())));
    });
    server_->route("GET", lan::kPathTime, [this](const net::HttpRequest&) {
        return net::HttpResponse{
            200,
            json{{"now", toUnixMillis(clock_.now())}, {"hall_id", config_.hallId}}.dump(),
            "application/json",
            {}};
    });
    server_->route("POST", lan::kPathLogin,
                   [this](const net::HttpRequest& q) { return handleLogin(q); });
    server_->route("POST", lan::kPathLogout,
                   [this](const net::HttpRequest& q) { return handleLogout(q); });
    server_->route("POST", lan::kPathCommands,
                   [this](const net::HttpRequest& q) { return handleCommand(q); });
    server_->route("GET", lan::kPathQueue,
                   [this](const net::HttpRequest& q) { return handleQueue(q); });
    server_->route("GET", lan::kPathStats,
                   [this](const net::HttpRequest& q) { return handleStats(q); });

    auto port = server_->start(config_.lan.listenAddress, config_.lan.port);
    if (!port) {
        return fail("lan.cannot_listen", "cannot listen on " + config_.lan.listenAddress + ":" +
                                             std::to_string(config_.lan.port) + ": " +
                                             port.message());
    }
    port_ = *port;
    std::fprintf(stderr, "kiosk: hall LAN API on https://%s:%d (%zu devices enrolled)\n",
                 config_.lan.listenAddress.c_str(), port_, auth_->deviceCount());
    return {};
}

void HallServer::stop() {
    if (server_)
        server_->stop();
}

void HallServer::notifyChanged() {
    if (server_)
        server_->wake();
}

std::optional<net::HttpResponse> HallServer::admit(const net::HttpRequest& req) {
    if (const auto wait = failures_.blockedFor(req.peer); wait.count() > 0) {
        auto r = net::HttpsServer::error(429, "auth.throttled",
                                         "too many failed attempts from this address; wait " +
                                             std::to_string(wait.count()) + " s");
        r.headers.emplace_back("Retry-After", std::to_string(wait.count()));
        return r;
    }
    if (req.path == lan::kPathTime)
        return std::nullopt;
    auto c = readCredentials([&](const char* name) { return req.header(name); });
    if (!c)
        return respond(req, c.error());
    if (!auth_->knows(c->device)) {
        return respond(req, fail("auth.unknown_device",
                                 "the request is not signed by a device enrolled here"));
    }
    return std::nullopt;
}

Result<HallServer::Caller> HallServer::authenticate(const net::HttpRequest& req) {
    auto c = readCredentials([&](const char* name) { return req.header(name); });
    if (!c)
        return c.error();
    auto device = auth_->verify(req.method, req.target, req.body, *c);
    if (!device)
        return device.error();
    {
        std::lock_guard lock(seenMutex_);
        seen_[device->id] = {device->id, std::string(roleCode(device->role)),
                             toUnixMillis(clock_.now())};
    }
    return Caller{*device, *c};
}

std::vector<health::LanDevice> HallServer::devicesSeen() const {
    std::lock_guard lock(seenMutex_);
    std::vector<health::LanDevice> out;
    for (const auto& [id, d] : seen_)
        out.push_back(d);
    return out;
}

net::HttpResponse HallServer::respond(const net::HttpRequest& req,
                                      const Result<nlohmann::json>& result) {
    if (result)
        return net::HttpResponse{200, dumpJson(*result), "application/json", {}};
    const std::string& code = result.error().code;
    // A device whose signature fails keeps the address busy guessing: logged and slowed down.
    if (code.rfind("auth.", 0) == 0 && code != "auth.staff_required" && code != "auth.locked" &&
        code != "auth.wrong_pin" && code != "auth.forbidden") {
        failures_.failed(req.peer);
        std::fprintf(stderr, "kiosk: refused %s %s from %s: %s\n", req.method.c_str(),
                     req.path.c_str(), req.peer.c_str(), code.c_str());
    }
    return net::HttpResponse{
        lan::httpStatusFor(code), dumpJson(lan::errorJson(result.error())), "application/json", {}};
}

net::HttpResponse HallServer::handleLogin(const net::HttpRequest& req) {
    auto caller = authenticate(req);
    if (!caller)
        return respond(req, caller.error());
    if (caller->device.role != DeviceRole::Counter) {
        return respond(req, fail("auth.forbidden", "only counters take staff logins"));
    }
    const auto body = parseUntrustedJson(req.body);
    if (!body.is_object() || !body.contains("staff_id") || !body.contains("pin") ||
        !body["staff_id"].is_string() || !body["pin"].is_string() ||
        body["staff_id"].get_ref<const std::string&>().size() > 64 ||
        body["pin"].get_ref<const std::string&>().size() > 32) {
        return respond(req, fail("request.bad_login",
                                 "a login needs staff_id (at most 64 characters) and pin (at most "
                                 "32) as text"));
    }
    auto session = engine_.login(body["staff_id"], body["pin"], caller->device.id);
    if (!session)
        return respond(req, session.error());
    return respond(req, json{{"token", session->token},
                             {"staff_id", session->staffId},
                             {"staff_name", session->staffName},
                             {"expires_at", session->expiresAtMs}});
}

net::HttpResponse HallServer::handleLogout(const net::HttpRequest& req) {
    auto caller = authenticate(req);
    if (!caller)
        return respond(req, caller.error());
    auto r = engine_.logout(caller->credentials.staffToken, caller->device.id);
    if (!r)
        return respond(req, r.error());
    return respond(req, json{{"logged_out", true}});
}

net::HttpResponse HallServer::handleCommand(const net::HttpRequest& req) {
    auto caller = authenticate(req);
    if (!caller)
        return respond(req, caller.error());
    const std::string& key = caller->credentials.idempotencyKey;
    if (key.empty() || key.size() > 64) {
        return respond(req,
                       fail("request.missing_key",
                            "every change needs an Idempotency-Key header of 1–64 characters"));
    }
    const auto body = parseUntrustedJson(req.body);
    if (body.is_discarded())
        return respond(
            req, fail("request.bad_json", "the body is not valid JSON (or nests deeper than " +
                                              std::to_string(kMaxJsonDepth) + ")"));
    auto command = lan::commandFromJson(body);
    if (!command)
        return respond(req, command.error());
    const DeviceRole role = caller->device.role;
    if (!allowed(role, *command)) {
        return respond(req,
                       fail("auth.forbidden",
                            "a " + std::string(roleCode(role)) + " may not " +
                                std::string(commandName(*command)) +
                                (role == DeviceRole::Kiosk ? " (appointments are checked in at a "
                                                             "counter)"
                                                           : "")));
    }
    Actor actor{caller->device.id, {}, role == DeviceRole::Maintainer};
    if (role == DeviceRole::Counter) {
        auto staff = engine_.staffForToken(caller->credentials.staffToken, caller->device.id);
        if (!staff)
            return respond(req, fail("auth.staff_required",
                                     "log in with a staff id and PIN on this counter first (or the "
                                     "login expired)"));
        actor.staffId = *staff;
    }
    if (auto* rate = std::get_if<RateCommand>(&*command)) {
        rate->via = role == DeviceRole::Counter ? "counter" : "kiosk";
    }
    if (auto* screening = std::get_if<RecordScreeningCommand>(&*command)) {
        screening->via = role == DeviceRole::Counter ? "counter" : "kiosk";
    }
    return respond(req, engine_.execute(*command, actor, key, lan::commandFingerprint(*command)));
}

net::Answer HallServer::handleQueue(const net::HttpRequest& req) {
    auto caller = authenticate(req);
    if (!caller)
        return respond(req, caller.error());
    const auto after =
        static_cast<uint64_t>(std::max<int64_t>(0, queryInt(req, "after").value_or(0)));
    const std::string epoch = req.param("epoch").value_or("");
    const int64_t wait = std::clamp<int64_t>(queryInt(req, "wait").value_or(0), 0, 30);
    const DeviceRole role = caller->device.role;
    const bool withResidents = role == DeviceRole::Counter || role == DeviceRole::Maintainer;
    if (epoch != engine_.epoch() || wait == 0 || engine_.revision() > after)
        return respond(req, lan::snapshotToJson(engine_.snapshot(), withResidents));
    // A long-poll: answered as soon as the queue changes, or when the wait is over. It holds
    // no thread, but each costs a connection: a device gets a few.
    const std::string device = caller->device.id;
    {
        std::lock_guard lock(waitsMutex_);
        if (waits_[device] >= kMaxWaitsPerDevice) {
            return respond(
                req, fail("request.too_many_waits", "device \"" + device + "\" already waits on " +
                                                        std::to_string(kMaxWaitsPerDevice) +
                                                        " queue requests; wait for their answers"));
        }
        ++waits_[device];
    }
    return net::DeferredResponse{
        std::chrono::steady_clock::now() + std::chrono::seconds(wait),
        [this, req, after, device,
         withResidents](bool timedOut) -> std::optional<net::HttpResponse> {
            if (!timedOut && engine_.revision() <= after)
                return std::nullopt;
            {
                std::lock_guard lock(waitsMutex_);
                if (--waits_[device] <= 0)
                    waits_.erase(device);
            }
            return respond(req, lan::snapshotToJson(engine_.snapshot(), withResidents));
        }};
}

net::HttpResponse HallServer::handleStats(const net::HttpRequest& req) {
    auto caller = authenticate(req);
    if (!caller)
        return respond(req, caller.error());
    if (caller->device.role == DeviceRole::Display || caller->device.role == DeviceRole::Kiosk) {
        return respond(req, fail("auth.forbidden", "statistics are for counters and maintainers"));
    }
    const std::string day = req.param("date").value_or(engine_.serviceDay());
    if (!isDay(day))
        return respond(req, fail("request.bad_date", "date must be a day written 2026-11-23"));
    auto stats = engine_.statistics(day);
    if (!stats)
        return respond(req, stats.error());
    if (req.param("format").value_or("") == "csv")
        return net::HttpResponse{200, dayStatisticsCsv(*stats), "text/csv; charset=utf-8", {}};
    return respond(req, *stats);
}

}  // namespace hall
