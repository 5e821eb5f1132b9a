#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "Result.h"
#include "orders/RemoteOrder.h"

namespace hall::orders {

// The orders a terminal has taken, with what became of each: an order is carried out once
// however often it arrives (a central sending it again, an answer lost on the way), and its
// outcome is reported until the central has it. One small file, replaced durably at each
// change; past 200 orders the oldest reported ones are forgotten (they have long expired).
// Not thread-safe: its owner serialises.
class OrderLedger {
  public:
    // A missing file is an empty ledger; one that cannot be read is an error naming it.
    static Result<OrderLedger> open(std::filesystem::path file);

    std::optional<OrderOutcome> outcomeOf(const std::string& id) const;
    // Keeps the outcome (unreported) before anything is done about it elsewhere.
    Result<void> record(const OrderOutcome& outcome);
    std::vector<OrderOutcome> unreported() const;
    Result<void> markReported(const std::vector<std::string>& ids);

  private:
    struct Entry {
        OrderOutcome outcome;
        bool reported = false;
    };
    explicit OrderLedger(std::filesystem::path file) : file_(std::move(file)) {}
    Result<void> save() const;

    std::filesystem::path file_;
    std::vector<Entry> entries_;  // oldest first
};

}  // namespace hall::orders
