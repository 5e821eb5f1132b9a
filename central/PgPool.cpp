#include "PgPool.h"

#include <algorithm>

namespace hall {

Result<PgResultPtr> pgRun(PGconn* conn, const std::string& sql,
                          const std::vector<std::string>& params, const std::string& what) {
    std::vector<const char*> values;
    for (const auto& p : params)
        values.push_back(p.c_str());
    const bool outsideTransaction = PQtransactionStatus(conn) == PQTRANS_IDLE;
    auto exec = [&] {
        return PgResultPtr(PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                        values.data(), nullptr, nullptr, 0),
                           PQclear);
    };
    auto ok = [](const PgResultPtr& r) {
        const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    };
    PgResultPtr r = exec();
    if (!ok(r) && outsideTransaction && PQstatus(conn) == CONNECTION_BAD) {
        PQreset(conn);
        if (PQstatus(conn) == CONNECTION_OK)
            r = exec();
    }
    if (!ok(r))
        return fail("store.error", "central database: " + what + ": " + PQerrorMessage(conn));
    return r;
}

int64_t pgInteger(PGresult* r, int row, int col) {
    return std::stoll(PQgetvalue(r, row, col));
}

Result<void> PgTransaction::begin() {
    auto r = pgRun(conn_, "BEGIN", {}, "starting a transaction");
    if (!r)
        return r.error();
    open_ = true;
    return {};
}

Result<void> PgTransaction::commit() {
    auto r = pgRun(conn_, "COMMIT", {}, "committing");
    open_ = false;
    if (!r)
        return r.error();
    return {};
}

PgTransaction::~PgTransaction() {
    if (open_)
        PQclear(PQexec(conn_, "ROLLBACK"));
}

Result<std::unique_ptr<PgPool>> PgPool::open(const std::string& conninfo, int connections,
                                             const char* schema) {
    std::unique_ptr<PgPool> pool(new PgPool());
    for (int i = 0; i < std::max(1, connections); ++i) {
        PGconn* conn = PQconnectdb(conninfo.c_str());
        if (!conn || PQstatus(conn) != CONNECTION_OK) {
            const std::string why = conn ? PQerrorMessage(conn) : "out of memory";
            if (conn)
                PQfinish(conn);
            return fail("store.cannot_open", "cannot connect to the central database: " + why);
        }
        PgResultPtr quiet(PQexec(conn, "SET client_min_messages = warning"), PQclear);
        pool->all_.push_back(conn);
        pool->idle_.push_back(conn);
    }
    PGconn* conn = pool->first();
    PgResultPtr made(PQexec(conn, schema), PQclear);
    if (!made || PQresultStatus(made.get()) != PGRES_COMMAND_OK) {
        return fail("store.cannot_open",
                    std::string("creating the central tables: ") + PQerrorMessage(conn));
    }
    return pool;
}

PgPool::Lease PgPool::acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [this] { return !idle_.empty(); });
    PGconn* conn = idle_.back();
    idle_.pop_back();
    lock.unlock();
    // A connection a request found broken: connect again before use.
    if (PQstatus(conn) != CONNECTION_OK)
        PQreset(conn);
    return {this, conn};
}

PgPool::Lease::~Lease() {
    {
        std::lock_guard lock(pool_->mutex_);
        pool_->idle_.push_back(conn);
    }
    pool_->available_.notify_one();
}

PgPool::~PgPool() {
    for (PGconn* conn : all_)
        PQfinish(conn);
}

}  // namespace hall
