#pragma once
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "Result.h"
#include "net/HttpsServer.h"
#include "update/SoftwareRelease.h"

namespace hall {

// The files of software releases on the central (central.toml `payload_dir`; several instances
// share one folder): each full download as <sha256>.tar.zst, named by its hash, and patches
// from one release's tree to another's as patches/<from tree sha256>-<to tree sha256>.zst. The
// signed release says which hashes a terminal must end up with, so these files are not trusted
// by anyone: the folder only has to keep them.
class SoftwarePayloads {
  public:
    explicit SoftwarePayloads(std::filesystem::path dir) : dir_(std::move(dir)) {}

    // A maintainer's upload: kept under its hash.
    Result<std::string> store(const std::string& bytes);
    // Before a release is published: its download is here, unpacks to the tree it names, and
    // patches to it are made from each of `earlier` whose download is here.
    Result<void> prepare(const update::SoftwareRelease& release,
                         const std::vector<update::SoftwareRelease>& earlier);
    // A download, whole or from a byte on (HTTP Range: bytes=N- or bytes=N-M), at most
    // kMaxPartBytes an answer. `patchFrom` set: the patch from that tree to `treeSha256`.
    static constexpr size_t kMaxPartBytes = size_t{4} << 20;
    // Codes: central.no_payload, central.bad_range (nothing from that byte), sync.bad_request.
    Result<net::HttpResponse> serve(const std::string& downloadSha256,
                                    const std::string& treeSha256, const std::string& patchFrom,
                                    const std::string& range) const;

  private:
    std::filesystem::path fullFile(const std::string& sha) const;
    std::filesystem::path patchFile(const std::string& from, const std::string& to) const;

    std::filesystem::path dir_;
    std::mutex mutex_;
};

}  // namespace hall
