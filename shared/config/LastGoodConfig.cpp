#include "config/LastGoodConfig.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "config/TomlSection.h"

namespace hall {

namespace fs = std::filesystem;

fs::path lastGoodPath(const fs::path& file) {
    // An installed terminal's config is in /etc, which its service may not write: systemd
    // names the state folder it may (StateDirectory=), and the copy is kept there.
    if (const char* state = std::getenv("STATE_DIRECTORY"); state && *state)
        return fs::path(state) / (file.filename().string() + ".last-good");
    return fs::path(file.string() + ".last-good");
}

namespace {

// Written to a temporary file and renamed, so a crash never leaves half a "good" config.
void saveLastGood(const fs::path& file, const std::string& text) {
    const fs::path target = lastGoodPath(file);
    if (auto existing = readTextFile(target); existing && *existing == text)
        return;
    const fs::path tmp = fs::path(target.string() + ".tmp");
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            std::fprintf(stderr,
                         "kiosk: warning: cannot save %s; a later bad config could not "
                         "fall back to this one\n",
                         target.c_str());
            return;
        }
    }
    std::error_code ec;
    fs::rename(tmp, target, ec);
}

}  // namespace

Result<LoadedConfig> loadConfigKeepingLastGood(const fs::path& file) {
    auto text = readTextFile(file);
    Result<HallConfig> parsed =
        text ? parseHallConfig(*text, file) : Result<HallConfig>(text.error());
    if (parsed) {
        saveLastGood(file, *text);
        return LoadedConfig{std::move(parsed).value(), std::nullopt};
    }
    const fs::path fallback = lastGoodPath(file);
    auto goodText = readTextFile(fallback);
    if (!goodText) {
        return fail(parsed.message() + "\nNo earlier good copy (" + fallback.string() +
                    ") exists, so the terminal cannot start; fix the file above.");
    }
    // Parsed as if it were the original file, so its relative paths resolve the same way.
    auto good = parseHallConfig(*goodText, file);
    if (!good) {
        return fail(parsed.message() + "\nThe earlier good copy " + fallback.string() +
                    " does not load either:\n" + good.message());
    }
    return LoadedConfig{std::move(good).value(), parsed.message()};
}

}  // namespace hall
