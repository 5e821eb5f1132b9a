#pragma once
#include <chrono>
#include <optional>
#include <string>

#include "Result.h"
#include "lan/DeviceKey.h"
#include "sync/BundleStore.h"
#include "sync/CentralLink.h"
#include "update/InstallGate.h"
#include "update/InstalledReleases.h"
#include "update/SoftwareRelease.h"
#include "update/UpdateJournal.h"
#include "updater/UpdaterConfig.h"

namespace hall {

// Takes software releases from the central and puts them in force, one step at a time, each
// step recorded in the journal first (update::UpdateJournal): killed anywhere, it carries on
// from where it was, and the terminal is always left on a version that proved it works.
//
//   idle → downloading → verifying → installing → waiting (window, hall idle) → switching
//        → proving → idle                       └──────── rolling_back ← (no proof) ┘
class Updater {
  public:
    Updater(UpdaterConfig config, DeviceKey key, const Clock& clock);

    // One step; returns how long to wait before the next (0: at once).
    std::chrono::milliseconds step();
    const update::UpdateJournal& journal() const { return journal_; }
    // Reads the journal again (start-up, and after being killed).
    Result<void> resume();

  private:
    std::chrono::milliseconds idle();
    std::chrono::milliseconds download();
    std::chrono::milliseconds verify();
    std::chrono::milliseconds install();
    std::chrono::milliseconds wait();
    std::chrono::milliseconds switchOver();
    std::chrono::milliseconds prove();
    std::chrono::milliseconds rollBack();

    // The release of the software bundle in force (verified again from its file).
    std::optional<update::SoftwareRelease> release() const;
    // The update failed before its switch: the running version stays, the reason is reported.
    std::chrono::milliseconds giveUp(const std::string& code, const std::string& why,
                                     bool neverAgain);
    Result<void> save();
    void restartRoles();
    bool inWindow(const update::SoftwareRelease& r) const;
    std::string proofVersionOf(const std::string& installed) const;
    std::filesystem::path file(const std::string& suffix) const;

    UpdaterConfig config_;
    DeviceKey key_;
    const Clock& clock_;
    CentralEndpoint central_;
    sync::BundleStore bundles_;
    update::InstalledReleases installed_;
    update::InstallGate gate_;
    update::UpdateJournal journal_;
    std::chrono::steady_clock::time_point nextCheck_{};
};

}  // namespace hall
