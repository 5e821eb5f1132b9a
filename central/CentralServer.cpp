#include "CentralServer.h"

#include <cstdio>

#include "HallDayFigures.h"
#include "sync/Bundle.h"
#include "sync/BundleContent.h"
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
    if (code == "central.version_taken")
        return 409;
    if (code == "central.unknown_terminal")
        return 404;
    if (code == "central.bad_day" || code.rfind("bundle.", 0) == 0)
        return 400;
    if (code.rfind("sync.", 0) == 0)
        return 400;
    return 503;  // the store could not take it now: the terminal retries
}

}  // namespace

nlohmann::ordered_json terminalJson(const TerminalRecord& t) {
    return {{"id", t.id},
            {"hall_id", t.hallId},
            {"district", t.district},
            {"software", t.software},
            {"enrolled_at", t.enrolledAtMs},
            {"last_contact", t.lastContactMs},
            {"events", t.eventsReceived},
            {"backlog", t.backlog},
            {"catalog_version", t.catalogVersion},
            {"bundles", nlohmann::json::parse(t.bundles, nullptr, false)},
            {"last_error", t.lastError},
            {"bundle_error", t.bundleError},
            {"revoked", t.revokedAtMs != 0}};
}

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
    std::map<std::string, EnrolledDevice> maintainers;
    for (const auto& [id, key] : config_.maintainers)
        maintainers[id] = EnrolledDevice{id, DeviceRole::Maintainer, key};
    maintainerAuth_ = std::make_unique<RequestAuthenticator>(std::move(maintainers), clock_);
    server_ = std::make_unique<httplib::SSLServer>(config_.certificate.c_str(),
                                                   config_.privateKey.c_str());
    if (!server_->is_valid()) {
        return fail("central.tls", "cannot serve HTTPS with " + config_.certificate.string() +
                                       " and " + config_.privateKey.string());
    }
    server_->set_payload_max_length(sync::kMaxBodyBytes);
    if (!config_.trafficLog.empty()) {
        traffic_.open(config_.trafficLog, std::ios::app);
        if (!traffic_)
            return fail("central.traffic_log", "cannot write " + config_.trafficLog.string());
        server_->set_logger([this](const httplib::Request& req, const httplib::Response& res) {
            auto body = [](const std::string& text) {
                auto j = nlohmann::json::parse(text, nullptr, false);
                return j.is_discarded() ? nlohmann::json(text) : j;
            };
            const nlohmann::json line{
                {"method", req.method},
                {"path", req.path},
                {"request", req.body.empty() ? nlohmann::json() : body(req.body)},
                {"status", res.status},
                {"response", body(res.body)}};
            std::lock_guard lock(trafficMutex_);
            traffic_ << line.dump() << '\n' << std::flush;
        });
    }
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
    server_->Post(sync::kPathBundles, [this](const httplib::Request& req, httplib::Response& res) {
        handleBundles(req, res);
    });
    for (const char* path :
         {sync::kPathAdminCodes, sync::kPathAdminTerminals, sync::kPathAdminRevoke,
          sync::kPathAdminPublish, sync::kPathAdminBundles, sync::kPathAdminStatistics}) {
        server_->Post(path, [this, path](const httplib::Request& req, httplib::Response& res) {
            handleAdmin(path, req, res);
        });
    }
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

Result<TerminalRecord> CentralServer::signedByTerminal(const httplib::Request& req) {
    auto credentials = readCredentials([&](const char* n) { return req.get_header_value(n); });
    if (!credentials)
        return credentials.error();
    auto device = auth_->verify(req.method, req.target, req.body, *credentials);
    if (!device)
        return device.error();
    auto found = store_.terminal(device->id);
    if (!found)
        return found.error();
    if (!*found || (*found)->revokedAtMs != 0)
        return fail("auth.revoked", "terminal \"" + device->id + "\" was revoked");
    return **found;
}

namespace {

Error wrongHall(const TerminalRecord& terminal, const std::string& hallId) {
    return fail("central.wrong_hall", "terminal \"" + terminal.id + "\" belongs to hall " +
                                          terminal.hallId + ", not " + hallId);
}

}  // namespace

void CentralServer::handleEvents(const httplib::Request& req, httplib::Response& res) {
    auto terminal = signedByTerminal(req);
    if (!terminal)
        return refuse(res, terminal.error());
    auto batch = sync::parseUpload(req.body);
    if (!batch)
        return refuse(res, batch.error());
    if (batch->hallId != terminal->hallId)
        return refuse(res, wrongHall(*terminal, batch->hallId));
    auto stored =
        store_.ingest(terminal->id, batch->events, batch->status, toUnixMillis(clock_.now()));
    if (!stored)
        return refuse(res, stored.error());
    sync::UploadAck ack;
    ack.ackedThrough = batch->events.empty() ? 0 : batch->events.back().seq;
    ack.applied = stored->applied;
    ack.duplicates = stored->duplicates;
    answer(res, 200, sync::ackJson(ack));
}

void CentralServer::handleBundles(const httplib::Request& req, httplib::Response& res) {
    auto terminal = signedByTerminal(req);
    if (!terminal)
        return refuse(res, terminal.error());
    auto request = sync::parseBundleRequest(req.body);
    if (!request)
        return refuse(res, request.error());
    if (request->hallId != terminal->hallId)
        return refuse(res, wrongHall(*terminal, request->hallId));
    auto published = store_.bundles();
    if (!published)
        return refuse(res, published.error());
    // The newest of each kind meant for this terminal, if newer than the one it has.
    std::map<std::string, const PublishedBundle*> newest;
    for (const auto& b : *published) {
        auto scope = sync::BundleScope::parse(b.scope);
        if (!scope || !scope->covers(terminal->hallId, terminal->district))
            continue;
        const auto have = request->have.find(b.kind);
        if (have != request->have.end() && b.version <= have->second)
            continue;
        auto& best = newest[b.kind];
        if (!best || b.version > best->version)
            best = &b;
    }
    nlohmann::json bundles = nlohmann::json::array();
    for (const auto& [kind, b] : newest)
        bundles.push_back(nlohmann::json::parse(b->signedText, nullptr, false));
    answer(res, 200, {{"bundles", bundles}});
}

void CentralServer::handleAdmin(const std::string& path, const httplib::Request& req,
                                httplib::Response& res) {
    auto credentials = readCredentials([&](const char* n) { return req.get_header_value(n); });
    if (!credentials)
        return refuse(res, credentials.error());
    auto maintainer = maintainerAuth_->verify(req.method, req.target, req.body, *credentials);
    if (!maintainer)
        return refuse(res, maintainer.error());
    const auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object())
        return refuse(res, fail("sync.bad_request", path + ": the body is not a JSON object"));
    auto result = admin(path, body, maintainer->id);
    if (!result)
        return refuse(res, result.error());
    answer(res, path == sync::kPathAdminPublish || path == sync::kPathAdminCodes ? 201 : 200,
           *result);
}

namespace {

Result<std::string> textField(const nlohmann::json& body, const char* name, bool required) {
    if (!body.contains(name)) {
        if (required)
            return fail("sync.bad_request", std::string("\"") + name + "\" is missing");
        return std::string();
    }
    if (!body[name].is_string() || body[name].get<std::string>().size() > 200)
        return fail("sync.bad_request", std::string("\"") + name + "\" must be a short text");
    return body[name].get<std::string>();
}

}  // namespace

Result<nlohmann::ordered_json> CentralServer::admin(const std::string& path,
                                                    const nlohmann::json& body,
                                                    const std::string& maintainer) {
    const int64_t now = toUnixMillis(clock_.now());
    if (path == sync::kPathAdminCodes) {
        auto hallId = textField(body, "hall_id", true);
        if (!hallId)
            return hallId.error();
        auto district = textField(body, "district", false);
        if (!district)
            return district.error();
        const int64_t days = body.value("days", 7);
        if (days < 1 || days > 90)
            return fail("sync.bad_request", "\"days\" must be 1 to 90");
        const int64_t expires = now + days * 24 * 3600 * 1000;
        auto code = store_.createEnrolmentCode(*hallId, *district, expires);
        if (!code)
            return code.error();
        std::fprintf(stderr, "central: %s made an enrolment code for hall %s\n", maintainer.c_str(),
                     hallId->c_str());
        return nlohmann::ordered_json{{"code", *code},
                                      {"hall_id", *hallId},
                                      {"district", *district},
                                      {"expires_at", expires}};
    }
    if (path == sync::kPathAdminTerminals) {
        auto terminals = store_.terminals();
        if (!terminals)
            return terminals.error();
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& t : *terminals)
            list.push_back(terminalJson(t));
        return nlohmann::ordered_json{{"terminals", list}};
    }
    if (path == sync::kPathAdminRevoke) {
        auto id = textField(body, "terminal_id", true);
        if (!id)
            return id.error();
        auto found = store_.terminal(*id);
        if (!found)
            return found.error();
        if (!*found)
            return fail("central.unknown_terminal", "no terminal \"" + *id + "\" is enrolled");
        if (auto r = store_.revoke(*id, now); !r)
            return r.error();
        auth_->revoke(*id);
        std::fprintf(stderr, "central: %s revoked terminal %s\n", maintainer.c_str(), id->c_str());
        return nlohmann::ordered_json{{"terminal_id", *id}, {"revoked", true}};
    }
    if (path == sync::kPathAdminPublish) {
        // Checked here as a terminal will check it, so a mistake is refused at once rather
        // than by every hall.
        auto bundle = sync::openBundle(body.dump(), config_.maintainers);
        if (!bundle)
            return bundle.error();
        if (auto ok = sync::checkPublishable(*bundle); !ok)
            return fail("bundle.invalid", ok.message());
        const std::string kind(sync::bundleKindCode(bundle->kind));
        if (auto r = store_.publish(PublishedBundle{kind, bundle->version, bundle->scope.code(),
                                                    bundle->signer, now, body.dump()});
            !r)
            return r.error();
        std::fprintf(stderr, "central: %s published %s version %lld to %s\n", maintainer.c_str(),
                     kind.c_str(), static_cast<long long>(bundle->version),
                     bundle->scope.code().c_str());
        return nlohmann::ordered_json{
            {"kind", kind}, {"version", bundle->version}, {"scope", bundle->scope.code()}};
    }
    if (path == sync::kPathAdminBundles) {
        auto published = store_.bundles();
        if (!published)
            return published.error();
        auto terminals = store_.terminals();
        if (!terminals)
            return terminals.error();
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& b : *published) {
            // How far it has spread: the terminals that report it in force.
            int64_t inForce = 0;
            for (const auto& t : *terminals) {
                const auto versions = nlohmann::json::parse(t.bundles, nullptr, false);
                if (versions.is_object() && versions.value(b.kind, int64_t{0}) == b.version)
                    ++inForce;
            }
            list.push_back({{"kind", b.kind},
                            {"version", b.version},
                            {"scope", b.scope},
                            {"signer", b.signer},
                            {"published_at", b.publishedAtMs},
                            {"terminals_in_force", inForce}});
        }
        return nlohmann::ordered_json{{"bundles", list}};
    }
    auto day = textField(body, "day", true);
    if (!day)
        return day.error();
    auto hallId = textField(body, "hall_id", false);
    if (!hallId)
        return hallId.error();
    return hallDayFigures(store_, *day, *hallId, config_.utcOffsetMinutes);
}

}  // namespace hall
