#pragma once
#include <filesystem>

namespace hall {

// `kioskctl escpos decode FILE [--json]`: what a printer would put on paper for the ESC/POS
// bytes in FILE. Returns the exit code.
int runEscPosDecode(const std::filesystem::path& file, bool json);

}  // namespace hall
