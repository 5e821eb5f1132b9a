#include "lan/HallServer.h"

#include <httplib.h>

#include <algorithm>
#include <cstdio>

#include "lan/HallCertificate.h"
#include "lan/LanProtocol.h"
#include "queue/DayStatistics.h"

namespace hall {

using nlohmann::json;

namespace {

bool allowed(DeviceRole role, const QueueCommand& command) {
    const bool windowOp = !std::holds_alternative<IssueTicketCommand>(command) &&
                          !std::holds_alternative<ReinstateCommand>(command) &&
                          !std::holds_alternative<RateCommand>(command) &&
                          !std::holds_alternative<RecordScreeningCommand>(command);
    switch (role) {
        case DeviceRole::Maintainer:
            return true;
        case DeviceRole::Counter:
            return true;
        case DeviceRole::Kiosk:
            return !windowOp && !std::holds_alternative<ReinstateCommand>(command);
        case DeviceRole::Display:
            return false;
    }
    return false;
}

int64_t queryInt(const httplib::Request& req, const char* name, int64_t fallback) {
    if (!req.has_param(name))
        return fallback;
    try {
        return std::stoll(req.get_param_value(name));
    } catch (const std::exception&) {
        return fallback;
    }
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
    auto devices = loadEnrolledDevices(config_.lan.devicesDir);
    if (!devices)
        return devices.error();
    auth_ = std::make_unique<RequestAuthenticator>(std::move(devices).value(), clock_);

    server_ = std::make_unique<httplib::SSLServer>(config_.lan.certificate.c_str(),
                                                   config_.lan.privateKey.c_str());
    if (!server_->is_valid()) {
        return fail(config_.lan.certificate.string() +
                    ": the hall's TLS certificate or key cannot be used");
    }
    // Long-polls hold a thread each: enough for every counter and display of a hall, and more.
    server_->new_task_queue = [] { return new httplib::ThreadPool(48); };
    server_->set_payload_max_length(lan::kMaxBodyBytes);
    // Small requests and answers: without this, Nagle and delayed ACKs add ~40 ms to each.
    server_->set_tcp_nodelay(true);
    server_->set_read_timeout(std::chrono::seconds(10));
    server_->set_post_routing_handler([this](const httplib::Request&, httplib::Response& res) {
        res.set_header(headers::kServerTime, std::to_string(toUnixMillis(clock_.now())));
    });
    server_->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty())
            return;
        const std::string code = res.status == 413   ? "request.too_large"
                                 : res.status == 404 ? "request.unknown_path"
                                                     : "request.bad";
        const std::string message =
            res.status == 413
                ? "the request is larger than " + std::to_string(lan::kMaxBodyBytes) + " bytes"
                : "no such API: " + req.method + " " + req.path;
        res.set_content(lan::errorJson(fail(code, message)).dump(), "application/json");
    });
    server_->set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                      std::exception_ptr) {
        res.status = 500;
        res.set_content(
            lan::errorJson(fail("server.error", "the hall could not handle this request")).dump(),
            "application/json");
    });
    server_->Get(lan::kPathTime, [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(
            json{{"now", toUnixMillis(clock_.now())}, {"hall_id", config_.hallId}}.dump(),
            "application/json");
    });
    server_->Post(lan::kPathLogin,
                  [this](const httplib::Request& q, httplib::Response& r) { handleLogin(q, r); });
    server_->Post(lan::kPathLogout,
                  [this](const httplib::Request& q, httplib::Response& r) { handleLogout(q, r); });
    server_->Post(lan::kPathCommands,
                  [this](const httplib::Request& q, httplib::Response& r) { handleCommand(q, r); });
    server_->Get(lan::kPathQueue,
                 [this](const httplib::Request& q, httplib::Response& r) { handleQueue(q, r); });
    server_->Get(lan::kPathStats,
                 [this](const httplib::Request& q, httplib::Response& r) { handleStats(q, r); });

    if (config_.lan.port == 0) {
        port_ = server_->bind_to_any_port(config_.lan.listenAddress);
        if (port_ <= 0)
            return fail("lan.cannot_listen", "cannot listen on " + config_.lan.listenAddress);
    } else {
        if (!server_->bind_to_port(config_.lan.listenAddress, config_.lan.port)) {
            return fail("lan.cannot_listen", "cannot listen on " + config_.lan.listenAddress + ":" +
                                                 std::to_string(config_.lan.port) +
                                                 " (in use, or not allowed)");
        }
        port_ = config_.lan.port;
    }
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    std::fprintf(stderr, "kiosk: hall LAN API on https://%s:%d (%zu devices enrolled)\n",
                 config_.lan.listenAddress.c_str(), port_, auth_->deviceCount());
    return {};
}

void HallServer::stop() {
    {
        std::lock_guard lock(waitMutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    if (server_)
        server_->stop();
    if (thread_.joinable())
        thread_.join();
}

void HallServer::notifyChanged() {
    { std::lock_guard lock(waitMutex_); }
    changed_.notify_all();
}

Result<HallServer::Caller> HallServer::authenticate(const httplib::Request& req) {
    auto c = readCredentials([&](const char* name) { return req.get_header_value(name); });
    if (!c)
        return c.error();
    auto device = auth_->verify(req.method, req.target, req.body, *c);
    if (!device)
        return device.error();
    return Caller{*device, *c};
}

void HallServer::respond(httplib::Response& res, const Result<json>& result) {
    if (result) {
        res.status = 200;
        res.set_content(result->dump(), "application/json");
    } else {
        res.status = lan::httpStatusFor(result.error().code);
        res.set_content(lan::errorJson(result.error()).dump(), "application/json");
    }
}

void HallServer::handleLogin(const httplib::Request& req, httplib::Response& res) {
    auto caller = authenticate(req);
    if (!caller)
        return respond(res, caller.error());
    if (caller->device.role != DeviceRole::Counter) {
        return respond(res, fail("auth.forbidden", "only counters take staff logins"));
    }
    const auto body = json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("staff_id") || !body.contains("pin") ||
        !body["staff_id"].is_string() || !body["pin"].is_string()) {
        return respond(res, fail("request.bad_login", "a login needs staff_id and pin as text"));
    }
    auto session = engine_.login(body["staff_id"], body["pin"], caller->device.id);
    if (!session)
        return respond(res, session.error());
    respond(res, json{{"token", session->token},
                      {"staff_id", session->staffId},
                      {"staff_name", session->staffName},
                      {"expires_at", session->expiresAtMs}});
}

void HallServer::handleLogout(const httplib::Request& req, httplib::Response& res) {
    auto caller = authenticate(req);
    if (!caller)
        return respond(res, caller.error());
    auto r = engine_.logout(caller->credentials.staffToken);
    if (!r)
        return respond(res, r.error());
    respond(res, json{{"logged_out", true}});
}

void HallServer::handleCommand(const httplib::Request& req, httplib::Response& res) {
    auto caller = authenticate(req);
    if (!caller)
        return respond(res, caller.error());
    const std::string& key = caller->credentials.idempotencyKey;
    if (key.empty() || key.size() > 64) {
        return respond(res,
                       fail("request.missing_key",
                            "every change needs an Idempotency-Key header of 1–64 characters"));
    }
    const auto body = json::parse(req.body, nullptr, false);
    if (body.is_discarded())
        return respond(res, fail("request.bad_json", "the body is not valid JSON"));
    auto command = lan::commandFromJson(body);
    if (!command)
        return respond(res, command.error());
    const DeviceRole role = caller->device.role;
    if (!allowed(role, *command)) {
        return respond(res,
                       fail("auth.forbidden", "a " + std::string(roleCode(role)) + " may not " +
                                                  std::string(commandName(*command))));
    }
    Actor actor{caller->device.id, {}, role == DeviceRole::Maintainer};
    if (role == DeviceRole::Counter) {
        auto staff = engine_.staffForToken(caller->credentials.staffToken);
        if (!staff)
            return respond(res,
                           fail("auth.staff_required",
                                "log in with a staff id and PIN first (or the login expired)"));
        actor.staffId = *staff;
    }
    if (auto* rate = std::get_if<RateCommand>(&*command)) {
        rate->via = role == DeviceRole::Counter ? "counter" : "kiosk";
    }
    if (auto* screening = std::get_if<RecordScreeningCommand>(&*command)) {
        screening->via = role == DeviceRole::Counter ? "counter" : "kiosk";
    }
    respond(res, engine_.execute(*command, actor, key));
}

void HallServer::handleQueue(const httplib::Request& req, httplib::Response& res) {
    auto caller = authenticate(req);
    if (!caller)
        return respond(res, caller.error());
    const auto after = static_cast<uint64_t>(queryInt(req, "after", 0));
    const std::string epoch = req.has_param("epoch") ? req.get_param_value("epoch") : "";
    const auto wait = std::chrono::seconds(std::clamp<int64_t>(queryInt(req, "wait", 0), 0, 30));
    if (epoch == engine_.epoch() && wait.count() > 0) {
        // A long-poll: answer as soon as the queue changes, or when the wait is over.
        std::unique_lock lock(waitMutex_);
        changed_.wait_for(lock, wait, [&] { return stopping_ || engine_.revision() > after; });
    }
    respond(res, lan::snapshotToJson(engine_.snapshot()));
}

void HallServer::handleStats(const httplib::Request& req, httplib::Response& res) {
    auto caller = authenticate(req);
    if (!caller)
        return respond(res, caller.error());
    if (caller->device.role == DeviceRole::Display || caller->device.role == DeviceRole::Kiosk) {
        return respond(res, fail("auth.forbidden", "statistics are for counters and maintainers"));
    }
    const std::string day =
        req.has_param("date") ? req.get_param_value("date") : engine_.serviceDay();
    auto stats = engine_.statistics(day);
    if (!stats)
        return respond(res, stats.error());
    if (req.has_param("format") && req.get_param_value("format") == "csv") {
        res.set_content(dayStatisticsCsv(*stats), "text/csv; charset=utf-8");
        return;
    }
    respond(res, *stats);
}

}  // namespace hall
