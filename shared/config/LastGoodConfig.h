#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "Result.h"
#include "config/HallConfig.h"

namespace hall {

struct LoadedConfig {
    HallConfig config;
    // Set when the file was bad and the last good copy is in force: what was wrong with it.
    std::optional<std::string> rejected;
};

// Loads the hall config. A valid file is also saved as FILE.last-good beside it, or in the
// service's state folder ($STATE_DIRECTORY) when it runs under systemd; relative paths in the
// copy resolve against the config file's folder all the same. A bad file is reported and the
// last good copy used instead.
// Fails only when the file is bad and no good copy exists: the terminal must not start on
// guesses.
Result<LoadedConfig> loadConfigKeepingLastGood(const std::filesystem::path& file);

std::filesystem::path lastGoodPath(const std::filesystem::path& file);

}  // namespace hall
