#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include "Result.h"

namespace hall::update {

// A release's tree as one file, and back (libarchive). The archive is a plain tar with entries
// in name order and no owners or times, so the same tree always gives the same bytes: a patch
// made from one release's tar applies to the tar the terminal rebuilt from nothing but what it
// was sent.
Result<void> writeTreeArchive(const std::filesystem::path& tree, const std::filesystem::path& tar);

// Extracts `tar` into `into` (created; must not exist). Only regular files, folders and symbolic
// links are taken; an entry with an absolute path or "..", or one that would be written through
// a link, refuses the whole archive (release.bad_archive).
Result<void> extractTreeArchive(const std::filesystem::path& tar,
                                const std::filesystem::path& into);

// zstd (libzstd): the full download is the tar compressed; a patch is the new tar compressed
// against the old one as a dictionary (what `zstd --patch-from` makes). Both refuse to give more
// than `maxBytes` (the signed size), so a hostile file cannot fill the disk.
Result<std::string> compressZstd(std::string_view data);
Result<std::string> decompressZstd(std::string_view compressed, int64_t maxBytes);
Result<std::string> makePatch(std::string_view from, std::string_view to);
Result<std::string> applyPatch(std::string_view from, std::string_view patch, int64_t maxBytes);

}  // namespace hall::update
