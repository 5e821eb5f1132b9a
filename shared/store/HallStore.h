#pragma once
#include <filesystem>
#include <memory>

#include "Result.h"
#include "store/Sqlite.h"

namespace hall {

// The hall's own database (data_dir/hall.db). One process writes it: the hall role holds an
// exclusive lock on data_dir/hall.lock for as long as the store is open.
//
// Durability: WAL with synchronous=FULL, so a transaction that returned from COMMIT survives a
// kill -9 or a power cut; that is what lets the kiosk show a ticket only after committing it.
class HallStore {
  public:
    static Result<std::unique_ptr<HallStore>> open(const std::filesystem::path& dataDir);
    // For looking without touching: no lock, no migrations, no writes (snapshots taken while the
    // hall process runs). Fails if the database does not exist yet.
    static Result<std::unique_ptr<HallStore>> openReadOnly(const std::filesystem::path& dataDir);
    ~HallStore();
    HallStore(const HallStore&) = delete;
    HallStore& operator=(const HallStore&) = delete;

    Database& db() { return db_; }
    const std::filesystem::path& dataDir() const { return dataDir_; }

    // A small committed write: tells whether the store can take a ticket right now (a full disk
    // or a read-only remount only shows when something is written).
    Result<void> probeWritable();

    static std::filesystem::path databaseFile(const std::filesystem::path& dataDir) {
        return dataDir / "hall.db";
    }

  private:
    HallStore(Database db, std::filesystem::path dataDir, int lockFd)
        : db_(std::move(db)), dataDir_(std::move(dataDir)), lockFd_(lockFd) {}
    Database db_;
    std::filesystem::path dataDir_;
    int lockFd_;
};

// Brings a database to the newest schema, one numbered migration per transaction.
Result<void> migrate(Database& db);
int latestSchemaVersion();

}  // namespace hall
