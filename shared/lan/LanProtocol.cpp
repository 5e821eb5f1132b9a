#include "lan/LanProtocol.h"

#include "help/HelpCalls.h"

#include "crypto/Hashing.h"
#include "queue/QueueEngine.h"

namespace hall::lan {

using nlohmann::json;

namespace {

Error bad(const std::string& what) {
    return fail("request.bad_command", what);
}

std::optional<char> letterField(const json& body, const char* name) {
    if (!body.contains(name) || body[name].is_null())
        return std::nullopt;
    const std::string s = body[name].get<std::string>();
    if (s.size() != 1 || s[0] < 'A' || s[0] > 'Z')
        throw std::invalid_argument(std::string(name) + " must be one letter A–Z");
    return s[0];
}

// A window number as the hall's config can have one; checked before it is narrowed to an int,
// so 4294967297 is not taken as window 1.
int windowNumber(const json& value, const char* name) {
    if (!value.is_number_integer() || value.get<int64_t>() < 1 || value.get<int64_t>() > 999)
        throw std::invalid_argument(std::string(name) + " must be a window number from 1 to 999");
    return static_cast<int>(value.get<int64_t>());
}

int windowField(const json& body) {
    if (!body.contains("window"))
        throw std::invalid_argument("window must be a window number from 1 to 999");
    return windowNumber(body["window"], "window");
}

std::string textField(const json& body, const char* name, size_t maxBytes) {
    if (!body.contains(name) || body[name].is_null())
        return {};
    if (!body[name].is_string())
        throw std::invalid_argument(std::string(name) + " must be text");
    std::string s = body[name].get<std::string>();
    if (s.size() > maxBytes)
        throw std::invalid_argument(std::string(name) + " is longer than " +
                                    std::to_string(maxBytes) + " bytes");
    return s;
}

}  // namespace

json commandToJson(const QueueCommand& command) {
    json j{{"command", commandName(command)}};
    std::visit(
        [&](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, IssueTicketCommand>) {
                j["service"] = std::string(1, c.service);
                if (c.priority)
                    j["priority"] = std::string(priorityCode(*c.priority));
                if (c.appointmentAtMs)
                    j["appointment_at"] = *c.appointmentAtMs;
                if (!c.requestItem.empty())
                    j["request_item"] = c.requestItem;
                if (!c.residentIdNumber.empty())
                    j["resident_id_number"] = c.residentIdNumber;
            } else if constexpr (std::is_same_v<T, RecordScreeningCommand>) {
                j["decision"] = c.decision;
                j["item_id"] = c.itemId;
                j["words"] = c.words;
            } else if constexpr (std::is_same_v<T, ReinstateCommand>) {
                j["ticket"] = c.ticket;
            } else if constexpr (std::is_same_v<T, RateCommand>) {
                j["ticket"] = c.ticket;
                j["score"] = c.score;
                j["reasons"] = c.reasons;
                j["via"] = c.via;
            } else if constexpr (std::is_same_v<T, CallHelpCommand>) {
                j["doing"] = c.doing;
            } else if constexpr (std::is_same_v<T, AcknowledgeHelpCommand>) {
                j["call"] = c.call;
            } else {
                j["window"] = c.window;
                if constexpr (std::is_same_v<T, TransferCommand>) {
                    if (c.toService)
                        j["to_service"] = std::string(1, *c.toService);
                    if (c.toWindow)
                        j["to_window"] = *c.toWindow;
                    j["note"] = c.note;
                }
                if constexpr (std::is_same_v<T, FinishCommand>)
                    j["outcome"] = c.outcome;
                if constexpr (std::is_same_v<T, IssueProofCommand>) {
                    j["item_id"] = c.itemId;
                    j["resident_id_number"] = c.residentIdNumber;
                }
                if constexpr (std::is_same_v<T, DeclineProofCommand>) {
                    j["item_id"] = c.itemId;
                    j["reason"] = c.reason;
                }
            }
        },
        command);
    return j;
}

Result<QueueCommand> commandFromJson(const json& body) {
    if (!body.is_object() || !body.contains("command") || !body["command"].is_string()) {
        return bad("the body must be a JSON object with a \"command\" name");
    }
    const std::string name = body["command"];
    try {
        if (name == "issue_ticket") {
            IssueTicketCommand c;
            auto service = letterField(body, "service");
            if (!service)
                return bad("issue_ticket needs a service letter");
            c.service = *service;
            if (body.contains("priority") && !body["priority"].is_null()) {
                auto p = priorityFromCode(body["priority"].get<std::string>());
                if (!p)
                    return bad("priority must be age70, disability, pregnancy or veteran");
                c.priority = p;
            }
            if (body.contains("appointment_at") && !body["appointment_at"].is_null()) {
                if (!body["appointment_at"].is_number_integer())
                    return bad("appointment_at must be Unix milliseconds");
                c.appointmentAtMs = body["appointment_at"].get<int64_t>();
            }
            c.requestItem = textField(body, "request_item", 16);
            c.residentIdNumber = textField(body, "resident_id_number", 32);
            return QueueCommand(c);
        }
        if (name == "open_window")
            return QueueCommand(OpenWindowCommand{windowField(body)});
        if (name == "pause_window")
            return QueueCommand(PauseWindowCommand{windowField(body)});
        if (name == "resume_window")
            return QueueCommand(ResumeWindowCommand{windowField(body)});
        if (name == "close_window")
            return QueueCommand(CloseWindowCommand{windowField(body)});
        if (name == "call_next")
            return QueueCommand(CallNextCommand{windowField(body)});
        if (name == "recall")
            return QueueCommand(RecallCommand{windowField(body)});
        if (name == "no_show")
            return QueueCommand(NoShowCommand{windowField(body)});
        if (name == "reinstate") {
            const std::string t = textField(body, "ticket", 64);
            if (t.empty())
                return bad("reinstate needs a ticket id or number");
            return QueueCommand(ReinstateCommand{t});
        }
        if (name == "transfer") {
            TransferCommand c;
            c.window = windowField(body);
            c.toService = letterField(body, "to_service");
            if (body.contains("to_window") && !body["to_window"].is_null()) {
                c.toWindow = windowNumber(body["to_window"], "to_window");
            }
            c.note = textField(body, "note", 500);
            return QueueCommand(c);
        }
        if (name == "finish")
            return QueueCommand(FinishCommand{windowField(body), textField(body, "outcome", 32)});
        if (name == "rate") {
            RateCommand c;
            c.ticket = textField(body, "ticket", 64);
            if (!body.contains("score") || !body["score"].is_number_integer() ||
                body["score"].get<int64_t>() < 1 || body["score"].get<int64_t>() > 5)
                return bad("rate needs a score from 1 to 5");
            c.score = static_cast<int>(body["score"].get<int64_t>());
            if (body.contains("reasons")) {
                if (!body["reasons"].is_array() || body["reasons"].size() > 10)
                    return bad("reasons must be a list of at most 10 codes");
                for (const auto& r : body["reasons"]) {
                    if (!r.is_string() || r.get_ref<const std::string&>().size() > 64)
                        return bad("reasons must be a list of at most 10 codes");
                    c.reasons.push_back(r.get<std::string>());
                }
            }
            c.via = textField(body, "via", 16);
            return QueueCommand(c);
        }
        if (name == "record_screening") {
            return QueueCommand(RecordScreeningCommand{textField(body, "decision", 16),
                                                       textField(body, "item_id", 16),
                                                       textField(body, "words", 400),
                                                       {},
                                                       {}});
        }
        if (name == "issue_proof") {
            return QueueCommand(IssueProofCommand{windowField(body), textField(body, "item_id", 16),
                                                  textField(body, "resident_id_number", 32)});
        }
        if (name == "call_help")
            return QueueCommand(CallHelpCommand{textField(body, "doing", 32)});
        if (name == "acknowledge_help") {
            if (!body.contains("call") || !body["call"].is_number_integer() ||
                body["call"].get<int64_t>() < 1)
                return bad("acknowledge_help needs the call's id (a positive integer)");
            return QueueCommand(AcknowledgeHelpCommand{body["call"].get<int64_t>()});
        }
        if (name == "decline_proof") {
            return QueueCommand(DeclineProofCommand{
                windowField(body), textField(body, "item_id", 16), textField(body, "reason", 32)});
        }
    } catch (const nlohmann::json::exception&) {
        // The library's own words would name its internals, not the field.
        return bad(name + ": a field has the wrong type (see docs/hall-lan-api.md)");
    } catch (const std::invalid_argument& e) {
        // Our own field checks: the client sent something malformed.
        return bad(name + ": " + e.what());
    }
    return bad("unknown command \"" + name + "\"");
}

Ticket ticketFromJson(const json& j) {
    Ticket t;
    t.id = j.value("id", "");
    t.number = j.value("number", "");
    const std::string service = j.value("service", "?");
    t.service = service.empty() ? '?' : service[0];
    const std::string queueService = j.value("queue_service", service);
    if (!queueService.empty() && queueService[0] != t.service)
        t.transferredTo = queueService[0];
    t.serviceDay = j.value("service_day", "");
    t.status = statusFromCode(j.value("status", "waiting")).value_or(TicketStatus::Waiting);
    t.issuedAtMs = j.value("issued_at", int64_t{0});
    if (j.contains("priority") && j["priority"].is_string())
        t.priority = priorityFromCode(j["priority"].get<std::string>());
    t.recalls = j.value("recalls", 0);
    if (j.contains("appointment_at"))
        t.appointmentAtMs = j["appointment_at"].get<int64_t>();
    if (j.contains("target_window"))
        t.targetWindow = j["target_window"].get<int>();
    if (j.contains("called_window"))
        t.calledWindow = j["called_window"].get<int>();
    t.calledAtMs = j.value("called_at", int64_t{0});
    t.calledBy = j.value("called_by", "");
    t.finishedAtMs = j.value("finished_at", int64_t{0});
    t.outcome = j.value("outcome", "");
    t.note = j.value("note", "");
    if (j.contains("request") && j["request"].is_object()) {
        const auto& r = j["request"];
        t.requestItem = r.value("item_id", "");
        t.requestName = r.value("item_name", "");
        t.proofStatus = r.value("status", "");
        t.proofNumber = r.value("number", "");
    }
    t.residentMasked = j.value("resident_masked", "");
    t.identified = j.value("identified", false) || !t.residentMasked.empty();
    return t;
}

json snapshotToJson(const QueueSnapshot& s, bool withResidents) {
    json j{{"epoch", s.epoch},
           {"hall_name", s.hallName},
           {"utc_offset_minutes", s.utcOffsetMinutes},
           {"revision", s.revision},
           {"service_day", s.serviceDay},
           {"now", s.nowMs},
           {"open_windows", s.openWindows}};
    auto& services = j["services"] = json::array();
    for (const auto& v : s.services) {
        services.push_back({{"letter", std::string(1, v.letter)},
                            {"name", v.name},
                            {"waiting", v.waiting},
                            {"longest_wait_ms", v.longestWaitMs},
                            {"longest_number", v.longestNumber},
                            {"estimated_wait_minutes", v.estimatedWaitMinutes},
                            {"average_service_seconds", v.averageServiceSeconds}});
    }
    auto& windows = j["windows"] = json::array();
    for (const auto& w : s.windows) {
        windows.push_back(windowJson(w));
        // The resident standing at the window, for the staff who serve them.
        if (withResidents && w.current && !w.current->residentMasked.empty())
            windows.back()["current"]["resident_masked"] = w.current->residentMasked;
    }
    auto& waiting = j["waiting"] = json::array();
    for (const auto& t : s.waiting)
        waiting.push_back(ticketJson(t));
    auto& noShows = j["no_shows"] = json::array();
    for (const auto& t : s.noShows)
        noShows.push_back(ticketJson(t));
    auto& calls = j["calls"] = json::array();
    for (const auto& c : s.calls) {
        calls.push_back({{"sequence", c.sequence},
                         {"ticket_id", c.ticketId},
                         {"number", c.number},
                         {"window", c.window},
                         {"at", c.atMs},
                         {"recall", c.recall}});
    }
    // Calls for help go to every device: the call display may one day show them too, and they
    // name a terminal and a screen, never a resident.
    auto& help = j["help"] = json::array();
    for (const auto& h : s.help)
        help.push_back(helpCallToJson(h));
    auto& staff = j["staff"] = json::object();
    for (const auto& [id, c] : s.staff) {
        staff[id] = {{"served", c.served},
                     {"no_shows", c.noShows},
                     {"average_service_seconds", c.averageServiceSeconds}};
    }
    return j;
}

Result<QueueSnapshot> snapshotFromJson(const json& j) {
    try {
        QueueSnapshot s;
        s.epoch = j.at("epoch").get<std::string>();
        s.revision = j.at("revision").get<uint64_t>();
        s.serviceDay = j.at("service_day").get<std::string>();
        s.nowMs = j.at("now").get<int64_t>();
        s.openWindows = j.value("open_windows", 0);
        s.hallName = j.value("hall_name", std::map<std::string, std::string>{});
        s.utcOffsetMinutes = j.value("utc_offset_minutes", 8 * 60);
        for (const auto& v : j.at("services")) {
            QueueSnapshot::Service svc;
            svc.letter = v.at("letter").get<std::string>().at(0);
            svc.waiting = v.at("waiting").get<int>();
            svc.name = v.value("name", std::map<std::string, std::string>{});
            svc.longestWaitMs = v.value("longest_wait_ms", int64_t{0});
            svc.longestNumber = v.value("longest_number", "");
            svc.estimatedWaitMinutes = v.value("estimated_wait_minutes", 0);
            svc.averageServiceSeconds = v.value("average_service_seconds", 0.0);
            s.services.push_back(svc);
        }
        for (const auto& w : j.at("windows")) {
            WindowState ws;
            ws.number = w.at("number").get<int>();
            ws.status = windowStatusFromCode(w.at("status").get<std::string>())
                            .value_or(WindowStatus::Closed);
            ws.staffId = w.value("staff_id", "");
            if (w.contains("current") && w["current"].is_object())
                ws.current = ticketFromJson(w["current"]);
            s.windows.push_back(ws);
        }
        for (const auto& t : j.at("waiting"))
            s.waiting.push_back(ticketFromJson(t));
        const json noShows = j.value("no_shows", json::array());
        for (const auto& t : noShows)
            s.noShows.push_back(ticketFromJson(t));
        for (const auto& c : j.at("calls")) {
            s.calls.push_back(CallEvent{c.at("sequence").get<uint64_t>(), c.value("ticket_id", ""),
                                        c.at("number").get<std::string>(),
                                        c.at("window").get<int>(), c.value("at", int64_t{0}),
                                        c.value("recall", false)});
        }
        for (const auto& h : j.value("help", json::array())) {
            auto call = helpCallFromJson(h);
            if (!call)
                return call.error();
            s.help.push_back(std::move(call).value());
        }
        const json staff = j.value("staff", json::object());
        for (const auto& [id, c] : staff.items()) {
            s.staff[id] = StaffCounts{c.value("served", 0), c.value("no_shows", 0),
                                      c.value("average_service_seconds", 0.0)};
        }
        return s;
    } catch (const std::exception& e) {
        return fail("lan.bad_response",
                    std::string("the hall's queue snapshot is malformed: ") + e.what());
    }
}

std::string commandFingerprint(const QueueCommand& command) {
    json j = commandToJson(command);
    // An ID number never goes into a fast hash kept on disk; whether there was one is enough.
    if (j.contains("resident_id_number"))
        j["resident_id_number"] = j["resident_id_number"].get<std::string>().empty() ? "" : "*";
    return sha256Hex(j.dump(-1, ' ', false, json::error_handler_t::replace));
}

json errorJson(const Error& e) {
    return json{{"error", {{"code", e.code}, {"message", e.message}}}};
}

int httpStatusFor(const std::string& code) {
    auto starts = [&](const char* p) { return code.rfind(p, 0) == 0; };
    if (code == "request.too_large")
        return 413;
    if (code == "request.too_many_waits" || code == "auth.throttled")
        return 429;
    if (code == "request.key_reused")
        return 409;
    if (starts("request."))
        return 400;
    if (code == "auth.forbidden" || code == "queue.not_your_window")
        return 403;
    if (code == "auth.locked")
        return 423;
    if (code == "auth.replayed")
        return 409;
    if (starts("auth."))
        return 401;
    if (code == "queue.unknown_ticket" || code == "queue.unknown_window" ||
        code == "queue.unknown_service")
        return 404;
    if (code == "queue.bad_outcome" || code == "queue.bad_appointment" ||
        code == "queue.bad_rating" || code == "queue.bad_transfer" || code == "proofs.bad_reason" ||
        code == "proofs.bad_screening" || code == "identity.bad_id_number")
        return 422;
    if (code == "proofs.unknown_item")
        return 404;
    if (code == "proofs.not_issuable")
        return 403;
    if (starts("proofs."))
        return 409;
    if (starts("queue."))
        return 409;
    if (starts("store."))
        return 503;
    return 500;
}

}  // namespace hall::lan
