#include "PostgresCentralStore.h"

#include <vector>

#include "SqliteCentralStore.h"
#include "crypto/Hashing.h"
#include "crypto/Random.h"
#include "lan/DeviceKey.h"

namespace hall {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS enrolment_codes (
    code_hash  TEXT PRIMARY KEY,
    hall_id    TEXT NOT NULL,
    district   TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_by    TEXT
);
CREATE TABLE IF NOT EXISTS terminals (
    id           TEXT PRIMARY KEY,
    hall_id      TEXT NOT NULL,
    district     TEXT NOT NULL,
    public_key   TEXT NOT NULL,
    enrolled_at  BIGINT NOT NULL,
    revoked_at   BIGINT NOT NULL DEFAULT 0,
    last_contact BIGINT NOT NULL DEFAULT 0,
    software     TEXT NOT NULL DEFAULT '',
    catalog_version BIGINT NOT NULL DEFAULT 0,
    backlog      BIGINT NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT ''
);
ALTER TABLE terminals ADD COLUMN IF NOT EXISTS bundle_versions TEXT NOT NULL DEFAULT '{}';
ALTER TABLE terminals ADD COLUMN IF NOT EXISTS bundle_error TEXT NOT NULL DEFAULT '';
ALTER TABLE terminals ADD COLUMN IF NOT EXISTS software_update TEXT NOT NULL DEFAULT '{}';
CREATE TABLE IF NOT EXISTS events (
    terminal_id TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    type        TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    payload     TEXT NOT NULL,
    PRIMARY KEY (terminal_id, event_id)
);
CREATE INDEX IF NOT EXISTS events_by_type ON events (terminal_id, type);
CREATE INDEX IF NOT EXISTS events_by_time ON events (occurred_at);
CREATE TABLE IF NOT EXISTS bundles (
    kind         TEXT NOT NULL,
    version      BIGINT NOT NULL,
    scope        TEXT NOT NULL,
    signer       TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    signed       TEXT NOT NULL,
    PRIMARY KEY (kind, version)
);
CREATE TABLE IF NOT EXISTS rollouts (
    id             BIGSERIAL PRIMARY KEY,
    bundle_version BIGINT NOT NULL UNIQUE,
    definition     TEXT NOT NULL,
    state          TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    created_by     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS update_history (
    id          BIGSERIAL PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    at          BIGINT NOT NULL,
    status      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS update_history_by_terminal ON update_history (terminal_id, at);
)sql";

constexpr const char* kTerminalColumns =
    "SELECT t.id, t.hall_id, t.district, t.public_key, t.enrolled_at, t.revoked_at, "
    "t.last_contact, t.software, t.events_received, "
    "t.catalog_version, t.backlog, t.last_error, t.bundle_versions, t.bundle_error, "
    "t.software_update "
    "FROM terminals t ";

TerminalRecord readTerminal(PGresult* r, int row) {
    TerminalRecord t;
    t.id = PQgetvalue(r, row, 0);
    t.hallId = PQgetvalue(r, row, 1);
    t.district = PQgetvalue(r, row, 2);
    t.publicKey = fromBase64(PQgetvalue(r, row, 3)).value_or(std::string());
    t.enrolledAtMs = pgInteger(r, row, 4);
    t.revokedAtMs = pgInteger(r, row, 5);
    t.lastContactMs = pgInteger(r, row, 6);
    t.software = PQgetvalue(r, row, 7);
    t.eventsReceived = pgInteger(r, row, 8);
    t.catalogVersion = pgInteger(r, row, 9);
    t.backlog = pgInteger(r, row, 10);
    t.lastError = PQgetvalue(r, row, 11);
    t.bundles = PQgetvalue(r, row, 12);
    t.bundleError = PQgetvalue(r, row, 13);
    t.softwareUpdate = PQgetvalue(r, row, 14);
    return t;
}

}  // namespace

Result<std::unique_ptr<PostgresCentralStore>> PostgresCentralStore::open(
    const std::string& conninfo, int connections) {
    auto pool = PgPool::open(conninfo, connections, kSchema);
    if (!pool)
        return pool.error();
    std::unique_ptr<PostgresCentralStore> store(new PostgresCentralStore(std::move(pool).value()));
    PGconn* conn = store->pool_->first();
    // A store made before terminals' event counts were kept: count them once.
    auto counted = pgRun(conn,
                         "SELECT 1 FROM information_schema.columns WHERE table_name = 'terminals' "
                         "AND column_name = 'events_received'",
                         {}, "reading the central tables");
    if (!counted)
        return counted.error();
    if (PQntuples(counted->get()) == 0) {
        for (const char* sql :
             {"ALTER TABLE terminals ADD COLUMN events_received BIGINT NOT NULL DEFAULT 0",
              "UPDATE terminals t SET events_received = (SELECT count(*) FROM events e WHERE "
              "e.terminal_id = t.id)"}) {
            if (auto added = pgRun(conn, sql, {}, "counting each terminal's events"); !added)
                return added.error();
        }
    }
    return store;
}

Result<std::string> PostgresCentralStore::createEnrolmentCode(const std::string& hallId,
                                                              const std::string& district,
                                                              int64_t expiresAtMs) {
    const auto lease = pool_->acquire();
    PGconn* const conn = lease.conn;
    const std::string code = randomHex(8);
    auto r = pgRun(conn,
                   "INSERT INTO enrolment_codes (code_hash, hall_id, district, expires_at) "
                   "VALUES ($1, $2, $3, $4)",
                   {sha256Hex(code), hallId, district, std::to_string(expiresAtMs)},
                   "saving an enrolment code");
    if (!r)
        return r.error();
    return code;
}

Result<TerminalRecord> PostgresCentralStore::enrol(const std::string& code,
                                                   const std::string& terminalId,
                                                   const std::string& publicKey,
                                                   const std::string& software, int64_t nowMs) {
    const auto lease = pool_->acquire();
    PGconn* const conn = lease.conn;
    PgTransaction tx(conn);
    if (auto b = tx.begin(); !b)
        return b.error();
    auto found = pgRun(conn,
                       "SELECT hall_id, district, expires_at, used_by IS NOT NULL FROM "
                       "enrolment_codes WHERE code_hash = $1 FOR UPDATE",
                       {sha256Hex(code)}, "looking up an enrolment code");
    if (!found)
        return found.error();
    if (PQntuples(found->get()) == 0)
        return fail("central.bad_code", "this enrolment code is not one the central service made");
    const std::string hallId = PQgetvalue(found->get(), 0, 0);
    const std::string district = PQgetvalue(found->get(), 0, 1);
    if (std::string(PQgetvalue(found->get(), 0, 3)) == "t")
        return fail("central.code_used", "this enrolment code was already used; ask for a new one");
    if (pgInteger(found->get(), 0, 2) < nowMs)
        return fail("central.code_expired", "this enrolment code has expired; ask for a new one");
    auto inserted =
        pgRun(conn,
              "INSERT INTO terminals (id, hall_id, district, public_key, enrolled_at, "
              "software) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
              {terminalId, hallId, district, toBase64(publicKey), std::to_string(nowMs), software},
              "enrolling a terminal");
    if (!inserted)
        return inserted.error();
    if (std::string(PQcmdTuples(inserted->get())) != "1") {
        return fail("central.terminal_exists",
                    "a terminal named \"" + terminalId + "\" is already enrolled");
    }
    auto used = pgRun(conn, "UPDATE enrolment_codes SET used_by = $2 WHERE code_hash = $1",
                      {sha256Hex(code), terminalId}, "using up an enrolment code");
    if (!used)
        return used.error();
    if (auto c = tx.commit(); !c)
        return c.error();
    return TerminalRecord{terminalId, hallId, district, publicKey, nowMs, 0,  0,   software,
                          0,          0,      0,        {},        "{}",  {}, "{}"};
}

Result<std::vector<TerminalRecord>> PostgresCentralStore::terminals() {
    const auto lease = pool_->acquire();
    PGconn* const conn = lease.conn;
    auto r = pgRun(conn, std::string(kTerminalColumns) + "ORDER BY t.hall_id, t.id", {},
                   "listing terminals");
    if (!r)
        return r.error();
    std::vector<TerminalRecord> out;
    for (int i = 0; i < PQntuples(r->get()); ++i)
        out.push_back(readTerminal(r->get(), i));
    return out;
}

Result<std::optional<TerminalRecord>> PostgresCentralStore::terminal(const std::string& id) {
    const auto lease = pool_->acquire();
    PGconn* const conn = lease.conn;
    auto r = pgRun(conn, std::string(kTerminalColumns) + "WHERE t.id = $1", {id},
                   "looking up a terminal");
    if (!r)
        return r.error();
    if (PQntuples(r->get()) == 0)
        return std::optional<TerminalRecord>();
    return std::optional<TerminalRecord>(readTerminal(r->get(), 0));
}

Result<void> PostgresCentralStore::revoke(const std::string& terminalId, int64_t nowMs) {
    const auto lease = pool_->acquire();
    PGconn* const conn = lease.conn;
    auto r = pgRun(conn, "UPDATE terminals SET revoked_at = $2 WHERE id = $1",
                   {terminalId, std::to_string(nowMs)}, "revoking a terminal");
    if (!r)
        return r.error();
    return {};
}

Result<IngestResult> PostgresCentralStore::ingest(const std::string& terminalId,
                                                  const std::vector<OutboxEvent>& events,
                                                  const sync::TerminalStatus& status,
                                                  int64_t nowMs) {
    const auto lease = pool_->acquire();
    PGconn* const conn = lease.conn;
    PgTransaction tx(conn);
    if (auto b = tx.begin(); !b)
        return b.error();
    IngestResult result;
    const std::string now = std::to_string(nowMs);
    if (!events.empty()) {
        // One statement for the batch: a round trip per event would cost more than the work.
        std::string sql =
            "INSERT INTO events (terminal_id, event_id, seq, type, occurred_at, received_at, "
            "payload) VALUES ";
        std::vector<std::string> params{terminalId, now};
        for (size_t i = 0; i < events.size(); ++i) {
            const auto& e = events[i];
            const size_t p = params.size();
            sql += (i ? ", " : "") + std::string("($1, $") + std::to_string(p + 1) + ", $" +
                   std::to_string(p + 2) + ", $" + std::to_string(p + 3) + ", $" +
                   std::to_string(p + 4) + ", $2, $" + std::to_string(p + 5) + ")";
            params.insert(params.end(), {e.eventId, std::to_string(e.seq), e.type,
                                         std::to_string(e.occurredAtMs), e.payload});
        }
        sql += " ON CONFLICT DO NOTHING";
        auto r = pgRun(conn, sql, params, "storing a batch of events");
        if (!r)
            return r.error();
        result.applied = std::stoll(PQcmdTuples(r->get()));
        result.duplicates = static_cast<int64_t>(events.size()) - result.applied;
    }
    // Each change of the terminal's software once, before the terminal's row takes the new one.
    const std::string software = sync::softwareUpdateJson(status.update).dump();
    auto history = pgRun(conn,
                         "INSERT INTO update_history (terminal_id, at, status) SELECT $1, $2, $3 "
                         "WHERE (SELECT software_update FROM terminals WHERE id = $1) IS DISTINCT "
                         "FROM $3",
                         {terminalId, now, software}, "keeping a terminal's software history");
    if (!history)
        return history.error();
    auto touched = pgRun(
        conn,
        "UPDATE terminals SET last_contact = $2, software = $3, catalog_version = "
        "$4, backlog = $5, last_error = $6, bundle_versions = $7, "
        "bundle_error = $8, events_received = events_received + $9, software_update = $10 "
        "WHERE id = $1",
        {terminalId, now, status.software, std::to_string(status.catalogVersion),
         std::to_string(status.backlog), status.lastError, nlohmann::json(status.bundles).dump(),
         status.bundleError, std::to_string(result.applied), software},
        "noting a terminal's contact");
    if (!touched)
        return touched.error();
    if (auto c = tx.commit(); !c)
        return c.error();
    return result;
}

Result<int64_t> PostgresCentralStore::countEvents(const std::string& terminalId,
                                                  const std::string& type) {
    const auto lease = pool_->acquire();
    PGconn* const conn = lease.conn;
    auto r =
        pgRun(conn, "SELECT count(*) FROM events WHERE terminal_id = $1 AND ($2 = '' OR type = $2)",
              {terminalId, type}, "counting events");
    if (!r)
        return r.error();
    return pgInteger(r->get(), 0, 0);
}

Result<std::vector<StoredEvent>> PostgresCentralStore::eventsOccurred(
    int64_t fromMs, int64_t toMs, const std::vector<std::string>& types,
    const std::string& hallId) {
    const auto lease = pool_->acquire();
    PGconn* const conn = lease.conn;
    std::string typeArray = "{";
    for (const auto& t : types)
        typeArray += (typeArray.size() > 1 ? ",\"" : "\"") + t + "\"";
    typeArray += "}";
    auto r = pgRun(conn,
                   "SELECT t.hall_id, e.type, e.occurred_at, e.payload FROM events e JOIN "
                   "terminals t ON t.id = e.terminal_id WHERE e.occurred_at >= $1 AND "
                   "e.occurred_at < $2 AND e.type = ANY($3::text[]) AND ($4 = '' OR t.hall_id = "
                   "$4) ORDER BY e.occurred_at",
                   {std::to_string(fromMs), std::to_string(toMs), typeArray, hallId},
                   "reading a day's events");
    if (!r)
        return r.error();
    std::vector<StoredEvent> out;
    for (int i = 0; i < PQntuples(r->get()); ++i) {
        out.push_back(StoredEvent{PQgetvalue(r->get(), i, 0), PQgetvalue(r->get(), i, 1),
                                  pgInteger(r->get(), i, 2), PQgetvalue(r->get(), i, 3)});
    }
    return out;
}

Result<void> PostgresCentralStore::publish(const PublishedBundle& b) {
    const auto lease = pool_->acquire();
    PGconn* const conn = lease.conn;
    auto r =
        pgRun(conn,
              "INSERT INTO bundles (kind, version, scope, signer, published_at, signed) VALUES "
              "($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
              {b.kind, std::to_string(b.version), b.scope, b.signer,
               std::to_string(b.publishedAtMs), b.signedText},
              "publishing a bundle");
    if (!r)
        return r.error();
    if (std::string(PQcmdTuples(r->get())) != "1") {
        return fail("central.version_taken", b.kind + " version " + std::to_string(b.version) +
                                                 " was already published; give a higher version");
    }
    return {};
}

Result<std::vector<PublishedBundle>> PostgresCentralStore::bundles() {
    const auto lease = pool_->acquire();
    PGconn* const conn = lease.conn;
    auto r =
        pgRun(conn,
              "SELECT kind, version, scope, signer, published_at, signed FROM bundles ORDER BY "
              "kind, version",
              {}, "listing bundles");
    if (!r)
        return r.error();
    std::vector<PublishedBundle> out;
    for (int i = 0; i < PQntuples(r->get()); ++i) {
        out.push_back(PublishedBundle{PQgetvalue(r->get(), i, 0), pgInteger(r->get(), i, 1),
                                      PQgetvalue(r->get(), i, 2), PQgetvalue(r->get(), i, 3),
                                      pgInteger(r->get(), i, 4), PQgetvalue(r->get(), i, 5)});
    }
    return out;
}

Result<void> PostgresCentralStore::noteSoftwareUpdate(const std::string& terminalId,
                                                      const std::string& status, int64_t nowMs) {
    const auto lease = pool_->acquire();
    PgTransaction tx(lease.conn);
    if (auto b = tx.begin(); !b)
        return b.error();
    for (const char* sql :
         {"INSERT INTO update_history (terminal_id, at, status) SELECT $1, $2, $3 WHERE "
          "(SELECT software_update FROM terminals WHERE id = $1) IS DISTINCT FROM $3",
          "UPDATE terminals SET software_update = $3, last_contact = GREATEST(last_contact, $2) "
          "WHERE id = $1"}) {
        auto r = pgRun(lease.conn, sql, {terminalId, std::to_string(nowMs), status},
                       "noting a terminal's software");
        if (!r)
            return r.error();
    }
    return tx.commit();
}

Result<int64_t> PostgresCentralStore::createRollout(const RolloutRecord& rollout) {
    const auto lease = pool_->acquire();
    auto r =
        pgRun(lease.conn,
              "INSERT INTO rollouts (bundle_version, definition, state, created_at, created_by) "
              "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id",
              {std::to_string(rollout.bundleVersion), rollout.definition, rollout.state,
               std::to_string(rollout.createdAtMs), rollout.createdBy},
              "creating a rollout");
    if (!r)
        return r.error();
    if (PQntuples(r->get()) == 0) {
        return fail("central.rollout_exists", "software bundle version " +
                                                  std::to_string(rollout.bundleVersion) +
                                                  " is being rolled out already");
    }
    return pgInteger(r->get(), 0, 0);
}

Result<std::vector<RolloutRecord>> PostgresCentralStore::rollouts() {
    const auto lease = pool_->acquire();
    auto r = pgRun(lease.conn,
                   "SELECT id, bundle_version, definition, state, created_at, created_by FROM "
                   "rollouts ORDER BY id",
                   {}, "listing rollouts");
    if (!r)
        return r.error();
    std::vector<RolloutRecord> out;
    for (int i = 0; i < PQntuples(r->get()); ++i) {
        out.push_back(RolloutRecord{pgInteger(r->get(), i, 0), pgInteger(r->get(), i, 1),
                                    PQgetvalue(r->get(), i, 2), PQgetvalue(r->get(), i, 3),
                                    pgInteger(r->get(), i, 4), PQgetvalue(r->get(), i, 5)});
    }
    return out;
}

Result<void> PostgresCentralStore::setRolloutState(int64_t id, const std::string& state) {
    const auto lease = pool_->acquire();
    auto r = pgRun(lease.conn, "UPDATE rollouts SET state = $2 WHERE id = $1",
                   {std::to_string(id), state}, "changing a rollout");
    if (!r)
        return r.error();
    if (std::string(PQcmdTuples(r->get())) != "1")
        return fail("central.unknown_rollout", "there is no rollout " + std::to_string(id));
    return {};
}

Result<std::vector<UpdateHistoryEntry>> PostgresCentralStore::updateHistory(
    const std::string& terminalId) {
    const auto lease = pool_->acquire();
    auto r = pgRun(lease.conn,
                   "SELECT at, status FROM update_history WHERE terminal_id = $1 ORDER BY at, id",
                   {terminalId}, "reading a terminal's software history");
    if (!r)
        return r.error();
    std::vector<UpdateHistoryEntry> out;
    for (int i = 0; i < PQntuples(r->get()); ++i)
        out.push_back(UpdateHistoryEntry{pgInteger(r->get(), i, 0), PQgetvalue(r->get(), i, 1)});
    return out;
}

Result<std::unique_ptr<CentralStore>> openCentralStore(const std::string& database) {
    if (database.rfind("postgresql://", 0) == 0 || database.rfind("postgres://", 0) == 0) {
        auto pg = PostgresCentralStore::open(database);
        if (!pg)
            return pg.error();
        return std::unique_ptr<CentralStore>(std::move(pg).value());
    }
    auto sqlite = SqliteCentralStore::open(database);
    if (!sqlite)
        return sqlite.error();
    return std::unique_ptr<CentralStore>(std::move(sqlite).value());
}

}  // namespace hall
