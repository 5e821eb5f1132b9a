#pragma once
#include <filesystem>
#include <mutex>

#include "HealthStore.h"
#include "SqliteCentralStore.h"
#include "store/Sqlite.h"

namespace hall {

// Health and alerts in the central's SQLite file, on a connection of their own (WAL lets the
// heartbeats and the event uploads write in turn without waiting on one lock in this process).
class SqliteHealthStore final : public HealthStore {
  public:
    static Result<std::unique_ptr<SqliteHealthStore>> open(const std::filesystem::path& file);

    Result<std::optional<HealthRecord>> health(const std::string& terminalId) override;
    Result<std::vector<HealthRecord>> allHealth() override;
    Result<void> recordHeartbeat(const HealthRecord& record,
                                 const std::vector<AlertFinding>& active) override;
    Result<void> raise(const std::string& terminalId, const AlertFinding& alert,
                       int64_t nowMs) override;
    Result<void> clear(const std::string& terminalId, const std::string& code,
                       int64_t nowMs) override;
    Result<std::vector<AlertSpan>> alerts(const std::string& terminalId, int64_t sinceMs) override;

  private:
    explicit SqliteHealthStore(Database db) : db_(std::move(db)) {}
    Result<void> raiseLocked(const std::string& terminalId, const AlertFinding& alert,
                             int64_t nowMs);
    Result<void> clearLocked(const std::string& terminalId, const std::string& code, int64_t nowMs);
    std::mutex mutex_;
    Database db_;
};

}  // namespace hall
