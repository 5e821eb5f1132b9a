#pragma once
#include <memory>
#include <string>

#include "HealthStore.h"
#include "PgPool.h"

namespace hall {

// Health and alerts in the province's PostgreSQL, shared by every central instance: the unique
// index on alerts that are on makes two instances' sweeps raise one alert, not two.
class PostgresHealthStore final : public HealthStore {
  public:
    static Result<std::unique_ptr<PostgresHealthStore>> open(const std::string& conninfo,
                                                             int connections = 4);

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
    explicit PostgresHealthStore(std::unique_ptr<PgPool> pool) : pool_(std::move(pool)) {}
    std::unique_ptr<PgPool> pool_;
};

}  // namespace hall
