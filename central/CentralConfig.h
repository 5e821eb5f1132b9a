#pragma once
#include <filesystem>

#include "CentralServer.h"
#include "Result.h"

namespace hall {

// central.toml: where the service listens, its TLS files and its database.
struct CentralConfig {
    CentralServerConfig server;
    // An SQLite file (one box), or a postgresql:// URI (several instances, one database).
    std::string database;
};

Result<CentralConfig> loadCentralConfig(const std::filesystem::path& file);

}  // namespace hall
