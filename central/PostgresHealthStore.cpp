#include "PostgresHealthStore.h"

#include <algorithm>

#include "SqliteHealthStore.h"

namespace hall {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS terminal_health (
    terminal_id TEXT PRIMARY KEY,
    received_at BIGINT NOT NULL,
    health      TEXT NOT NULL,
    trend       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS terminal_alerts (
    id          BIGSERIAL PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    code        TEXT NOT NULL,
    severity    TEXT NOT NULL,
    detail      TEXT NOT NULL,
    since_at    BIGINT NOT NULL,
    cleared_at  BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS alerts_on ON terminal_alerts (terminal_id, code)
    WHERE cleared_at = 0;
CREATE INDEX IF NOT EXISTS alerts_by_terminal ON terminal_alerts (terminal_id, since_at);
)sql";

constexpr const char* kRaise =
    "INSERT INTO terminal_alerts (terminal_id, code, severity, detail, since_at) VALUES ($1, $2, "
    "$3, $4, $5) ON CONFLICT (terminal_id, code) WHERE cleared_at = 0 DO UPDATE SET severity = "
    "excluded.severity, detail = excluded.detail";
constexpr const char* kClear =
    "UPDATE terminal_alerts SET cleared_at = $3 WHERE terminal_id = $1 AND code = $2 AND "
    "cleared_at = 0";

std::vector<std::string> raiseParams(const std::string& terminalId, const AlertFinding& a,
                                     int64_t nowMs) {
    return {terminalId, a.code, std::string(severityCode(a.severity)), a.detail,
            std::to_string(nowMs)};
}

HealthRecord readRecord(PGresult* r, int row) {
    return HealthRecord{PQgetvalue(r, row, 0), pgInteger(r, row, 1), PQgetvalue(r, row, 2),
                        PQgetvalue(r, row, 3)};
}

}  // namespace

Result<std::unique_ptr<PostgresHealthStore>> PostgresHealthStore::open(const std::string& conninfo,
                                                                       int connections) {
    auto pool = PgPool::open(conninfo, connections, kSchema);
    if (!pool)
        return pool.error();
    return std::unique_ptr<PostgresHealthStore>(new PostgresHealthStore(std::move(pool).value()));
}

Result<std::optional<HealthRecord>> PostgresHealthStore::health(const std::string& terminalId) {
    const auto lease = pool_->acquire();
    auto r = pgRun(lease.conn,
                   "SELECT terminal_id, received_at, health, trend FROM terminal_health WHERE "
                   "terminal_id = $1",
                   {terminalId}, "reading a terminal's health");
    if (!r)
        return r.error();
    if (PQntuples(r->get()) == 0)
        return std::optional<HealthRecord>();
    return std::optional<HealthRecord>(readRecord(r->get(), 0));
}

Result<std::vector<HealthRecord>> PostgresHealthStore::allHealth() {
    const auto lease = pool_->acquire();
    auto r =
        pgRun(lease.conn, "SELECT terminal_id, received_at, health, trend FROM terminal_health", {},
              "reading the terminals' health");
    if (!r)
        return r.error();
    std::vector<HealthRecord> out;
    for (int i = 0; i < PQntuples(r->get()); ++i)
        out.push_back(readRecord(r->get(), i));
    return out;
}

Result<void> PostgresHealthStore::recordHeartbeat(const HealthRecord& record,
                                                  const std::vector<AlertFinding>& active) {
    const auto lease = pool_->acquire();
    PGconn* const conn = lease.conn;
    PgTransaction tx(conn);
    if (auto b = tx.begin(); !b)
        return b;
    auto kept =
        pgRun(conn,
              "INSERT INTO terminal_health (terminal_id, received_at, health, trend) "
              "VALUES ($1, $2, $3, $4) ON CONFLICT (terminal_id) DO UPDATE SET "
              "received_at = excluded.received_at, health = excluded.health, trend = "
              "excluded.trend",
              {record.terminalId, std::to_string(record.receivedAtMs), record.health, record.trend},
              "recording a heartbeat");
    if (!kept)
        return kept.error();
    auto on =
        pgRun(conn, "SELECT code FROM terminal_alerts WHERE terminal_id = $1 AND cleared_at = 0",
              {record.terminalId}, "reading a terminal's alerts");
    if (!on)
        return on.error();
    for (int i = 0; i < PQntuples(on->get()); ++i) {
        const std::string code = PQgetvalue(on->get(), i, 0);
        const bool still = std::any_of(active.begin(), active.end(),
                                       [&](const AlertFinding& a) { return a.code == code; });
        if (still)
            continue;
        auto cleared =
            pgRun(conn, kClear, {record.terminalId, code, std::to_string(record.receivedAtMs)},
                  "clearing an alert");
        if (!cleared)
            return cleared.error();
    }
    for (const auto& alert : active) {
        auto raised =
            pgRun(conn, kRaise, raiseParams(record.terminalId, alert, record.receivedAtMs),
                  "raising an alert");
        if (!raised)
            return raised.error();
    }
    return tx.commit();
}

Result<void> PostgresHealthStore::raise(const std::string& terminalId, const AlertFinding& alert,
                                        int64_t nowMs) {
    const auto lease = pool_->acquire();
    auto r = pgRun(lease.conn, kRaise, raiseParams(terminalId, alert, nowMs), "raising an alert");
    if (!r)
        return r.error();
    return {};
}

Result<void> PostgresHealthStore::clear(const std::string& terminalId, const std::string& code,
                                        int64_t nowMs) {
    const auto lease = pool_->acquire();
    auto r =
        pgRun(lease.conn, kClear, {terminalId, code, std::to_string(nowMs)}, "clearing an alert");
    if (!r)
        return r.error();
    return {};
}

Result<std::vector<AlertSpan>> PostgresHealthStore::alerts(const std::string& terminalId,
                                                           int64_t sinceMs) {
    const auto lease = pool_->acquire();
    auto r = pgRun(lease.conn,
                   "SELECT terminal_id, code, severity, detail, since_at, cleared_at FROM "
                   "terminal_alerts WHERE ($1 = '' OR terminal_id = $1) AND (cleared_at = 0 OR "
                   "cleared_at >= $2) ORDER BY since_at, id",
                   {terminalId, std::to_string(sinceMs)}, "reading alerts");
    if (!r)
        return r.error();
    std::vector<AlertSpan> out;
    for (int i = 0; i < PQntuples(r->get()); ++i) {
        out.push_back(AlertSpan{PQgetvalue(r->get(), i, 0), PQgetvalue(r->get(), i, 1),
                                severityFromCode(PQgetvalue(r->get(), i, 2)),
                                PQgetvalue(r->get(), i, 3), pgInteger(r->get(), i, 4),
                                pgInteger(r->get(), i, 5)});
    }
    return out;
}

Result<std::unique_ptr<HealthStore>> openHealthStore(const std::string& database) {
    if (database.rfind("postgresql://", 0) == 0 || database.rfind("postgres://", 0) == 0) {
        auto pg = PostgresHealthStore::open(database);
        if (!pg)
            return pg.error();
        return std::unique_ptr<HealthStore>(std::move(pg).value());
    }
    auto sqlite = SqliteHealthStore::open(database);
    if (!sqlite)
        return sqlite.error();
    return std::unique_ptr<HealthStore>(std::move(sqlite).value());
}

}  // namespace hall
