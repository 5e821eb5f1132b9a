#pragma once
#include <filesystem>
#include <map>
#include <string>

#include "CentralServer.h"
#include "Result.h"

namespace hall {

// central.toml: where the service listens, its TLS files, its database, and the maintainers'
// keys ([[maintainers]] id, public_key): their requests (kioskctl central) and the bundles they
// sign are taken only with these keys.
struct CentralConfig {
    CentralServerConfig server;
    // An SQLite file (one box), or a postgresql:// URI (several instances, one database).
    std::string database;
};

Result<CentralConfig> loadCentralConfig(const std::filesystem::path& file);

}  // namespace hall
