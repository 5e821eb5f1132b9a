#include "SoftwareRollout.h"

#include "crypto/Hashing.h"
#include "text/UntrustedJson.h"

namespace hall {

namespace {

Error bad(const std::string& what) {
    return fail("sync.bad_request", "rollout: " + what);
}

// Which terminals a share takes: the same ones every time for a rollout, different ones for
// the next rollout, so the same halls are not always first.
int bucketOf(int64_t rolloutId, const std::string& terminalId) {
    const std::string h = sha256Hex(std::to_string(rolloutId) + "/" + terminalId);
    return static_cast<int>(std::stoul(h.substr(0, 8), nullptr, 16) % 100);
}

enum class Outcome { Pending, Succeeded, Failed };

Outcome outcomeOf(const TerminalRecord& t, const std::string& version) {
    auto u = parseUntrustedJson(t.softwareUpdate);
    if (!u.is_object())
        return Outcome::Pending;
    if (u.value("running", "") == version)
        return Outcome::Succeeded;
    if (u.value("last_failure", "").rfind(version + ":", 0) == 0)
        return Outcome::Failed;
    return Outcome::Pending;
}

}  // namespace

Result<RolloutPlan> parseRolloutPlan(const nlohmann::json& j, const std::string& version) {
    if (!j.is_object() || !j.contains("stages") || !j["stages"].is_array() || j["stages"].empty() ||
        j["stages"].size() > 20)
        return bad("\"stages\" must be a list of 1 to 20 stages");
    RolloutPlan plan;
    plan.version = version;
    if (j.contains("halt_after")) {
        if (!j["halt_after"].is_number_integer() || j["halt_after"].get<int64_t>() < 1 ||
            j["halt_after"].get<int64_t>() > 100000)
            return bad("\"halt_after\" must be a whole number of failures, 1 or more");
        plan.haltAfter = j["halt_after"].get<int>();
    }
    for (size_t i = 0; i < j["stages"].size(); ++i) {
        const auto& s = j["stages"][i];
        const std::string at = "stages[" + std::to_string(i) + "]";
        if (!s.is_object() || !s.contains("name") || !s["name"].is_string() ||
            s["name"].get_ref<const std::string&>().empty() ||
            s["name"].get_ref<const std::string&>().size() > 40)
            return bad(at + " needs a name (text, up to 40 characters)");
        RolloutStage stage;
        stage.name = s["name"];
        if (s.contains("scope")) {
            if (!s["scope"].is_string())
                return bad(at + ".scope must be all, district:<d> or hall:<h>");
            auto scope = sync::BundleScope::parse(s["scope"].get<std::string>());
            if (!scope)
                return bad(at + ".scope: " + scope.message());
            stage.scope = *scope;
        } else if (!s.contains("terminals")) {
            return bad(at + " needs a scope or a list of terminals");
        }
        if (s.contains("share")) {
            if (!s["share"].is_number_integer() || s["share"].get<int>() < 1 ||
                s["share"].get<int>() > 100)
                return bad(at + ".share must be a percentage from 1 to 100");
            stage.sharePercent = s["share"];
        }
        if (s.contains("terminals")) {
            if (!s["terminals"].is_array() || s["terminals"].size() > 1000)
                return bad(at + ".terminals must be a list of terminal ids");
            for (const auto& t : s["terminals"]) {
                if (!t.is_string())
                    return bad(at + ".terminals must be a list of terminal ids");
                stage.terminals.push_back(t);
            }
            if (!s.contains("scope"))
                stage.sharePercent = 0;  // only the terminals named
        }
        plan.stages.push_back(std::move(stage));
    }
    return plan;
}

nlohmann::json rolloutPlanJson(const RolloutPlan& plan) {
    nlohmann::json stages = nlohmann::json::array();
    for (const auto& s : plan.stages) {
        nlohmann::json j{{"name", s.name}, {"terminals", s.terminals}};
        if (s.sharePercent > 0) {
            j["scope"] = s.scope.code();
            j["share"] = s.sharePercent;
        }
        stages.push_back(std::move(j));
    }
    return {{"stages", stages}, {"halt_after", plan.haltAfter}};
}

Result<RolloutPlan> planOf(const RolloutRecord& rollout) {
    const auto definition = parseUntrustedJson(rollout.definition);
    if (!definition.is_object())
        return bad("rollout " + std::to_string(rollout.id) + " has no plan");
    return parseRolloutPlan(definition, definition.value("version", ""));
}

int stageOf(const RolloutPlan& plan, int64_t rolloutId, const TerminalRecord& terminal) {
    for (size_t i = 0; i < plan.stages.size(); ++i) {
        const auto& s = plan.stages[i];
        for (const auto& id : s.terminals) {
            if (id == terminal.id)
                return static_cast<int>(i);
        }
        if (s.sharePercent > 0 && s.scope.covers(terminal.hallId, terminal.district) &&
            bucketOf(rolloutId, terminal.id) < s.sharePercent)
            return static_cast<int>(i);
    }
    return -1;
}

RolloutProgress progressOf(const RolloutRecord& rollout, const RolloutPlan& plan,
                           const std::vector<TerminalRecord>& terminals) {
    RolloutProgress p;
    p.stages.resize(plan.stages.size());
    for (const auto& t : terminals) {
        if (t.revokedAtMs != 0)
            continue;
        const int stage = stageOf(plan, rollout.id, t);
        if (stage < 0)
            continue;
        auto& s = p.stages[static_cast<size_t>(stage)];
        ++s.terminals;
        switch (outcomeOf(t, plan.version)) {
            case Outcome::Succeeded:
                ++s.succeeded;
                break;
            case Outcome::Failed:
                ++s.failed;
                break;
            case Outcome::Pending:
                break;
        }
    }
    while (p.currentStage < p.stages.size() &&
           p.stages[p.currentStage].succeeded == p.stages[p.currentStage].terminals)
        ++p.currentStage;
    for (size_t i = 0; i < p.stages.size() && i <= p.currentStage; ++i)
        p.failed += p.stages[i].failed;
    p.halted = p.failed >= plan.haltAfter;
    if (rollout.state != "active")
        p.status = rollout.state;
    else if (p.halted)
        p.status = "halted";
    else if (p.currentStage == p.stages.size())
        p.status = "complete";
    else
        p.status = "active";
    return p;
}

bool offersTo(const RolloutRecord& rollout, const RolloutPlan& plan,
              const RolloutProgress& progress, const TerminalRecord& terminal) {
    if (rollout.state != "active" || progress.halted)
        return false;
    const int stage = stageOf(plan, rollout.id, terminal);
    return stage >= 0 && static_cast<size_t>(stage) <= progress.currentStage;
}

}  // namespace hall
