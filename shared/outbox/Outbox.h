#pragma once
#include <nlohmann/json.hpp>

#include <string>

#include "Result.h"
#include "store/Sqlite.h"
#include "time/Clock.h"

namespace hall {

// Every change of state is also an event in the outbox, written in the same transaction as the
// change itself, so the central service hears of exactly what was committed (the sync issue
// uploads and acknowledges them). Events carry no personal data in clear.
class Outbox {
  public:
    static Result<void> append(Database& db, std::string_view type, TimePoint occurredAt,
                               const nlohmann::json& payload);
    static Result<int64_t> pendingCount(Database& db);
};

}  // namespace hall
