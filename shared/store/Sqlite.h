#pragma once
// A thin RAII layer over SQLite that turns its error codes into Result values whose message
// names the database file and what was being done, and whose code tells the kind of fault.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "Result.h"

namespace hall {

class Database {
  public:
    static Result<Database> open(const std::filesystem::path& file, bool readOnly = false);

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    Result<void> exec(std::string_view sql, std::string_view what);
    sqlite3* handle() const { return db_; }
    const std::filesystem::path& file() const { return file_; }

    // "hall.db: issuing a ticket: attempt to write a readonly database", with the fault's code.
    Error error(int rc, std::string_view what) const;

  private:
    Database(sqlite3* db, std::filesystem::path file) : db_(db), file_(std::move(file)) {}
    sqlite3* db_ = nullptr;
    std::filesystem::path file_;
};

class Statement {
  public:
    static Result<Statement> prepare(Database& db, std::string_view sql);

    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;
    ~Statement();

    Statement& bind(int index, int64_t value);
    Statement& bind(int index, std::string_view value);
    Statement& bindNull(int index);
    Statement& bindReal(int index, double value);

    // true while there is a row to read; false when done.
    Result<bool> step(std::string_view what);
    Result<void> run(std::string_view what);
    // Ready to run again with new bindings (one statement for many rows).
    void reset();

    int columns() const;
    int64_t integer(int column) const;
    std::string text(int column) const;
    double real(int column) const;
    bool isNull(int column) const;

  private:
    Statement(Database& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
    Database* db_;
    sqlite3_stmt* stmt_;
};

// BEGIN IMMEDIATE takes the write lock up front, so a transaction never fails halfway through
// for want of it. Rolls back unless commit() succeeded.
class Transaction {
  public:
    static Result<Transaction> begin(Database& db, std::string_view what);
    Transaction(Transaction&& other) noexcept;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    Result<void> commit();
    void rollback();

  private:
    Transaction(Database& db, std::string what) : db_(&db), what_(std::move(what)) {}
    Database* db_;
    std::string what_;
    bool open_ = true;
};

}  // namespace hall
