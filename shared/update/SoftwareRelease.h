#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "Result.h"
#include "time/Clock.h"

namespace hall::update {

// When a release may be installed: minutes after the hall's midnight, [start, end), the end
// may be past midnight ("22:00-06:00").
struct MaintenanceWindow {
    int startMinute = 0;
    int endMinute = 0;
    bool contains(int minuteOfDay) const;
    std::string describe() const;  // 02:00-05:00
    static Result<MaintenanceWindow> parse(std::string_view text);
};

// What a software bundle holds (its content, TOML): the hall terminal's application tree for one
// version. The tree travels as a tar archive, compressed with zstd for the full download; a
// terminal that holds the previous tree may take a zstd patch instead and checks what the patch
// gives against the tree's hash, which is signed here.
struct SoftwareRelease {
    std::string version;         // 0.8.0: the tree's folder name, and what terminals report
    std::string treeSha256;      // of the uncompressed tar of the tree (hex)
    int64_t treeSize = 0;        // its bytes
    std::string downloadSha256;  // of the .tar.zst the central serves (hex)
    int64_t downloadSize = 0;
    std::optional<MaintenanceWindow> window;  // none: whenever the hall is closed
    // An order to go back: only then is a version older than the one running taken.
    bool rollback = false;
    // How long the new version has to prove itself after it is started.
    int proveSeconds = 120;
};

// Codes: release.invalid (the message names the field).
Result<SoftwareRelease> parseSoftwareRelease(std::string_view toml);
std::string softwareReleaseToml(const SoftwareRelease& release);

// Compares dotted versions numerically (0.10.0 > 0.9.1); a part that is not a number compares
// as text. Negative, zero or positive as a < b, a == b, a > b.
int compareVersions(std::string_view a, std::string_view b);
// Letters, digits, '.', '-', '_', '+' only, 1–40 of them: it names a folder.
bool isValidVersion(std::string_view version);

}  // namespace hall::update
