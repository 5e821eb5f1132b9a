#include "health/Heartbeat.h"

#include "text/UntrustedJson.h"
#include "text/Utf8.h"

namespace hall::health {

namespace {

using json = nlohmann::json;

constexpr size_t kMaxHeartbeatBytes = 16 * 1024;
constexpr size_t kMaxText = 200;
constexpr size_t kMaxRoles = 8;
constexpr size_t kMaxLanDevices = 64;
constexpr size_t kMaxScanners = 8;
constexpr size_t kMaxServices = 32;

// Reads one object's fields, keeping the first problem with the field's full name.
class Fields {
  public:
    Fields(const json& object, std::string where, std::string& problem)
        : object_(object), where_(std::move(where)), problem_(problem) {}

    const json* field(const char* name, bool (json::*is)() const, const char* expected) {
        if (!problem_.empty())
            return nullptr;
        auto it = object_.find(name);
        if (it == object_.end() || !((*it).*is)()) {
            problem_ = where_ + name + " must be " + expected;
            return nullptr;
        }
        return &*it;
    }
    std::string text(const char* name) {
        const json* v = field(name, &json::is_string, "text");
        if (!v)
            return {};
        const auto& s = v->get_ref<const std::string&>();
        if (s.size() > kMaxText || !utf8::isValid(s)) {
            problem_ = where_ + name + " must be UTF-8 text of at most " +
                       std::to_string(kMaxText) + " bytes";
            return {};
        }
        return s;
    }
    int64_t count(const char* name) {
        const json* v = field(name, &json::is_number_integer, "a whole number");
        if (!v)
            return 0;
        const auto n = v->get<int64_t>();
        if (n < 0) {
            problem_ = where_ + name + " must not be negative";
            return 0;
        }
        return n;
    }
    int64_t signedNumber(const char* name) {
        const json* v = field(name, &json::is_number_integer, "a whole number");
        return v ? v->get<int64_t>() : 0;
    }
    bool flag(const char* name) {
        const json* v = field(name, &json::is_boolean, "true or false");
        return v && v->get<bool>();
    }
    const json& list(const char* name, size_t most) {
        static const json empty = json::array();
        const json* v = field(name, &json::is_array, "a list");
        if (!v)
            return empty;
        if (v->size() > most) {
            problem_ = where_ + name + " lists more than " + std::to_string(most);
            return empty;
        }
        return *v;
    }
    const json& object(const char* name) {
        static const json empty = json::object();
        const json* v = field(name, &json::is_object, "an object");
        return v ? *v : empty;
    }

  private:
    const json& object_;
    std::string where_;
    std::string& problem_;
};

json hoursJson(const OpeningHours& h) {
    json intervals = json::array();
    for (const auto& i : h.intervals)
        intervals.push_back({i.startMinute, i.endMinute});
    return {{"weekdays", h.weekdays}, {"intervals", intervals}};
}

OpeningHours readHours(const json& j, const std::string& where, std::string& problem) {
    OpeningHours h;
    if (!j.is_object()) {
        problem = where + " must be an object";
        return h;
    }
    Fields f(j, where + ".", problem);
    for (const auto& d : f.list("weekdays", 7)) {
        if (!d.is_number_integer() || d.get<int>() < 1 || d.get<int>() > 7) {
            problem = where + ".weekdays must hold 1 (Monday) to 7 (Sunday)";
            return h;
        }
        h.weekdays.push_back(d.get<int>());
    }
    for (const auto& i : f.list("intervals", 8)) {
        if (!i.is_array() || i.size() != 2 || !i[0].is_number_integer() ||
            !i[1].is_number_integer() || i[0].get<int>() < 0 || i[1].get<int>() > 1440 ||
            i[0].get<int>() >= i[1].get<int>()) {
            problem = where + ".intervals must hold [start, end] minutes within the day";
            return h;
        }
        h.intervals.push_back({i[0].get<int>(), i[1].get<int>()});
    }
    return h;
}

}  // namespace

json heartbeatJson(const TerminalHealth& h) {
    json roles = json::array();
    for (const auto& r : h.roles)
        roles.push_back({{"role", r.role}, {"version", r.version}, {"uptime_s", r.uptimeSeconds}});
    json devices = json::array();
    for (const auto& d : h.lanDevices)
        devices.push_back({{"id", d.id}, {"role", d.role}, {"last_seen_ms", d.lastSeenMs}});
    json scanners = json::array();
    for (const auto& s : h.scanners)
        scanners.push_back(
            {{"kind", s.kind}, {"present", s.present}, {"last_read_ms", s.lastReadMs}});
    json hours = json::array();
    for (const auto& o : h.hours)
        hours.push_back(hoursJson(o));
    const PrinterStatus& p = h.printer.status;
    return {{"hall_id", h.hallId},
            {"sent_at_ms", h.sentAtMs},
            {"roles", roles},
            {"screen", h.screen},
            {"store_bytes", h.storeBytes},
            {"disk_free_bytes", h.diskFreeBytes},
            {"disk_total_bytes", h.diskTotalBytes},
            {"clock_offset_ms", h.clockOffsetMs},
            {"lan_devices", devices},
            {"printer",
             {{"kind", h.printer.kind},
              {"answered", h.printer.answered},
              {"online", p.online},
              {"cover_open", p.coverOpen},
              {"paper_near_end", p.paperNearEnd},
              {"paper_out", p.paperOut},
              {"cutter_error", p.cutterError},
              {"other_error", p.otherError},
              {"problem", h.printer.problem}}},
            {"scanners", scanners},
            {"central",
             {{"backlog", h.backlog},
              {"last_error", h.lastUploadError},
              {"last_upload_ms", h.lastUploadMs}}},
            {"hours", hours}};
}

Result<TerminalHealth> parseHeartbeat(std::string_view body) {
    if (body.size() > kMaxHeartbeatBytes)
        return fail("sync.bad_request", "a heartbeat is at most 16 KiB");
    const json j = parseUntrustedJson(body);
    if (j.is_discarded() || !j.is_object())
        return fail("sync.bad_request", "a heartbeat is a JSON object");
    std::string problem;
    TerminalHealth h;
    Fields f(j, "", problem);
    h.hallId = f.text("hall_id");
    h.sentAtMs = f.count("sent_at_ms");
    for (const auto& r : f.list("roles", kMaxRoles)) {
        if (!r.is_object()) {
            problem = "roles must hold objects";
            break;
        }
        Fields rf(r, "roles[].", problem);
        h.roles.push_back({rf.text("role"), rf.text("version"), rf.count("uptime_s")});
    }
    h.screen = f.text("screen");
    h.storeBytes = f.count("store_bytes");
    h.diskFreeBytes = f.count("disk_free_bytes");
    h.diskTotalBytes = f.count("disk_total_bytes");
    h.clockOffsetMs = f.signedNumber("clock_offset_ms");
    for (const auto& d : f.list("lan_devices", kMaxLanDevices)) {
        if (!d.is_object()) {
            problem = "lan_devices must hold objects";
            break;
        }
        Fields df(d, "lan_devices[].", problem);
        h.lanDevices.push_back({df.text("id"), df.text("role"), df.count("last_seen_ms")});
    }
    {
        Fields pf(f.object("printer"), "printer.", problem);
        h.printer.kind = pf.text("kind");
        h.printer.answered = pf.flag("answered");
        h.printer.status.online = pf.flag("online");
        h.printer.status.coverOpen = pf.flag("cover_open");
        h.printer.status.paperNearEnd = pf.flag("paper_near_end");
        h.printer.status.paperOut = pf.flag("paper_out");
        h.printer.status.cutterError = pf.flag("cutter_error");
        h.printer.status.otherError = pf.flag("other_error");
        h.printer.problem = pf.text("problem");
    }
    for (const auto& s : f.list("scanners", kMaxScanners)) {
        if (!s.is_object()) {
            problem = "scanners must hold objects";
            break;
        }
        Fields sf(s, "scanners[].", problem);
        h.scanners.push_back({sf.text("kind"), sf.flag("present"), sf.count("last_read_ms")});
    }
    {
        Fields cf(f.object("central"), "central.", problem);
        h.backlog = cf.count("backlog");
        h.lastUploadError = cf.text("last_error");
        h.lastUploadMs = cf.count("last_upload_ms");
    }
    const json& hours = f.list("hours", kMaxServices);
    for (size_t i = 0; i < hours.size() && problem.empty(); ++i)
        h.hours.push_back(readHours(hours[i], "hours[" + std::to_string(i) + "]", problem));
    if (!problem.empty())
        return fail("sync.bad_request", "heartbeat: " + problem);
    return h;
}

}  // namespace hall::health
