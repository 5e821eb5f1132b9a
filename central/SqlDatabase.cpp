#include "SqlDatabase.h"

#include <mutex>

#include "PgPool.h"
#include "SqliteCentralStore.h"
#include "store/Sqlite.h"

namespace hall {

namespace {

bool isPostgres(const std::string& database) {
    return database.rfind("postgresql://", 0) == 0 || database.rfind("postgres://", 0) == 0;
}

// ? → $1, $2, … outside quoted text.
std::string numbered(const std::string& sql) {
    std::string out;
    int n = 0;
    bool quoted = false;
    for (char c : sql) {
        if (c == '\'')
            quoted = !quoted;
        if (c == '?' && !quoted)
            out += "$" + std::to_string(++n);
        else
            out += c;
    }
    return out;
}

class SqliteSql final : public SqlDatabase {
  public:
    explicit SqliteSql(Database db) : db_(std::move(db)) {}

    Result<std::vector<Row>> query(const std::string& sql, const std::vector<Value>& params,
                                   const std::string& what) override {
        std::lock_guard lock(mutex_);
        return run(sql, params, what);
    }

    Result<void> transaction(const std::function<Result<void>(SqlDatabase&)>& work,
                             const std::string& what) override {
        std::lock_guard lock(mutex_);
        auto tx = Transaction::begin(db_, what);
        if (!tx)
            return tx.error();
        auto done = work(*this);
        if (!done)
            return done;  // the transaction rolls back as it goes
        return tx->commit();
    }

  private:
    Result<std::vector<Row>> run(const std::string& sql, const std::vector<Value>& params,
                                 const std::string& what) {
        auto s = Statement::prepare(db_, sql);
        if (!s)
            return s.error();
        for (size_t i = 0; i < params.size(); ++i) {
            if (params[i])
                s->bind(static_cast<int>(i + 1), std::string_view(*params[i]));
            else
                s->bindNull(static_cast<int>(i + 1));
        }
        std::vector<Row> rows;
        while (true) {
            auto row = s->step(what);
            if (!row)
                return row.error();
            if (!*row)
                break;
            Row r;
            for (int c = 0; c < s->columns(); ++c)
                r.push_back(s->isNull(c) ? std::string() : s->text(c));
            rows.push_back(std::move(r));
        }
        return rows;
    }

    // Recursive: a transaction's work runs its statements through query() on the same thread.
    std::recursive_mutex mutex_;
    Database db_;
};

// One leased connection: what a transaction's work runs on.
class PgConnectionSql final : public SqlDatabase {
  public:
    explicit PgConnectionSql(PGconn* conn) : conn_(conn) {}
    Result<std::vector<Row>> query(const std::string& sql, const std::vector<Value>& params,
                                   const std::string& what) override {
        std::vector<std::string> values;
        std::vector<const char*> pointers;
        values.reserve(params.size());
        for (const auto& p : params) {
            values.push_back(p.value_or(""));
            pointers.push_back(p ? values.back().c_str() : nullptr);
        }
        PgResultPtr r(PQexecParams(conn_, numbered(sql).c_str(), static_cast<int>(pointers.size()),
                                   nullptr, pointers.data(), nullptr, nullptr, 0),
                      PQclear);
        const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            return fail("store.error", "central database: " + what + ": " + PQerrorMessage(conn_));
        std::vector<Row> rows;
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            Row row;
            for (int c = 0; c < PQnfields(r.get()); ++c)
                row.push_back(PQgetvalue(r.get(), i, c));
            rows.push_back(std::move(row));
        }
        return rows;
    }
    Result<void> transaction(const std::function<Result<void>(SqlDatabase&)>&,
                             const std::string& what) override {
        return fail("store.error", "central database: " + what + ": a transaction inside one");
    }

  private:
    PGconn* conn_;
};

class PostgresSql final : public SqlDatabase {
  public:
    explicit PostgresSql(std::unique_ptr<PgPool> pool) : pool_(std::move(pool)) {}

    Result<std::vector<Row>> query(const std::string& sql, const std::vector<Value>& params,
                                   const std::string& what) override {
        const auto lease = pool_->acquire();
        PgConnectionSql on(lease.conn);
        auto rows = on.query(sql, params, what);
        // A connection the server dropped (a restart) is made again, and the statement, outside
        // any transaction, run once more.
        if (!rows && PQstatus(lease.conn) == CONNECTION_BAD) {
            PQreset(lease.conn);
            if (PQstatus(lease.conn) == CONNECTION_OK)
                rows = on.query(sql, params, what);
        }
        return rows;
    }

    Result<void> transaction(const std::function<Result<void>(SqlDatabase&)>& work,
                             const std::string&) override {
        const auto lease = pool_->acquire();
        PgTransaction tx(lease.conn);
        if (auto b = tx.begin(); !b)
            return b;
        PgConnectionSql on(lease.conn);
        if (auto done = work(on); !done)
            return done;
        return tx.commit();
    }

  private:
    std::unique_ptr<PgPool> pool_;
};

}  // namespace

Result<std::unique_ptr<SqlDatabase>> openSqlDatabase(const std::string& database,
                                                     const SqlSchema& schema) {
    if (isPostgres(database)) {
        auto pool = PgPool::open(database, 4, schema.postgres);
        if (!pool)
            return pool.error();
        return std::unique_ptr<SqlDatabase>(new PostgresSql(std::move(pool).value()));
    }
    auto db = openCentralSqlite(database, schema.sqlite);
    if (!db)
        return db.error();
    return std::unique_ptr<SqlDatabase>(new SqliteSql(std::move(db).value()));
}

}  // namespace hall
