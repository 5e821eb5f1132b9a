#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "Result.h"
#include "config/HallConfig.h"
#include "sync/BundleStore.h"

namespace hall::sync {

// What each kind of bundle holds (docs/central-api.yaml, "Bundles"):
// - config: TOML with any of the hall config's centrally managed tables — [kiosk] (but not
//   assets_dir), [queue], [[services]], [[windows]]. Fields of [kiosk] and [queue] replace the
//   local file's one by one; [[services]] and [[windows]] replace the local lists whole. The
//   rest (the hall's id, its store, printer, LAN, staff) stays the hall's own. The hall role
//   starts itself again at its start screen to put a new one in force.
// - catalog: a proof catalogue (config/proofs/README.md).
// - issuer_keys: [[issuers]] id / public_key, replacing the hall config's [[identity.issuers]].
inline constexpr const char* kCentrallyManagedTables[] = {"kiosk", "queue", "services", "windows"};

// The local hall config with a config bundle's tables put in. The local file is read again, so
// what the bundle does not set stays exactly as the hall has it.
Result<HallConfig> hallConfigWithOverlay(const HallConfig& local, std::string_view overlay);
Result<IssuerKeys> parseIssuerKeysBundle(std::string_view content);

// What the central service can check before it publishes: a catalogue or issuer keys that parse,
// a config of centrally managed tables only (each hall checks the rest against its own file).
Result<void> checkPublishable(const Bundle& bundle);

// Whether a bundle's content can be put in force on this hall: BundleStore::offer's validator.
Result<void> checkBundleContent(const Bundle& bundle, const HallConfig& local);

// The config a terminal runs with: the local one with the config and issuer-key bundles in
// force put in. A bundle that no longer fits (the local file changed) is left out, and why is
// added to `problems`.
HallConfig withPublishedBundles(const HallConfig& local, const BundleStore& store,
                                std::vector<std::string>& problems);

}  // namespace hall::sync
