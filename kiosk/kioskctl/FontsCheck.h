#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "Result.h"
#include "config/HallConfig.h"

namespace hall {

// Whether the kiosk's font can draw every string the hall's screens can show (translations,
// config, the proof catalogue).
struct FontCoverage {
    std::string family;
    std::string file;
    size_t strings = 0;
    size_t characters = 0;
    std::vector<std::string> problems;  // "source: "text": no glyph for '…' U+…"
};
Result<FontCoverage> fontCoverage(const HallConfig& config);

// `kioskctl fonts check`: lists every string in translations and config that would show a
// missing glyph. Returns the exit code: 0 when all can be drawn.
int runFontsCheck(const std::filesystem::path& configFile);

}  // namespace hall
