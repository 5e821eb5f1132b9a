#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "CentralStore.h"
#include "Result.h"

namespace hall {

// A day's figures per hall for maintainers, from the events the halls uploaded: tickets issued,
// called, finished and missed; waits from ticket to call (mean, 90th percentile, longest, in
// minutes); ratings (count, mean, per score); proof requests the community may not issue, per
// department that should handle them (the hall's daily count).
//
// `day` is a hall's calendar day (YYYY-MM-DD) at `utcOffsetMinutes` (China: +8 h). `hallId` ""
// gives every hall that uploaded something for that day.
// The UTC time, in ms, at which `day` (YYYY-MM-DD) begins at the given offset; nullopt if it
// is not a date.
std::optional<int64_t> dayStartMs(const std::string& day, int utcOffsetMinutes);

Result<nlohmann::ordered_json> hallDayFigures(CentralStore& store, const std::string& day,
                                              const std::string& hallId, int utcOffsetMinutes);

}  // namespace hall
