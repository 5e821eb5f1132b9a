#include "sync/BundleContent.h"

#include <algorithm>
#include <iterator>
#include <sstream>

#include "config/LastGoodConfig.h"
#include "config/TomlSection.h"
#include "proofs/ProofCatalog.h"
#include "update/SoftwareRelease.h"

namespace hall::sync {

namespace {

// A config bundle's tables, refused if it sets any that is each hall's own.
Result<toml::table> parseConfigOverlay(std::string_view overlay) {
    ConfigProblems problems("the config bundle");
    auto table = parseToml(overlay, problems);
    if (!table)
        return problems.toError();
    for (const auto& [key, node] : *table) {
        const std::string name(key.str());
        if (std::find(std::begin(kCentrallyManagedTables), std::end(kCentrallyManagedTables),
                      name) == std::end(kCentrallyManagedTables)) {
            return fail("\"" + name +
                        "\" is each hall's own; a config bundle may set [kiosk], [queue], "
                        "[[services]] and [[windows]]");
        }
    }
    if (const auto* kiosk = table->get_as<toml::table>("kiosk");
        kiosk && kiosk->contains("assets_dir"))
        return fail("kiosk.assets_dir is each hall's own (where its files are)");
    return std::move(table).value();
}

}  // namespace

Result<HallConfig> hallConfigWithOverlay(const HallConfig& local, std::string_view overlay) {
    auto published = parseConfigOverlay(overlay);
    if (!published)
        return published.error();
    // The local file as loaded: the file itself, or its last good copy when it is broken.
    auto localText = readTextFile(local.sourceFile);
    ConfigProblems localProblems(local.sourceFile);
    std::optional<toml::table> base;
    if (localText)
        base = parseToml(*localText, localProblems);
    if (!base) {
        auto goodText = readTextFile(lastGoodPath(local.sourceFile));
        if (!goodText)
            return fail("cannot read the hall config " + local.sourceFile.string());
        ConfigProblems goodProblems(lastGoodPath(local.sourceFile));
        base = parseToml(*goodText, goodProblems);
        if (!base)
            return goodProblems.toError();
    }
    // Tables are merged field by field ([kiosk] idle_timeout_s leaves the rest of [kiosk]);
    // lists of tables ([[services]]) are replaced whole.
    for (const auto& [key, node] : *published) {
        auto* mine = base->get_as<toml::table>(key);
        const auto* theirs = node.as_table();
        if (mine && theirs) {
            for (const auto& [field, value] : *theirs)
                mine->insert_or_assign(field, value);
        } else {
            base->insert_or_assign(key, node);
        }
    }
    std::ostringstream merged;
    merged << *base;
    auto config = parseHallConfig(merged.str(), local.sourceFile);
    if (!config)
        return fail("with the bundle's tables the hall config does not load:\n" + config.message());
    return config;
}

Result<IssuerKeys> parseIssuerKeysBundle(std::string_view content) {
    ConfigProblems problems("the issuer-key bundle");
    auto table = parseToml(content, problems);
    if (!table)
        return problems.toError();
    TomlSection root(*table, "", problems);
    IssuerKeys keys = readPublicKeys(root, "issuers", "as `tools/identity-codes issuer` prints it");
    root.rejectUnknownKeys();
    if (!problems.empty())
        return problems.toError();
    return keys;
}

Result<void> checkPublishable(const Bundle& bundle) {
    if (bundle.kind != BundleKind::Config)
        return checkBundleContent(bundle, HallConfig{});
    auto overlay = parseConfigOverlay(bundle.content);
    if (!overlay)
        return overlay.error();
    return {};
}

Result<void> checkBundleContent(const Bundle& bundle, const HallConfig& local) {
    switch (bundle.kind) {
        case BundleKind::Config: {
            auto config = hallConfigWithOverlay(local, bundle.content);
            if (!config)
                return config.error();
            return {};
        }
        case BundleKind::Catalog: {
            auto catalog = parseProofCatalog(
                bundle.content, "catalog bundle version " + std::to_string(bundle.version));
            if (!catalog)
                return catalog.error();
            return {};
        }
        case BundleKind::IssuerKeys: {
            auto keys = parseIssuerKeysBundle(bundle.content);
            if (!keys)
                return keys.error();
            return {};
        }
        case BundleKind::Software: {
            auto release = update::parseSoftwareRelease(bundle.content);
            if (!release)
                return release.error();
            return {};
        }
    }
    return {};
}

HallConfig withPublishedBundles(const HallConfig& local, const BundleStore& store,
                                std::vector<std::string>& problems) {
    HallConfig config = local;
    if (auto bundle = store.inForce(BundleKind::Config)) {
        if (auto merged = hallConfigWithOverlay(local, bundle->content)) {
            config = std::move(merged).value();
        } else {
            problems.push_back("config bundle version " + std::to_string(bundle->version) +
                               " left out: " + merged.message());
        }
    }
    if (auto bundle = store.inForce(BundleKind::IssuerKeys)) {
        if (auto keys = parseIssuerKeysBundle(bundle->content)) {
            config.identity.issuers = std::move(keys).value();
        } else {
            problems.push_back("issuer-key bundle version " + std::to_string(bundle->version) +
                               " left out: " + keys.message());
        }
    }
    return config;
}

}  // namespace hall::sync
