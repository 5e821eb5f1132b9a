#include "CentralServer.h"

#include <algorithm>
#include <cstdio>

#include "ConsoleSchema.h"
#include "HallDayFigures.h"
#include "PostgresCentralStore.h"
#include "SoftwareRollout.h"
#include "orders/RemoteOrder.h"
#include "sync/Bundle.h"
#include "sync/BundleContent.h"
#include "sync/SyncProtocol.h"
#include "text/UntrustedJson.h"
#include "text/Utf8.h"
#include "update/SoftwareRelease.h"

namespace hall {

namespace {

int statusFor(const std::string& code) {
    if (code.rfind("auth.", 0) == 0)
        return code == "auth.revoked" || code == "auth.forbidden" ? 403 : 401;
    if (code == "central.bad_code" || code == "central.code_used" || code == "central.code_expired")
        return 403;
    if (code == "central.terminal_exists")
        return 409;
    if (code == "central.wrong_hall")
        return 403;
    if (code == "central.version_taken")
        return 409;
    if (code == "central.unknown_terminal" || code == "central.unknown_rollout" ||
        code == "central.unknown_order")
        return 404;
    if (code == "central.rollout_exists")
        return 409;
    if (code == "central.no_payload")
        return 404;
    if (code == "central.bad_range")
        return 416;
    if (code == "central.bad_day" || code.rfind("bundle.", 0) == 0 ||
        code.rfind("request.", 0) == 0)
        return 400;
    if (code.rfind("sync.", 0) == 0)
        return 400;
    return 503;  // the store could not take it now: the terminal retries
}

}  // namespace

nlohmann::ordered_json terminalJson(const TerminalRecord& t) {
    // Whatever a terminal reported, the maintainers' view must always be written out: text is
    // made valid UTF-8 and a bundle list that is not one shows as empty.
    auto versions = parseUntrustedJson(t.bundles);
    if (!versions.is_object())
        versions = nlohmann::json::object();
    return {{"id", utf8::sanitize(t.id)},
            {"hall_id", utf8::sanitize(t.hallId)},
            {"district", utf8::sanitize(t.district)},
            {"software", utf8::sanitize(t.software)},
            {"enrolled_at", t.enrolledAtMs},
            {"last_contact", t.lastContactMs},
            {"events", t.eventsReceived},
            {"backlog", t.backlog},
            {"catalog_version", t.catalogVersion},
            {"bundles", versions},
            {"last_error", utf8::sanitize(t.lastError)},
            {"bundle_error", utf8::sanitize(t.bundleError)},
            {"software_update",
             [&] {
                 auto u = parseUntrustedJson(t.softwareUpdate);
                 return u.is_object() ? u : nlohmann::json::object();
             }()},
            {"revoked", t.revokedAtMs != 0}};
}

namespace {

Error wrongHall(const TerminalRecord& terminal, const std::string& hallId) {
    return fail("central.wrong_hall", "terminal \"" + terminal.id + "\" belongs to hall " +
                                          terminal.hallId + ", not " +
                                          utf8::truncateBytes(hallId, 64));
}

}  // namespace

Result<OpenedCentralDatabases> openCentralDatabases(const std::string& database) {
    OpenedCentralDatabases opened;
    auto events = openCentralStore(database);
    if (!events)
        return events.error();
    opened.events = std::move(events).value();
    auto health = openHealthStore(database);
    if (!health)
        return health.error();
    opened.health = std::move(health).value();
    auto console = openSqlDatabase(database, kConsoleSchema);
    if (!console)
        return console.error();
    opened.console = std::move(console).value();
    return opened;
}

CentralServer::CentralServer(CentralDatabases databases, CentralServerConfig config,
                             const Clock& clock)
    : store_(databases.events),
      config_(std::move(config)),
      fleet_(databases.health, config_.health, config_.utcOffsetMinutes),
      access_(databases.console),
      audit_(databases.console),
      consoleDb_(databases.console),
      clock_(clock) {}

CentralServer::~CentralServer() {
    stop();
}

net::HttpResponse CentralServer::answer(int status, const nlohmann::json& body) {
    // Every answer carries the central's time: a terminal with a wrong clock corrects itself.
    const int64_t now = toUnixMillis(clock_.now());
    nlohmann::json withTime = body;
    withTime["server_time"] = now;
    return net::HttpResponse{status, dumpJson(withTime), "application/json", {}};
}

net::HttpResponse CentralServer::refuse(const net::HttpRequest& req, const Error& error) {
    const int status = statusFor(error.code);
    if (status == 401 || status == 403) {
        // Guessing codes or keys: logged without what was guessed, and slowed down.
        failures_.failed(clientOf(req));
        std::fprintf(stderr, "central: refused %s from %s: %s\n", req.path.c_str(),
                     clientOf(req).c_str(), error.code.c_str());
    }
    return answer(status, {{"error", {{"code", error.code}, {"message", error.message}}}});
}

std::optional<net::HttpResponse> CentralServer::admit(const net::HttpRequest& req) {
    if (const auto wait = failures_.blockedFor(clientOf(req)); wait.count() > 0) {
        auto r = answer(429, {{"error",
                               {{"code", "auth.throttled"},
                                {"message", "too many failed attempts from this address; wait " +
                                                std::to_string(wait.count()) + " s"}}}});
        r.headers.emplace_back("Retry-After", std::to_string(wait.count()));
        return r;
    }
    // The console signs its users in with cookies (ConsoleRoutes), not request signatures.
    if (req.path == sync::kPathEnrol || req.path == sync::kPathTime ||
        req.path.rfind("/console/", 0) == 0)
        return std::nullopt;
    // Signed requests may be large (4 MiB): only a device that could have signed one is read.
    auto credentials = readCredentials([&](const char* n) { return req.header(n); });
    if (!credentials)
        return refuse(req, credentials.error());
    const bool admin = req.path.rfind("/api/v1/admin/", 0) == 0;
    if (!admin && !credentials->device.empty() && !auth_->knows(credentials->device)) {
        // Enrolled through another instance since this one started: the shared store knows.
        auto found = store_.terminal(credentials->device);
        if (found && *found && (*found)->revokedAtMs == 0)
            auth_->admit(EnrolledDevice{(*found)->id, DeviceRole::Kiosk, (*found)->publicKey});
    }
    if (credentials->device.empty() ||
        !(admin ? maintainerAuth_ : auth_)->knows(credentials->device)) {
        return refuse(
            req, fail("auth.unknown_device", "the request is not signed by an enrolled " +
                                                 std::string(admin ? "maintainer" : "terminal")));
    }
    return std::nullopt;
}

std::string CentralServer::clientOf(const net::HttpRequest& req) const {
    const auto& proxies = config_.trustedProxies;
    const std::string forwarded = req.header("X-Forwarded-For");
    if (forwarded.empty() || std::find(proxies.begin(), proxies.end(), req.peer) == proxies.end())
        return req.peer;
    // The last hop is the one the trusted proxy saw; earlier ones the client may have written.
    std::string last =
        forwarded.substr(forwarded.rfind(',') == std::string::npos ? 0 : forwarded.rfind(',') + 1);
    last.erase(0, last.find_first_not_of(' '));
    return utf8::truncateBytes(last, 64);
}

void CentralServer::logTraffic(const net::HttpRequest& req, const net::HttpResponse& res) {
    auto body = [](const std::string& text) {
        auto j = parseUntrustedJson(text);
        return j.is_discarded() ? nlohmann::json(utf8::sanitize(text)) : j;
    };
    const nlohmann::json line{{"method", req.method},
                              {"path", req.path},
                              {"request", req.body.empty() ? nlohmann::json() : body(req.body)},
                              {"status", res.status},
                              {"response", body(res.body)}};
    std::lock_guard lock(trafficMutex_);
    traffic_ << dumpJson(line) << '\n' << std::flush;
}

namespace {

// The key that signs the console's orders, made once: instances that share a database share
// the file too (central/README.md, "Several instances").
Result<DeviceKey> orderKeyAt(const std::filesystem::path& file) {
    if (std::filesystem::exists(file))
        return DeviceKey::load(file);
    auto key = DeviceKey::generate("central-orders", DeviceRole::Maintainer);
    if (!key)
        return key.error();
    if (auto saved = key->save(file); !saved)
        return saved.error();
    std::fprintf(stderr, "central: made the key that signs orders: %s\n", file.c_str());
    return key;
}

}  // namespace

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
    server_ = std::make_unique<net::HttpsServer>(
        net::TlsIdentity{config_.certificate.string(), config_.privateKey.string()},
        config_.limits);
    if (!config_.trafficLog.empty()) {
        traffic_.open(config_.trafficLog, std::ios::app);
        if (!traffic_)
            return fail("central.traffic_log", "cannot write " + config_.trafficLog.string());
        server_->observe([this](const net::HttpRequest& req, const net::HttpResponse& res) {
            logTraffic(req, res);
        });
    }
    server_->admit([this](const net::HttpRequest& req) { return admit(req); });
    server_->decorate([this](net::HttpResponse& res) {
        res.headers.emplace_back(headers::kServerTime, std::to_string(toUnixMillis(clock_.now())));
    });
    constexpr size_t kSmall = 16 * 1024;
    server_->route("GET", sync::kPathTime, [this](const net::HttpRequest&) {
        return answer(200, nlohmann::json::object());
    });
    server_->route(
        "POST", sync::kPathEnrol, [this](const net::HttpRequest& req) { return handleEnrol(req); },
        kSmall);
    server_->route(
        "POST", sync::kPathEvents,
        [this](const net::HttpRequest& req) { return handleEvents(req); }, sync::kMaxBodyBytes);
    server_->route(
        "POST", sync::kPathBundles,
        [this](const net::HttpRequest& req) { return handleBundles(req); }, kSmall);
    server_->route(
        "POST", sync::kPathHeartbeat,
        [this](const net::HttpRequest& req) { return handleHeartbeat(req); }, kSmall);
    server_->route(
        "POST", sync::kPathScreenshot,
        [this](const net::HttpRequest& req) { return handleScreenshot(req); },
        sync::kMaxScreenshotBytes);
    auto orderKey = orderKeyAt(config_.orderKey);
    if (!orderKey)
        return fail("central.order_key", orderKey.message());
    orders_ = std::make_unique<OrderBook>(consoleDb_, std::move(orderKey).value());
    console_ = std::make_unique<ConsoleRoutes>(
        ConsoleParts{access_, audit_, *orders_,
                     [this](const std::string& path, const nlohmann::json& body,
                            const AdminCaller& caller) { return adminAs(path, body, caller); },
                     clock_, config_.utcOffsetMinutes, config_.consolePages, config_.chartJs,
                     [this](const std::string& peer) { failures_.failed(peer); },
                     [this](const net::HttpRequest& req) { return clientOf(req); }});
    // The terminals' API does not depend on the console's files: without them, no console.
    if (auto installed = console_->install(*server_); !installed)
        std::fprintf(stderr, "central: the web console is off: %s\n", installed.message().c_str());
    payloads_ = std::make_unique<SoftwarePayloads>(config_.payloadDir);
    server_->route(
        "POST", sync::kPathAdminSoftware,
        [this](const net::HttpRequest& req) { return handleSoftwareUpload(req); },
        sync::kMaxSoftwareBytes);
    server_->route("GET", sync::kPathSoftware,
                   [this](const net::HttpRequest& req) { return handleSoftwareDownload(req); });
    for (const char* path :
         {sync::kPathAdminCodes, sync::kPathAdminTerminals, sync::kPathAdminRevoke,
          sync::kPathAdminPublish, sync::kPathAdminBundles, sync::kPathAdminStatistics,
          sync::kPathAdminRollouts, sync::kPathAdminHistory, sync::kPathAdminAlerts,
          sync::kPathAdminUptime, sync::kPathAdminLogin, sync::kPathAdminOrders}) {
        server_->route(
            "POST", path,
            [this, path](const net::HttpRequest& req) { return handleAdmin(path, req); },
            path == std::string_view(sync::kPathAdminPublish) ? sync::kMaxBodyBytes : kSmall);
    }
    auto port = server_->start(config_.listenAddress, config_.port);
    if (!port)
        return fail("central.listen", port.message());
    port_ = *port;
    sweeper_ = std::thread([this] { sweepSilence(); });
    return {};
}

void CentralServer::stop() {
    {
        std::lock_guard lock(sweepMutex_);
        stopping_ = true;
    }
    sweepWake_.notify_all();
    if (sweeper_.joinable())
        sweeper_.join();
    if (server_)
        server_->stop();
}

void CentralServer::sweepSilence() {
    std::unique_lock lock(sweepMutex_);
    while (!sweepWake_.wait_for(lock, config_.sweepInterval, [this] { return stopping_; })) {
        lock.unlock();
        // Every instance sweeps; the store raises each alert once however many do.
        if (auto r = fleet_.sweep(toUnixMillis(clock_.now())); !r)
            std::fprintf(stderr, "central: looking for silent terminals failed: %s\n",
                         r.message().c_str());
        lock.lock();
    }
}

Result<nlohmann::ordered_json> CentralServer::terminalsJson(const std::string& only, bool brief) {
    Result<std::vector<TerminalRecord>> terminals = std::vector<TerminalRecord>{};
    if (only.empty()) {
        terminals = store_.terminals();
    } else if (auto found = store_.terminal(only); !found) {
        terminals = found.error();
    } else if (*found) {
        terminals->push_back(**found);
    }
    if (!terminals)
        return terminals.error();
    auto fleet = fleet_.fleet(*terminals, toUnixMillis(clock_.now()), !brief);
    if (!fleet)
        return fleet.error();
    std::map<std::string, const TerminalRecord*> byId;
    for (const auto& t : *terminals)
        byId[t.id] = &t;
    // Worst first, as the fleet is ordered; revoked terminals last.
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (auto& item : *fleet) {
        const auto* t = byId.at(item["terminal_id"].get<std::string>());
        nlohmann::ordered_json j;
        if (brief) {
            for (const char* field : {"terminal_id", "hall_id", "district", "software"})
                j[field == std::string("terminal_id") ? "id" : field] = item[field];
            j["revoked"] = false;
        } else {
            j = terminalJson(*t);
        }
        for (const char* repeated : {"terminal_id", "hall_id", "district", "software"})
            item.erase(repeated);
        j["health"] = std::move(item);
        list.push_back(std::move(j));
    }
    for (const auto& t : *terminals) {
        if (t.revokedAtMs != 0)
            list.push_back(terminalJson(t));
    }
    return nlohmann::ordered_json{{"terminals", list}};
}

net::HttpResponse CentralServer::handleHeartbeat(const net::HttpRequest& req) {
    auto terminal = signedByTerminal(req);
    if (!terminal)
        return refuse(req, terminal.error());
    auto health = health::parseHeartbeat(req.body);
    if (!health)
        return refuse(req, health.error());
    if (health->hallId != terminal->hallId)
        return refuse(req, wrongHall(*terminal, health->hallId));
    const int64_t now = toUnixMillis(clock_.now());
    // What became of earlier orders comes with the heartbeat; settled ones are named back so
    // the terminal stops reporting them.
    std::vector<orders::OrderOutcome> outcomes;
    if (const auto body = parseUntrustedJson(req.body); body.contains("orders")) {
        auto parsed = orders::parseOutcomes(body["orders"]);
        if (!parsed)
            return refuse(req, parsed.error());
        outcomes = std::move(parsed).value();
    }
    auto alerts = fleet_.receive(*terminal, *health, now);
    if (!alerts)
        return refuse(req, alerts.error());
    auto settled = orders_->settle(terminal->id, outcomes, now);
    if (!settled)
        return refuse(req, settled.error());
    auto pending = orders_->pendingFor(terminal->id, now);
    if (!pending)
        return refuse(req, pending.error());
    nlohmann::json codes = nlohmann::json::array();
    for (const auto& a : *alerts)
        codes.push_back(a.code);
    return answer(200, {{"alerts", codes}, {"orders", *pending}, {"orders_settled", *settled}});
}

net::HttpResponse CentralServer::handleScreenshot(const net::HttpRequest& req) {
    auto terminal = signedByTerminal(req);
    if (!terminal)
        return refuse(req, terminal.error());
    static const std::string kPngMagic("\x89PNG\r\n\x1a\n", 8);
    if (req.body.compare(0, kPngMagic.size(), kPngMagic) != 0)
        return refuse(req, fail("sync.bad_request", "a screenshot is a PNG image"));
    const std::string order = req.param("order").value_or("");
    if (auto kept =
            orders_->keepScreenshot(terminal->id, order, req.body, toUnixMillis(clock_.now()));
        !kept)
        return refuse(req, kept.error());
    std::fprintf(stderr, "central: terminal %s sent its screenshot (%zu bytes)\n",
                 terminal->id.c_str(), req.body.size());
    return answer(201, {{"order_id", order}, {"bytes", req.body.size()}});
}

net::HttpResponse CentralServer::handleEnrol(const net::HttpRequest& req) {
    auto request = sync::parseEnrol(req.body);
    if (!request)
        return refuse(req, request.error());
    auto key = fromBase64(request->publicKey);
    if (!key || key->size() != 32)
        return refuse(req, fail("sync.bad_request", "public_key must be an Ed25519 key in base64"));
    auto terminal = store_.enrol(request->code, request->terminalId, *key, request->software,
                                 toUnixMillis(clock_.now()));
    if (!terminal)
        return refuse(req, terminal.error());
    auth_->admit(EnrolledDevice{terminal->id, DeviceRole::Kiosk, terminal->publicKey});
    std::fprintf(stderr, "central: enrolled terminal %s of hall %s\n", terminal->id.c_str(),
                 terminal->hallId.c_str());
    // The key of the central's orders comes with the enrolment, over the pinned connection.
    return answer(
        201, {{"terminal_id", terminal->id},
              {"hall_id", terminal->hallId},
              {"district", terminal->district},
              {"order_key",
               {{"id", orders_->key().id}, {"public_key", toBase64(orders_->key().publicKey)}}}});
}

Result<TerminalRecord> CentralServer::signedByTerminal(const net::HttpRequest& req) {
    auto credentials = readCredentials([&](const char* n) { return req.header(n); });
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

net::HttpResponse CentralServer::handleEvents(const net::HttpRequest& req) {
    auto terminal = signedByTerminal(req);
    if (!terminal)
        return refuse(req, terminal.error());
    auto batch = sync::parseUpload(req.body);
    if (!batch)
        return refuse(req, batch.error());
    if (batch->hallId != terminal->hallId)
        return refuse(req, wrongHall(*terminal, batch->hallId));
    // An event that does not fit its kind is kept out of the store (and so out of every
    // statistic) and reported, to the terminal in the answer and to maintainers with the
    // terminal; the rest of the batch goes in, so one bad event does not stop a hall's uploads.
    std::vector<OutboxEvent> accepted;
    nlohmann::json rejected = nlohmann::json::array();
    for (size_t i = 0; i < batch->events.size(); ++i) {
        auto& e = batch->events[i];
        if (batch->problems[i].empty()) {
            accepted.push_back(std::move(e));
            continue;
        }
        rejected.push_back({{"seq", e.seq},
                            {"event_id", e.eventId},
                            {"reason", e.type + ": " + batch->problems[i]}});
    }
    if (!rejected.empty()) {
        // One line per upload, however many: a hostile terminal must not flood the log.
        std::fprintf(stderr, "central: refused %zu event(s) from terminal %s; the first: %s\n",
                     rejected.size(), terminal->id.c_str(),
                     rejected[0]["reason"].get<std::string>().c_str());
        batch->status.lastError = utf8::truncateBytes(
            "the central refused " + std::to_string(rejected.size()) +
                " event(s); the first: " + rejected[0]["reason"].get<std::string>(),
            500);
    }
    auto stored = store_.ingest(terminal->id, accepted, batch->status, toUnixMillis(clock_.now()));
    if (!stored)
        return refuse(req, stored.error());
    sync::UploadAck ack;
    ack.ackedThrough = batch->events.empty() ? 0 : batch->events.back().seq;
    ack.applied = stored->applied;
    ack.duplicates = stored->duplicates;
    ack.rejected = static_cast<int64_t>(rejected.size());
    auto body = sync::ackJson(ack);
    if (!rejected.empty())
        body["rejected_events"] = rejected;
    return answer(200, body);
}

net::HttpResponse CentralServer::handleBundles(const net::HttpRequest& req) {
    auto terminal = signedByTerminal(req);
    if (!terminal)
        return refuse(req, terminal.error());
    auto request = sync::parseBundleRequest(req.body);
    if (!request)
        return refuse(req, request.error());
    if (request->hallId != terminal->hallId)
        return refuse(req, wrongHall(*terminal, request->hallId));
    auto published = store_.bundles();
    if (!published)
        return refuse(req, published.error());
    const std::string software(sync::bundleKindCode(sync::BundleKind::Software));
    if (request->software) {
        const std::string status = sync::softwareUpdateJson(*request->software).dump();
        if (auto r = store_.noteSoftwareUpdate(terminal->id, status, toUnixMillis(clock_.now()));
            !r)
            return refuse(req, r.error());
        terminal->softwareUpdate = status;
    }
    auto offered = request->have.contains(software)
                       ? softwareOffered(*terminal)
                       : Result<std::set<int64_t>>(std::set<int64_t>{});
    if (!offered)
        return refuse(req, offered.error());
    // The newest of each kind meant for this terminal, if newer than the one it has.
    std::map<std::string, const PublishedBundle*> newest;
    for (const auto& b : *published) {
        auto scope = sync::BundleScope::parse(b.scope);
        if (!scope || !scope->covers(terminal->hallId, terminal->district))
            continue;
        const auto have = request->have.find(b.kind);
        // Software goes only to the updater, which asks for it by name, and only as its
        // rollout reaches the terminal.
        if (b.kind == software && !offered->contains(b.version))
            continue;
        if (have != request->have.end() && b.version <= have->second)
            continue;
        auto& best = newest[b.kind];
        if (!best || b.version > best->version)
            best = &b;
    }
    nlohmann::json bundles = nlohmann::json::array();
    for (const auto& [kind, b] : newest)
        bundles.push_back(parseUntrustedJson(b->signedText, 64));
    return answer(200, {{"bundles", bundles}});
}

net::HttpResponse CentralServer::handleAdmin(const std::string& path, const net::HttpRequest& req) {
    auto credentials = readCredentials([&](const char* n) { return req.header(n); });
    if (!credentials)
        return refuse(req, credentials.error());
    auto maintainer = maintainerAuth_->verify(req.method, req.target, req.body, *credentials);
    if (!maintainer)
        return refuse(req, maintainer.error());
    const auto body = parseUntrustedJson(req.body, 64);
    if (!body.is_object())
        return refuse(req, fail("sync.bad_request", path + ": the body is not a JSON object"));
    auto result = adminAs(path, body, AdminCaller{maintainer->id, "kioskctl", clientOf(req)});
    if (!result)
        return refuse(req, result.error());
    return answer(path == sync::kPathAdminPublish || path == sync::kPathAdminCodes ||
                          path == sync::kPathAdminOrders || path == sync::kPathAdminLogin
                      ? 201
                      : 200,
                  *result);
}

namespace {

Result<std::string> textField(const nlohmann::json& body, const char* name, bool required) {
    if (!body.contains(name)) {
        if (required)
            return fail("sync.bad_request", std::string("\"") + name + "\" is missing");
        return std::string();
    }
    if (!body[name].is_string() || body[name].get_ref<const std::string&>().size() > 200)
        return fail("sync.bad_request", std::string("\"") + name + "\" must be a short text");
    return body[name].get<std::string>();
}

}  // namespace

net::HttpResponse CentralServer::handleSoftwareUpload(const net::HttpRequest& req) {
    auto credentials = readCredentials([&](const char* n) { return req.header(n); });
    if (!credentials)
        return refuse(req, credentials.error());
    auto maintainer = maintainerAuth_->verify(req.method, req.target, req.body, *credentials);
    if (!maintainer)
        return refuse(req, maintainer.error());
    auto sha = payloads_->store(req.body);
    if (!sha)
        return refuse(req, sha.error());
    std::fprintf(stderr, "central: %s uploaded software %s (%zu bytes)\n", maintainer->id.c_str(),
                 sha->c_str(), req.body.size());
    return answer(201, {{"sha256", *sha}, {"size", req.body.size()}});
}

net::HttpResponse CentralServer::handleSoftwareDownload(const net::HttpRequest& req) {
    auto terminal = signedByTerminal(req);
    if (!terminal)
        return refuse(req, terminal.error());
    auto served = payloads_->serve(req.param("sha256").value_or(""), req.param("tree").value_or(""),
                                   req.param("from").value_or(""), req.header("Range"));
    if (!served)
        return refuse(req, served.error());
    return *served;
}

Result<std::set<int64_t>> CentralServer::softwareOffered(const TerminalRecord& terminal) {
    auto rollouts = store_.rollouts();
    if (!rollouts)
        return rollouts.error();
    if (rollouts->empty())
        return std::set<int64_t>{};
    auto terminals = store_.terminals();
    if (!terminals)
        return terminals.error();
    std::set<int64_t> offered;
    for (const auto& r : *rollouts) {
        auto plan = planOf(r);
        if (!plan)
            continue;
        if (offersTo(r, *plan, progressOf(r, *plan, *terminals), terminal))
            offered.insert(r.bundleVersion);
    }
    return offered;
}

Result<nlohmann::ordered_json> CentralServer::rolloutsJson() {
    auto rollouts = store_.rollouts();
    if (!rollouts)
        return rollouts.error();
    auto terminals = store_.terminals();
    if (!terminals)
        return terminals.error();
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& r : *rollouts) {
        auto plan = planOf(r);
        if (!plan)
            continue;
        const auto progress = progressOf(r, *plan, *terminals);
        nlohmann::ordered_json stages = nlohmann::ordered_json::array();
        for (size_t i = 0; i < plan->stages.size(); ++i) {
            const auto& s = progress.stages[i];
            stages.push_back({{"name", plan->stages[i].name},
                              {"terminals", s.terminals},
                              {"succeeded", s.succeeded},
                              {"failed", s.failed},
                              {"pending", s.terminals - s.succeeded - s.failed}});
        }
        list.push_back({{"id", r.id},
                        {"bundle_version", r.bundleVersion},
                        {"version", plan->version},
                        {"state", r.state},
                        {"status", progress.status},
                        {"current_stage", progress.currentStage},
                        {"failed", progress.failed},
                        {"halt_after", plan->haltAfter},
                        {"stages", stages},
                        {"created_at", r.createdAtMs},
                        {"created_by", r.createdBy}});
    }
    return nlohmann::ordered_json{{"rollouts", list}};
}

Result<void> CentralServer::prepareSoftware(const sync::Bundle& bundle) {
    auto release = update::parseSoftwareRelease(bundle.content);
    if (!release)
        return fail("bundle.invalid", release.message());
    auto published = store_.bundles();
    if (!published)
        return published.error();
    std::vector<update::SoftwareRelease> earlier;
    for (const auto& b : *published) {
        if (b.kind != sync::bundleKindCode(sync::BundleKind::Software))
            continue;
        auto opened = sync::openBundle(b.signedText, config_.maintainers);
        if (!opened)
            continue;  // signed by a maintainer no longer trusted
        if (auto r = update::parseSoftwareRelease(opened->content);
            r && r->treeSha256 != release->treeSha256)
            earlier.push_back(std::move(r).value());
    }
    // Patches from the two releases published last: terminals run the one before, or the one
    // before that when the last was rolled back. One further behind takes the full download;
    // each patch costs the central seconds of compression at publish.
    if (earlier.size() > 2)
        earlier.erase(earlier.begin(), earlier.end() - 2);
    return payloads_->prepare(*release, earlier);
}

ConsoleRole CentralServer::roleOf(const std::string& maintainer) const {
    auto it = config_.roles.find(maintainer);
    return it == config_.roles.end() ? ConsoleRole::Publisher : it->second;
}

Result<nlohmann::ordered_json> CentralServer::adminAs(const std::string& path,
                                                      const nlohmann::json& body,
                                                      const AdminCaller& caller) {
    // What each request needs: reading is for every maintainer; enrolment codes, revocations
    // and orders for operators; what terminals will run, for publishers.
    ConsoleRole needs = ConsoleRole::Viewer;
    const bool rolloutChange = path == sync::kPathAdminRollouts &&
                               !body.value("action", std::string()).empty() &&
                               body.value("action", std::string()) != "list";
    if (path == sync::kPathAdminCodes || path == sync::kPathAdminRevoke ||
        path == sync::kPathAdminOrders)
        needs = ConsoleRole::Operator;
    if (path == sync::kPathAdminPublish || rolloutChange)
        needs = ConsoleRole::Publisher;
    const ConsoleRole has = roleOf(caller.maintainer);
    if (has < needs)
        return fail("auth.forbidden", caller.maintainer + " is a " +
                                          std::string(consoleRoleCode(has)) + "; " + path +
                                          " needs a " + std::string(consoleRoleCode(needs)) +
                                          " (central.toml [roles])");
    auto result = admin(path, body, caller.maintainer);
    if (result && (needs != ConsoleRole::Viewer || path == sync::kPathAdminLogin)) {
        std::string target = body.value("terminal_id", body.value("hall_id", std::string()));
        std::string detail = body.value("kind", std::string());
        if (path == sync::kPathAdminOrders)
            detail += " " + body.value("message", std::string());
        if (rolloutChange)
            detail = body.value("action", std::string());
        std::string action = path.substr(path.rfind('/') + 1);
        if (path == sync::kPathAdminOrders)
            action = "order." + body.value("kind", std::string());
        if (auto logged = audit_.record({toUnixMillis(clock_.now()), caller.maintainer, caller.via,
                                         action, target, detail, caller.address});
            !logged)
            std::fprintf(stderr, "central: the audit log was not written: %s\n",
                         logged.message().c_str());
    }
    return result;
}

Result<nlohmann::ordered_json> CentralServer::admin(const std::string& path,
                                                    const nlohmann::json& body,
                                                    const std::string& maintainer) {
    const int64_t now = toUnixMillis(clock_.now());
    if (path == sync::kPathAdminLogin) {
        auto token = access_.createLogin(maintainer, roleOf(maintainer), now);
        if (!token)
            return token.error();
        return nlohmann::ordered_json{{"token", *token},
                                      {"path", "/console/login?token=" + *token},
                                      {"role", std::string(consoleRoleCode(roleOf(maintainer)))}};
    }
    if (path == sync::kPathAdminOrders) {
        auto id = textField(body, "terminal_id", true);
        if (!id)
            return id.error();
        auto kindText = textField(body, "kind", true);
        if (!kindText)
            return kindText.error();
        const auto kind = orders::orderKindFromCode(*kindText);
        if (!kind)
            return fail("sync.bad_request",
                        "\"kind\" must be screenshot, restart, out_of_service or in_service");
        auto message = textField(body, "message", false);
        if (!message)
            return message.error();
        if (!utf8::isValid(*message))
            return fail("sync.bad_request", "\"message\" must be UTF-8 text");
        if (*kind == orders::OrderKind::OutOfService && message->empty())
            return fail("sync.bad_request",
                        "say what residents should read while it is out of service (message)");
        auto found = store_.terminal(*id);
        if (!found)
            return found.error();
        if (!*found || (*found)->revokedAtMs != 0)
            return fail("central.unknown_terminal", "no terminal \"" + *id + "\" is enrolled");
        auto placed = orders_->place(*id, *kind, *message, maintainer, now);
        if (!placed)
            return placed.error();
        std::fprintf(stderr, "central: %s ordered %s of terminal %s\n", maintainer.c_str(),
                     kindText->c_str(), id->c_str());
        return nlohmann::ordered_json{{"order_id", placed->order.id},
                                      {"terminal_id", *id},
                                      {"kind", *kindText},
                                      {"status", placed->status}};
    }
    if (path == sync::kPathAdminCodes) {
        auto hallId = textField(body, "hall_id", true);
        if (!hallId)
            return hallId.error();
        auto district = textField(body, "district", false);
        if (!district)
            return district.error();
        int64_t days = 7;
        if (body.contains("days")) {
            if (!body["days"].is_number_integer() || body["days"].get<int64_t>() < 1 ||
                body["days"].get<int64_t>() > 90)
                return fail("sync.bad_request", "\"days\" must be a whole number from 1 to 90");
            days = body["days"].get<int64_t>();
        }
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
        auto only = textField(body, "terminal_id", false);
        if (!only)
            return only.error();
        if (body.contains("brief") && !body["brief"].is_boolean())
            return fail("sync.bad_request", "\"brief\" must be true or false");
        return terminalsJson(*only, body.value("brief", false));
    }
    if (path == sync::kPathAdminAlerts) {
        auto id = textField(body, "terminal_id", false);
        if (!id)
            return id.error();
        if (body.contains("since") && !body["since"].is_number_integer())
            return fail("sync.bad_request", "\"since\" must be a time in ms since 1970");
        const auto since = body.value("since", int64_t{0});
        auto history = fleet_.history(*id, since);
        if (!history)
            return history.error();
        return nlohmann::ordered_json{{"alerts", *history}};
    }
    if (path == sync::kPathAdminUptime) {
        auto day = textField(body, "day", true);
        if (!day)
            return day.error();
        const auto start = dayStartMs(*day, config_.utcOffsetMinutes);
        if (!start)
            return fail("sync.bad_request", "\"day\" must be a date, YYYY-MM-DD");
        auto terminals = store_.terminals();
        if (!terminals)
            return terminals.error();
        const int64_t end = std::min(*start + 24 * 3600 * 1000, now);
        auto halls = fleet_.uptime(*terminals, *start, end);
        if (!halls)
            return halls.error();
        return nlohmann::ordered_json{{"day", *day}, {"halls", *halls}};
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
        // than by every hall. A software bundle comes with its rollout, kept apart from it.
        nlohmann::json signedForm = body;
        signedForm.erase("rollout");
        auto bundle = sync::openBundle(signedForm.dump(), config_.maintainers);
        if (!bundle)
            return bundle.error();
        if (auto ok = sync::checkPublishable(*bundle); !ok)
            return fail("bundle.invalid", ok.message());
        std::optional<RolloutPlan> plan;
        if (bundle->kind == sync::BundleKind::Software) {
            const auto release = update::parseSoftwareRelease(bundle->content);
            const std::string version = release ? release->version : "";
            // Without stages: one stage, the bundle's whole scope.
            auto parsed =
                body.contains("rollout")
                    ? parseRolloutPlan(body["rollout"], version)
                    : parseRolloutPlan(
                          {{"stages", {{{"name", "all"}, {"scope", bundle->scope.code()}}}}},
                          version);
            if (!parsed)
                return parsed.error();
            plan = std::move(parsed).value();
            if (auto ok = prepareSoftware(*bundle); !ok)
                return ok.error();
        }
        const std::string kind(sync::bundleKindCode(bundle->kind));
        if (auto r = store_.publish(PublishedBundle{kind, bundle->version, bundle->scope.code(),
                                                    bundle->signer, now, signedForm.dump()});
            !r)
            return r.error();
        if (plan) {
            auto definition = rolloutPlanJson(*plan);
            definition["version"] = plan->version;
            auto id = store_.createRollout(
                RolloutRecord{0, bundle->version, definition.dump(), "active", now, maintainer});
            if (!id)
                return id.error();
        }
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
                const auto versions = parseUntrustedJson(t.bundles);
                if (versions.is_object() && versions.contains(b.kind) &&
                    versions[b.kind].is_number_integer() &&
                    versions[b.kind].get<int64_t>() == b.version)
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
    if (path == sync::kPathAdminRollouts) {
        auto action = textField(body, "action", false);
        if (!action)
            return action.error();
        if (!action->empty() && *action != "list") {
            const std::map<std::string, std::string> states{
                {"pause", "paused"}, {"resume", "active"}, {"cancel", "cancelled"}};
            if (!states.contains(*action) || !body.contains("id") ||
                !body["id"].is_number_integer())
                return fail(
                    "sync.bad_request",
                    "\"action\" is list, pause, resume or cancel, with the rollout's \"id\"");
            const int64_t id = body["id"];
            auto rollouts = store_.rollouts();
            if (!rollouts)
                return rollouts.error();
            for (const auto& r : *rollouts) {
                if (r.id == id && r.state == "cancelled")
                    return fail("sync.bad_request",
                                "rollout " + std::to_string(id) +
                                    " was cancelled; publish the release again");
            }
            if (auto r = store_.setRolloutState(id, states.at(*action)); !r)
                return r.error();
            std::fprintf(stderr, "central: %s: %s rollout %lld\n", maintainer.c_str(),
                         action->c_str(), static_cast<long long>(id));
        }
        return rolloutsJson();
    }
    if (path == sync::kPathAdminHistory) {
        auto id = textField(body, "terminal_id", true);
        if (!id)
            return id.error();
        auto history = store_.updateHistory(*id);
        if (!history)
            return history.error();
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& e : *history) {
            auto status = parseUntrustedJson(e.status);
            list.push_back(
                {{"at", e.atMs},
                 {"software_update", status.is_object() ? status : nlohmann::json::object()}});
        }
        return nlohmann::ordered_json{{"terminal_id", *id}, {"history", list}};
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
