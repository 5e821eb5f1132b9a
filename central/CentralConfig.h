#pragma once
#include <filesystem>

#include "CentralServer.h"
#include "Result.h"

namespace hall {

// central.toml: where the service listens, its TLS files and its database.
struct CentralConfig {
    CentralServerConfig server;
    std::filesystem::path database;  // SQLite file
};

Result<CentralConfig> loadCentralConfig(const std::filesystem::path& file);

}  // namespace hall
