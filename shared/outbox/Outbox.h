#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "Result.h"
#include "store/Sqlite.h"
#include "time/Clock.h"

namespace hall {

// Every change of state is also an event in the outbox, written in the same transaction as the
// change itself, so the central service hears of exactly what was committed (the sync issue
// uploads and acknowledges them). Events carry no personal data in clear.
struct OutboxEvent {
    int64_t seq = 0;  // with the hall's id, the event's idempotency key at the central service
    std::string eventId;
    std::string type;
    int64_t occurredAtMs = 0;
    std::string payload;  // JSON text
};

class Outbox {
  public:
    static Result<void> append(Database& db, std::string_view type, TimePoint occurredAt,
                               const nlohmann::json& payload);
    static Result<int64_t> pendingCount(Database& db);
    // The oldest events not yet acknowledged, in order.
    static Result<std::vector<OutboxEvent>> oldest(Database& db, size_t max);
    // The central service has applied everything up to `seq`: those events may go.
    static Result<void> acknowledge(Database& db, int64_t seq);
};

}  // namespace hall
