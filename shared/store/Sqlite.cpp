#include "store/Sqlite.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

namespace hall {

namespace {

std::string faultCode(int rc) {
    switch (rc & 0xFF) {
        case SQLITE_READONLY:
            return "store.read_only";
        case SQLITE_FULL:
            return "store.full";
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return "store.locked";
        case SQLITE_CANTOPEN:
            return "store.cannot_open";
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return "store.corrupt";
        case SQLITE_IOERR:
            // An EFBIG or ENOSPC can surface as a write I/O error rather than SQLITE_FULL.
            return rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC ? "store.write_failed"
                                                                        : "store.io_error";
        default:
            return "store.error";
    }
}

// A store holds residents' hashes and staff sessions: only its owner reads it. SQLite gives its
// -wal and -shm files the database file's mode, so the database is made 0600 before SQLite
// creates it, and a store made before this is tightened.
void keepPrivate(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        ::close(fd);
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const std::string path = file.string() + suffix;
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0)
            ::chmod(path.c_str(), st.st_mode & 0700);
    }
}

}  // namespace

Result<Database> Database::open(const std::filesystem::path& file, bool readOnly) {
    if (!readOnly)
        keepPrivate(file);
    sqlite3* db = nullptr;
    const int flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(file.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        Error e{file.string() +
                    ": cannot open the database: " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)),
                faultCode(rc)};
        sqlite3_close(db);
        return e;
    }
    sqlite3_extended_result_codes(db, 1);
    Database out(db, file);
    if (!readOnly && sqlite3_db_readonly(db, "main") == 1) {
        return fail("store.read_only", file.string() +
                                           ": the database can only be opened read-only (read-only "
                                           "file system or file permissions)");
    }
    return out;
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), file_(std::move(other.file_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        sqlite3_close(db_);
        db_ = std::exchange(other.db_, nullptr);
        file_ = std::move(other.file_);
    }
    return *this;
}

Database::~Database() {
    sqlite3_close(db_);
}

Error Database::error(int rc, std::string_view what) const {
    std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    return Error{file_.filename().string() + ": " + std::string(what) + ": " + detail,
                 faultCode(rc)};
}

Result<void> Database::exec(std::string_view sql, std::string_view what) {
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return error(sqlite3_extended_errcode(db_), what);
    return {};
}

Result<Statement> Statement::prepare(Database& db, std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK)
        return db.error(rc, "preparing a query");
    return Statement(db, stmt);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindReal(int index, double value) {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
}

Statement& Statement::bindNull(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

Result<bool> Statement::step(std::string_view what) {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return db_->error(sqlite3_extended_errcode(db_->handle()), what);
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

Result<void> Statement::run(std::string_view what) {
    auto r = step(what);
    if (!r)
        return r.error();
    return {};
}

int Statement::columns() const {
    return sqlite3_column_count(stmt_);
}

int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}

std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Result<Transaction> Transaction::begin(Database& db, std::string_view what) {
    if (auto r = db.exec("BEGIN IMMEDIATE", what); !r)
        return r.error();
    return Transaction(db, std::string(what));
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(other.db_), what_(std::move(other.what_)), open_(std::exchange(other.open_, false)) {}

Transaction::~Transaction() {
    if (open_)
        sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::rollback() {
    if (open_) {
        sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        open_ = false;
    }
}

Result<void> Transaction::commit() {
    auto r = db_->exec("COMMIT", what_);
    if (!r) {
        // A failed COMMIT may leave the transaction open (SQLITE_BUSY, SQLITE_FULL); the
        // destructor's ROLLBACK then discards it, so nothing half-written survives.
        return r;
    }
    open_ = false;
    return {};
}

}  // namespace hall
