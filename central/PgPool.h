#pragma once
#include <libpq-fe.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "Result.h"

namespace hall {

using PgResultPtr = std::unique_ptr<PGresult, void (*)(PGresult*)>;

// A statement with text parameters; an error names what was being done.
// A pooled connection learns that the server restarted (or the network cut it) only when it is
// next used. Outside a transaction nothing is lost with it: connect again and run the statement
// once more. Inside one the transaction is gone, so the statement fails and the request with it.
Result<PgResultPtr> pgRun(PGconn* conn, const std::string& sql,
                          const std::vector<std::string>& params, const std::string& what);
int64_t pgInteger(PGresult* r, int row, int col);

// Rolls back unless committed, like the SQLite store's Transaction.
class PgTransaction {
  public:
    explicit PgTransaction(PGconn* conn) : conn_(conn) {}
    PgTransaction(const PgTransaction&) = delete;
    PgTransaction& operator=(const PgTransaction&) = delete;
    Result<void> begin();
    Result<void> commit();
    ~PgTransaction();

  private:
    PGconn* conn_;
    bool open_ = false;
};

// A central instance's connections to the shared database, one per request at a time.
class PgPool {
  public:
    // `conninfo`: a libpq connection string or URI; `schema` is run once on the first.
    static Result<std::unique_ptr<PgPool>> open(const std::string& conninfo, int connections,
                                                const char* schema);
    ~PgPool();

    // A connection of the pool, for one request; back in the pool when dropped.
    class Lease {
      public:
        Lease(PgPool* pool, PGconn* conn) : pool_(pool), conn(conn) {}
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();

      private:
        PgPool* pool_;

      public:
        PGconn* const conn;
    };
    Lease acquire();
    // The first connection, for setting up before any request (migrations).
    PGconn* first() { return all_.front(); }

  private:
    PgPool() = default;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<PGconn*> idle_;
    std::vector<PGconn*> all_;
};

}  // namespace hall
