#include "kioskctl/SoftwarePublish.h"

#include <unistd.h>

#include "config/TomlSection.h"
#include "crypto/Hashing.h"
#include "sync/CentralAdmin.h"
#include "sync/SyncProtocol.h"
#include "update/ReleaseArchive.h"

namespace hall {

Result<update::SoftwareRelease> uploadSoftwareRelease(const CentralEndpoint& central,
                                                      const DeviceKey& maintainer,
                                                      const Clock& clock,
                                                      const std::filesystem::path& tree,
                                                      update::SoftwareRelease release) {
    std::error_code ec;
    if (!std::filesystem::exists(tree / "bin" / "kiosk", ec)) {
        return fail("release.bad_tree",
                    tree.string() + " is not an application tree: it has no bin/kiosk");
    }
    const auto tarFile = std::filesystem::temp_directory_path() /
                         ("hall-release-" + std::to_string(::getpid()) + ".tar");
    auto written = update::writeTreeArchive(tree, tarFile);
    auto tar = written ? readTextFile(tarFile) : Result<std::string>(written.error());
    std::filesystem::remove(tarFile, ec);
    if (!tar)
        return tar.error();
    auto download = update::compressZstd(*tar);
    if (!download)
        return download.error();
    release.treeSha256 = sha256Hex(*tar);
    release.treeSize = static_cast<int64_t>(tar->size());
    release.downloadSha256 = sha256Hex(*download);
    release.downloadSize = static_cast<int64_t>(download->size());
    auto answer = askCentral(central, sync::kPathAdminSoftware, *download, maintainer, clock);
    if (!answer)
        return answer.error();
    if (answer->value("sha256", "") != release.downloadSha256)
        return fail("sync.bad_answer", "the central kept the upload under another hash");
    return release;
}

}  // namespace hall
