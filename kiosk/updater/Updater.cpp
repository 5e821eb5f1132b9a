#include "updater/Updater.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "config/TomlSection.h"
#include "crypto/Hashing.h"
#include "text/UntrustedJson.h"
#include "update/ReleaseArchive.h"

namespace hall {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;
using update::UpdatePhase;

namespace {

constexpr milliseconds kNow{0};
constexpr milliseconds kPoll{500};
constexpr milliseconds kRetry = seconds(5);

void say(const std::string& line) {
    std::fprintf(stderr, "hall-updater: %s\n", line.c_str());
}

Result<std::string> fileSha256(const fs::path& file) {
    auto bytes = readTextFile(file);
    if (!bytes)
        return bytes.error();
    return sha256Hex(*bytes);
}

}  // namespace

Updater::Updater(UpdaterConfig config, DeviceKey key, const Clock& clock)
    : config_(std::move(config)),
      key_(std::move(key)),
      clock_(clock),
      central_(config_.hall.central.url, config_.hall.central.certificate),
      bundles_(config_.releasesDir / "bundles", config_.hall.central.publishers,
               config_.hall.hallId, enrolledDistrict(config_.hall.central.keyFile)),
      installed_(config_.releasesDir),
      gate_(config_.gateDir()) {}

Result<void> Updater::resume() {
    auto journal = update::UpdateJournal::load(config_.journalFile());
    if (!journal)
        return journal.error();
    journal_ = std::move(journal).value();
    if (journal_.phase != UpdatePhase::Idle)
        say("carrying on with " + journal_.target + " from " +
            std::string(update::phaseCode(journal_.phase)));
    return {};
}

Result<void> Updater::save() {
    return journal_.save(config_.journalFile());
}

fs::path Updater::file(const std::string& suffix) const {
    return config_.releasesDir / "downloads" / (journal_.target + suffix);
}

std::string Updater::proofVersionOf(const std::string& installed) const {
    return installed == update::InstalledReleases::kPackaged ? config_.packagedVersion : installed;
}

std::optional<update::SoftwareRelease> Updater::release() const {
    auto bundle = bundles_.inForce(sync::BundleKind::Software);
    if (!bundle)
        return std::nullopt;
    auto r = update::parseSoftwareRelease(bundle->content);
    if (!r)
        return std::nullopt;
    return std::move(r).value();
}

void Updater::restartRoles() {
    say("restarting the roles: " + config_.restartCommand);
    const int rc = std::system(config_.restartCommand.c_str());
    if (rc != 0)
        say("the restart command ended with " + std::to_string(rc));
}

bool Updater::inWindow(const update::SoftwareRelease& r) const {
    const HallLocalTime t = toHallLocal(clock_.now(), config_.hall.utcOffsetMinutes);
    if (r.window)
        return r.window->contains(t.minuteOfDay());
    // Outside opening hours: no service of the hall hands out tickets now.
    for (const auto& s : config_.hall.services) {
        if (s.hours.isOpen(t))
            return false;
    }
    return true;
}

milliseconds Updater::giveUp(const std::string& code, const std::string& why, bool neverAgain) {
    say("update to " + journal_.target + " stopped (" + code + "): " + why);
    journal_.lastFailure = journal_.target + ": " + why;
    if (neverAgain)
        journal_.failed.insert(journal_.target);
    journal_.phase = UpdatePhase::Idle;
    std::error_code ec;
    if (neverAgain)
        fs::remove_all(config_.releasesDir / "downloads", ec);
    gate_.withdraw();
    if (auto r = save(); !r)
        say(r.message());
    return kRetry;
}

milliseconds Updater::step() {
    switch (journal_.phase) {
        case UpdatePhase::Idle:
            return idle();
        case UpdatePhase::Downloading:
            return download();
        case UpdatePhase::Verifying:
            return verify();
        case UpdatePhase::Installing:
            return install();
        case UpdatePhase::Waiting:
            return wait();
        case UpdatePhase::Switching:
            return switchOver();
        case UpdatePhase::Proving:
            return prove();
        case UpdatePhase::RollingBack:
            return rollBack();
    }
    return kRetry;
}

milliseconds Updater::idle() {
    const auto now = std::chrono::steady_clock::now();
    if (now < nextCheck_)
        return std::chrono::duration_cast<milliseconds>(nextCheck_ - now);
    nextCheck_ = now + seconds(config_.checkSeconds);
    const std::string running = proofVersionOf(installed_.currentVersion());
    const std::string kind(sync::bundleKindCode(sync::BundleKind::Software));
    sync::BundleRequest request{config_.hall.hallId,
                                {{kind, bundles_.versionInForce(sync::BundleKind::Software)}},
                                update::reportedStatus(config_.journalFile(), running)};
    auto answer =
        postToCentral(central_, sync::kPathBundles, dumpJson(sync::bundleRequestJson(request)),
                      &key_, toUnixMillis(clock_.now()));
    if (answer) {
        if (auto ok = checkAnswer(*answer, sync::kPathBundles); !ok)
            answer = ok.error();
    }
    if (!answer) {
        say("cannot ask the central for software: " + answer.message());
        return seconds(config_.checkSeconds);
    }
    auto offered = sync::parseBundleAnswer(answer->body);
    if (!offered)
        return seconds(config_.checkSeconds);
    const auto validate = [&](const sync::Bundle& b) -> Result<void> {
        if (b.kind != sync::BundleKind::Software)
            return fail("update.not_software", "not a software release");
        auto r = update::parseSoftwareRelease(b.content);
        if (!r)
            return r.error();
        if (journal_.failed.contains(r->version)) {
            return fail("update.failed_before",
                        "software " + r->version +
                            " did not prove itself on this terminal before; publish a newer one");
        }
        if (update::compareVersions(r->version, running) < 0 && !r->rollback) {
            return fail("update.older", "software " + r->version + " is older than " + running +
                                            ", which runs here; going back needs a release "
                                            "signed with rollback = true");
        }
        return {};
    };
    for (const auto& text : *offered) {
        auto outcome = bundles_.offer(text, validate);
        if (!outcome) {
            say("refused a software bundle: " + outcome.message());
            journal_.lastFailure = outcome.message();
            if (auto r = save(); !r)
                say(r.message());
        }
    }
    auto r = release();
    if (!r || r->version == running || journal_.failed.contains(r->version))
        return seconds(config_.checkSeconds);
    journal_.target = r->version;
    journal_.bundleVersion = bundles_.versionInForce(sync::BundleKind::Software);
    journal_.phase = UpdatePhase::Downloading;
    say("software " + r->version + " is published for this terminal; downloading");
    if (auto s = save(); !s)
        say(s.message());
    return kNow;
}

milliseconds Updater::download() {
    auto r = release();
    if (!r || r->version != journal_.target)
        return giveUp("update.withdrawn", "the release is no longer the one in force", false);
    std::error_code ec;
    fs::create_directories(config_.releasesDir / "downloads", ec);
    // Room for the download, the tar it unpacks to and the tree, and the store's margin.
    struct statvfs vfs {};
    if (::statvfs(config_.releasesDir.c_str(), &vfs) == 0) {
        const int64_t free =
            static_cast<int64_t>(vfs.f_bavail) * static_cast<int64_t>(vfs.f_frsize);
        const int64_t need = r->downloadSize + 2 * r->treeSize + config_.marginMiB * (1 << 20);
        if (free < need) {
            return giveUp("update.disk_full",
                          "the disk has " + std::to_string(free >> 20) + " MiB free; " +
                              r->version + " needs " + std::to_string(need >> 20) +
                              " MiB with the store's margin. Free some space; it is tried again",
                          false);
        }
    }
    const int64_t now = toUnixMillis(clock_.now());
    // A patch from the tree running now, when the central has one: much less to download.
    const std::string running = installed_.currentVersion();
    const fs::path noPatch = file(".no-patch");
    if (running != update::InstalledReleases::kPackaged && !fs::exists(noPatch, ec) &&
        fs::exists(installed_.archiveOf(running), ec)) {
        auto fromTar = readTextFile(installed_.archiveOf(running));
        if (fromTar) {
            const std::string query = std::string(sync::kPathSoftware) + "?tree=" + r->treeSha256 +
                                      "&from=" + sha256Hex(*fromTar);
            // A patch larger than the full download is not worth it (and is refused).
            auto got = downloadFromCentral(central_, query, key_, now, file(".patch.part"),
                                           r->downloadSize);
            if (!got && got.error().code == "sync.unreachable")
                return kRetry;
            if (got && got->have < got->total)
                return kNow;  // the next part
            if (got) {
                auto patch = readTextFile(file(".patch.part"));
                auto tar = patch ? update::applyPatch(*fromTar, *patch, r->treeSize)
                                 : Result<std::string>(patch.error());
                if (tar && sha256Hex(*tar) == r->treeSha256) {
                    if (auto w = sync::replaceFileDurably(file(".tar"), *tar); !w)
                        return giveUp("update.write", w.message(), false);
                    fs::remove(file(".patch.part"), ec);
                    say("patched " + running + " into " + r->version + " (" +
                        std::to_string(patch->size()) + " bytes instead of " +
                        std::to_string(r->downloadSize) + ")");
                    journal_.phase = UpdatePhase::Verifying;
                    (void)save();
                    return kNow;
                }
                say("the patch to " + r->version +
                    " did not give the signed tree; taking the "
                    "full download");
            }
            fs::remove(file(".patch.part"), ec);
            (void)sync::replaceFileDurably(noPatch, "");
        }
    }
    const std::string query = std::string(sync::kPathSoftware) + "?sha256=" + r->downloadSha256;
    auto got =
        downloadFromCentral(central_, query, key_, now, file(".tar.zst.part"), r->downloadSize);
    if (!got) {
        if (got.error().code == "sync.unreachable") {
            say(got.message());
            return kRetry;
        }
        fs::remove(file(".tar.zst.part"), ec);
        return giveUp(got.error().code, got.message(), false);
    }
    if (got->have < r->downloadSize)
        return kNow;
    fs::rename(file(".tar.zst.part"), file(".tar.zst"), ec);
    journal_.phase = UpdatePhase::Verifying;
    if (auto s = save(); !s)
        say(s.message());
    return kNow;
}

milliseconds Updater::verify() {
    auto r = release();
    if (!r || r->version != journal_.target)
        return giveUp("update.withdrawn", "the release is no longer the one in force", false);
    std::error_code ec;
    if (fs::exists(file(".tar"), ec)) {
        auto sha = fileSha256(file(".tar"));
        if (sha && *sha == r->treeSha256) {
            fs::remove(file(".tar.zst"), ec);
            journal_.phase = UpdatePhase::Installing;
            (void)save();
            return kNow;
        }
        fs::remove(file(".tar"), ec);
    }
    auto zst = readTextFile(file(".tar.zst"));
    if (!zst) {
        journal_.phase = UpdatePhase::Downloading;
        (void)save();
        return kNow;
    }
    if (static_cast<int64_t>(zst->size()) != r->downloadSize ||
        sha256Hex(*zst) != r->downloadSha256) {
        fs::remove(file(".tar.zst"), ec);
        return giveUp("update.bad_download",
                      "the download does not match the SHA-256 and size signed for " + r->version +
                          " (changed on the way or on the central); it was deleted "
                          "and nothing was installed",
                      false);
    }
    auto tar = update::decompressZstd(*zst, r->treeSize);
    if (!tar || sha256Hex(*tar) != r->treeSha256) {
        fs::remove(file(".tar.zst"), ec);
        return giveUp("update.bad_download",
                      "the download of " + r->version + " does not unpack to the tree signed",
                      true);
    }
    if (auto w = sync::replaceFileDurably(file(".tar"), *tar); !w)
        return giveUp("update.write", w.message(), false);
    fs::remove(file(".tar.zst"), ec);
    journal_.phase = UpdatePhase::Installing;
    (void)save();
    return kNow;
}

milliseconds Updater::install() {
    std::error_code ec;
    const bool extracted = installed_.has(journal_.target) &&
                           fs::exists(installed_.archiveOf(journal_.target), ec) &&
                           !fs::exists(file(".tar"), ec);
    if (!extracted) {
        if (auto r = installed_.install(journal_.target, file(".tar")); !r)
            return giveUp(r.error().code, r.message(), true);
    }
    journal_.downloaded = journal_.target;
    journal_.phase = UpdatePhase::Waiting;
    say(journal_.target + " is installed beside " + installed_.currentVersion() +
        "; waiting for the maintenance window and an idle hall");
    (void)save();
    return kNow;
}

milliseconds Updater::wait() {
    auto r = release();
    if (!r || r->version != journal_.target)
        return giveUp("update.withdrawn", "the release is no longer the one in force", false);
    std::error_code ec;
    if (!inWindow(*r)) {
        gate_.withdraw();
        return seconds(30);
    }
    if (!fs::exists(config_.gateDir(), ec)) {
        // The hall role writes its answers here: the folder is its, like the data folder.
        fs::create_directories(config_.gateDir(), ec);
        struct stat owner {};
        if (::stat(config_.hall.dataDir.c_str(), &owner) == 0 &&
            ::chown(config_.gateDir().c_str(), owner.st_uid, owner.st_gid) != 0)
            say("cannot give " + config_.gateDir().string() + " to the hall's user");
    }
    const int64_t now = toUnixMillis(clock_.now());
    const auto asked = gate_.requested();
    // Asked again when the hall may have stopped holding for an old request.
    if (!asked || asked->version != journal_.target ||
        (now - asked->atMs > update::InstallGate::kReadyForSeconds * 1000 &&
         !gate_.isReady(journal_.target, now))) {
        if (auto g = gate_.request(journal_.target, now); !g)
            say(g.message());
        return kPoll;
    }
    if (!gate_.isReady(journal_.target, now))
        return kPoll;
    journal_.from = installed_.currentVersion();
    journal_.switchedAtMs = now;
    journal_.deadlineMs = now + int64_t{r->proveSeconds} * 1000;
    journal_.phase = UpdatePhase::Switching;
    (void)save();
    return kNow;
}

milliseconds Updater::switchOver() {
    if (auto s = installed_.switchTo(journal_.target); !s) {
        journal_.failed.insert(journal_.target);
        return giveUp(s.error().code, s.message(), true);
    }
    say("switched from " + journal_.from + " to " + journal_.target);
    restartRoles();
    journal_.phase = UpdatePhase::Proving;
    (void)save();
    return kPoll;
}

milliseconds Updater::prove() {
    const int64_t now = toUnixMillis(clock_.now());
    const auto proof = update::ReleaseProof::read(config_.gateDir());
    if (proof && proof->version == proofVersionOf(journal_.target) &&
        proof->atMs >= journal_.switchedAtMs) {
        // From the hall held for the switch to the new version working: what residents saw.
        say(journal_.target + " proved itself: the update is done; out of service " +
            std::to_string(proof->atMs - journal_.switchedAtMs) + " ms");
        nextCheck_ = {};  // tell the central at once: its rollout may move on
        journal_.phase = UpdatePhase::Idle;
        journal_.lastFailure.clear();
        gate_.withdraw();
        installed_.prune({journal_.target, journal_.from});
        std::error_code ec;
        fs::remove_all(config_.releasesDir / "downloads", ec);
        (void)save();
        return kNow;
    }
    if (now < journal_.deadlineMs)
        return kPoll;
    const int64_t allowed = (journal_.deadlineMs - journal_.switchedAtMs) / 1000;
    journal_.lastFailure = journal_.target +
                           ": did not reach its start screen with the store open, the LAN API "
                           "and the central answering within " +
                           std::to_string(allowed) +
                           " s (it exited, hung or failed its checks); "
                           "went back to " +
                           proofVersionOf(journal_.from);
    journal_.failed.insert(journal_.target);
    say(journal_.lastFailure);
    journal_.phase = UpdatePhase::RollingBack;
    journal_.switchedAtMs = 0;
    journal_.deadlineMs = allowed * 1000;  // the old version gets as long
    (void)save();
    return kNow;
}

milliseconds Updater::rollBack() {
    const int64_t now = toUnixMillis(clock_.now());
    if (journal_.switchedAtMs == 0) {
        if (auto s = installed_.switchTo(journal_.from); !s)
            say("cannot go back to " + journal_.from + ": " + s.message());
        restartRoles();
        journal_.switchedAtMs = now;
        journal_.deadlineMs += now;
        (void)save();
        return kPoll;
    }
    const auto proof = update::ReleaseProof::read(config_.gateDir());
    const bool proved = proof && proof->version == proofVersionOf(journal_.from) &&
                        proof->atMs >= journal_.switchedAtMs;
    if (!proved && now < journal_.deadlineMs)
        return kPoll;
    if (!proved)
        journal_.lastFailure +=
            "; " + proofVersionOf(journal_.from) + " did not prove itself either";
    say(proved ? "back on " + proofVersionOf(journal_.from) : journal_.lastFailure);
    nextCheck_ = {};  // tell the central at once: its rollout may halt
    journal_.phase = UpdatePhase::Idle;
    gate_.withdraw();
    installed_.prune({journal_.from});
    std::error_code ec;
    fs::remove_all(config_.releasesDir / "downloads", ec);
    (void)save();
    return kNow;
}

}  // namespace hall
