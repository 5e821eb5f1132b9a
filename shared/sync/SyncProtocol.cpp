#include "sync/SyncProtocol.h"

#include <regex>

#include "sync/EventSchema.h"
#include "text/UntrustedJson.h"
#include "text/Utf8.h"

namespace hall::sync {

namespace {

using json = nlohmann::json;

Error bad(const std::string& what) {
    return fail("sync.bad_request", what);
}

Result<json> parseObject(std::string_view body, const char* what) {
    if (body.size() > kMaxBodyBytes)
        return bad(std::string(what) + " is larger than 4 MiB");
    json j = parseUntrustedJson(body);
    if (j.is_discarded() || !j.is_object())
        return bad(std::string(what) + " is not a JSON object (or nests deeper than " +
                   std::to_string(kMaxJsonDepth) + ")");
    return j;
}

bool validId(const std::string& s) {
    static const std::regex pattern(R"(^[A-Za-z0-9_-]{1,64}$)");
    return std::regex_match(s, pattern);
}

}  // namespace

json uploadJson(const UploadBatch& batch) {
    json events = json::array();
    for (const auto& e : batch.events) {
        events.push_back({{"seq", e.seq},
                          {"event_id", e.eventId},
                          {"type", e.type},
                          {"occurred_at", e.occurredAtMs},
                          {"payload", parseUntrustedJson(e.payload)}});
    }
    const TerminalStatus& s = batch.status;
    return {{"hall_id", batch.hallId},
            {"events", std::move(events)},
            {"status",
             {{"software", s.software},
              {"catalog_version", s.catalogVersion},
              {"backlog", s.backlog},
              {"last_error", s.lastError},
              {"bundles", s.bundles},
              {"bundle_error", s.bundleError},
              {"update", softwareUpdateJson(s.update)}}}};
}

json softwareUpdateJson(const SoftwareUpdateStatus& s) {
    return {{"running", s.running},
            {"downloaded", s.downloaded},
            {"phase", s.phase},
            {"last_failure", s.lastFailure}};
}

Result<UploadBatch> parseUpload(std::string_view body) {
    auto j = parseObject(body, "the upload");
    if (!j)
        return j.error();
    UploadBatch batch;
    if (!j->contains("hall_id") || !(*j)["hall_id"].is_string() || !(*j).contains("events") ||
        !(*j)["events"].is_array()) {
        return bad("an upload has \"hall_id\" (text) and \"events\" (a list)");
    }
    batch.hallId = (*j)["hall_id"];
    if (j->contains("status")) {
        const auto& s = (*j)["status"];
        try {
            if (!s.is_object())
                throw std::invalid_argument("not an object");
            // Cut on character boundaries: a cut character would make every later answer
            // that shows this terminal invalid UTF-8.
            batch.status.software = utf8::truncateBytes(s.value("software", ""), 64);
            batch.status.catalogVersion = s.value("catalog_version", int64_t{0});
            batch.status.backlog = s.value("backlog", int64_t{0});
            batch.status.lastError = utf8::truncateBytes(s.value("last_error", ""), 500);
            if (s.contains("bundles")) {
                for (const auto& [kind, version] : s["bundles"].items()) {
                    if (batch.status.bundles.size() < 8)
                        batch.status.bundles[utf8::truncateBytes(kind, 32)] =
                            version.get<int64_t>();
                }
            }
            batch.status.bundleError = utf8::truncateBytes(s.value("bundle_error", ""), 500);
            if (s.contains("update")) {
                const auto& u = s["update"];
                auto& out = batch.status.update;
                out.running = utf8::truncateBytes(u.value("running", ""), 64);
                out.downloaded = utf8::truncateBytes(u.value("downloaded", ""), 64);
                out.phase = utf8::truncateBytes(u.value("phase", ""), 32);
                out.lastFailure = utf8::truncateBytes(u.value("last_failure", ""), 500);
            }
        } catch (const std::exception&) {
            return bad(
                "status is an object of software, last_error and bundle_error (text), "
                "catalog_version and backlog (integers), bundles (kind → version), update "
                "(running, downloaded, phase, last_failure: text)");
        }
    }
    const auto& events = (*j)["events"];
    if (events.size() > kMaxBatchEvents)
        return bad("an upload holds at most 500 events; this one has " +
                   std::to_string(events.size()));
    int64_t last = 0;
    for (size_t i = 0; i < events.size(); ++i) {
        const auto& e = events[i];
        const std::string at = "events[" + std::to_string(i) + "]";
        if (!e.is_object() || !e.contains("seq") || !e["seq"].is_number_integer() ||
            !e.contains("event_id") || !e["event_id"].is_string() || !e.contains("type") ||
            !e["type"].is_string() || !e.contains("occurred_at") ||
            !e["occurred_at"].is_number_integer() || !e.contains("payload") ||
            !e["payload"].is_object()) {
            return bad(at +
                       " needs seq, event_id, type, occurred_at (integers and text) and a "
                       "payload object");
        }
        OutboxEvent ev{e["seq"], e["event_id"], e["type"], e["occurred_at"], e["payload"].dump()};
        // Checked here, on the payload already parsed, rather than parsed again by the central.
        auto fits = checkEventPayload(ev.type, e["payload"]);
        batch.problems.push_back(fits ? std::string() : fits.message());
        if (ev.seq <= last)
            return bad(at + ".seq must be above the one before it");
        if (!validId(ev.eventId) || ev.type.empty() || ev.type.size() > 64)
            return bad(at + " has a malformed event_id or type");
        last = ev.seq;
        batch.events.push_back(std::move(ev));
    }
    return batch;
}

json ackJson(const UploadAck& a) {
    return {{"acked_through", a.ackedThrough},
            {"applied", a.applied},
            {"duplicates", a.duplicates},
            {"rejected", a.rejected},
            {"server_time", a.serverTimeMs}};
}

Result<UploadAck> parseAck(std::string_view body) {
    json j = parseUntrustedJson(body);
    if (j.is_discarded() || !j.is_object() || !j.contains("acked_through") ||
        !j["acked_through"].is_number_integer() || !j.contains("server_time") ||
        !j["server_time"].is_number_integer()) {
        return fail("sync.bad_answer", "the central service's answer is not an acknowledgement (" +
                                           std::to_string(body.size()) +
                                           " bytes; cut short or not JSON)");
    }
    auto count = [&](const char* name) {
        return j.contains(name) && j[name].is_number_integer() ? j[name].get<int64_t>() : 0;
    };
    UploadAck ack;
    ack.ackedThrough = j["acked_through"];
    ack.applied = count("applied");
    ack.duplicates = count("duplicates");
    ack.rejected = count("rejected");
    ack.serverTimeMs = j["server_time"];
    if (j.contains("rejected_events") && j["rejected_events"].is_array() &&
        !j["rejected_events"].empty() && j["rejected_events"][0].is_object() &&
        j["rejected_events"][0].contains("reason") && j["rejected_events"][0]["reason"].is_string())
        ack.firstRejection =
            utf8::truncateBytes(j["rejected_events"][0]["reason"].get<std::string>(), 300);
    return ack;
}

json enrolJson(const EnrolRequest& r) {
    return {{"code", r.code},
            {"terminal_id", r.terminalId},
            {"public_key", r.publicKey},
            {"software", r.software}};
}

Result<EnrolRequest> parseEnrol(std::string_view body) {
    auto j = parseObject(body, "the enrolment");
    if (!j)
        return j.error();
    for (const char* f : {"code", "terminal_id", "public_key"}) {
        if (!j->contains(f) || !(*j)[f].is_string())
            return bad(std::string("an enrolment needs \"") + f + "\" (text)");
    }
    EnrolRequest r{(*j)["code"], (*j)["terminal_id"], (*j)["public_key"], j->value("software", "")};
    if (!validId(r.terminalId))
        return bad("terminal_id must be 1–64 letters, digits, '-' or '_'");
    return r;
}

json bundleRequestJson(const BundleRequest& r) {
    json j{{"hall_id", r.hallId}, {"have", r.have}};
    if (r.software)
        j["software_update"] = softwareUpdateJson(*r.software);
    return j;
}

Result<BundleRequest> parseBundleRequest(std::string_view body) {
    auto j = parseObject(body, "the bundle request");
    if (!j)
        return j.error();
    if (!j->contains("hall_id") || !(*j)["hall_id"].is_string())
        return bad("a bundle request needs \"hall_id\" (text)");
    BundleRequest r;
    r.hallId = (*j)["hall_id"];
    if (j->contains("have")) {
        const auto& have = (*j)["have"];
        if (!have.is_object())
            return bad("\"have\" is an object of bundle kind → version in force");
        for (const auto& [kind, version] : have.items()) {
            if (!version.is_number_integer())
                return bad("have." + kind + " must be an integer version");
            r.have[kind] = version.get<int64_t>();
        }
    }
    if (j->contains("software_update")) {
        const auto& u = (*j)["software_update"];
        auto text = [&](const char* key, size_t max) -> std::optional<std::string> {
            if (!u.contains(key))
                return std::string();
            if (!u[key].is_string())
                return std::nullopt;
            return utf8::truncateBytes(u[key].get<std::string>(), max);
        };
        auto running = u.is_object() ? text("running", 64) : std::nullopt;
        auto downloaded = u.is_object() ? text("downloaded", 64) : std::nullopt;
        auto phase = u.is_object() ? text("phase", 32) : std::nullopt;
        auto failure = u.is_object() ? text("last_failure", 500) : std::nullopt;
        if (!running || !downloaded || !phase || !failure)
            return bad(
                "software_update is an object of running, downloaded, phase and "
                "last_failure (text)");
        r.software = SoftwareUpdateStatus{*running, *downloaded, *phase, *failure};
    }
    return r;
}

Result<std::vector<std::string>> parseBundleAnswer(std::string_view body) {
    json j = parseUntrustedJson(body, 64);
    if (j.is_discarded() || !j.is_object() || !j.contains("bundles") || !j["bundles"].is_array()) {
        return fail("sync.bad_answer", "the central service's answer is not a list of bundles (" +
                                           std::to_string(body.size()) + " bytes)");
    }
    std::vector<std::string> out;
    for (const auto& b : j["bundles"])
        out.push_back(dumpJson(b));
    return out;
}

}  // namespace hall::sync
