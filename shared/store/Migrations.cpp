#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/HallStore.h"

namespace hall {

namespace {

// Append only: a migration that has shipped is never edited, because halls already ran it.
const std::vector<const char*>& migrations() {
    static const std::vector<const char*> all{
        // 1: tickets and the outbox of events for the central service.
        R"sql(
        CREATE TABLE store_meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE tickets (
            id          TEXT PRIMARY KEY,      -- random 128-bit hex; carried by the ticket's QR
            service_day TEXT NOT NULL,         -- YYYY-MM-DD in the hall's UTC offset
            service     TEXT NOT NULL,         -- the service letter
            seq         INTEGER NOT NULL,      -- 1, 2, 3 … per service per day
            number      TEXT NOT NULL,         -- A001
            priority    TEXT,                  -- NULL or a PriorityCategory code
            status      TEXT NOT NULL,
            issued_at   INTEGER NOT NULL,      -- Unix milliseconds
            UNIQUE (service_day, service, seq)
        );
        CREATE INDEX tickets_by_day_status ON tickets (service_day, status);
        CREATE TABLE outbox (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id    TEXT NOT NULL UNIQUE,
            type        TEXT NOT NULL,
            occurred_at INTEGER NOT NULL,
            payload     TEXT NOT NULL
        );
        )sql",
        // 2: the hall's queue across terminals: calls, windows, staff, ratings, idempotent
        // requests.
        R"sql(
        ALTER TABLE tickets ADD COLUMN queue_key REAL;
        ALTER TABLE tickets ADD COLUMN appointment_at INTEGER;
        ALTER TABLE tickets ADD COLUMN transferred_to TEXT;
        ALTER TABLE tickets ADD COLUMN target_window INTEGER;
        ALTER TABLE tickets ADD COLUMN called_window INTEGER;
        ALTER TABLE tickets ADD COLUMN called_by TEXT NOT NULL DEFAULT '';
        ALTER TABLE tickets ADD COLUMN called_at INTEGER;
        ALTER TABLE tickets ADD COLUMN recalls INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE tickets ADD COLUMN finished_at INTEGER;
        ALTER TABLE tickets ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
        ALTER TABLE tickets ADD COLUMN note TEXT NOT NULL DEFAULT '';
        ALTER TABLE tickets ADD COLUMN no_show_at INTEGER;
        UPDATE tickets SET queue_key = issued_at;
        CREATE TABLE windows (
            number     INTEGER PRIMARY KEY,
            status     TEXT NOT NULL,          -- closed | open | paused
            staff_id   TEXT NOT NULL DEFAULT '',
            changed_at INTEGER NOT NULL
        );
        CREATE TABLE staff_logins (
            staff_id     TEXT PRIMARY KEY,
            failures     INTEGER NOT NULL,
            locked_until INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE staff_sessions (
            token_hash TEXT PRIMARY KEY,       -- SHA-256 of the token: a stolen file holds no token
            staff_id   TEXT NOT NULL,
            device_id  TEXT NOT NULL,
            expires_at INTEGER NOT NULL
        );
        CREATE TABLE ratings (
            ticket_id TEXT PRIMARY KEY REFERENCES tickets (id),
            score     INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
            reasons   TEXT NOT NULL,
            via       TEXT NOT NULL,           -- kiosk | counter
            rated_at  INTEGER NOT NULL
        );
        CREATE TABLE service_times (
            service         TEXT PRIMARY KEY,
            average_seconds REAL NOT NULL,
            samples         INTEGER NOT NULL
        );
        CREATE TABLE requests (
            idempotency_key TEXT PRIMARY KEY,  -- device id + ':' + the client's key
            result          TEXT NOT NULL,
            at              INTEGER NOT NULL
        );
        )sql",
        // 3: proof screening: the request on a ticket, what was screened, the register of
        // issued proofs (出具证明登记台账) and the refusals.
        R"sql(
        ALTER TABLE tickets ADD COLUMN request_item TEXT NOT NULL DEFAULT '';
        ALTER TABLE tickets ADD COLUMN request_name TEXT NOT NULL DEFAULT '';
        ALTER TABLE tickets ADD COLUMN proof_status TEXT NOT NULL DEFAULT '';
        ALTER TABLE tickets ADD COLUMN proof_number TEXT NOT NULL DEFAULT '';
        CREATE TABLE screenings (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            service_day TEXT NOT NULL,
            at          INTEGER NOT NULL,
            via         TEXT NOT NULL,         -- kiosk | counter
            decision    TEXT NOT NULL,         -- permitted | not_issued | unknown
            item_id     TEXT NOT NULL DEFAULT '',
            department  TEXT NOT NULL DEFAULT '',
            words       TEXT NOT NULL DEFAULT ''  -- unknown only: normalised, no digits
        );
        CREATE INDEX screenings_by_day ON screenings (service_day);
        CREATE TABLE proof_register (
            number          TEXT PRIMARY KEY,  -- 2026-0001: the year and its sequence
            year            INTEGER NOT NULL,
            seq             INTEGER NOT NULL,
            service_day     TEXT NOT NULL,
            issued_at       INTEGER NOT NULL,
            ticket_id       TEXT NOT NULL,
            item_id         TEXT NOT NULL,
            item_name       TEXT NOT NULL,
            resident_masked TEXT NOT NULL,     -- 220***********123X
            resident_hash   TEXT NOT NULL,     -- keyed hash: the same resident, never the number
            staff_id        TEXT NOT NULL,
            window          INTEGER NOT NULL,
            UNIQUE (year, seq)
        );
        CREATE TABLE proof_refusals (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            service_day TEXT NOT NULL,
            at          INTEGER NOT NULL,
            ticket_id   TEXT NOT NULL,
            item_id     TEXT NOT NULL,
            reason      TEXT NOT NULL,         -- a decline reason, or not_issuable (the system's)
            staff_id    TEXT NOT NULL,
            window      INTEGER NOT NULL
        );
        )sql",
        // 4: a resident who identified with a QR code at the terminal: who, masked and hashed,
        // on the ticket, so the counter need not ask again (数据一次采集).
        R"sql(
        ALTER TABLE tickets ADD COLUMN resident_masked TEXT NOT NULL DEFAULT '';
        ALTER TABLE tickets ADD COLUMN resident_hash TEXT NOT NULL DEFAULT '';
        )sql",
        // 5: what an attack on the hall showed (issue 11). An idempotency key remembers what it
        // asked for. Wrong PINs count per staff member and counter, so one counter cannot lock
        // a colleague out everywhere. ID numbers at rest: no masked form (6+4 left only the
        // birth date to guess) and no fast hash; rows written before keep neither, since
        // neither can be turned into the slow hash without the number. Typed words are no
        // longer kept, in the store or in events waiting to be sent.
        R"sql(
        ALTER TABLE requests ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
        CREATE TABLE staff_login_failures (
            staff_id     TEXT NOT NULL,
            device_id    TEXT NOT NULL,
            failures     INTEGER NOT NULL,
            locked_until INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (staff_id, device_id)
        );
        DROP TABLE staff_logins;
        UPDATE tickets SET resident_masked = '', resident_hash = '';
        UPDATE proof_register SET resident_masked = '', resident_hash = '';
        UPDATE screenings SET words = '';
        UPDATE outbox SET payload = json_remove(payload, '$.resident_masked', '$.words')
            WHERE json_valid(payload);
        )sql",
        // 6: calls for help from a resident at a terminal (一键呼叫, issue 15): which terminal,
        // the screen the resident was on, and who answered when.
        R"sql(
        CREATE TABLE help_calls (
            id              INTEGER PRIMARY KEY,
            service_day     TEXT NOT NULL,
            terminal        TEXT NOT NULL,
            doing           TEXT NOT NULL,
            called_ms       INTEGER NOT NULL,
            acknowledged_ms INTEGER NOT NULL DEFAULT 0,
            acknowledged_by TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX help_calls_by_day ON help_calls (service_day, acknowledged_ms);
        )sql",
    };
    return all;
}

}  // namespace

int latestSchemaVersion() {
    return static_cast<int>(migrations().size());
}

namespace {

// For each migration, the oldest schema whose software can still use a store that has had it.
// Software goes back a release when an update fails to prove itself (docs/updates.md), and
// must then open the store the new release migrated: a migration that only adds (a table, an
// index, a column with a default) names the version before it, so the release before still
// opens the store; one that changes what is there names itself. Append only, with migrations().
constexpr int kOldestReader[] = {1, 2, 3, 4, 5, 5};

Result<int> oldestReader(Database& db, int version) {
    auto stmt = Statement::prepare(db, "SELECT value FROM store_meta WHERE key = 'oldest_reader'");
    if (!stmt)
        return version;  // no such table: not a store this software can say anything about
    auto row = stmt->step("reading which software may use the store");
    if (!row)
        return row.error();
    if (!*row)
        return version;  // not recorded: only software that knows this version
    try {
        return std::stoi(stmt->text(0));
    } catch (const std::exception&) {
        return version;
    }
}

Result<int> schemaVersion(Database& db) {
    auto version = Statement::prepare(db, "PRAGMA user_version");
    if (!version)
        return version.error();
    auto row = version->step("reading the schema version");
    if (!row)
        return row.error();
    return static_cast<int>(version->integer(0));
}

}  // namespace

Result<void> migrate(Database& db) {
    if (std::size(kOldestReader) != migrations().size())
        throw std::logic_error("each schema migration needs its oldest reader in kOldestReader");
    auto version = schemaVersion(db);
    if (!version)
        return version.error();
    const int current = *version;
    if (current > latestSchemaVersion()) {
        // A newer release migrated the store, and this one runs again (an update rolled back):
        // allowed when the newer migrations only added to what this software knows.
        auto oldest = oldestReader(db, current);
        if (!oldest)
            return oldest.error();
        if (*oldest <= latestSchemaVersion())
            return {};
        return fail("store.too_new",
                    db.file().string() + ": schema version " + std::to_string(current) +
                        " is newer than this software knows (" +
                        std::to_string(latestSchemaVersion()) + ") and needs software of schema " +
                        std::to_string(*oldest) +
                        " or newer; install the newer software or restore a matching backup");
    }
    for (int v = current + 1; v <= latestSchemaVersion(); ++v) {
        const std::string what = "applying schema migration " + std::to_string(v);
        auto tx = Transaction::begin(db, what);
        if (!tx)
            return tx.error();
        if (auto r = db.exec(migrations()[static_cast<size_t>(v - 1)], what); !r)
            return r;
        if (auto r = db.exec("PRAGMA user_version = " + std::to_string(v), what); !r)
            return r;
        // Never lowered: an older migration applied later does not make the store older.
        const int reader = kOldestReader[v - 1];
        if (auto r = db.exec("INSERT INTO store_meta (key, value) VALUES ('oldest_reader', '" +
                                 std::to_string(reader) +
                                 "') ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS "
                                 "INTEGER), CAST(excluded.value AS INTEGER))",
                             what);
            !r)
            return r;
        if (auto r = tx->commit(); !r)
            return r;
    }
    if (current < latestSchemaVersion()) {
        // What a migration wiped must not linger in the write-ahead log either.
        (void)db.exec("PRAGMA wal_checkpoint(TRUNCATE)", "checkpointing after migration");
    }
    return {};
}

}  // namespace hall
