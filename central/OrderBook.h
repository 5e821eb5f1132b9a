#pragma once
#include <optional>
#include <string>
#include <vector>

#include "Result.h"
#include "SqlDatabase.h"
#include "lan/DeviceKey.h"
#include "orders/RemoteOrder.h"

namespace hall {

// An order as the central keeps it: as signed, and what became of it.
struct OrderRecord {
    orders::RemoteOrder order;
    std::string signedText;
    std::string status = "pending";  // pending, sent, done, refused, failed, expired
    std::string detail;
    int64_t sentAtMs = 0;
    int64_t finishedAtMs = 0;
};

struct Screenshot {
    std::string orderId;
    int64_t takenAtMs = 0;
    std::string png;
};

// Orders for terminals (orders::RemoteOrder): signed by the central's order key on behalf of
// the maintainer who gave them, handed to the terminal with every heartbeat answer until it
// reports what became of them, and kept with their outcome. Several instances share it.
class OrderBook {
  public:
    OrderBook(SqlDatabase& db, DeviceKey orderKey) : db_(db), key_(std::move(orderKey)) {}

    // Signs and keeps an order; it waits for the terminal's next heartbeat (24 h at most).
    Result<OrderRecord> place(const std::string& terminalId, orders::OrderKind kind,
                              const std::string& message, const std::string& by, int64_t nowMs);
    // The signed orders a terminal has not yet answered, oldest first (each marked sent).
    Result<std::vector<std::string>> pendingFor(const std::string& terminalId, int64_t nowMs);
    // What the terminal says became of its orders; the ids the central now has (the terminal
    // stops reporting them), an unknown id included.
    Result<std::vector<std::string>> settle(const std::string& terminalId,
                                            const std::vector<orders::OrderOutcome>& outcomes,
                                            int64_t nowMs);
    // A terminal's screenshot for one of its screenshot orders: central.unknown_order if there
    // is no such order for it.
    Result<void> keepScreenshot(const std::string& terminalId, const std::string& orderId,
                                const std::string& png, int64_t nowMs);
    Result<std::optional<Screenshot>> screenshot(const std::string& terminalId);
    // A terminal's latest orders, newest first.
    Result<std::vector<OrderRecord>> ordersOf(const std::string& terminalId, int limit);

    const DeviceKey& key() const { return key_; }

  private:
    SqlDatabase& db_;
    DeviceKey key_;
};

}  // namespace hall
