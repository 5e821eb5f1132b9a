#include "SqliteHealthStore.h"

#include <algorithm>

namespace hall {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS terminal_health (
    terminal_id TEXT PRIMARY KEY,
    received_at INTEGER NOT NULL,
    health      TEXT NOT NULL,
    trend       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS terminal_alerts (
    id          INTEGER PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    code        TEXT NOT NULL,
    severity    TEXT NOT NULL,
    detail      TEXT NOT NULL,
    since_at    INTEGER NOT NULL,
    cleared_at  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS alerts_on ON terminal_alerts (terminal_id, code)
    WHERE cleared_at = 0;
CREATE INDEX IF NOT EXISTS alerts_by_terminal ON terminal_alerts (terminal_id, since_at);
)sql";

HealthRecord readRecord(const Statement& s) {
    return HealthRecord{s.text(0), s.integer(1), s.text(2), s.text(3)};
}

}  // namespace

Result<std::unique_ptr<SqliteHealthStore>> SqliteHealthStore::open(
    const std::filesystem::path& file) {
    auto db = openCentralSqlite(file, kSchema);
    if (!db)
        return db.error();
    return std::unique_ptr<SqliteHealthStore>(new SqliteHealthStore(std::move(db).value()));
}

Result<std::optional<HealthRecord>> SqliteHealthStore::health(const std::string& terminalId) {
    std::lock_guard lock(mutex_);
    auto s = Statement::prepare(db_,
                                "SELECT terminal_id, received_at, health, trend FROM "
                                "terminal_health WHERE terminal_id = ?1");
    if (!s)
        return s.error();
    s->bind(1, terminalId);
    auto row = s->step("reading a terminal's health");
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<HealthRecord>();
    return std::optional<HealthRecord>(readRecord(*s));
}

Result<std::vector<HealthRecord>> SqliteHealthStore::allHealth() {
    std::lock_guard lock(mutex_);
    auto s = Statement::prepare(
        db_, "SELECT terminal_id, received_at, health, trend FROM terminal_health");
    if (!s)
        return s.error();
    std::vector<HealthRecord> out;
    while (true) {
        auto row = s->step("reading the terminals' health");
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back(readRecord(*s));
    }
    return out;
}

Result<void> SqliteHealthStore::raiseLocked(const std::string& terminalId,
                                            const AlertFinding& alert, int64_t nowMs) {
    auto s = Statement::prepare(
        db_,
        "INSERT INTO terminal_alerts (terminal_id, code, severity, detail, since_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (terminal_id, code) WHERE cleared_at = 0 "
        "DO UPDATE SET severity = excluded.severity, detail = excluded.detail");
    if (!s)
        return s.error();
    s->bind(1, terminalId)
        .bind(2, alert.code)
        .bind(3, severityCode(alert.severity))
        .bind(4, alert.detail)
        .bind(5, nowMs);
    return s->run("raising an alert");
}

Result<void> SqliteHealthStore::clearLocked(const std::string& terminalId, const std::string& code,
                                            int64_t nowMs) {
    auto s = Statement::prepare(db_,
                                "UPDATE terminal_alerts SET cleared_at = ?3 WHERE terminal_id = "
                                "?1 AND code = ?2 AND cleared_at = 0");
    if (!s)
        return s.error();
    s->bind(1, terminalId).bind(2, code).bind(3, nowMs);
    return s->run("clearing an alert");
}

Result<void> SqliteHealthStore::recordHeartbeat(const HealthRecord& record,
                                                const std::vector<AlertFinding>& active) {
    std::lock_guard lock(mutex_);
    auto tx = Transaction::begin(db_, "recording a heartbeat");
    if (!tx)
        return tx.error();
    auto keep = Statement::prepare(
        db_,
        "INSERT INTO terminal_health (terminal_id, received_at, health, trend) VALUES (?1, ?2, "
        "?3, ?4) ON CONFLICT (terminal_id) DO UPDATE SET received_at = excluded.received_at, "
        "health = excluded.health, trend = excluded.trend");
    if (!keep)
        return keep.error();
    keep->bind(1, record.terminalId)
        .bind(2, record.receivedAtMs)
        .bind(3, record.health)
        .bind(4, record.trend);
    if (auto r = keep->run("recording a heartbeat"); !r)
        return r;
    auto on = Statement::prepare(
        db_, "SELECT code FROM terminal_alerts WHERE terminal_id = ?1 AND cleared_at = 0");
    if (!on)
        return on.error();
    on->bind(1, record.terminalId);
    std::vector<std::string> codes;
    while (true) {
        auto row = on->step("reading a terminal's alerts");
        if (!row)
            return row.error();
        if (!*row)
            break;
        codes.push_back(on->text(0));
    }
    for (const auto& code : codes) {
        const bool still = std::any_of(active.begin(), active.end(),
                                       [&](const AlertFinding& a) { return a.code == code; });
        if (!still) {
            if (auto r = clearLocked(record.terminalId, code, record.receivedAtMs); !r)
                return r;
        }
    }
    for (const auto& alert : active) {
        if (auto r = raiseLocked(record.terminalId, alert, record.receivedAtMs); !r)
            return r;
    }
    return tx->commit();
}

Result<void> SqliteHealthStore::raise(const std::string& terminalId, const AlertFinding& alert,
                                      int64_t nowMs) {
    std::lock_guard lock(mutex_);
    return raiseLocked(terminalId, alert, nowMs);
}

Result<void> SqliteHealthStore::clear(const std::string& terminalId, const std::string& code,
                                      int64_t nowMs) {
    std::lock_guard lock(mutex_);
    return clearLocked(terminalId, code, nowMs);
}

Result<std::vector<AlertSpan>> SqliteHealthStore::alerts(const std::string& terminalId,
                                                         int64_t sinceMs) {
    std::lock_guard lock(mutex_);
    auto s = Statement::prepare(
        db_,
        "SELECT terminal_id, code, severity, detail, since_at, cleared_at FROM terminal_alerts "
        "WHERE (?1 = '' OR terminal_id = ?1) AND (cleared_at = 0 OR cleared_at >= ?2) "
        "ORDER BY since_at, id");
    if (!s)
        return s.error();
    s->bind(1, terminalId).bind(2, sinceMs);
    std::vector<AlertSpan> out;
    while (true) {
        auto row = s->step("reading alerts");
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back(AlertSpan{s->text(0), s->text(1), severityFromCode(s->text(2)), s->text(3),
                                s->integer(4), s->integer(5)});
    }
    return out;
}

}  // namespace hall
