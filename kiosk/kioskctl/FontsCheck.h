#pragma once
#include <filesystem>

namespace hall {

// `kioskctl fonts check`: lists every string in translations and config that would show a
// missing glyph. Returns the exit code: 0 when all can be drawn.
int runFontsCheck(const std::filesystem::path& configFile);

}  // namespace hall
