#include "SoftwarePayloads.h"

#include <charconv>
#include <cstdio>
#include <fstream>

#include "config/TomlSection.h"
#include "crypto/Hashing.h"
#include "sync/BundleStore.h"
#include "update/ReleaseArchive.h"

namespace hall {

namespace fs = std::filesystem;

namespace {

bool isHex64(const std::string& s) {
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

fs::path SoftwarePayloads::fullFile(const std::string& sha) const {
    return dir_ / (sha + ".tar.zst");
}

fs::path SoftwarePayloads::patchFile(const std::string& from, const std::string& to) const {
    return dir_ / "patches" / (from + "-" + to + ".zst");
}

Result<std::string> SoftwarePayloads::store(const std::string& bytes) {
    if (dir_.empty())
        return fail("central.no_payloads", "this central keeps no software (set payload_dir)");
    const std::string sha = sha256Hex(bytes);
    if (auto r = sync::replaceFileDurably(fullFile(sha), bytes); !r)
        return fail("central.payload_write", r.message());
    return sha;
}

Result<void> SoftwarePayloads::prepare(const update::SoftwareRelease& release,
                                       const std::vector<update::SoftwareRelease>& earlier) {
    std::lock_guard lock(mutex_);
    auto tree = [&](const update::SoftwareRelease& r) -> Result<std::string> {
        auto bytes = readTextFile(fullFile(r.downloadSha256));
        if (!bytes) {
            return fail("bundle.invalid", "the download of software " + r.version + " (" +
                                              r.downloadSha256 +
                                              ") was not uploaded: upload it first");
        }
        if (sha256Hex(*bytes) != r.downloadSha256 ||
            static_cast<int64_t>(bytes->size()) != r.downloadSize)
            return fail("bundle.invalid", "the uploaded download of software " + r.version +
                                              " does not have the size and hash signed");
        auto tar = update::decompressZstd(*bytes, r.treeSize);
        if (!tar)
            return fail("bundle.invalid", "software " + r.version + ": " + tar.message());
        if (sha256Hex(*tar) != r.treeSha256 || static_cast<int64_t>(tar->size()) != r.treeSize)
            return fail("bundle.invalid", "software " + r.version +
                                              ": the download does not unpack to the tree signed");
        return tar;
    };
    auto target = tree(release);
    if (!target)
        return target.error();
    for (const auto& old : earlier) {
        if (old.treeSha256 == release.treeSha256 ||
            fs::exists(patchFile(old.treeSha256, release.treeSha256)))
            continue;
        auto from = tree(old);
        if (!from)
            continue;  // an old release without its download gets no patch
        auto patch = update::makePatch(*from, *target);
        if (!patch)
            return patch.error();
        if (auto r =
                sync::replaceFileDurably(patchFile(old.treeSha256, release.treeSha256), *patch);
            !r)
            return fail("central.payload_write", r.message());
        std::fprintf(stderr, "central: patch %s -> %s: %zu bytes (full download %lld)\n",
                     old.version.c_str(), release.version.c_str(), patch->size(),
                     static_cast<long long>(release.downloadSize));
    }
    return {};
}

Result<net::HttpResponse> SoftwarePayloads::serve(const std::string& downloadSha256,
                                                  const std::string& treeSha256,
                                                  const std::string& patchFrom,
                                                  const std::string& range) const {
    if (!isHex64(downloadSha256) && !isHex64(treeSha256)) {
        return fail("sync.bad_request",
                    "name the download by sha256, or the patch by tree and from");
    }
    const fs::path file =
        patchFrom.empty() ? fullFile(downloadSha256)
                          : (isHex64(patchFrom) ? patchFile(patchFrom, treeSha256) : fs::path());
    std::error_code ec;
    const uintmax_t size = file.empty() ? 0 : fs::file_size(file, ec);
    if (file.empty() || ec) {
        return fail("central.no_payload", patchFrom.empty() ? "no such software download"
                                                            : "no patch from that release: take "
                                                              "the full download");
    }
    size_t first = 0;
    size_t last = size == 0 ? 0 : static_cast<size_t>(size) - 1;
    const bool partial = !range.empty();
    if (partial) {
        // bytes=N- or bytes=N-M: what a resumed download asks for.
        const std::string_view r(range);
        const auto dash = r.find('-');
        auto number = [](std::string_view t, size_t& out) {
            return !t.empty() &&
                   std::from_chars(t.data(), t.data() + t.size(), out).ptr == t.data() + t.size();
        };
        if (r.substr(0, 6) != "bytes=" || dash == r.npos || !number(r.substr(6, dash - 6), first) ||
            (dash + 1 < r.size() && !number(r.substr(dash + 1), last)))
            return fail("sync.bad_request", "Range must be bytes=N- or bytes=N-M");
        last = std::min<size_t>(last, static_cast<size_t>(size) - 1);
        if (first >= size || first > last)
            return fail("central.bad_range", "the download has " + std::to_string(size) + " bytes");
        // A part at a time: hundreds of terminals downloading at once cost the central a part
        // each, not a release each; the downloader asks again from where the part ended.
        last = std::min(last, first + kMaxPartBytes - 1);
    } else if (size > kMaxPartBytes) {
        return fail("sync.bad_request", "the download has " + std::to_string(size) +
                                            " bytes: ask for it in parts (Range: bytes=N-)");
    }
    std::string bytes(last - first + 1, '\0');
    std::ifstream in(file, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(first));
    if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())))
        return fail("central.payload_read", "cannot read " + file.filename().string());
    net::HttpResponse res{partial ? 206 : 200, std::move(bytes), "application/zstd", {}};
    res.headers.emplace_back("Accept-Ranges", "bytes");
    if (partial) {
        res.headers.emplace_back("Content-Range", "bytes " + std::to_string(first) + "-" +
                                                      std::to_string(last) + "/" +
                                                      std::to_string(size));
    }
    return res;
}

}  // namespace hall
