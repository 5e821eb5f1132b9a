#pragma once
#include <filesystem>
#include <memory>
#include <mutex>

#include "CentralStore.h"
#include "store/Sqlite.h"

namespace hall {

// The central's SQLite file opened as every part of the central uses it (WAL, synchronous=FULL,
// waiting for a writer), with `schema` run once: the events, health and console tables share
// the file, each part on a connection of its own.
Result<Database> openCentralSqlite(const std::filesystem::path& file, const char* schema);

// The central store on one SQLite file (WAL, synchronous=FULL): the default, for one box.
class SqliteCentralStore : public CentralStore {
  public:
    static Result<std::unique_ptr<SqliteCentralStore>> open(const std::filesystem::path& file);

    Result<std::string> createEnrolmentCode(const std::string& hallId, const std::string& district,
                                            int64_t expiresAtMs) override;
    Result<TerminalRecord> enrol(const std::string& code, const std::string& terminalId,
                                 const std::string& publicKey, const std::string& software,
                                 int64_t nowMs) override;
    Result<std::vector<TerminalRecord>> terminals() override;
    Result<std::optional<TerminalRecord>> terminal(const std::string& id) override;
    Result<void> revoke(const std::string& terminalId, int64_t nowMs) override;
    Result<IngestResult> ingest(const std::string& terminalId,
                                const std::vector<OutboxEvent>& events,
                                const sync::TerminalStatus& status, int64_t nowMs) override;
    Result<int64_t> countEvents(const std::string& terminalId, const std::string& type) override;
    Result<std::vector<StoredEvent>> eventsOccurred(int64_t fromMs, int64_t toMs,
                                                    const std::vector<std::string>& types,
                                                    const std::string& hallId) override;
    Result<void> publish(const PublishedBundle& bundle) override;
    Result<std::vector<PublishedBundle>> bundles() override;
    Result<int64_t> createRollout(const RolloutRecord& rollout) override;
    Result<std::vector<RolloutRecord>> rollouts() override;
    Result<void> setRolloutState(int64_t id, const std::string& state) override;
    Result<std::vector<UpdateHistoryEntry>> updateHistory(const std::string& terminalId) override;
    Result<void> noteSoftwareUpdate(const std::string& terminalId, const std::string& status,
                                    int64_t nowMs) override;

  private:
    explicit SqliteCentralStore(Database db) : db_(std::move(db)) {}
    std::mutex mutex_;  // one connection, one writer
    Database db_;
};

}  // namespace hall
