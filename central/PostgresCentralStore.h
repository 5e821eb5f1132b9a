#pragma once
#include <memory>
#include <string>
#include <vector>

#include "CentralStore.h"
#include "PgPool.h"

namespace hall {

// The central store on PostgreSQL (libpq), for a province: several stateless central instances
// behind a load balancer share one database, each with a pool of connections. Exactly-once needs
// nothing more than the primary key on (terminal, event id) and ON CONFLICT DO NOTHING; an
// enrolment code is used up by one UPDATE … WHERE used_by IS NULL, so two instances cannot both
// accept it.
class PostgresCentralStore : public CentralStore {
  public:
    // `conninfo`: a libpq connection string or URI (postgresql://user@host:port/db);
    // `connections`: how many requests this instance serves at once.
    static Result<std::unique_ptr<PostgresCentralStore>> open(const std::string& conninfo,
                                                              int connections = 8);
    ~PostgresCentralStore() override = default;

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
    explicit PostgresCentralStore(std::unique_ptr<PgPool> pool) : pool_(std::move(pool)) {}
    std::unique_ptr<PgPool> pool_;
};

// The store a central.toml `database` names: a postgresql:// URI, or an SQLite file.
Result<std::unique_ptr<CentralStore>> openCentralStore(const std::string& database);

}  // namespace hall
