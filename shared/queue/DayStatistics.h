#pragma once
#include <nlohmann/json.hpp>

#include <string>

#include "Result.h"
#include "store/Sqlite.h"

namespace hall {

// A day's figures for maintainers and the central service: tickets, waits, service times,
// no-shows and ratings per service and per staff member. As JSON, or CSV for a spreadsheet
// (one row per service and per staff member, with a "kind" column).
Result<nlohmann::json> dayStatistics(Database& db, const std::string& serviceDay);
std::string dayStatisticsCsv(const nlohmann::json& stats);

}  // namespace hall
