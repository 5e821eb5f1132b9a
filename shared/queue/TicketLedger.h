#pragma once
#include <optional>
#include <string>
#include <vector>

#include "Result.h"
#include "queue/Ticket.h"
#include "store/Sqlite.h"

namespace hall {

// The tickets table: the SQL for tickets, and nothing else.
class TicketLedger {
  public:
    static Result<int> nextSeq(Database& db, const std::string& serviceDay, char service);
    static Result<void> insert(Database& db, const Ticket& ticket);
    // Writes every field that can change after issue.
    static Result<void> update(Database& db, const Ticket& ticket);
    static Result<std::vector<Ticket>> ofDay(Database& db, const std::string& serviceDay);
    static Result<std::vector<Ticket>> all(Database& db);
    static Result<std::optional<Ticket>> latest(Database& db, const std::string& serviceDay);
};

}  // namespace hall
