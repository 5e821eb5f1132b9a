#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "Result.h"
#include "help/HelpCall.h"
#include "queue/QueueCommand.h"
#include "store/Sqlite.h"
#include "time/Clock.h"

namespace hall {

// What a help command did, for QueueEngine::execute to record and answer with.
struct HelpChange {
    nlohmann::json result;
    std::string eventType;
    nlohmann::json event;
};

// A call from the actor's terminal; while one is open, asking again gives that one back
// (a resident tapping twice calls staff once).
Result<HelpChange> callForHelp(Database& db, const CallHelpCommand& c, const Actor& actor,
                               TimePoint now, const std::string& serviceDay);
// A member of staff answers a call; a call already answered is refused with who answered it.
Result<HelpChange> acknowledgeHelp(Database& db, const AcknowledgeHelpCommand& c,
                                   const Actor& actor, TimePoint now);

// The day's calls still open, and those answered in the last kShownAfterAnswer (the terminal
// shows that someone is coming; counters stop showing it).
Result<std::vector<HelpCall>> recentHelpCalls(Database& db, const std::string& serviceDay,
                                              TimePoint now);
inline constexpr int64_t kShownAfterAnswerMs = 120'000;

// For the day's figures: calls, answered, and the median seconds until answered.
Result<nlohmann::json> helpCallFigures(Database& db, const std::string& serviceDay);

nlohmann::json helpCallToJson(const HelpCall& call);
Result<HelpCall> helpCallFromJson(const nlohmann::json& j);

}  // namespace hall
