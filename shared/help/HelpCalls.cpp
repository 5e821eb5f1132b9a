#include "help/HelpCalls.h"

#include <sqlite3.h>

#include <algorithm>

namespace hall {

namespace {

HelpCall rowToCall(Statement& s) {
    HelpCall c;
    c.id = s.integer(0);
    c.terminal = s.text(1);
    c.doing = s.text(2);
    c.calledMs = s.integer(3);
    c.acknowledgedMs = s.integer(4);
    c.acknowledgedBy = s.text(5);
    return c;
}

constexpr const char* kColumns =
    "id, terminal, doing, called_ms, acknowledged_ms, acknowledged_by FROM help_calls";

}  // namespace

nlohmann::json helpCallToJson(const HelpCall& call) {
    return {{"id", call.id},
            {"terminal", call.terminal},
            {"doing", call.doing},
            {"called_at", call.calledMs},
            {"acknowledged_at", call.acknowledgedMs},
            {"acknowledged_by", call.acknowledgedBy}};
}

Result<HelpCall> helpCallFromJson(const nlohmann::json& j) {
    if (!j.is_object() || !j.contains("id") || !j["id"].is_number_integer() ||
        !j.contains("terminal") || !j["terminal"].is_string())
        return fail("lan.bad_help_call", "a help call needs an id (integer) and a terminal");
    HelpCall c;
    c.id = j["id"];
    c.terminal = j["terminal"];
    c.doing = j.value("doing", "");
    c.calledMs = j.value("called_at", int64_t{0});
    c.acknowledgedMs = j.value("acknowledged_at", int64_t{0});
    c.acknowledgedBy = j.value("acknowledged_by", "");
    return c;
}

Result<HelpChange> callForHelp(Database& db, const CallHelpCommand& c, const Actor& actor,
                               TimePoint now, const std::string& serviceDay) {
    auto open = Statement::prepare(db, std::string("SELECT ") + kColumns +
                                           " WHERE service_day = ?1 AND terminal = ?2 AND "
                                           "acknowledged_ms = 0 ORDER BY id DESC LIMIT 1");
    if (!open)
        return open.error();
    open->bind(1, serviceDay).bind(2, actor.device);
    auto row = open->step("looking for the terminal's open help call");
    if (!row)
        return row.error();
    if (*row) {
        const HelpCall existing = rowToCall(*open);
        return HelpChange{helpCallToJson(existing),
                          "help.repeated",
                          {{"call", existing.id}, {"doing", existing.doing}}};
    }
    auto insert = Statement::prepare(
        db,
        "INSERT INTO help_calls (service_day, terminal, doing, called_ms) VALUES (?1, ?2, ?3, ?4)");
    if (!insert)
        return insert.error();
    // A code of some kind always: the event and the counter name the screen.
    const std::string doing = c.doing.empty() ? "unknown" : c.doing;
    insert->bind(1, serviceDay).bind(2, actor.device).bind(3, doing).bind(4, toUnixMillis(now));
    if (auto r = insert->run("recording the call for help"); !r)
        return r.error();
    HelpCall call;
    call.id = sqlite3_last_insert_rowid(db.handle());
    call.terminal = actor.device;
    call.doing = doing;
    call.calledMs = toUnixMillis(now);
    return HelpChange{helpCallToJson(call), "help.called", {{"call", call.id}, {"doing", doing}}};
}

Result<HelpChange> acknowledgeHelp(Database& db, const AcknowledgeHelpCommand& c,
                                   const Actor& actor, TimePoint now) {
    auto find = Statement::prepare(db, std::string("SELECT ") + kColumns + " WHERE id = ?1");
    if (!find)
        return find.error();
    find->bind(1, c.call);
    auto row = find->step("reading the help call");
    if (!row)
        return row.error();
    if (!*row)
        return fail("help.unknown_call", "there is no call for help " + std::to_string(c.call));
    HelpCall call = rowToCall(*find);
    if (!call.open()) {
        return fail("help.already_answered", "call " + std::to_string(call.id) +
                                                 " was already answered by " + call.acknowledgedBy);
    }
    call.acknowledgedMs = toUnixMillis(now);
    call.acknowledgedBy = actor.name();
    auto update = Statement::prepare(
        db, "UPDATE help_calls SET acknowledged_ms = ?1, acknowledged_by = ?2 WHERE id = ?3");
    if (!update)
        return update.error();
    update->bind(1, call.acknowledgedMs).bind(2, call.acknowledgedBy).bind(3, call.id);
    if (auto r = update->run("recording who answers the call for help"); !r)
        return r.error();
    return HelpChange{helpCallToJson(call),
                      "help.acknowledged",
                      {{"call", call.id},
                       {"doing", call.doing},
                       {"waited_ms", std::max<int64_t>(0, call.acknowledgedMs - call.calledMs)}}};
}

Result<std::vector<HelpCall>> recentHelpCalls(Database& db, const std::string& serviceDay,
                                              TimePoint now) {
    auto s = Statement::prepare(db, std::string("SELECT ") + kColumns +
                                        " WHERE service_day = ?1 AND (acknowledged_ms = 0 OR "
                                        "acknowledged_ms >= ?2) ORDER BY id");
    if (!s)
        return s.error();
    s->bind(1, serviceDay).bind(2, toUnixMillis(now) - kShownAfterAnswerMs);
    std::vector<HelpCall> calls;
    while (true) {
        auto row = s->step("reading the calls for help");
        if (!row)
            return row.error();
        if (!*row)
            break;
        calls.push_back(rowToCall(*s));
    }
    return calls;
}

Result<nlohmann::json> helpCallFigures(Database& db, const std::string& serviceDay) {
    auto s = Statement::prepare(
        db, "SELECT called_ms, acknowledged_ms FROM help_calls WHERE service_day = ?1");
    if (!s)
        return s.error();
    s->bind(1, serviceDay);
    int called = 0;
    std::vector<int64_t> waits;
    while (true) {
        auto row = s->step("reading the day's calls for help");
        if (!row)
            return row.error();
        if (!*row)
            break;
        ++called;
        if (s->integer(1) > 0)
            waits.push_back(s->integer(1) - s->integer(0));
    }
    double median = 0;
    if (!waits.empty()) {
        std::sort(waits.begin(), waits.end());
        median = static_cast<double>(waits[waits.size() / 2]) / 1000.0;
    }
    return nlohmann::json{{"called", called},
                          {"acknowledged", static_cast<int>(waits.size())},
                          {"median_answer_s", median}};
}

}  // namespace hall
