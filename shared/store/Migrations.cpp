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
    };
    return all;
}

}  // namespace

int latestSchemaVersion() {
    return static_cast<int>(migrations().size());
}

namespace {

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
    auto version = schemaVersion(db);
    if (!version)
        return version.error();
    const int current = *version;
    if (current > latestSchemaVersion()) {
        return fail("store.too_new",
                    db.file().string() + ": schema version " + std::to_string(current) +
                        " is newer than this software knows (" +
                        std::to_string(latestSchemaVersion()) +
                        "); install the newer software or restore a matching backup");
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
        if (auto r = tx->commit(); !r)
            return r;
    }
    return {};
}

}  // namespace hall
