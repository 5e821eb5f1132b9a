#include "update/ReleaseArchive.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <zstd.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <vector>

#include "config/TomlSection.h"

namespace hall::update {

namespace fs = std::filesystem;

namespace {

using ArchivePtr = std::unique_ptr<archive, int (*)(archive*)>;

Error archiveError(archive* a, const std::string& what) {
    const char* why = archive_error_string(a);
    return fail("release.bad_archive", what + ": " + (why ? why : "unknown error"));
}

}  // namespace

Result<void> writeTreeArchive(const fs::path& tree, const fs::path& tar) {
    std::error_code ec;
    if (!fs::is_directory(tree, ec))
        return fail("release.bad_tree", tree.string() + " is not a folder");
    std::vector<fs::path> entries;
    for (auto it = fs::recursive_directory_iterator(tree, ec); !ec && it != fs::end(it);
         it.increment(ec))
        entries.push_back(it->path());
    if (ec)
        return fail("release.bad_tree", "cannot read " + tree.string() + ": " + ec.message());
    std::sort(entries.begin(), entries.end());
    ArchivePtr out(archive_write_new(), archive_write_free);
    archive_write_set_format_pax_restricted(out.get());
    if (archive_write_open_filename(out.get(), tar.c_str()) != ARCHIVE_OK)
        return archiveError(out.get(), "cannot write " + tar.string());
    for (const auto& path : entries) {
        struct stat st {};
        if (::lstat(path.c_str(), &st) != 0)
            return fail("release.bad_tree", "cannot read " + path.string());
        std::unique_ptr<archive_entry, void (*)(archive_entry*)> entry(archive_entry_new(),
                                                                       archive_entry_free);
        archive_entry_set_pathname(entry.get(), fs::relative(path, tree).c_str());
        std::string content;
        if (S_ISLNK(st.st_mode)) {
            archive_entry_set_filetype(entry.get(), AE_IFLNK);
            archive_entry_set_perm(entry.get(), 0777);
            archive_entry_set_symlink(entry.get(), fs::read_symlink(path).c_str());
        } else if (S_ISDIR(st.st_mode)) {
            archive_entry_set_filetype(entry.get(), AE_IFDIR);
            archive_entry_set_perm(entry.get(), 0755);
        } else if (S_ISREG(st.st_mode)) {
            auto text = readTextFile(path);
            if (!text)
                return fail("release.bad_tree", text.message());
            content = std::move(text).value();
            archive_entry_set_filetype(entry.get(), AE_IFREG);
            archive_entry_set_perm(entry.get(), (st.st_mode & 0111) ? 0755 : 0644);
            archive_entry_set_size(entry.get(), static_cast<la_int64_t>(content.size()));
        } else {
            return fail("release.bad_tree",
                        path.string() + " is not a file, folder or link: a tree holds no others");
        }
        if (archive_write_header(out.get(), entry.get()) != ARCHIVE_OK)
            return archiveError(out.get(), "cannot add " + path.string());
        if (!content.empty() && archive_write_data(out.get(), content.data(), content.size()) !=
                                    static_cast<la_ssize_t>(content.size()))
            return archiveError(out.get(), "cannot add " + path.string());
    }
    if (archive_write_close(out.get()) != ARCHIVE_OK)
        return archiveError(out.get(), "cannot finish " + tar.string());
    return {};
}

Result<void> extractTreeArchive(const fs::path& tar, const fs::path& into) {
    std::error_code ec;
    if (fs::exists(into, ec))
        return fail("release.install", into.string() + " exists already");
    fs::create_directories(into, ec);
    if (ec)
        return fail("release.install", "cannot make " + into.string() + ": " + ec.message());
    ArchivePtr in(archive_read_new(), archive_read_free);
    archive_read_support_format_tar(in.get());
    if (archive_read_open_filename(in.get(), tar.c_str(), 1 << 16) != ARCHIVE_OK)
        return archiveError(in.get(), "cannot read " + tar.string());
    ArchivePtr out(archive_write_disk_new(), archive_write_free);
    // Names are checked below and put under `into`, so the absolute path written is ours.
    archive_write_disk_set_options(
        out.get(), ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                       ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_NO_OVERWRITE);
    archive_entry* entry = nullptr;
    int r = ARCHIVE_OK;
    while ((r = archive_read_next_header(in.get(), &entry)) == ARCHIVE_OK) {
        const std::string name = archive_entry_pathname(entry);
        const auto type = archive_entry_filetype(entry);
        if ((type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK) ||
            archive_entry_hardlink(entry) != nullptr)
            return fail("release.bad_archive", "\"" + name + "\" is not a file, folder or link");
        if (name.empty() || name.front() == '/' ||
            fs::path(name).lexically_normal().string().rfind("..", 0) == 0)
            return fail("release.bad_archive", "\"" + name + "\" is outside the tree");
        archive_entry_set_pathname(entry, (into / name).c_str());
        archive_entry_set_uid(entry, 0);
        archive_entry_set_gid(entry, 0);
        if (archive_write_header(out.get(), entry) != ARCHIVE_OK)
            return archiveError(out.get(), "cannot extract \"" + name + "\"");
        const void* block = nullptr;
        size_t size = 0;
        la_int64_t offset = 0;
        int d = ARCHIVE_OK;
        while ((d = archive_read_data_block(in.get(), &block, &size, &offset)) == ARCHIVE_OK) {
            if (archive_write_data_block(out.get(), block, size, offset) != ARCHIVE_OK)
                return archiveError(out.get(), "cannot write \"" + name + "\"");
        }
        if (d != ARCHIVE_EOF)
            return archiveError(in.get(), "cannot read \"" + name + "\"");
        if (archive_write_finish_entry(out.get()) != ARCHIVE_OK)
            return archiveError(out.get(), "cannot finish \"" + name + "\"");
    }
    if (r != ARCHIVE_EOF)
        return archiveError(in.get(), "cannot read " + tar.string());
    return {};
}

namespace {

Result<std::string> compressWith(std::string_view data, std::string_view dictionary) {
    std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> ctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
    ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_compressionLevel, 19);
    if (!dictionary.empty()) {
        // As zstd --patch-from: a window that covers the old file, and long-distance matching.
        unsigned windowLog = 10;
        while ((size_t{1} << windowLog) < std::max(dictionary.size(), data.size()) &&
               windowLog < 30)
            ++windowLog;
        ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_windowLog, static_cast<int>(windowLog));
        ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_enableLongDistanceMatching, 1);
        ZSTD_CCtx_refPrefix(ctx.get(), dictionary.data(), dictionary.size());
    }
    std::string out(ZSTD_compressBound(data.size()), '\0');
    const size_t n = ZSTD_compress2(ctx.get(), out.data(), out.size(), data.data(), data.size());
    if (ZSTD_isError(n))
        return fail("release.compress", ZSTD_getErrorName(n));
    out.resize(n);
    return out;
}

Result<std::string> decompressWith(std::string_view compressed, std::string_view dictionary,
                                   int64_t maxBytes) {
    std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
    ZSTD_DCtx_setParameter(ctx.get(), ZSTD_d_windowLogMax, 31);
    if (!dictionary.empty())
        ZSTD_DCtx_refPrefix(ctx.get(), dictionary.data(), dictionary.size());
    std::string out;
    std::string chunk(size_t{1} << 20, '\0');
    ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
    size_t last = 1;
    while (in.pos < in.size || last != 0) {
        ZSTD_outBuffer o{chunk.data(), chunk.size(), 0};
        last = ZSTD_decompressStream(ctx.get(), &o, &in);
        if (ZSTD_isError(last))
            return fail("release.bad_download",
                        std::string("not zstd data: ") + ZSTD_getErrorName(last));
        out.append(chunk.data(), o.pos);
        if (static_cast<int64_t>(out.size()) > maxBytes)
            return fail("release.bad_download", "it unpacks to more than the " +
                                                    std::to_string(maxBytes) +
                                                    " bytes the release says");
        if (in.pos == in.size && o.pos == 0 && last != 0)
            return fail("release.bad_download", "the zstd data ends early");
    }
    return out;
}

}  // namespace

Result<std::string> compressZstd(std::string_view data) {
    return compressWith(data, {});
}

Result<std::string> decompressZstd(std::string_view compressed, int64_t maxBytes) {
    return decompressWith(compressed, {}, maxBytes);
}

Result<std::string> makePatch(std::string_view from, std::string_view to) {
    return compressWith(to, from);
}

Result<std::string> applyPatch(std::string_view from, std::string_view patch, int64_t maxBytes) {
    return decompressWith(patch, from, maxBytes);
}

}  // namespace hall::update
