#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "Result.h"
#include "sync/Bundle.h"

namespace hall::sync {

// What a terminal holds of what maintainers published: the bundle in force of each kind, one
// file per kind (<dir>/<kind>.bundle, the signed form as received). A new one is written beside
// it, flushed to disk and renamed over it, so a power cut leaves the old one or the new one,
// never half of either. Files are verified again whenever they are read: one changed on disk is
// not trusted.
class BundleStore {
  public:
    // Checks what a bundle holds (a catalogue that parses, a config that loads) before it is put
    // in force; the error says what is wrong.
    using Validator = std::function<Result<void>(const Bundle&)>;

    BundleStore(std::filesystem::path dir, PublisherKeys trusted, std::string hallId,
                std::string district);

    std::optional<Bundle> inForce(BundleKind kind) const;
    int64_t versionInForce(BundleKind kind) const;  // 0: none

    enum class Outcome { Applied, AlreadyInForce };
    struct Offered {
        Outcome outcome = Outcome::Applied;
        BundleKind kind = BundleKind::Config;
        int64_t version = 0;
    };
    // Verifies and puts a bundle in force. Refused (and the one in force kept) when it is not
    // signed by a trusted key (bundle.bad_signature, bundle.unknown_signer, bundle.malformed), is
    // for another hall or district (bundle.not_for_this_hall), is older than the one in force
    // (bundle.rollback), or fails `validate` (bundle.invalid).
    Result<Offered> offer(std::string_view signedText, const Validator& validate);

    const std::filesystem::path& dir() const { return dir_; }
    std::filesystem::path fileOf(BundleKind kind) const;

  private:
    std::filesystem::path dir_;
    PublisherKeys trusted_;
    std::string hallId_;
    std::string district_;
};

// Writes `text` to `file` so that a crash leaves either the old file or the new one: written
// aside, flushed, renamed over, and the folder flushed.
Result<void> replaceFileDurably(const std::filesystem::path& file, std::string_view text);

}  // namespace hall::sync
