#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "update/InstallGate.h"

namespace hall {

// The hall role's side of a software update (update::InstallGate, update::ReleaseProof): when
// the updater asks, it holds the hall — an "updating" notice instead of the start screen — as
// soon as nobody is at the screen and no counter is serving; and once this version has shown
// its start screen with the store open, the LAN API and the central answering, it says so, which
// is what the updater waits for before it keeps a new version.
class UpdateHandshake {
  public:
    UpdateHandshake(std::filesystem::path gateDir, std::string version)
        : gate_(std::move(gateDir)), version_(std::move(version)) {}

    // Asked on every pass of the loop; reads the request at most once a second. `idle`: nobody
    // at the screen and no counter serving. True while the hall is held for an install.
    bool holding(const std::function<bool()>& idle, int64_t nowMs);
    // Writes the proof the first time every condition holds.
    void proveIfWorking(bool startScreenShown, bool storeOpen, bool lanAnswering,
                        bool centralAnswered, int64_t nowMs);
    bool proved() const { return proved_; }
    const std::string& version() const { return version_; }

    // How often the request is looked for.
    static constexpr int64_t kLookEveryMs = 1000;

  private:
    update::InstallGate gate_;
    std::string version_;
    int64_t lookedAtMs_ = 0;
    std::optional<update::InstallGate::Request> requested_;
    int64_t heldSinceMs_ = 0;  // 0: not holding
    bool proved_ = false;
};

// The version this process runs: the release folder its launcher started it from
// (HALL_RELEASE), or the version it was built as.
std::string runningRelease();
// The updater's journal (HALL_RELEASES_DIR, else /var/lib/hall-updater): what is reported of it.
std::filesystem::path updaterJournal();

}  // namespace hall
