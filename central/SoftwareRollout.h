#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "CentralStore.h"
#include "Result.h"
#include "sync/Bundle.h"

namespace hall {

// A software release goes to named stages in order — say one pilot hall, then a district, then
// all — and a stage is reached only when every terminal of the stages before it runs the
// release. Failures (terminals that went back by themselves) in the stages reached so far halt
// the rollout once they reach `haltAfter` (hawkBit's error threshold): nobody else is offered
// the release until a maintainer publishes a fixed one. Maintainers can pause, resume or cancel.
// Progress is derived from what the terminals report, never kept apart from it.
struct RolloutStage {
    std::string name;
    sync::BundleScope scope;
    int sharePercent = 100;              // of the terminals in scope, chosen by their id
    std::vector<std::string> terminals;  // named terminals, whatever the scope
};

struct RolloutPlan {
    std::string version;  // the software release's version
    std::vector<RolloutStage> stages;
    int haltAfter = 1;
};

// The plan as maintainers send it ({"stages": [{"name", "scope", "share", "terminals"}],
// "halt_after"}) and as stored. Codes: sync.bad_request (the message names the field).
Result<RolloutPlan> parseRolloutPlan(const nlohmann::json& j, const std::string& version);
nlohmann::json rolloutPlanJson(const RolloutPlan& plan);
// The plan of a stored rollout (its definition: rolloutPlanJson with the release's version).
Result<RolloutPlan> planOf(const RolloutRecord& rollout);

struct StageProgress {
    int terminals = 0;
    int succeeded = 0;  // run the release
    int failed = 0;     // tried it and went back
};

struct RolloutProgress {
    std::vector<StageProgress> stages;
    size_t currentStage = 0;  // stages.size() when complete
    int failed = 0;           // in the stages reached so far
    bool halted = false;
    // active (offered to the stages reached), paused, cancelled, halted, complete.
    std::string status;
};

// The stage a terminal belongs to (its first), or -1.
int stageOf(const RolloutPlan& plan, int64_t rolloutId, const TerminalRecord& terminal);
RolloutProgress progressOf(const RolloutRecord& rollout, const RolloutPlan& plan,
                           const std::vector<TerminalRecord>& terminals);
bool offersTo(const RolloutRecord& rollout, const RolloutPlan& plan,
              const RolloutProgress& progress, const TerminalRecord& terminal);

}  // namespace hall
