#pragma once
#include <filesystem>

namespace hall {

// `kioskctl doctor`: checks an installed terminal end to end — its config, its store (writable,
// intact), free disk, fonts, the printer's own status, the scanners, the LAN certificate and
// devices, the central service and the clock — and prints each with what to do. Exit code 1 if
// any check failed.
int runDoctor(const std::filesystem::path& configFile, bool asJson);

}  // namespace hall
