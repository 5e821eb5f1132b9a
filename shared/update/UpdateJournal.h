#pragma once
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "Result.h"
#include "sync/SyncProtocol.h"

namespace hall::update {

// Where an update stands. The updater writes it (durably) before each step, so when it is
// killed at any point it starts again from the step it was in: a download resumes, a check or
// an extraction is done again, a switch is finished, a proof is waited for until its deadline,
// a rollback is completed.
enum class UpdatePhase {
    Idle,
    Downloading,
    Verifying,
    Installing,
    Waiting,  // installed beside the running version; waiting for the window and the hall
    Switching,
    Proving,
    RollingBack,
};
std::string_view phaseCode(UpdatePhase phase);

struct UpdateJournal {
    UpdatePhase phase = UpdatePhase::Idle;
    std::string target;            // the version being installed
    int64_t bundleVersion = 0;     // of the software bundle that named it
    std::string from;              // the version that ran before the switch
    int64_t deadlineMs = 0;        // proving: the new version must prove itself by then
    int64_t switchedAtMs = 0;      // a proof older than this is from before the switch
    std::string downloaded;        // the newest version downloaded and verified
    std::string lastFailure;       // "0.8.1: why", the last update that failed
    std::set<std::string> failed;  // versions that failed to prove: never tried again
    int64_t bundleSeen = 0;        // the newest software bundle version looked at

    static Result<UpdateJournal> load(const std::filesystem::path& file);
    Result<void> save(const std::filesystem::path& file) const;
};

// What a terminal reports of its software: `running` from the roles, the rest from the
// updater's journal at `file` (none: no updater has run).
sync::SoftwareUpdateStatus reportedStatus(const std::filesystem::path& file,
                                          const std::string& running);

}  // namespace hall::update
