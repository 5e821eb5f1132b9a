#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "Result.h"
#include "store/Sqlite.h"
#include "time/Clock.h"

namespace hall {

// One line of the hall's register of issued proofs (出具证明登记台账).
struct RegisterEntry {
    std::string number;  // 2026-0001: the year and its sequence, never reused
    std::string serviceDay;
    int64_t issuedAtMs = 0;
    std::string ticketId;
    std::string itemId;
    std::string itemName;
    std::string residentHash;  // ResidentHasher: the same resident, without the number
    std::string staffId;
    int window = 0;
};

struct ProofRefusal {
    std::string serviceDay;
    int64_t atMs = 0;
    std::string ticketId;
    std::string itemId;
    std::string reason;  // a decline reason, or not_issuable when the system refused
    std::string staffId;
    int window = 0;
};

struct Screening {
    std::string serviceDay;
    int64_t atMs = 0;
    std::string via;  // kiosk | counter
    std::string decision;
    std::string itemId;
    std::string department;  // not_issued: who handles it instead
    std::string words;       // unknown: what was typed, normalised, without digits
};

// The proof tables of the hall's store: the SQL for them, and nothing else.
class ProofRegister {
  public:
    static Result<std::string> nextNumber(Database& db, int year);
    static Result<void> insert(Database& db, const RegisterEntry& entry);
    static Result<std::vector<RegisterEntry>> ofDay(Database& db, const std::string& serviceDay);
    static Result<void> recordRefusal(Database& db, const ProofRefusal& refusal);
    static Result<void> recordScreening(Database& db, const Screening& screening);

    // The day's figures for the statistics: screenings by decision, not-issued requests by
    // department, proofs issued, declined and refused.
    static Result<nlohmann::json> dayFigures(Database& db, const std::string& serviceDay);

    // Appends a proofs.daily_not_issued event (减负观测) for each day before `today` that had
    // screenings and has not been reported yet; returns how many. Runs in its own transaction.
    static Result<int> reportDays(Database& db, const std::string& today, TimePoint now);
};

}  // namespace hall
