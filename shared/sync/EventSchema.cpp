#include "sync/EventSchema.h"

#include <string>
#include <vector>

namespace hall::sync {

namespace {

using json = nlohmann::json;

enum class Kind {
    Code,      // a short identifier: 1–64 bytes
    Text,      // up to 500 bytes
    Letter,    // one letter A–Z (a service)
    Day,       // YYYY-MM-DD
    Time,      // Unix milliseconds
    Count,     // a whole number ≥ 0
    Window,    // a window number, 1–999
    Score,     // a rating, 1–5
    CodeList,  // a list of at most 16 codes
    CountMap,  // an object of name → count
    Request,   // a ticket's proof request
    Ticket,    // a ticket as the queue engine writes it, or null
};

struct Field {
    const char* name;
    Kind kind;
    bool required;
    bool nullable = false;
};

std::string describe(Kind kind) {
    switch (kind) {
        case Kind::Code:
            return "a code of 1–64 characters";
        case Kind::Text:
            return "text of at most 500 bytes";
        case Kind::Letter:
            return "one letter A–Z";
        case Kind::Day:
            return "a day written 2026-11-23";
        case Kind::Time:
            return "Unix milliseconds";
        case Kind::Count:
            return "a whole number of 0 or more";
        case Kind::Window:
            return "a window number from 1 to 999";
        case Kind::Score:
            return "a score from 1 to 5";
        case Kind::CodeList:
            return "a list of at most 16 codes";
        case Kind::CountMap:
            return "an object of name → whole number of 0 or more";
        case Kind::Request:
            return "a proof request object (item_id, item_name, status, number)";
        case Kind::Ticket:
            return "a ticket object";
    }
    return "?";
}

bool isCode(const json& v) {
    return v.is_string() && !v.get_ref<const std::string&>().empty() &&
           v.get_ref<const std::string&>().size() <= 64;
}

bool isText(const json& v) {
    return v.is_string() && v.get_ref<const std::string&>().size() <= 500;
}

bool isCount(const json& v) {
    return v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0);
}

// 2026-11-23: checked by hand, since every event carries one and std::regex is slow.
bool isDay(const std::string& s) {
    auto digits = [&](size_t at, size_t n) {
        for (size_t i = at; i < at + n; ++i) {
            if (s[i] < '0' || s[i] > '9')
                return false;
        }
        return true;
    };
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(0, 4) || !digits(5, 2) ||
        !digits(8, 2))
        return false;
    const int month = (s[5] - '0') * 10 + (s[6] - '0');
    const int day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool inRange(const json& v, int64_t low, int64_t high) {
    return v.is_number_integer() && v.get<int64_t>() >= low && v.get<int64_t>() <= high;
}

Result<void> checkFields(const json& payload, const std::vector<Field>& fields,
                         const std::string& at);

const std::vector<Field>& ticketFields() {
    static const std::vector<Field> fields = {
        {"id", Kind::Code, true},
        {"number", Kind::Code, true},
        {"service", Kind::Letter, true},
        {"queue_service", Kind::Letter, true},
        {"service_day", Kind::Day, true},
        {"status", Kind::Code, true},
        {"issued_at", Kind::Time, true},
        {"priority", Kind::Code, false, true},
        {"recalls", Kind::Count, true},
        {"appointment_at", Kind::Time, false},
        {"target_window", Kind::Window, false},
        {"called_window", Kind::Window, false},
        {"called_at", Kind::Time, false},
        {"called_by", Kind::Text, false},
        {"finished_at", Kind::Time, false},
        {"outcome", Kind::Code, false},
        {"note", Kind::Text, false},
        {"request", Kind::Request, false},
        {"by", Kind::Text, false},
    };
    return fields;
}

Result<void> checkValue(const json& v, Kind kind, const std::string& at) {
    bool ok = false;
    switch (kind) {
        case Kind::Code:
            ok = isCode(v);
            break;
        case Kind::Text:
            ok = isText(v);
            break;
        case Kind::Letter:
            ok = v.is_string() && v.get_ref<const std::string&>().size() == 1 &&
                 v.get_ref<const std::string&>()[0] >= 'A' &&
                 v.get_ref<const std::string&>()[0] <= 'Z';
            break;
        case Kind::Day:
            ok = v.is_string() && isDay(v.get_ref<const std::string&>());
            break;
        case Kind::Time:
            ok = inRange(v, 0, int64_t{1} << 50);
            break;
        case Kind::Count:
            ok = isCount(v) && v.get<uint64_t>() <= (uint64_t{1} << 50);
            break;
        case Kind::Window:
            ok = inRange(v, 1, 999);
            break;
        case Kind::Score:
            ok = inRange(v, 1, 5);
            break;
        case Kind::CodeList:
            ok = v.is_array() && v.size() <= 16;
            for (const auto& item : v)
                ok = ok && isCode(item);
            break;
        case Kind::CountMap:
            ok = v.is_object() && v.size() <= 64;
            for (const auto& [name, n] : v.items())
                ok = ok && !name.empty() && name.size() <= 200 && isCount(n);
            break;
        case Kind::Request:
            if (!v.is_object())
                break;
            return checkFields(v,
                               {{"item_id", Kind::Code, true},
                                {"item_name", Kind::Text, false},
                                {"status", Kind::Text, false},
                                {"number", Kind::Text, false}},
                               at + ".");
        case Kind::Ticket:
            if (!v.is_object())
                break;
            return checkFields(v, ticketFields(), at + ".");
    }
    if (!ok)
        return fail("sync.bad_event", at + " must be " + describe(kind));
    return {};
}

Result<void> checkFields(const json& payload, const std::vector<Field>& fields,
                         const std::string& at) {
    for (const Field& f : fields) {
        const auto it = payload.find(f.name);
        if (it == payload.end()) {
            if (f.required)
                return fail("sync.bad_event", at + f.name + " is missing");
            continue;
        }
        if (it->is_null() && f.nullable)
            continue;
        if (auto r = checkValue(*it, f.kind, at + f.name); !r)
            return r;
    }
    return {};
}

struct Schema {
    const char* type;
    std::vector<Field> fields;
    bool ticket = false;  // the ticket's own fields come first
};

const std::vector<Schema>& schemas() {
    static const std::vector<Schema> all = {
        {"ticket.issued", {}, true},
        {"ticket.called", {{"waited_ms", Kind::Count, true}}, true},
        {"ticket.recalled", {}, true},
        {"ticket.no_show", {}, true},
        {"ticket.reinstated", {}, true},
        {"ticket.transferred", {{"from_window", Kind::Window, true}}, true},
        {"ticket.finished", {{"service_ms", Kind::Count, true}}, true},
        {"ticket.rated",
         {{"ticket_id", Kind::Code, true},
          {"number", Kind::Code, true},
          {"score", Kind::Score, true},
          {"reasons", Kind::CodeList, true},
          {"via", Kind::Code, true},
          {"staff", Kind::Text, false},
          {"service", Kind::Letter, false},
          {"by", Kind::Text, false}}},
        {"window.opened", {}},
        {"window.resumed", {}},
        {"window.paused", {}},
        {"window.closed", {}},
        {"proof.screened",
         {{"decision", Kind::Code, true},
          {"item_id", Kind::Text, true},
          {"via", Kind::Code, true},
          {"department", Kind::Text, false},
          {"words", Kind::Text, false},
          {"offered", Kind::CodeList, false},
          {"by", Kind::Text, false}}},
        {"proof.refused_not_issuable",
         {{"ticket", Kind::Code, true},
          {"item_id", Kind::Code, true},
          {"department", Kind::Text, true},
          {"window", Kind::Window, true},
          {"by", Kind::Text, false}}},
        {"proof.issued",
         {{"number", Kind::Code, true},
          {"ticket", Kind::Code, true},
          {"item_id", Kind::Code, true},
          {"window", Kind::Window, true},
          {"by", Kind::Text, false}}},
        {"proof.declined",
         {{"ticket", Kind::Code, true},
          {"item_id", Kind::Code, true},
          {"reason", Kind::Code, true},
          {"window", Kind::Window, true},
          {"by", Kind::Text, false}}},
        {"proofs.daily_not_issued",
         {{"day", Kind::Day, true},
          {"total", Kind::Count, true},
          {"by_department", Kind::CountMap, true}}},
        {"help.called", {{"call", Kind::Count, true}, {"doing", Kind::Code, true}}},
        {"help.repeated", {{"call", Kind::Count, true}, {"doing", Kind::Code, true}}},
        {"help.acknowledged",
         {{"call", Kind::Count, true},
          {"doing", Kind::Code, true},
          {"waited_ms", Kind::Count, true}}},
        {"staff.login", {{"staff_id", Kind::Text, true}, {"device", Kind::Code, true}}},
        {"staff.login_failed", {{"staff_id", Kind::Text, true}, {"device", Kind::Code, true}}},
        {"staff.locked", {{"staff_id", Kind::Text, true}, {"device", Kind::Code, true}}},
    };
    return all;
}

const std::vector<Field>& windowFields() {
    static const std::vector<Field> fields = {{"number", Kind::Window, true},
                                              {"status", Kind::Code, true},
                                              {"staff_id", Kind::Text, true},
                                              {"current", Kind::Ticket, false, true},
                                              {"by", Kind::Text, false}};
    return fields;
}

}  // namespace

Result<void> checkEventPayload(std::string_view type, const nlohmann::json& payload) {
    if (!payload.is_object())
        return fail("sync.bad_event", "the payload must be a JSON object");
    for (const Schema& s : schemas()) {
        if (type != s.type)
            continue;
        if (s.ticket) {
            if (auto r = checkFields(payload, ticketFields(), ""); !r)
                return r;
        }
        if (type.rfind("window.", 0) == 0)
            return checkFields(payload, windowFields(), "");
        return checkFields(payload, s.fields, "");
    }
    return fail("sync.bad_event", "\"" + std::string(type) + "\" is not a kind of event");
}

}  // namespace hall::sync
