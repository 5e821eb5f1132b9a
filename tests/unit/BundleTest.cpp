#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "config/HallConfig.h"
#include "support/TempDir.h"
#include "sync/Bundle.h"
#include "sync/BundleContent.h"
#include "sync/BundleStore.h"

using namespace hall;
using namespace hall::sync;
using hall::test::TempDir;

namespace {

const char* kHall = R"(
[hall]
id = "hall-1"
languages = ["zh-CN"]
name = { zh-CN = "社区综合服务大厅" }

[kiosk]
idle_timeout_s = 45
tap_guard_ms = 300
assets_dir = "assets"

[store]
data_dir = "data"

[printer]
kind = "none"

[[services]]
letter = "A"
name = { zh-CN = "社保" }
hours = ["08:30-12:00"]
)";

struct Keys {
    DeviceKey maintainer = DeviceKey::generate("maint-city", DeviceRole::Maintainer).value();
    DeviceKey stranger = DeviceKey::generate("maint-city", DeviceRole::Maintainer).value();
    PublisherKeys trusted{{"maint-city", maintainer.publicKey}};
};

std::string signedBundle(const DeviceKey& key, BundleKind kind, int64_t version,
                         const std::string& scope, const std::string& content) {
    return signBundle(Bundle{kind, version, BundleScope::parse(scope).value(), 1000, content, {}},
                      key);
}

Result<void> anyContent(const Bundle&) {
    return {};
}

void writeFile(const std::filesystem::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

}  // namespace

TEST_CASE("a signed bundle opens only with the maintainer's key and unchanged") {
    Keys keys;
    const std::string text =
        signedBundle(keys.maintainer, BundleKind::Catalog, 3, "district:朝阳区", "id = 'x'");
    auto opened = openBundle(text, keys.trusted);
    REQUIRE_MESSAGE(opened, (opened ? "" : opened.message()));
    CHECK(opened->kind == BundleKind::Catalog);
    CHECK(opened->version == 3);
    CHECK(opened->scope.code() == "district:朝阳区");
    CHECK(opened->content == "id = 'x'");
    CHECK(opened->signer == "maint-city");

    // The same id, another key: someone who made their own "maint-city" key.
    auto forged = openBundle(signedBundle(keys.stranger, BundleKind::Catalog, 3, "all", "id = 'x'"),
                             keys.trusted);
    REQUIRE_FALSE(forged);
    CHECK(forged.error().code == "bundle.bad_signature");

    // Retargeted: the signed part says district:朝阳区; a changed scope breaks the signature.
    auto outer = nlohmann::json::parse(text);
    std::string body = *fromBase64(outer["bundle"].get<std::string>());
    body.replace(body.find("district:朝阳区"), std::string("district:朝阳区").size(), "all");
    outer["bundle"] = toBase64(body);
    auto retargeted = openBundle(outer.dump(), keys.trusted);
    REQUIRE_FALSE(retargeted);
    CHECK(retargeted.error().code == "bundle.bad_signature");

    auto unknown = openBundle(text, {{"someone-else", keys.maintainer.publicKey}});
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == "bundle.unknown_signer");
    CHECK(unknown.message().find("maint-city") != std::string::npos);

    for (const char* bad : {"", "{}", "[1,2]", R"({"bundle":"!!","signer":"maint-city",
                             "signature":"x"})"}) {
        auto r = openBundle(bad, keys.trusted);
        REQUIRE_FALSE(r);
        CHECK(r.error().code != "");
    }
}

TEST_CASE("a terminal takes newer bundles for it, refuses older, others' and broken ones") {
    Keys keys;
    TempDir dir("bundle-store");
    BundleStore store(dir.path(), keys.trusted, "hall-1", "朝阳区");
    CHECK(store.versionInForce(BundleKind::Catalog) == 0);

    auto v2 =
        store.offer(signedBundle(keys.maintainer, BundleKind::Catalog, 2, "all", "v2"), anyContent);
    REQUIRE_MESSAGE(v2, (v2 ? "" : v2.message()));
    CHECK(v2->outcome == BundleStore::Outcome::Applied);
    CHECK(store.versionInForce(BundleKind::Catalog) == 2);
    CHECK(store.inForce(BundleKind::Catalog)->content == "v2");

    auto again =
        store.offer(signedBundle(keys.maintainer, BundleKind::Catalog, 2, "all", "v2"), anyContent);
    REQUIRE(again);
    CHECK(again->outcome == BundleStore::Outcome::AlreadyInForce);

    auto older = store.offer(
        signedBundle(keys.maintainer, BundleKind::Catalog, 1, "hall:hall-1", "v1"), anyContent);
    REQUIRE_FALSE(older);
    CHECK(older.error().code == "bundle.rollback");
    CHECK(older.message().find("version 2 in force") != std::string::npos);

    auto forged =
        store.offer(signedBundle(keys.stranger, BundleKind::Catalog, 9, "all", "evil"), anyContent);
    REQUIRE_FALSE(forged);
    CHECK(forged.error().code == "bundle.bad_signature");

    for (const char* scope : {"hall:hall-2", "district:海淀区"}) {
        auto other = store.offer(signedBundle(keys.maintainer, BundleKind::Catalog, 5, scope, "x"),
                                 anyContent);
        REQUIRE_FALSE(other);
        CHECK(other.error().code == "bundle.not_for_this_hall");
    }

    auto invalid = store.offer(
        signedBundle(keys.maintainer, BundleKind::Catalog, 6, "district:朝阳区", "broken"),
        [](const Bundle&) -> Result<void> { return fail("line 1: not a catalogue"); });
    REQUIRE_FALSE(invalid);
    CHECK(invalid.error().code == "bundle.invalid");
    CHECK(invalid.message().find("not a catalogue") != std::string::npos);

    // Through every refusal, the last good one stayed in force.
    CHECK(store.versionInForce(BundleKind::Catalog) == 2);
    CHECK(store.inForce(BundleKind::Catalog)->content == "v2");

    auto district = store.offer(
        signedBundle(keys.maintainer, BundleKind::Catalog, 7, "district:朝阳区", "v7"), anyContent);
    REQUIRE(district);
    CHECK(store.inForce(BundleKind::Catalog)->content == "v7");
}

TEST_CASE("a bundle half written when the power went, or changed on disk, is not trusted") {
    Keys keys;
    TempDir dir("bundle-store-crash");
    BundleStore store(dir.path(), keys.trusted, "hall-1", "");
    REQUIRE(store.offer(signedBundle(keys.maintainer, BundleKind::IssuerKeys, 4, "all", "k4"),
                        anyContent));
    // A crash while writing version 5 leaves only the file beside it; version 4 stays.
    const std::string v5 = signedBundle(keys.maintainer, BundleKind::IssuerKeys, 5, "all", "k5");
    writeFile(store.fileOf(BundleKind::IssuerKeys).string() + ".new", v5.substr(0, v5.size() / 2));
    BundleStore reopened(dir.path(), keys.trusted, "hall-1", "");
    CHECK(reopened.versionInForce(BundleKind::IssuerKeys) == 4);
    auto applied = reopened.offer(v5, anyContent);
    REQUIRE(applied);
    CHECK(reopened.inForce(BundleKind::IssuerKeys)->content == "k5");

    // Someone edits the file in force by hand: its signature no longer holds, so nothing of it
    // is used, and the hall's own config applies.
    auto text = signedBundle(keys.maintainer, BundleKind::IssuerKeys, 5, "all", "k5");
    auto outer = nlohmann::json::parse(text);
    std::string body = *fromBase64(outer["bundle"].get<std::string>());
    body.replace(body.find("k5"), 2, "k6");
    outer["bundle"] = toBase64(body);
    writeFile(reopened.fileOf(BundleKind::IssuerKeys), outer.dump());
    CHECK_FALSE(reopened.inForce(BundleKind::IssuerKeys));
    // A hall that does not know its district takes no district bundle.
    auto district = reopened.offer(
        signedBundle(keys.maintainer, BundleKind::Catalog, 1, "district:朝阳区", "x"), anyContent);
    REQUIRE_FALSE(district);
    CHECK(district.error().code == "bundle.not_for_this_hall");
}

TEST_CASE("a config bundle replaces the centrally managed tables and nothing else") {
    TempDir dir("config-bundle");
    writeFile(dir / "hall.toml", kHall);
    auto local = loadHallConfig(dir / "hall.toml");
    REQUIRE_MESSAGE(local, (local ? "" : local.message()));

    auto merged = hallConfigWithOverlay(*local, R"(
[kiosk]
idle_timeout_s = 90

[[services]]
letter = "B"
name = { zh-CN = "民政" }
hours = ["09:00-16:00"]
)");
    REQUIRE_MESSAGE(merged, (merged ? "" : merged.message()));
    CHECK(merged->idleTimeoutSeconds == 90);
    CHECK(merged->tapGuardMs == 300);  // [kiosk]'s other fields stay
    REQUIRE(merged->services.size() == 1);
    CHECK(merged->services[0].letter == 'B');
    CHECK(merged->hallId == "hall-1");              // the hall's own stays
    CHECK(merged->dataDir == dir.path() / "data");  // and its paths mean the same

    auto own = hallConfigWithOverlay(*local, "[store]\ndata_dir = \"/tmp/elsewhere\"\n");
    REQUIRE_FALSE(own);
    CHECK(own.message().find("\"store\" is each hall's own") != std::string::npos);

    auto assets = hallConfigWithOverlay(*local, "[kiosk]\nassets_dir = \"/\"\n");
    REQUIRE_FALSE(assets);
    CHECK(assets.message().find("assets_dir") != std::string::npos);

    auto broken = hallConfigWithOverlay(*local, "[kiosk]\nidle_timeout_s = \"long\"\n");
    REQUIRE_FALSE(broken);
    CHECK(broken.message().find("idle_timeout_s") != std::string::npos);

    Bundle b{BundleKind::Config, 1, BundleScope(), 0, "[store]\ndata_dir = \"x\"\n", "m"};
    CHECK_FALSE(checkPublishable(b));
    b.content = "[queue]\nnumber_digits = 4\n";
    CHECK(checkPublishable(b));
}

TEST_CASE("issuer-key and catalogue bundles are checked before they are put in force") {
    auto keys = parseIssuerKeysBundle(R"(
[[issuers]]
id = "city-2026"
public_key = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
)");
    REQUIRE_MESSAGE(keys, (keys ? "" : keys.message()));
    CHECK(keys->count("city-2026") == 1);
    CHECK(keys->at("city-2026").size() == 32);

    auto shortKey = parseIssuerKeysBundle("[[issuers]]\nid = \"x\"\npublic_key = \"abc\"\n");
    REQUIRE_FALSE(shortKey);
    CHECK(shortKey.message().find("public_key") != std::string::npos);

    Bundle catalog{BundleKind::Catalog, 1, BundleScope(), 0, "this is = = not toml", "m"};
    auto refused = checkBundleContent(catalog, HallConfig{});
    REQUIRE_FALSE(refused);
    std::ifstream in(std::string(HALL_SOURCE_DIR) + "/config/proofs/yanbian.toml");
    catalog.content.assign(std::istreambuf_iterator<char>(in), {});
    CHECK(checkBundleContent(catalog, HallConfig{}));
}
