#include "resident/UpdateHandshake.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace hall {

std::string runningRelease() {
    const char* release = std::getenv("HALL_RELEASE");
    return release && *release ? release : HALL_VERSION;
}

std::filesystem::path updaterJournal() {
    const char* dir = std::getenv("HALL_RELEASES_DIR");
    return std::filesystem::path(dir && *dir ? dir : "/var/lib/hall-updater") / "journal.json";
}

bool UpdateHandshake::holding(const std::function<bool()>& idle, int64_t nowMs) {
    if (nowMs - lookedAtMs_ >= kLookEveryMs || nowMs < lookedAtMs_) {
        lookedAtMs_ = nowMs;
        auto asked = gate_.requested();
        // A new request (or the same asked again) is answered afresh.
        if (!asked || !requested_ || asked->atMs != requested_->atMs)
            heldSinceMs_ = 0;
        requested_ = std::move(asked);
    }
    if (!requested_) {
        heldSinceMs_ = 0;
        return false;
    }
    if (heldSinceMs_ != 0) {
        // An updater that asked and then never came must not leave the hall closed.
        if (nowMs - heldSinceMs_ < update::InstallGate::kHoldSeconds * 1000)
            return true;
        return false;
    }
    if (!idle())
        return false;
    if (auto r = gate_.markReady(requested_->version, nowMs); !r) {
        std::fprintf(stderr, "kiosk: cannot tell the updater the hall is ready: %s\n",
                     r.message().c_str());
        return false;
    }
    std::fprintf(stderr, "kiosk: holding the hall for the install of software %s\n",
                 requested_->version.c_str());
    heldSinceMs_ = nowMs;
    return true;
}

void UpdateHandshake::proveIfWorking(bool startScreenShown, bool storeOpen, bool lanAnswering,
                                     bool centralAnswered, int64_t nowMs) {
    if (proved_ || !startScreenShown || !storeOpen || !lanAnswering || !centralAnswered)
        return;
    const update::ReleaseProof proof{version_, ::getpid(), nowMs};
    if (auto r = proof.write(gate_.dir()); !r) {
        std::fprintf(stderr, "kiosk: cannot write the release proof: %s\n", r.message().c_str());
        return;
    }
    proved_ = true;
}

}  // namespace hall
