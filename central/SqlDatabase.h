#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "Result.h"

namespace hall {

// The central's database for tables written once for both backends (the console's sessions,
// orders, the audit log): statements with `?` placeholders, every value passed and read as
// text. The older stores (CentralStore, HealthStore) keep their own per-backend SQL; new
// tables need not.
class SqlDatabase {
  public:
    using Row = std::vector<std::string>;
    using Value = std::optional<std::string>;  // nullopt: NULL

    virtual ~SqlDatabase() = default;
    // The rows a statement returns (none for one that returns none); `what` names it in errors.
    virtual Result<std::vector<Row>> query(const std::string& sql, const std::vector<Value>& params,
                                           const std::string& what) = 0;
    // Runs `work` as one transaction on one connection: committed if it succeeds, rolled back
    // if it fails.
    virtual Result<void> transaction(const std::function<Result<void>(SqlDatabase&)>& work,
                                     const std::string& what) = 0;
};

// The database a central.toml `database` names: an SQLite file, or a postgresql:// URI. Its
// `schema` (for the backend in use) is run once.
struct SqlSchema {
    const char* sqlite;
    const char* postgres;
};
Result<std::unique_ptr<SqlDatabase>> openSqlDatabase(const std::string& database,
                                                     const SqlSchema& schema);

}  // namespace hall
