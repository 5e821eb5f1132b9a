#include "store/HallStore.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "time/Clock.h"

namespace hall {

namespace fs = std::filesystem;

namespace {

Result<bool> usesWriteAheadLog(Database& db) {
    auto mode = Statement::prepare(db, "PRAGMA journal_mode");
    if (!mode)
        return mode.error();
    auto row = mode->step("checking the journal mode");
    if (!row)
        return row.error();
    return *row && mode->text(0) == "wal";
}

}  // namespace

Result<std::unique_ptr<HallStore>> HallStore::open(const fs::path& dataDir) {
    std::error_code ec;
    fs::create_directories(dataDir, ec);
    if (ec) {
        return fail(
            ec == std::errc::read_only_file_system ? "store.read_only" : "store.cannot_open",
            dataDir.string() + ": cannot create the data folder: " + ec.message());
    }
    const fs::path lockFile = dataDir / "hall.lock";
    int lockFd = ::open(lockFile.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lockFd < 0 && (errno == EROFS || errno == EACCES)) {
        lockFd = ::open(lockFile.c_str(), O_RDONLY | O_CLOEXEC);
    }
    if (lockFd < 0) {
        return fail(errno == EROFS ? "store.read_only" : "store.cannot_open",
                    lockFile.string() + ": cannot open the lock file: " + std::strerror(errno));
    }
    if (flock(lockFd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        ::close(lockFd);
        if (err == EWOULDBLOCK) {
            return fail("store.in_use", dataDir.string() +
                                            ": another hall process is already using this data "
                                            "folder; stop it or give this one its own data_dir");
        }
        return fail("store.cannot_open",
                    lockFile.string() + ": cannot lock: " + std::strerror(err));
    }

    auto closeLock = [&](Error e) {
        ::close(lockFd);
        return e;
    };
    auto db = Database::open(databaseFile(dataDir));
    if (!db)
        return closeLock(db.error());
    // A kiosk must not hang on a lock another process holds (a maintainer's sqlite3 shell, say):
    // after a second it reports the store as locked and the screen pauses ticketing instead.
    sqlite3_busy_timeout(db->handle(), 1000);
    for (const char* pragma :
         {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON",
          // What is deleted or replaced (hashes, typed words) is overwritten, not left in free
          // pages for someone who copies the file.
          "PRAGMA secure_delete = ON"}) {
        if (auto r = db->exec(pragma, "configuring the database"); !r)
            return closeLock(r.error());
    }
    if (auto wal = usesWriteAheadLog(*db); !wal || !*wal) {
        return closeLock(wal ? fail("store.error", databaseFile(dataDir).string() +
                                                       ": the file system does not support "
                                                       "SQLite's write-ahead log; put data_dir on "
                                                       "a local disk")
                             : wal.error());
    }
    if (auto r = migrate(*db); !r)
        return closeLock(r.error());
    return std::unique_ptr<HallStore>(new HallStore(std::move(db).value(), dataDir, lockFd));
}

Result<std::unique_ptr<HallStore>> HallStore::openReadOnly(const fs::path& dataDir) {
    auto db = Database::open(databaseFile(dataDir), true);
    if (!db)
        return db.error();
    sqlite3_busy_timeout(db->handle(), 1000);
    auto version = Statement::prepare(*db, "PRAGMA user_version");
    if (!version)
        return version.error();
    if (auto row = version->step("reading the schema version"); !row)
        return row.error();
    if (version->integer(0) != latestSchemaVersion()) {
        return fail("store.too_new", databaseFile(dataDir).string() + ": schema version " +
                                         std::to_string(version->integer(0)) +
                                         " does not match this software (" +
                                         std::to_string(latestSchemaVersion()) + ")");
    }
    return std::unique_ptr<HallStore>(new HallStore(std::move(db).value(), dataDir, -1));
}

HallStore::~HallStore() {
    if (lockFd_ >= 0)
        ::close(lockFd_);
}

Result<void> HallStore::probeWritable() {
    auto tx = Transaction::begin(db_, "checking that the store can be written");
    if (!tx)
        return tx.error();
    auto stmt =
        Statement::prepare(db_,
                           "INSERT INTO store_meta (key, value) VALUES ('last_write_probe', ?1) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, std::to_string(toUnixMillis(std::chrono::system_clock::now())));
    if (auto r = stmt->run("checking that the store can be written"); !r)
        return r;
    return tx->commit();
}

}  // namespace hall
