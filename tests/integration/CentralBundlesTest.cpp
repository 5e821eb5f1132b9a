// What maintainers do through the central service, over real HTTPS on loopback and on both
// stores: publish signed config, catalogue and issuer-key bundles to all halls, a district or
// one hall; terminals take what is meant for them and refuse what they must; a day's figures
// per hall; and the same from a shell with the real kioskctl binary.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "integration/CentralFixture.h"
#include "support/KioskRun.h"
#include "support/Subprocess.h"
#include "sync/Bundle.h"
#include "sync/BundleContent.h"
#include "sync/CentralAdmin.h"

using namespace hall;
using namespace hall::test;
using json = nlohmann::json;

namespace {

std::string sourceFile(const std::string& rel) {
    std::ifstream in(sourceDir() / rel);
    REQUIRE_MESSAGE(in, rel);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

const std::string kConfigV1 = "[kiosk]\nidle_timeout_s = 90\n";
const std::string kIssuers =
    "[[issuers]]\nid = \"city-2026\"\npublic_key = "
    "\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"\n";

// A hall enrolled with the central, taking bundles signed by the central's maintainer.
struct Terminal {
    LanHall hall;
    DeviceKey key;
    sync::BundleStore bundles;
    CentralLink link;
    std::vector<sync::BundleKind> applied;

    Terminal(Central& central, const std::string& hallId, const std::string& district)
        : hall("bundles-" + hallId, hallId),
          key(DeviceKey::generate("t-" + hallId, DeviceRole::Kiosk).value()),
          bundles(hall.dir / "data" / "bundles", {{"maint-1", central.maintainer.publicKey}},
                  hallId, enrol(central, hallId, district)),
          link(*hall.engine, hallId, central.endpoint, key, hall.clock) {
        link.takeBundles(
            &bundles,
            [this](const sync::Bundle& b) { return sync::checkBundleContent(b, hall.config); },
            [this](sync::BundleKind kind) { applied.push_back(kind); });
    }
    std::string enrol(Central& central, const std::string& hallId, const std::string& district) {
        auto d = enrolWithCentral(central.endpoint, central.code(hallId, district), key, "test");
        REQUIRE_MESSAGE(d, (d ? "" : d.message()));
        CHECK(d->district == district);
        return d->district;
    }
    int fetch() {
        auto n = link.fetchBundlesOnce();
        REQUIRE_MESSAGE(n, (n ? "" : n.message()));
        return *n;
    }
    int64_t version(sync::BundleKind kind) const { return bundles.versionInForce(kind); }
};

json publish(Central& central, sync::BundleKind kind, int64_t version, const std::string& scope,
             const std::string& content) {
    const std::string signedText = sync::signBundle(
        {kind, version, sync::BundleScope::parse(scope).value(), 0, content, "maint-1"},
        central.maintainer);
    auto r = askCentral(central.endpoint, sync::kPathAdminPublish, json::parse(signedText),
                        central.maintainer, central.clock);
    REQUIRE_MESSAGE(r, (r ? "" : r.message()));
    return *r;
}

json terminalSeen(Central& central, const std::string& id) {
    auto r = askCentral(central.endpoint, sync::kPathAdminTerminals, json::object(),
                        central.maintainer, central.clock);
    REQUIRE_MESSAGE(r, (r ? "" : r.message()));
    for (const auto& t : (*r)["terminals"]) {
        if (t["id"] == id)
            return t;
    }
    FAIL("no terminal " << id);
    return {};
}

void publishesToHallDistrictOrAll(Backend backend) {
    Central central(backend);
    Terminal a(central, "hall-a", "朝阳区");
    Terminal b(central, "hall-b", "朝阳区");
    Terminal c(central, "hall-c", "海淀区");
    const std::string catalog = sourceFile("config/proofs/yanbian.toml");

    publish(central, sync::BundleKind::Catalog, 1, "all", catalog);
    publish(central, sync::BundleKind::Config, 1, "district:朝阳区", kConfigV1);
    publish(central, sync::BundleKind::IssuerKeys, 1, "hall:hall-c", kIssuers);
    CHECK(a.fetch() == 2);
    CHECK(b.fetch() == 2);
    CHECK(c.fetch() == 2);
    CHECK(a.version(sync::BundleKind::Catalog) == 1);
    CHECK(a.version(sync::BundleKind::Config) == 1);
    CHECK(a.version(sync::BundleKind::IssuerKeys) == 0);
    CHECK(c.version(sync::BundleKind::Config) == 0);
    CHECK(c.version(sync::BundleKind::IssuerKeys) == 1);
    CHECK(a.applied == std::vector{sync::BundleKind::Catalog, sync::BundleKind::Config});
    // In force means usable: the terminal's config with the bundle in it.
    std::vector<std::string> problems;
    const HallConfig running = sync::withPublishedBundles(a.hall.config, a.bundles, problems);
    CHECK(problems.empty());
    CHECK(running.idleTimeoutSeconds == 90);
    CHECK(sync::withPublishedBundles(c.hall.config, c.bundles, problems)
              .identity.issuers.count("city-2026") == 1);

    // Nothing new: nothing fetched, nothing applied again.
    CHECK(a.fetch() == 0);

    // A newer catalogue for one hall only.
    publish(central, sync::BundleKind::Catalog, 2, "hall:hall-a", catalog);
    CHECK(a.fetch() == 1);
    CHECK(b.fetch() == 0);
    CHECK(a.version(sync::BundleKind::Catalog) == 2);
    CHECK(b.version(sync::BundleKind::Catalog) == 1);

    // A version is used once per kind.
    auto again = askCentral(central.endpoint, sync::kPathAdminPublish,
                            json::parse(sync::signBundle(
                                {sync::BundleKind::Catalog, 2, sync::BundleScope{}, 0, catalog, ""},
                                central.maintainer)),
                            central.maintainer, central.clock);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == "central.version_taken");

    // Maintainers see how far each has spread, from what terminals report with their uploads.
    issueTickets(a.hall, 1);
    issueTickets(b.hall, 1);
    REQUIRE(a.link.uploadOnce());
    REQUIRE(b.link.uploadOnce());
    const json seenA = terminalSeen(central, "t-hall-a");
    CHECK(seenA["bundles"]["catalog"] == 2);
    CHECK(seenA["bundles"]["config"] == 1);
    auto list = askCentral(central.endpoint, sync::kPathAdminBundles, json::object(),
                           central.maintainer, central.clock);
    REQUIRE(list);
    std::map<std::string, int64_t> spread;
    for (const auto& bundle : (*list)["bundles"]) {
        spread[bundle["kind"].get<std::string>() + " v" +
               std::to_string(bundle["version"].get<int>())] = bundle["terminals_in_force"];
    }
    CHECK(spread["catalog v1"] == 1);  // hall-b (hall-c has not uploaded since)
    CHECK(spread["catalog v2"] == 1);  // hall-a
    CHECK(spread["config v1"] == 2);
}

}  // namespace

TEST_CASE("maintainers publish to all halls, a district or one hall, and each takes what is its") {
    SUBCASE("SQLite") {
        publishesToHallDistrictOrAll(Backend::Sqlite);
    }
    SUBCASE("PostgreSQL") {
        publishesToHallDistrictOrAll(Backend::Postgres);
    }
}

static void refusesChangedOrUnusable(Backend backend) {
    Central central(backend);
    Terminal t(central, "hall-a", "朝阳区");
    publish(central, sync::BundleKind::Config, 1, "all", kConfigV1);
    REQUIRE(t.fetch() == 1);

    // The central's database was tampered with: a bundle changed after it was signed.
    std::string tampered = sync::signBundle(
        {sync::BundleKind::Config, 2, sync::BundleScope(), 0, kConfigV1, ""}, central.maintainer);
    auto outer = json::parse(tampered);
    std::string body = *fromBase64(outer["bundle"].get<std::string>());
    body.replace(body.find("90"), 2, "10");
    outer["bundle"] = toBase64(body);
    REQUIRE(central.store->publish({"config", 2, "all", "maint-1", 0, outer.dump()}));
    CHECK(t.fetch() == 0);
    CHECK(t.version(sync::BundleKind::Config) == 1);
    CHECK(t.link.status().bundleError.find("signature") != std::string::npos);
    issueTickets(t.hall, 1);
    REQUIRE(t.link.uploadOnce());
    CHECK(terminalSeen(central, "t-hall-a")["bundle_error"].get<std::string>().find("signature") !=
          std::string::npos);

    // Signed, but this hall cannot run with it: a timeout out of range.
    publish(central, sync::BundleKind::Config, 3, "all", "[kiosk]\nidle_timeout_s = -5\n");
    CHECK(t.fetch() == 0);
    CHECK(t.version(sync::BundleKind::Config) == 1);
    CHECK(t.link.status().bundleError.find("idle_timeout_s") != std::string::npos);

    // The central refuses at once what no hall could use.
    auto own =
        askCentral(central.endpoint, sync::kPathAdminPublish,
                   json::parse(sync::signBundle({sync::BundleKind::Config, 4, sync::BundleScope(),
                                                 0, "[store]\ndata_dir = \"/\"\n", ""},
                                                central.maintainer)),
                   central.maintainer, central.clock);
    REQUIRE_FALSE(own);
    CHECK(own.error().code == "bundle.invalid");
    auto stranger = DeviceKey::generate("maint-1", DeviceRole::Maintainer).value();
    auto forged = askCentral(
        central.endpoint, sync::kPathAdminPublish,
        json::parse(sync::signBundle(
            {sync::BundleKind::Config, 5, sync::BundleScope(), 0, kConfigV1, ""}, stranger)),
        central.maintainer, central.clock);
    REQUIRE_FALSE(forged);
    CHECK(forged.error().code == "bundle.bad_signature");

    // A good one after all that is taken, and the error clears.
    publish(central, sync::BundleKind::Config, 6, "all", "[kiosk]\nidle_timeout_s = 60\n");
    CHECK(t.fetch() == 1);
    CHECK(t.version(sync::BundleKind::Config) == 6);
    CHECK(t.link.status().bundleError.empty());
}

TEST_CASE("a terminal refuses a changed or unusable bundle, says why, and keeps the last good") {
    SUBCASE("SQLite") {
        refusesChangedOrUnusable(Backend::Sqlite);
    }
    SUBCASE("PostgreSQL") {
        refusesChangedOrUnusable(Backend::Postgres);
    }
}

static void onlyMaintainers(Backend backend) {
    Central central(backend);
    Terminal t(central, "hall-a", "朝阳区");
    auto asTerminal = askCentral(central.endpoint, sync::kPathAdminTerminals, json::object(), t.key,
                                 central.clock);
    REQUIRE_FALSE(asTerminal);
    CHECK(asTerminal.error().code == "auth.unknown_device");
    auto revoke = askCentral(central.endpoint, sync::kPathAdminRevoke, {{"terminal_id", "nobody"}},
                             central.maintainer, central.clock);
    REQUIRE_FALSE(revoke);
    CHECK(revoke.error().code == "central.unknown_terminal");
    auto badDay = askCentral(central.endpoint, sync::kPathAdminStatistics, {{"day", "23/11"}},
                             central.maintainer, central.clock);
    REQUIRE_FALSE(badDay);
    CHECK(badDay.message().find("2026-11-23") != std::string::npos);
}

TEST_CASE("only maintainers' keys may use the maintainers' side") {
    SUBCASE("SQLite") {
        onlyMaintainers(Backend::Sqlite);
    }
    SUBCASE("PostgreSQL") {
        onlyMaintainers(Backend::Postgres);
    }
}

static void dayFigures(Backend backend) {
    Central central(backend);
    Terminal a(central, "hall-a", "朝阳区");
    Terminal b(central, "hall-b", "朝阳区");
    const Actor staff{"counter-1", "101", false};
    const Actor kiosk{"kiosk", {}, false};
    auto run = [](LanHall& h, const QueueCommand& c, const Actor& actor) {
        auto r = h.engine->execute(c, actor);
        REQUIRE_MESSAGE(r, (r ? "" : r.message()));
        return *r;
    };
    issueTickets(a.hall, 4);
    run(a.hall, OpenWindowCommand{1}, staff);
    run(a.hall, CallNextCommand{1}, staff);
    run(a.hall, FinishCommand{1, "completed"}, staff);
    run(a.hall, CallNextCommand{1}, staff);
    run(a.hall, FinishCommand{1, "completed"}, staff);
    run(a.hall, CallNextCommand{1}, staff);
    run(a.hall, NoShowCommand{1}, staff);
    // The fourth is called, sent on to service B at window 2 and called again there: one
    // ticket called, one wait.
    const Actor staff2{"counter-2", "102", false};
    run(a.hall, CallNextCommand{1}, staff);
    run(a.hall, TransferCommand{1, 'B', 2, "复核"}, staff);
    run(a.hall, OpenWindowCommand{2}, staff2);
    run(a.hall, CallNextCommand{2}, staff2);
    run(a.hall, FinishCommand{2, "completed"}, staff2);
    run(a.hall, RateCommand{"A001", 5, {"fast"}, "kiosk"}, kiosk);
    run(a.hall, RateCommand{"A002", 2, {"slow"}, "kiosk"}, kiosk);
    // Two residents called for help; staff answered one.
    const auto call = run(a.hall, CallHelpCommand{"proof-search"}, kiosk);
    run(a.hall, AcknowledgeHelpCommand{call["id"].get<int64_t>()}, staff);
    run(a.hall, CallHelpCommand{"confirm"}, kiosk);
    issueTickets(b.hall, 2);
    const std::string day = a.hall.engine->serviceDay();
    REQUIRE(a.link.uploadOnce());
    REQUIRE(b.link.uploadOnce());
    // The hall's report of yesterday's not-issued requests, as the proof register makes it, the
    // next day (its own test pins the form: tests/unit/ProofDeskTest.cpp).
    const int64_t now = toUnixMillis(central.clock.now());
    REQUIRE(central.store->ingest(
        "t-hall-a",
        {{1000000, "nir-1", "proofs.daily_not_issued", now + 3600 * 1000,
          json{{"day", day}, {"total", 3}, {"by_department", {{"公安机关", 2}, {"民政部门", 1}}}}
              .dump()}},
        {}, now));

    auto figures = askCentral(central.endpoint, sync::kPathAdminStatistics, {{"day", day}},
                              central.maintainer, central.clock);
    REQUIRE_MESSAGE(figures, (figures ? "" : figures.message()));
    REQUIRE((*figures)["halls"].size() == 2);
    const json& ha = (*figures)["halls"][0];
    CHECK(ha["hall_id"] == "hall-a");
    CHECK(ha["tickets"]["issued"] == 4);
    CHECK(ha["tickets"]["called"] == 4);
    CHECK(ha["tickets"]["finished"] == 3);
    CHECK(ha["tickets"]["no_show"] == 1);
    CHECK(ha["wait_minutes"]["count"] == 4);
    CHECK(ha["wait_minutes"]["max"].get<double>() < 1.0);
    CHECK(ha["ratings"]["count"] == 2);
    CHECK(ha["ratings"]["mean"] == 3.5);
    CHECK(ha["ratings"]["by_score"]["5"] == 1);
    CHECK(ha["not_issued"]["total"] == 3);
    CHECK(ha["not_issued"]["by_department"]["公安机关"] == 2);
    CHECK(ha["help_calls"]["called"] == 2);
    CHECK(ha["help_calls"]["acknowledged"] == 1);
    const json& hb = (*figures)["halls"][1];
    CHECK(hb["hall_id"] == "hall-b");
    CHECK(hb["tickets"]["issued"] == 2);
    CHECK(hb["ratings"]["count"] == 0);

    auto one = askCentral(central.endpoint, sync::kPathAdminStatistics,
                          {{"day", day}, {"hall_id", "hall-b"}}, central.maintainer, central.clock);
    REQUIRE(one);
    REQUIRE((*one)["halls"].size() == 1);
    CHECK((*one)["halls"][0]["hall_id"] == "hall-b");
}

TEST_CASE("a day's figures per hall: tickets, waits, ratings, proofs not issued per department") {
    SUBCASE("SQLite") {
        dayFigures(Backend::Sqlite);
    }
    SUBCASE("PostgreSQL") {
        dayFigures(Backend::Postgres);
    }
}

TEST_CASE("kioskctl central does the maintainers' work from a shell, with JSON for scripts") {
    Central central;
    REQUIRE(central.maintainer.save(central.dir / "maint.key"));
    writeFile(central.dir / "maintainer.toml",
              "[central]\nurl = \"" + central.endpoint.url + "\"\ncertificate = \"" +
                  central.endpoint.certificate.string() + "\"\nkey_file = \"maint.key\"\n");
    const std::string setup = (central.dir / "maintainer.toml").string();
    auto kioskctl = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {kioskctlBinary(), "central"});
        return runCommand(args);
    };
    auto jsonOf = [](const RunResult& r) {
        REQUIRE_MESSAGE(r.exitCode == 0, r.output);
        const auto start = r.output.find('{');
        REQUIRE_MESSAGE(start != std::string::npos, r.output);
        auto j = json::parse(r.output.substr(start), nullptr, false);
        REQUIRE_MESSAGE(j.is_object(), r.output);
        return j;
    };

    const json code = jsonOf(kioskctl({"code", "--central-config", setup, "--hall", "lan-test",
                                       "--district", "朝阳区", "--json"}));
    CHECK(code["hall_id"] == "lan-test");

    // The hall's side: enrolled with the code, taking this maintainer's bundles.
    LanHall hall("kioskctl-central-hall");
    writeFile(hall.dir / "hall-central.toml",
              lanHallConfigText(8443) + "[central]\nurl = \"" + central.endpoint.url +
                  "\"\ncertificate = \"" + central.endpoint.certificate.string() +
                  "\"\n[[central.publishers]]\nid = \"maint-1\"\npublic_key = \"" +
                  toBase64(central.maintainer.publicKey) + "\"\n");
    const auto enrolled = runCommand({kioskctlBinary(), "central", "enrol", "--config",
                                      (hall.dir / "hall-central.toml").string(), "--code",
                                      code["code"].get<std::string>()});
    REQUIRE_MESSAGE(enrolled.exitCode == 0, enrolled.output);
    CHECK(enrolled.output.find("district 朝阳区") != std::string::npos);
    CHECK(enrolledDistrict(hall.dir / "data" / "central" / "terminal.key") == "朝阳区");

    const auto published = kioskctl({"publish", "--central-config", setup, "--kind", "catalog",
                                     "--version", "1", "--to", "district:朝阳区",
                                     (sourceDir() / "config/proofs/yanbian.toml").string()});
    REQUIRE_MESSAGE(published.exitCode == 0, published.output);
    const auto listed = kioskctl({"bundles", "--central-config", setup});
    REQUIRE_MESSAGE(listed.exitCode == 0, listed.output);
    CHECK(listed.output.find("catalog") != std::string::npos);
    CHECK(listed.output.find("district:朝阳区") != std::string::npos);

    json terminals = jsonOf(kioskctl({"terminals", "--central-config", setup, "--json"}));
    REQUIRE(terminals["terminals"].size() == 1);
    const std::string id = terminals["terminals"][0]["id"];
    CHECK(terminals["terminals"][0]["hall_id"] == "lan-test");
    CHECK(terminals["terminals"][0]["district"] == "朝阳区");
    CHECK(terminals["terminals"][0]["revoked"] == false);

    const json stats = jsonOf(kioskctl(
        {"stats", "--central-config", setup, "--day", hall.engine->serviceDay(), "--json"}));
    CHECK(stats["day"] == hall.engine->serviceDay());

    REQUIRE(kioskctl({"revoke", "--central-config", setup, "--terminal", id}).exitCode == 0);
    terminals = jsonOf(kioskctl({"terminals", "--central-config", setup, "--json"}));
    CHECK(terminals["terminals"][0]["revoked"] == true);

    // Mistakes get a message that says what to fix, and nothing is published.
    const auto noVersion = kioskctl(
        {"publish", "--central-config", setup, "--kind", "catalog", "--to", "all", "catalog.toml"});
    CHECK(noVersion.exitCode == 2);
    CHECK(noVersion.output.find("--version") != std::string::npos);
    const auto badScope = kioskctl({"publish", "--central-config", setup, "--kind", "catalog",
                                    "--version", "2", "--to", "everyone", "catalog.toml"});
    CHECK(badScope.exitCode == 2);
    CHECK(badScope.output.find("district:") != std::string::npos);
    const auto missing = kioskctl({"publish", "--central-config", setup, "--kind", "catalog",
                                   "--version", "2", "--to", "all", "no-such-catalog.toml"});
    CHECK(missing.exitCode == 2);
    CHECK(missing.output.find("no-such-catalog.toml") != std::string::npos);
    const auto taken =
        kioskctl({"publish", "--central-config", setup, "--kind", "catalog", "--version", "1",
                  "--to", "all", (sourceDir() / "config/proofs/yanbian.toml").string()});
    CHECK(taken.exitCode == 1);
    CHECK(taken.output.find("already published") != std::string::npos);
    const json after = jsonOf(kioskctl({"bundles", "--central-config", setup, "--json"}));
    CHECK(after["bundles"].size() == 1);
}

TEST_CASE("kioskctl central key makes a maintainer's key and the lines for both configs") {
    TempDir dir("maintainer-key");
    const auto made = runCommand(
        {kioskctlBinary(), "central", "key", "--id", "maint-ops", "--out", (dir / "k").string()});
    REQUIRE_MESSAGE(made.exitCode == 0, made.output);
    auto key = DeviceKey::load(dir / "k");
    REQUIRE(key);
    CHECK(key->role == DeviceRole::Maintainer);
    CHECK(made.output.find(toBase64(key->publicKey)) != std::string::npos);
    CHECK(made.output.find("[[maintainers]]") != std::string::npos);
    CHECK(made.output.find("[[central.publishers]]") != std::string::npos);
    // Made once: a second run would lock the maintainer out of every hall that trusts it.
    const auto again = runCommand(
        {kioskctlBinary(), "central", "key", "--id", "maint-ops", "--out", (dir / "k").string()});
    CHECK(again.exitCode == 2);
}
