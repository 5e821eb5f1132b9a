#pragma once
#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "Result.h"

namespace hall::update {

// The application trees on a terminal, beside the packaged one (/usr/bin/kiosk):
//   <root>/releases/<version>/       a tree: bin/kiosk, share/hall-terminal/…
//   <root>/releases/<version>.tar    its archive, kept so the next release can come as a patch
//   <root>/current -> releases/<version>
// The roles start whatever `current` names (packaging/lib/launch-role), the packaged binary when
// there is no `current`. Switching is one rename of a link, so a power cut leaves the old link
// or the new one; the previous tree stays installed for going back.
class InstalledReleases {
  public:
    // The version name of the tree installed by the Debian package (no folder of its own).
    static constexpr const char* kPackaged = "package";

    explicit InstalledReleases(std::filesystem::path root) : root_(std::move(root)) {}

    std::string currentVersion() const;  // kPackaged without a current link
    bool has(const std::string& version) const;
    std::filesystem::path treeOf(const std::string& version) const;
    std::filesystem::path archiveOf(const std::string& version) const;

    // Extracts `tar` as `version`: into a folder aside, renamed into place when complete, so a
    // tree under releases/ is always whole. The archive is kept beside it.
    Result<void> install(const std::string& version, const std::filesystem::path& tar);
    // Points `current` at `version` (kPackaged: removes it), durably.
    Result<void> switchTo(const std::string& version);
    // Removes every tree and archive but those in `keep`, and any half-extracted folder.
    void prune(const std::set<std::string>& keep);

    const std::filesystem::path& root() const { return root_; }

  private:
    std::filesystem::path root_;
};

}  // namespace hall::update
