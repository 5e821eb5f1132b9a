#include "update/UpdateJournal.h"

#include <nlohmann/json.hpp>

#include "config/TomlSection.h"
#include "sync/BundleStore.h"
#include "text/UntrustedJson.h"

namespace hall::update {

namespace {

constexpr UpdatePhase kPhases[] = {UpdatePhase::Idle,      UpdatePhase::Downloading,
                                   UpdatePhase::Verifying, UpdatePhase::Installing,
                                   UpdatePhase::Waiting,   UpdatePhase::Switching,
                                   UpdatePhase::Proving,   UpdatePhase::RollingBack};

}  // namespace

std::string_view phaseCode(UpdatePhase phase) {
    switch (phase) {
        case UpdatePhase::Idle:
            return "idle";
        case UpdatePhase::Downloading:
            return "downloading";
        case UpdatePhase::Verifying:
            return "verifying";
        case UpdatePhase::Installing:
            return "installing";
        case UpdatePhase::Waiting:
            return "waiting";
        case UpdatePhase::Switching:
            return "switching";
        case UpdatePhase::Proving:
            return "proving";
        case UpdatePhase::RollingBack:
            return "rolling_back";
    }
    return "idle";
}

Result<UpdateJournal> UpdateJournal::load(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return UpdateJournal{};
    auto text = readTextFile(file);
    if (!text)
        return text.error();
    const auto j = parseUntrustedJson(*text);
    UpdateJournal journal;
    try {
        const std::string phase = j.at("phase").get<std::string>();
        bool known = false;
        for (auto p : kPhases) {
            if (phaseCode(p) == phase) {
                journal.phase = p;
                known = true;
            }
        }
        if (!known)
            return fail("update.journal", file.string() + ": unknown phase \"" + phase + "\"");
        journal.target = j.at("target").get<std::string>();
        journal.bundleVersion = j.at("bundle_version").get<int64_t>();
        journal.from = j.at("from").get<std::string>();
        journal.deadlineMs = j.at("deadline").get<int64_t>();
        journal.switchedAtMs = j.at("switched_at").get<int64_t>();
        journal.downloaded = j.at("downloaded").get<std::string>();
        journal.lastFailure = j.at("last_failure").get<std::string>();
        journal.failed = j.at("failed").get<std::set<std::string>>();
        journal.bundleSeen = j.at("bundle_seen").get<int64_t>();
    } catch (const nlohmann::json::exception&) {
        return fail("update.journal", file.string() + " is not an updater journal");
    }
    return journal;
}

Result<void> UpdateJournal::save(const std::filesystem::path& file) const {
    const nlohmann::ordered_json j{{"phase", phaseCode(phase)},
                                   {"target", target},
                                   {"bundle_version", bundleVersion},
                                   {"from", from},
                                   {"deadline", deadlineMs},
                                   {"switched_at", switchedAtMs},
                                   {"downloaded", downloaded},
                                   {"last_failure", lastFailure},
                                   {"failed", failed},
                                   {"bundle_seen", bundleSeen}};
    return sync::replaceFileDurably(file, j.dump(2) + "\n");
}

sync::SoftwareUpdateStatus reportedStatus(const std::filesystem::path& file,
                                          const std::string& running) {
    sync::SoftwareUpdateStatus status;
    status.running = running;
    if (auto journal = UpdateJournal::load(file)) {
        status.downloaded = journal->downloaded;
        status.phase = std::string(phaseCode(journal->phase));
        status.lastFailure = journal->lastFailure;
    }
    return status;
}

}  // namespace hall::update
