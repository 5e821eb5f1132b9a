#include "update/InstalledReleases.h"

#include <fcntl.h>
#include <unistd.h>

#include "update/ReleaseArchive.h"

namespace hall::update {

namespace fs = std::filesystem;

namespace {

void syncFolder(const fs::path& dir) {
    if (const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// Every file of a tree on disk before it is put in place: syncfs flushes the folder's
// filesystem in one call.
void syncTree(const fs::path& dir) {
    if (const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
        ::syncfs(fd);
        ::close(fd);
    }
}

}  // namespace

std::string InstalledReleases::currentVersion() const {
    std::error_code ec;
    const fs::path target = fs::read_symlink(root_ / "current", ec);
    if (ec || target.empty())
        return kPackaged;
    return target.filename().string();
}

bool InstalledReleases::has(const std::string& version) const {
    std::error_code ec;
    return version == kPackaged || fs::is_directory(treeOf(version), ec);
}

fs::path InstalledReleases::treeOf(const std::string& version) const {
    return root_ / "releases" / version;
}

fs::path InstalledReleases::archiveOf(const std::string& version) const {
    return root_ / "releases" / (version + ".tar");
}

Result<void> InstalledReleases::install(const std::string& version, const fs::path& tar) {
    std::error_code ec;
    const fs::path partial = root_ / "releases" / (version + ".partial");
    fs::remove_all(partial, ec);
    fs::create_directories(root_ / "releases", ec);
    if (auto r = extractTreeArchive(tar, partial); !r) {
        fs::remove_all(partial, ec);
        return r;
    }
    syncTree(partial);
    fs::remove_all(treeOf(version), ec);
    fs::rename(partial, treeOf(version), ec);
    if (ec)
        return fail("release.install",
                    "cannot put " + treeOf(version).string() + " in place: " + ec.message());
    if (tar != archiveOf(version)) {
        fs::rename(tar, archiveOf(version), ec);
        if (ec)
            return fail("release.install",
                        "cannot keep " + archiveOf(version).string() + ": " + ec.message());
    }
    syncFolder(root_ / "releases");
    return {};
}

Result<void> InstalledReleases::switchTo(const std::string& version) {
    std::error_code ec;
    const fs::path link = root_ / "current";
    if (version == kPackaged) {
        fs::remove(link, ec);
        syncFolder(root_);
        return {};
    }
    if (!has(version))
        return fail("release.switch", "version " + version + " is not installed");
    const fs::path aside = root_ / "current.new";
    fs::remove(aside, ec);
    fs::create_symlink(fs::path("releases") / version, aside, ec);
    if (ec)
        return fail("release.switch", "cannot link " + aside.string() + ": " + ec.message());
    fs::rename(aside, link, ec);
    if (ec)
        return fail("release.switch", "cannot switch " + link.string() + ": " + ec.message());
    syncFolder(root_);
    return {};
}

void InstalledReleases::prune(const std::set<std::string>& keep) {
    std::error_code ec;
    for (auto it = fs::directory_iterator(root_ / "releases", ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.size() > 4 && name.ends_with(".tar"))
            name.resize(name.size() - 4);
        if (!keep.contains(name))
            fs::remove_all(it->path(), ec);
    }
}

}  // namespace hall::update
