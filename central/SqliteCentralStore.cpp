#include "SqliteCentralStore.h"

#include "crypto/Hashing.h"
#include "crypto/Random.h"
#include "lan/DeviceKey.h"

namespace hall {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS enrolment_codes (
    code_hash  TEXT PRIMARY KEY,   -- sha-256 of the code: a copied database enrols nobody
    hall_id    TEXT NOT NULL,
    district   TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    used_by    TEXT
);
CREATE TABLE IF NOT EXISTS terminals (
    id           TEXT PRIMARY KEY,
    hall_id      TEXT NOT NULL,
    district     TEXT NOT NULL,
    public_key   TEXT NOT NULL,     -- Ed25519, base64
    enrolled_at  INTEGER NOT NULL,
    revoked_at   INTEGER NOT NULL DEFAULT 0,
    last_contact INTEGER NOT NULL DEFAULT 0,
    software     TEXT NOT NULL DEFAULT '',
    catalog_version INTEGER NOT NULL DEFAULT 0,
    backlog      INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    bundle_versions TEXT NOT NULL DEFAULT '{}',
    bundle_error TEXT NOT NULL DEFAULT '',
    software_update TEXT NOT NULL DEFAULT '{}',
    events_received INTEGER NOT NULL DEFAULT 0  -- kept, so that no request counts events
);
CREATE TABLE IF NOT EXISTS events (
    terminal_id TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    type        TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    payload     TEXT NOT NULL,
    PRIMARY KEY (terminal_id, event_id)
);
CREATE INDEX IF NOT EXISTS events_by_type ON events (terminal_id, type);
CREATE INDEX IF NOT EXISTS events_by_time ON events (occurred_at);
CREATE TABLE IF NOT EXISTS bundles (
    kind         TEXT NOT NULL,
    version      INTEGER NOT NULL,
    scope        TEXT NOT NULL,
    signer       TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    signed       TEXT NOT NULL,
    PRIMARY KEY (kind, version)
);
CREATE TABLE IF NOT EXISTS rollouts (
    id             INTEGER PRIMARY KEY,
    bundle_version INTEGER NOT NULL UNIQUE,
    definition     TEXT NOT NULL,
    state          TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    created_by     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS update_history (
    terminal_id TEXT NOT NULL,
    at          INTEGER NOT NULL,
    status      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS update_history_by_terminal ON update_history (terminal_id, at);
)sql";

TerminalRecord readTerminal(const Statement& s) {
    TerminalRecord t;
    t.id = s.text(0);
    t.hallId = s.text(1);
    t.district = s.text(2);
    t.publicKey = fromBase64(s.text(3)).value_or(std::string());
    t.enrolledAtMs = s.integer(4);
    t.revokedAtMs = s.integer(5);
    t.lastContactMs = s.integer(6);
    t.software = s.text(7);
    t.eventsReceived = s.integer(8);
    t.catalogVersion = s.integer(9);
    t.backlog = s.integer(10);
    t.lastError = s.text(11);
    t.bundles = s.text(12);
    t.bundleError = s.text(13);
    t.softwareUpdate = s.text(14);
    return t;
}

}  // namespace

Result<Database> openCentralSqlite(const std::filesystem::path& file, const char* schema) {
    auto db = Database::open(file);
    if (!db)
        return db.error();
    for (const char* pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=5000"}) {
        if (auto r = db->exec(pragma, "setting up the central's database"); !r)
            return r.error();
    }
    if (auto r = db->exec(schema, "creating the central's tables"); !r)
        return r.error();
    return db;
}

Result<std::unique_ptr<SqliteCentralStore>> SqliteCentralStore::open(
    const std::filesystem::path& file) {
    auto db = openCentralSqlite(file, kSchema);
    if (!db)
        return db.error();
    // A store made before terminals reported their bundles, or before their events were
    // counted as they came, gains the columns.
    for (const auto& [column, added] :
         {std::pair<const char*, const char*>{
              "bundle_error",
              "ALTER TABLE terminals ADD COLUMN bundle_versions TEXT NOT NULL DEFAULT '{}'; "
              "ALTER TABLE terminals ADD COLUMN bundle_error TEXT NOT NULL DEFAULT ''"},
          {"software_update",
           "ALTER TABLE terminals ADD COLUMN software_update TEXT NOT NULL DEFAULT '{}'"},
          {"events_received",
           "ALTER TABLE terminals ADD COLUMN events_received INTEGER NOT NULL DEFAULT 0; "
           "UPDATE terminals SET events_received = (SELECT count(*) FROM events e WHERE "
           "e.terminal_id = terminals.id)"}}) {
        auto has = Statement::prepare(
            *db, "SELECT count(*) FROM pragma_table_info('terminals') WHERE name = ?1");
        if (!has)
            return has.error();
        has->bind(1, std::string(column));
        if (auto row = has->step("reading the central store's tables"); !row)
            return row.error();
        if (has->integer(0) == 0) {
            if (auto r = db->exec(added, "adding a column to the central store"); !r)
                return r.error();
        }
    }
    return std::unique_ptr<SqliteCentralStore>(new SqliteCentralStore(std::move(db).value()));
}

Result<std::string> SqliteCentralStore::createEnrolmentCode(const std::string& hallId,
                                                            const std::string& district,
                                                            int64_t expiresAtMs) {
    std::lock_guard lock(mutex_);
    const std::string code = randomHex(8);
    auto stmt =
        Statement::prepare(db_,
                           "INSERT INTO enrolment_codes (code_hash, hall_id, district, expires_at) "
                           "VALUES (?1, ?2, ?3, ?4)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, sha256Hex(code)).bind(2, hallId).bind(3, district).bind(4, expiresAtMs);
    if (auto r = stmt->run("saving an enrolment code"); !r)
        return r.error();
    return code;
}

Result<TerminalRecord> SqliteCentralStore::enrol(const std::string& code,
                                                 const std::string& terminalId,
                                                 const std::string& publicKey,
                                                 const std::string& software, int64_t nowMs) {
    std::lock_guard lock(mutex_);
    auto tx = Transaction::begin(db_, "enrolling a terminal");
    if (!tx)
        return tx.error();
    auto find =
        Statement::prepare(db_,
                           "SELECT hall_id, district, expires_at, used_by FROM enrolment_codes "
                           "WHERE code_hash = ?1");
    if (!find)
        return find.error();
    find->bind(1, sha256Hex(code));
    auto row = find->step("looking up an enrolment code");
    if (!row)
        return row.error();
    if (!*row)
        return fail("central.bad_code", "this enrolment code is not one the central service made");
    const std::string hallId = find->text(0), district = find->text(1);
    if (!find->isNull(3))
        return fail("central.code_used", "this enrolment code was already used; ask for a new one");
    if (find->integer(2) < nowMs)
        return fail("central.code_expired", "this enrolment code has expired; ask for a new one");
    auto exists = Statement::prepare(db_, "SELECT 1 FROM terminals WHERE id = ?1");
    if (!exists)
        return exists.error();
    exists->bind(1, terminalId);
    auto there = exists->step("looking up a terminal");
    if (!there)
        return there.error();
    if (*there) {
        return fail("central.terminal_exists",
                    "a terminal named \"" + terminalId + "\" is already enrolled");
    }
    auto insert = Statement::prepare(
        db_,
        "INSERT INTO terminals (id, hall_id, district, public_key, enrolled_at, software) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert)
        return insert.error();
    insert->bind(1, terminalId)
        .bind(2, hallId)
        .bind(3, district)
        .bind(4, toBase64(publicKey))
        .bind(5, nowMs)
        .bind(6, software);
    if (auto r = insert->run("enrolling a terminal"); !r)
        return r.error();
    auto use =
        Statement::prepare(db_, "UPDATE enrolment_codes SET used_by = ?2 WHERE code_hash = ?1");
    if (!use)
        return use.error();
    use->bind(1, sha256Hex(code)).bind(2, terminalId);
    if (auto r = use->run("using up an enrolment code"); !r)
        return r.error();
    if (auto r = tx->commit(); !r)
        return r.error();
    return TerminalRecord{terminalId, hallId, district, publicKey, nowMs, 0,  0,   software,
                          0,          0,      0,        {},        "{}",  {}, "{}"};
}

namespace {
constexpr const char* kTerminalColumns =
    "SELECT t.id, t.hall_id, t.district, t.public_key, t.enrolled_at, t.revoked_at, "
    "t.last_contact, t.software, t.events_received, "
    "t.catalog_version, t.backlog, t.last_error, t.bundle_versions, t.bundle_error, "
    "t.software_update "
    "FROM terminals t ";
}  // namespace

Result<std::optional<TerminalRecord>> SqliteCentralStore::terminal(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(db_, std::string(kTerminalColumns) + "WHERE t.id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step("looking up a terminal");
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<TerminalRecord>();
    return std::optional<TerminalRecord>(readTerminal(*stmt));
}

Result<std::vector<TerminalRecord>> SqliteCentralStore::terminals() {
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(db_, std::string(kTerminalColumns) + "ORDER BY t.hall_id, t.id");
    if (!stmt)
        return stmt.error();
    std::vector<TerminalRecord> out;
    while (true) {
        auto row = stmt->step("listing terminals");
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.push_back(readTerminal(*stmt));
    }
}

Result<void> SqliteCentralStore::revoke(const std::string& terminalId, int64_t nowMs) {
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(db_, "UPDATE terminals SET revoked_at = ?2 WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, terminalId).bind(2, nowMs);
    return stmt->run("revoking a terminal");
}

Result<IngestResult> SqliteCentralStore::ingest(const std::string& terminalId,
                                                const std::vector<OutboxEvent>& events,
                                                const sync::TerminalStatus& status, int64_t nowMs) {
    std::lock_guard lock(mutex_);
    auto tx = Transaction::begin(db_, "storing uploaded events");
    if (!tx)
        return tx.error();
    auto insert = Statement::prepare(
        db_,
        "INSERT INTO events (terminal_id, event_id, seq, type, occurred_at, received_at, "
        "payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING");
    if (!insert)
        return insert.error();
    IngestResult result;
    for (const auto& e : events) {
        insert->reset();
        insert->bind(1, terminalId)
            .bind(2, e.eventId)
            .bind(3, e.seq)
            .bind(4, e.type)
            .bind(5, e.occurredAtMs)
            .bind(6, nowMs)
            .bind(7, e.payload);
        if (auto r = insert->run("storing an event"); !r)
            return r.error();
        if (sqlite3_changes(db_.handle()) > 0)
            ++result.applied;
        else
            ++result.duplicates;
    }
    // Each change of the terminal's software once, before the terminal's row takes the new one.
    const std::string software = sync::softwareUpdateJson(status.update).dump();
    auto history = Statement::prepare(
        db_,
        "INSERT INTO update_history (terminal_id, at, status) SELECT ?1, ?2, ?3 WHERE "
        "(SELECT software_update FROM terminals WHERE id = ?1) IS NOT ?3");
    if (!history)
        return history.error();
    history->bind(1, terminalId).bind(2, nowMs).bind(3, software);
    if (auto r = history->run("keeping a terminal's software history"); !r)
        return r.error();
    auto touch = Statement::prepare(
        db_,
        "UPDATE terminals SET last_contact = ?2, software = ?3, catalog_version = ?4, "
        "backlog = ?5, last_error = ?6, bundle_versions = ?7, bundle_error = ?8, "
        "events_received = events_received + ?9, software_update = ?10 WHERE id = ?1");
    if (!touch)
        return touch.error();
    touch->bind(1, terminalId)
        .bind(2, nowMs)
        .bind(3, status.software)
        .bind(4, status.catalogVersion)
        .bind(5, status.backlog)
        .bind(6, status.lastError)
        .bind(7, nlohmann::json(status.bundles).dump())
        .bind(8, status.bundleError)
        .bind(9, result.applied)
        .bind(10, software);
    if (auto r = touch->run("noting a terminal's contact"); !r)
        return r.error();
    if (auto r = tx->commit(); !r)
        return r.error();
    return result;
}

Result<int64_t> SqliteCentralStore::countEvents(const std::string& terminalId,
                                                const std::string& type) {
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(
        db_, "SELECT count(*) FROM events WHERE terminal_id = ?1 AND (?2 = '' OR type = ?2)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, terminalId).bind(2, type);
    auto row = stmt->step("counting events");
    if (!row)
        return row.error();
    return stmt->integer(0);
}

Result<std::vector<StoredEvent>> SqliteCentralStore::eventsOccurred(
    int64_t fromMs, int64_t toMs, const std::vector<std::string>& types,
    const std::string& hallId) {
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(
        db_,
        "SELECT t.hall_id, e.type, e.occurred_at, e.payload FROM events e JOIN terminals t ON "
        "t.id = e.terminal_id WHERE e.occurred_at >= ?1 AND e.occurred_at < ?2 AND e.type IN "
        "(SELECT value FROM json_each(?3)) AND (?4 = '' OR t.hall_id = ?4) ORDER BY "
        "e.occurred_at");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, fromMs).bind(2, toMs).bind(3, nlohmann::json(types).dump()).bind(4, hallId);
    std::vector<StoredEvent> out;
    while (true) {
        auto row = stmt->step("reading a day's events");
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.push_back(StoredEvent{stmt->text(0), stmt->text(1), stmt->integer(2), stmt->text(3)});
    }
}

Result<void> SqliteCentralStore::publish(const PublishedBundle& b) {
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(
        db_,
        "INSERT INTO bundles (kind, version, scope, signer, published_at, signed) VALUES (?1, "
        "?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, b.kind)
        .bind(2, b.version)
        .bind(3, b.scope)
        .bind(4, b.signer)
        .bind(5, b.publishedAtMs)
        .bind(6, b.signedText);
    if (auto r = stmt->run("publishing a bundle"); !r)
        return r.error();
    if (sqlite3_changes(db_.handle()) == 0) {
        return fail("central.version_taken", b.kind + " version " + std::to_string(b.version) +
                                                 " was already published; give a higher version");
    }
    return {};
}

Result<std::vector<PublishedBundle>> SqliteCentralStore::bundles() {
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(db_,
                                   "SELECT kind, version, scope, signer, published_at, signed "
                                   "FROM bundles ORDER BY kind, version");
    if (!stmt)
        return stmt.error();
    std::vector<PublishedBundle> out;
    while (true) {
        auto row = stmt->step("listing bundles");
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.push_back(PublishedBundle{stmt->text(0), stmt->integer(1), stmt->text(2), stmt->text(3),
                                      stmt->integer(4), stmt->text(5)});
    }
}

Result<void> SqliteCentralStore::noteSoftwareUpdate(const std::string& terminalId,
                                                    const std::string& status, int64_t nowMs) {
    std::lock_guard lock(mutex_);
    auto tx = Transaction::begin(db_, "noting a terminal's software");
    if (!tx)
        return tx.error();
    for (const char* sql :
         {"INSERT INTO update_history (terminal_id, at, status) SELECT ?1, ?2, ?3 WHERE "
          "(SELECT software_update FROM terminals WHERE id = ?1) IS NOT ?3",
          "UPDATE terminals SET software_update = ?3, last_contact = max(last_contact, ?2) "
          "WHERE id = ?1"}) {
        auto stmt = Statement::prepare(db_, sql);
        if (!stmt)
            return stmt.error();
        stmt->bind(1, terminalId).bind(2, nowMs).bind(3, status);
        if (auto r = stmt->run("noting a terminal's software"); !r)
            return r.error();
    }
    return tx->commit();
}

Result<int64_t> SqliteCentralStore::createRollout(const RolloutRecord& r) {
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(
        db_,
        "INSERT INTO rollouts (bundle_version, definition, state, created_at, created_by) VALUES "
        "(?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, r.bundleVersion)
        .bind(2, r.definition)
        .bind(3, r.state)
        .bind(4, r.createdAtMs)
        .bind(5, r.createdBy);
    if (auto done = stmt->run("creating a rollout"); !done)
        return done.error();
    if (sqlite3_changes(db_.handle()) == 0) {
        return fail("central.rollout_exists", "software bundle version " +
                                                  std::to_string(r.bundleVersion) +
                                                  " is being rolled out already");
    }
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_.handle()));
}

Result<std::vector<RolloutRecord>> SqliteCentralStore::rollouts() {
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(db_,
                                   "SELECT id, bundle_version, definition, state, created_at, "
                                   "created_by FROM rollouts ORDER BY id");
    if (!stmt)
        return stmt.error();
    std::vector<RolloutRecord> out;
    while (true) {
        auto row = stmt->step("listing rollouts");
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.push_back(RolloutRecord{stmt->integer(0), stmt->integer(1), stmt->text(2),
                                    stmt->text(3), stmt->integer(4), stmt->text(5)});
    }
}

Result<void> SqliteCentralStore::setRolloutState(int64_t id, const std::string& state) {
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(db_, "UPDATE rollouts SET state = ?2 WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id).bind(2, state);
    if (auto r = stmt->run("changing a rollout"); !r)
        return r.error();
    if (sqlite3_changes(db_.handle()) == 0)
        return fail("central.unknown_rollout", "there is no rollout " + std::to_string(id));
    return {};
}

Result<std::vector<UpdateHistoryEntry>> SqliteCentralStore::updateHistory(
    const std::string& terminalId) {
    std::lock_guard lock(mutex_);
    auto stmt = Statement::prepare(
        db_, "SELECT at, status FROM update_history WHERE terminal_id = ?1 ORDER BY at, rowid");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, terminalId);
    std::vector<UpdateHistoryEntry> out;
    while (true) {
        auto row = stmt->step("reading a terminal's software history");
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.push_back(UpdateHistoryEntry{stmt->integer(0), stmt->text(1)});
    }
}

}  // namespace hall
