#include "ConsoleSchema.h"

namespace hall {

namespace {

// Written for both backends but for the key column types; values go in and out as text.
#define HALL_CONSOLE_TABLES(ID, BIG)                                                        \
    "CREATE TABLE IF NOT EXISTS console_logins (token_hash TEXT PRIMARY KEY, maintainer "   \
    "TEXT NOT NULL, role TEXT NOT NULL, expires_at " BIG " NOT NULL, used_at " BIG          \
    " NOT NULL DEFAULT 0);"                                                                 \
    "CREATE TABLE IF NOT EXISTS console_sessions (id_hash TEXT PRIMARY KEY, maintainer "    \
    "TEXT NOT NULL, role TEXT NOT NULL, csrf TEXT NOT NULL, created_at " BIG                \
    " NOT NULL, expires_at " BIG " NOT NULL, ended_at " BIG                                 \
    " NOT NULL DEFAULT 0);"                                                                 \
    "CREATE TABLE IF NOT EXISTS audit_log (id " ID ", at " BIG                              \
    " NOT NULL, maintainer TEXT NOT NULL, via TEXT NOT NULL, action TEXT NOT NULL, target " \
    "TEXT NOT NULL, detail TEXT NOT NULL, address TEXT NOT NULL);"                          \
    "CREATE INDEX IF NOT EXISTS audit_by_time ON audit_log (at);"                           \
    "CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, "   \
    "kind TEXT NOT NULL, message TEXT NOT NULL, signed TEXT NOT NULL, ordered_by TEXT NOT " \
    "NULL, created_at " BIG " NOT NULL, expires_at " BIG " NOT NULL, sent_at " BIG          \
    " NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'pending', detail TEXT NOT NULL "    \
    "DEFAULT '', finished_at " BIG                                                          \
    " NOT NULL DEFAULT 0);"                                                                 \
    "CREATE INDEX IF NOT EXISTS orders_by_terminal ON orders (terminal_id, status);"        \
    "CREATE TABLE IF NOT EXISTS screenshots (terminal_id TEXT PRIMARY KEY, order_id TEXT "  \
    "NOT NULL, taken_at " BIG " NOT NULL, png TEXT NOT NULL);"

constexpr const char* kSqlite = HALL_CONSOLE_TABLES("INTEGER PRIMARY KEY", "INTEGER");
constexpr const char* kPostgres = HALL_CONSOLE_TABLES("BIGSERIAL PRIMARY KEY", "BIGINT");

#undef HALL_CONSOLE_TABLES

}  // namespace

const SqlSchema kConsoleSchema{kSqlite, kPostgres};

}  // namespace hall
