#include <archive.h>
#include <archive_entry.h>
#include <doctest/doctest.h>

#include "config/TomlSection.h"
#include "crypto/Hashing.h"
#include "support/TempDir.h"
#include "update/InstallGate.h"
#include "update/InstalledReleases.h"
#include "update/ReleaseArchive.h"
#include "update/SoftwareRelease.h"

namespace hall::test {

namespace fs = std::filesystem;
using namespace update;

TEST_CASE("update: versions compare as numbers, part by part") {
    CHECK(compareVersions("0.10.0", "0.9.1") > 0);
    CHECK(compareVersions("0.8.0", "0.8.0") == 0);
    CHECK(compareVersions("0.8", "0.8.0") == 0);
    CHECK(compareVersions("1.0.0", "0.99.99") > 0);
    CHECK(compareVersions("0.8.0-2", "0.8.0-10") < 0);
    CHECK(isValidVersion("0.8.1+hall"));
    CHECK_FALSE(isValidVersion("../etc"));
    CHECK_FALSE(isValidVersion(""));
    CHECK_FALSE(isValidVersion("a/b"));
}

TEST_CASE("update: a release's content is checked field by field") {
    SoftwareRelease r{"0.8.1", std::string(64, 'a'),
                      100,     std::string(64, 'b'),
                      50,      MaintenanceWindow{22 * 60, 6 * 60},
                      false,   60};
    auto back = parseSoftwareRelease(softwareReleaseToml(r));
    REQUIRE(back);
    CHECK(back->version == "0.8.1");
    CHECK(back->window->contains(23 * 60));
    CHECK(back->window->contains(5 * 60));
    CHECK_FALSE(back->window->contains(12 * 60));
    auto bad = parseSoftwareRelease("version = \"../x\"\ntree_sha256 = \"zz\"\ntree_size = 0\n");
    REQUIRE_FALSE(bad);
    CHECK(bad.message().find("version") != std::string::npos);
    CHECK(bad.message().find("tree_sha256") != std::string::npos);
    CHECK(bad.message().find("download_sha256") != std::string::npos);
    CHECK_FALSE(MaintenanceWindow::parse("25:00-03:00"));
    CHECK_FALSE(MaintenanceWindow::parse("02:00"));
}

TEST_CASE("update: a tree archived twice gives the same bytes, and a patch rebuilds the next") {
    TempDir dir("tree");
    fs::create_directories(dir / "a" / "bin");
    writeFile(dir / "a" / "bin" / "kiosk", std::string(200000, 'k') + "v1");
    writeFile(dir / "a" / "readme", "hello");
    REQUIRE(writeTreeArchive(dir / "a", dir / "1.tar"));
    REQUIRE(writeTreeArchive(dir / "a", dir / "2.tar"));
    const auto one = readTextFile(dir / "1.tar").value();
    CHECK(one == readTextFile(dir / "2.tar").value());
    writeFile(dir / "a" / "bin" / "kiosk", std::string(200000, 'k') + "v2");
    REQUIRE(writeTreeArchive(dir / "a", dir / "3.tar"));
    const auto next = readTextFile(dir / "3.tar").value();
    auto patch = makePatch(one, next);
    REQUIRE(patch);
    CHECK(patch->size() < next.size() / 20);
    auto rebuilt = applyPatch(one, *patch, static_cast<int64_t>(next.size()));
    REQUIRE(rebuilt);
    CHECK(sha256Hex(*rebuilt) == sha256Hex(next));
    // A patch that unpacks to more than signed is refused, not written out.
    CHECK_FALSE(applyPatch(one, *patch, static_cast<int64_t>(next.size()) - 1));
    CHECK_FALSE(decompressZstd("not zstd at all", 100));

    InstalledReleases installed(dir / "releases");
    REQUIRE(installed.install("0.8.0", dir / "3.tar"));
    CHECK(readTextFile(installed.treeOf("0.8.0") / "bin" / "kiosk").value().ends_with("v2"));
    CHECK(installed.currentVersion() == InstalledReleases::kPackaged);
    REQUIRE(installed.switchTo("0.8.0"));
    CHECK(installed.currentVersion() == "0.8.0");
    CHECK_FALSE(installed.switchTo("0.9.9"));
    REQUIRE(installed.switchTo(InstalledReleases::kPackaged));
    CHECK(installed.currentVersion() == InstalledReleases::kPackaged);
}

TEST_CASE("update: an archive that reaches outside its tree is refused whole") {
    TempDir dir("evil");
    auto evil = [&](const char* name, int type, const char* link) {
        const fs::path tar = dir / "evil.tar";
        archive* a = archive_write_new();
        archive_write_set_format_pax_restricted(a);
        REQUIRE(archive_write_open_filename(a, tar.c_str()) == ARCHIVE_OK);
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, name);
        archive_entry_set_filetype(e, type);
        archive_entry_set_perm(e, 0755);
        if (link)
            archive_entry_set_symlink(e, link);
        archive_entry_set_size(e, type == AE_IFREG ? 2 : 0);
        archive_write_header(a, e);
        if (type == AE_IFREG)
            archive_write_data(a, "hi", 2);
        archive_entry_free(e);
        archive_write_close(a);
        archive_write_free(a);
        fs::remove_all(dir / "out");
        return extractTreeArchive(tar, dir / "out");
    };
    CHECK(evil("bin/kiosk", AE_IFREG, nullptr));
    CHECK_FALSE(evil("../outside", AE_IFREG, nullptr));
    CHECK_FALSE(evil("/etc/passwd", AE_IFREG, nullptr));
    CHECK_FALSE(evil("dev", AE_IFCHR, nullptr));
    CHECK_FALSE(fs::exists(dir / "outside"));
}

}  // namespace hall::test

namespace hall::test {

TEST_CASE(
    "update: the hall's answer to an install request counts only for that request and "
    "only while the hall still holds") {
    TempDir dir("gate");
    update::InstallGate gate(dir / "update");
    const int64_t t0 = 1'800'000'000'000;
    REQUIRE(gate.request("0.9.0", t0));
    CHECK_FALSE(gate.isReady("0.9.0", t0 + 10));  // nobody answered yet
    REQUIRE(gate.markReady("0.9.0", t0 + 1000));
    CHECK(gate.isReady("0.9.0", t0 + 2000));
    CHECK_FALSE(gate.isReady("0.9.1", t0 + 2000));  // another version
    // An updater back after a long stop must not take the old answer.
    CHECK_FALSE(gate.isReady("0.9.0", t0 + 1000 + update::InstallGate::kReadyForSeconds * 1000));
    // Asked again: the old answer does not count for the new request.
    REQUIRE(gate.request("0.9.0", t0 + 5000));
    CHECK_FALSE(gate.isReady("0.9.0", t0 + 6000));
    REQUIRE(gate.requested());
    CHECK(gate.requested()->atMs == t0 + 5000);
    gate.withdraw();
    CHECK_FALSE(gate.requested());
}

}  // namespace hall::test
