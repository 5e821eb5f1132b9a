#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "Result.h"
#include "lan/DeviceKey.h"

namespace hall::sync {

// What maintainers publish to terminals (docs/central-api.yaml, "Bundles"): the hall config's
// centrally managed part, a proof catalogue, the issuers of identity codes, or a software
// release (update::SoftwareRelease) that only the updater takes.
enum class BundleKind { Config, Catalog, IssuerKeys, Software };
// The kinds the hall role puts in force itself.
inline constexpr BundleKind kBundleKinds[] = {BundleKind::Config, BundleKind::Catalog,
                                              BundleKind::IssuerKeys};
std::string_view bundleKindCode(BundleKind kind);  // config, catalog, issuer_keys, software
std::optional<BundleKind> bundleKindFromCode(std::string_view code);

// Who a bundle is for: every hall, the halls of one district, or one hall. It is inside the
// signed part, so neither the central service nor anyone on the way can send a bundle made for
// one hall to another.
struct BundleScope {
    enum class Level { All, District, Hall };
    Level level = Level::All;
    std::string id;  // the district or the hall; empty for All

    std::string code() const;  // all, district:<id>, hall:<id>
    static Result<BundleScope> parse(std::string_view code);
    bool covers(const std::string& hallId, const std::string& district) const;
};

struct Bundle {
    BundleKind kind = BundleKind::Config;
    int64_t version = 0;  // a terminal never goes back to a lower one
    BundleScope scope;
    int64_t signedAtMs = 0;
    std::string content;  // TOML text, checked by the terminal before it is put in force
    std::string signer;   // the maintainer key's id
};

// The maintainers' keys a terminal trusts: key id → Ed25519 public key (32 raw bytes).
using PublisherKeys = std::map<std::string, std::string>;

// The signed form, as JSON text: {"bundle": base64 of the bundle's JSON, "signer": key id,
// "signature": Ed25519 over those exact bytes}. Signing bytes rather than parsed JSON means
// nobody has to agree on how JSON is written out.
std::string signBundle(const Bundle& bundle, const DeviceKey& key);

// Checks the signature against `trusted`, then reads the bundle. Codes: bundle.malformed,
// bundle.unknown_signer, bundle.bad_signature.
Result<Bundle> openBundle(std::string_view signedText, const PublisherKeys& trusted);

}  // namespace hall::sync
