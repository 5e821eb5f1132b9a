#pragma once
#include <string>
#include <vector>

#include "Result.h"
#include "SqlDatabase.h"

namespace hall {

// Who did what to the fleet, kept in the shared database: every order, sign-in, publication,
// enrolment code and revocation, from the console or kioskctl.
struct AuditEntry {
    int64_t atMs = 0;
    std::string maintainer;
    std::string via;     // console, kioskctl
    std::string action;  // order.screenshot, login, publish, …
    std::string target;  // a terminal, a bundle, …
    std::string detail;
    std::string address;  // where the request came from
};

class AuditLog {
  public:
    explicit AuditLog(SqlDatabase& db) : db_(db) {}
    Result<void> record(const AuditEntry& entry);
    // The latest `limit` entries, newest first.
    Result<std::vector<AuditEntry>> recent(int limit);

  private:
    SqlDatabase& db_;
};

}  // namespace hall
