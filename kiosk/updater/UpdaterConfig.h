#pragma once
#include <filesystem>
#include <string>

#include "Result.h"
#include "config/HallConfig.h"

namespace hall {

// /etc/hall/updater.toml: what the updater needs beyond the hall's own config, which it reads
// for the hall's id, the central, the terminal's key, the maintainers' keys and opening hours.
struct UpdaterConfig {
    HallConfig hall;
    std::filesystem::path releasesDir = "/var/lib/hall-updater";
    // Run with /bin/sh -c after each switch: restarts the roles on what `current` names.
    std::string restartCommand = "/usr/lib/hall-terminal/restart-roles";
    int checkSeconds = 300;       // how often to ask the central for a release
    int64_t marginMiB = 256;      // kept free for the store beyond what an update needs
    std::string packagedVersion;  // the version of the Debian package's tree

    // Where the hall role and the updater meet (update::InstallGate, update::ReleaseProof).
    std::filesystem::path gateDir() const { return hall.dataDir / "update"; }
    std::filesystem::path journalFile() const { return releasesDir / "journal.json"; }
};

Result<UpdaterConfig> loadUpdaterConfig(const std::filesystem::path& file);

}  // namespace hall
