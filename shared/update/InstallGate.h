#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "Result.h"

namespace hall::update {

// How the updater and the hall role agree on when the terminal may be switched, through two
// small files in a folder both can reach (the hall's data folder, update/):
// - the updater writes install-request (the version) when it is in its window;
// - the hall role, once nobody is at its screen and no counter is serving a ticket, stops taking
//   residents (an "updating" notice) and writes install-ready; from then the updater may stop it.
// The hall role lets residents in again if the request goes, or after kHoldSeconds without it
// being carried out, so an updater that died never leaves a hall closed.
class InstallGate {
  public:
    static constexpr int64_t kHoldSeconds = 300;
    // An answer is taken only this long after it was given, well inside the hold.
    static constexpr int64_t kReadyForSeconds = 240;

    explicit InstallGate(std::filesystem::path dir) : dir_(std::move(dir)) {}

    struct Request {
        std::string version;
        int64_t atMs = 0;
    };

    // The updater's side.
    Result<void> request(const std::string& version, int64_t nowMs);
    // Whether the hall is holding for `version` now: ready written after the request, and
    // recently enough that the hall still holds (an updater that was stopped between its
    // request and the switch must not take a stale answer while a resident is at the screen).
    bool isReady(const std::string& version, int64_t nowMs) const;
    void withdraw();

    // The install asked for, if one is (both sides: a request the hall stopped holding for is
    // asked again, with a new time).
    std::optional<Request> requested() const;
    Result<void> markReady(const std::string& version, int64_t nowMs);

    const std::filesystem::path& dir() const { return dir_; }

  private:
    std::filesystem::path dir_;
};

// What a version writes once it has proved it works (the hall role: its start screen drawn,
// the store open, its LAN API answering and the central answering): the updater waits for this
// after it switched, and goes back when it does not come.
struct ReleaseProof {
    std::string version;
    int64_t pid = 0;
    int64_t atMs = 0;

    static std::filesystem::path fileIn(const std::filesystem::path& dir);
    static std::optional<ReleaseProof> read(const std::filesystem::path& dir);
    Result<void> write(const std::filesystem::path& dir) const;
};

}  // namespace hall::update
