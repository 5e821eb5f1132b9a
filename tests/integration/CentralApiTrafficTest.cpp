// The central service's traffic, checked against its OpenAPI description (docs/central-api.yaml):
// every operation called over real HTTPS — answered and refused — with what the real terminal
// and maintainer code send, recorded by the server and checked by tests/api/check-openapi.
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "config/TomlSection.h"
#include "crypto/Base64.h"
#include "crypto/Hashing.h"
#include "health/HealthProbe.h"
#include "health/HeartbeatSender.h"
#include "integration/CentralFixture.h"
#include "support/RawTls.h"
#include "support/Subprocess.h"
#include "sync/Bundle.h"
#include "sync/BundleContent.h"
#include "sync/CentralAdmin.h"
#include "update/ReleaseArchive.h"
#include "update/SoftwareRelease.h"

using namespace hall;
using namespace hall::test;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

RunResult checkTraffic(const std::filesystem::path& traffic) {
    // Debian's own Python, with python3-yaml and python3-jsonschema (packages.txt).
    return runCommand({"/usr/bin/python3", (sourceDir() / "tests/api/check-openapi").string(),
                       (sourceDir() / "docs/central-api.yaml").string(), traffic.string()});
}

}  // namespace

TEST_CASE("every request and answer of the central service is as docs/central-api.yaml says") {
    TempDir logDir("central-traffic");
    const auto traffic = logDir / "traffic.jsonl";
    {
        Central central(Backend::Sqlite, traffic);
        auto admin = [&](const char* path, const json& body) {
            return askCentral(central.endpoint, path, body, central.maintainer, central.clock);
        };
        httplib::SSLClient plain("127.0.0.1", central.server->port());
        plain.set_ca_cert_path(central.endpoint.certificate.c_str());
        auto time = plain.Get(sync::kPathTime);
        REQUIRE(time);
        CHECK(time->status == 200);

        // Maintainers make a code; a terminal enrols with it (and cannot again).
        auto code = admin(sync::kPathAdminCodes, {{"hall_id", "lan-test"}, {"district", "朝阳区"}});
        REQUIRE_MESSAGE(code, (code ? "" : code.message()));
        LanHall hall("traffic-hall");
        auto key = DeviceKey::generate("t-1", DeviceRole::Kiosk).value();
        REQUIRE(enrolWithCentral(central.endpoint, (*code)["code"], key, "test"));
        CHECK_FALSE(enrolWithCentral(central.endpoint, (*code)["code"], key, "test"));
        CHECK_FALSE(enrolWithCentral(central.endpoint, "x", key, "test"));

        // It uploads, and fetches bundles.
        sync::BundleStore bundles(hall.dir / "data" / "bundles",
                                  {{"maint-1", central.maintainer.publicKey}}, "lan-test",
                                  "朝阳区");
        CentralLink link(*hall.engine, "lan-test", central.endpoint, key, hall.clock);
        link.takeBundles(
            &bundles,
            [&](const sync::Bundle& b) { return sync::checkBundleContent(b, hall.config); },
            nullptr);
        issueTickets(hall, 3);
        REQUIRE(link.uploadOnce());
        const std::string published =
            sync::signBundle({sync::BundleKind::Config, 1, sync::BundleScope{}, 0,
                              "[kiosk]\nidle_timeout_s = 60\n", ""},
                             central.maintainer);
        REQUIRE(admin(sync::kPathAdminPublish, json::parse(published)));
        CHECK_FALSE(admin(sync::kPathAdminPublish, json::parse(published)));  // 409
        CHECK_FALSE(admin(sync::kPathAdminPublish, {{"bundle", "x"}}));       // 400
        REQUIRE(link.fetchBundlesOnce());

        // A software release: its download uploaded, its bundle published with a rollout, the
        // terminal told of it, downloading it whole and from a byte on; the rollout and the
        // terminal's history as maintainers see them (docs/updates.md).
        {
            fs::create_directories(logDir / "tree" / "bin");
            writeFile(logDir / "tree" / "bin" / "kiosk", "#!/bin/sh\nexit 0\n");
            REQUIRE(update::writeTreeArchive(logDir / "tree", logDir / "tree.tar"));
            const auto tar = readTextFile(logDir / "tree.tar").value();
            const auto download = update::compressZstd(tar).value();
            REQUIRE(askCentral(central.endpoint, sync::kPathAdminSoftware, download,
                               central.maintainer, central.clock));
            const update::SoftwareRelease release{"0.8.0",
                                                  sha256Hex(tar),
                                                  static_cast<int64_t>(tar.size()),
                                                  sha256Hex(download),
                                                  static_cast<int64_t>(download.size()),
                                                  std::nullopt,
                                                  false,
                                                  60};
            auto software =
                json::parse(sync::signBundle({sync::BundleKind::Software, 1, sync::BundleScope{}, 0,
                                              update::softwareReleaseToml(release), ""},
                                             central.maintainer));
            software["rollout"] = {{"stages",
                                    {{{"name", "pilot"}, {"terminals", {"t-1"}}},
                                     {{"name", "all"}, {"scope", "all"}, {"share", 50}}}},
                                   {"halt_after", 1}};
            REQUIRE(admin(sync::kPathAdminPublish, software));
            const sync::BundleRequest asking{
                "lan-test", {{"software", 0}}, sync::SoftwareUpdateStatus{"0.7.0", "", "idle", ""}};
            auto offered = postToCentral(central.endpoint, sync::kPathBundles,
                                         sync::bundleRequestJson(asking).dump(), &key,
                                         toUnixMillis(central.clock.now()));
            REQUIRE(offered);
            CHECK(json::parse(offered->body)["bundles"].size() == 2);  // config and software
            const std::string path =
                std::string(sync::kPathSoftware) + "?sha256=" + release.downloadSha256;
            writeFile(logDir / "part", download.substr(0, download.size() / 2));
            auto resumed =
                downloadFromCentral(central.endpoint, path, key, toUnixMillis(central.clock.now()),
                                    logDir / "part", release.downloadSize);
            REQUIRE(resumed);
            CHECK(readTextFile(logDir / "part").value() == download);
            auto whole =
                downloadFromCentral(central.endpoint, path, key, toUnixMillis(central.clock.now()),
                                    logDir / "whole", release.downloadSize);
            REQUIRE(whole);
            CHECK_FALSE(downloadFromCentral(central.endpoint,
                                            std::string(sync::kPathSoftware) +
                                                "?tree=" + release.treeSha256 +
                                                "&from=" + std::string(64, 'a'),
                                            key, toUnixMillis(central.clock.now()),
                                            logDir / "patch", 1000));  // 404: no such patch
            auto rollouts = admin(sync::kPathAdminRollouts, json::object());
            REQUIRE(rollouts);
            REQUIRE(admin(sync::kPathAdminRollouts,
                          {{"action", "pause"}, {"id", (*rollouts)["rollouts"][0]["id"]}}));
            CHECK_FALSE(admin(sync::kPathAdminRollouts, {{"action", "pause"}, {"id", 999}}));
            REQUIRE(admin(sync::kPathAdminHistory, {{"terminal_id", "t-1"}}));
        }
        issueTickets(hall, 1);
        REQUIRE(link.uploadOnce());
        issueTickets(hall, 1);  // something to upload: an empty outbox sends nothing
        CentralLink stranger(*hall.engine, "lan-test", central.endpoint,
                             DeviceKey::generate("t-2", DeviceRole::Kiosk).value(), hall.clock);
        CHECK_FALSE(stranger.uploadOnce());  // 401
        CentralLink otherHall(*hall.engine, "hall-x", central.endpoint, key, hall.clock);
        CHECK_FALSE(otherHall.uploadOnce());  // 403

        // Its heartbeat, with the printer out of paper; one for another hall (403).
        CorrectedClock hallClock;
        hall.config.printer.kind = PrinterConfig::Kind::Simulated;
        hall.config.printer.simulatedFault = "paper_out";
        HealthProbe probe({hall.config, "0.7.0", hallClock, *hall.engine, nullptr, &link, nullptr});
        HeartbeatSender beats(
            central.endpoint, key, [&] { return probe.gather(); }, std::chrono::hours(1));
        REQUIRE(beats.sendOnce());
        auto wrongHall = health::heartbeatJson(probe.gather());
        wrongHall["hall_id"] = "hall-x";
        auto refusedBeat = postToCentral(central.endpoint, sync::kPathHeartbeat, wrongHall.dump(),
                                         &key, toUnixMillis(central.clock.now()));
        REQUIRE(refusedBeat);
        CHECK(refusedBeat->status == 403);

        // A maintainer orders a screenshot: the next heartbeat's answer carries it, and the
        // terminal sends its picture (a PNG only, for its own order only).
        auto order =
            admin(sync::kPathAdminOrders, {{"terminal_id", "t-1"}, {"kind", "screenshot"}});
        REQUIRE_MESSAGE(order, (order ? "" : order.message()));
        CHECK_FALSE(admin(sync::kPathAdminOrders, {{"terminal_id", "t-1"}, {"kind", "explode"}}));
        CHECK_FALSE(
            admin(sync::kPathAdminOrders, {{"terminal_id", "nobody"}, {"kind", "restart"}}));
        auto withOrder = beats.sendOnce();
        REQUIRE(withOrder);
        CHECK(withOrder->find("hall-order") == std::string::npos);  // signed bytes, in base64
        CHECK(json::parse(*withOrder)["orders"].size() == 1);
        const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, 'x');
        auto shot = [&](const std::string& id, const std::string& bytes) {
            auto r =
                postToCentral(central.endpoint, std::string(sync::kPathScreenshot) + "?order=" + id,
                              bytes, &key, toUnixMillis(central.clock.now()));
            REQUIRE(r);
            return r->status;
        };
        CHECK(shot((*order)["order_id"], png) == 201);
        CHECK(shot((*order)["order_id"], "GIF89a") == 400);
        CHECK(shot(std::string(32, 'a'), png) == 404);
        // The console, as a browser uses it (the console tests drive it in Chromium): the
        // one-time link's page and button, the session's pages, an order, sign-out.
        auto login = admin(sync::kPathAdminLogin, json::object());
        REQUIRE(login);
        const std::string token = (*login)["token"];
        auto page = plain.Get("/console/login?token=" + token);
        REQUIRE(page);
        CHECK(page->status == 200);
        auto signedIn =
            plain.Post("/console/login", "token=" + token, "application/x-www-form-urlencoded");
        REQUIRE(signedIn);
        CHECK(signedIn->status == 303);
        const std::string setCookie = signedIn->get_header_value("Set-Cookie");
        const httplib::Headers withCookie{{"Cookie", setCookie.substr(0, setCookie.find(';'))}};
        auto session = plain.Get("/console/api/session", withCookie);
        REQUIRE(session);
        REQUIRE(session->status == 200);
        const std::string csrf = json::parse(session->body)["csrf"];
        for (const char* path : {"/console/api/fleet", "/console/api/terminal?id=t-1",
                                 "/console/api/hall-day?hall=lan-test", "/console/api/bundles",
                                 "/console/api/audit", "/console/api/screenshot?terminal=t-1"}) {
            auto got = plain.Get(path, withCookie);
            REQUIRE(got);
            CHECK_MESSAGE(got->status == 200, path << ": " << got->body);
        }
        httplib::Headers changing = withCookie;
        changing.emplace("X-CSRF-Token", csrf);
        const std::string consoleOrder = R"({"terminal_id": "t-1", "kind": "screenshot"})";
        auto ordered =
            plain.Post("/console/api/orders", changing, consoleOrder, "application/json");
        REQUIRE(ordered);
        CHECK(ordered->status == 200);
        auto forged =
            plain.Post("/console/api/orders", withCookie, consoleOrder, "application/json");
        REQUIRE(forged);
        CHECK(forged->status == 403);
        CHECK(plain.Get("/console/api/fleet")->status == 401);
        CHECK(plain.Post("/console/logout", changing, "", "application/json")->status == 200);
        CHECK(plain.Get("/console/api/fleet", withCookie)->status == 401);

        // What maintainers see and do.
        REQUIRE(admin(sync::kPathAdminTerminals, json::object()));
        REQUIRE(admin(sync::kPathAdminAlerts, {{"terminal_id", "t-1"}, {"since", 0}}));
        REQUIRE(admin(sync::kPathAdminUptime, {{"day", hall.engine->serviceDay()}}));
        CHECK_FALSE(admin(sync::kPathAdminUptime, {{"day", "yesterday"}}));
        REQUIRE(admin(sync::kPathAdminBundles, json::object()));
        REQUIRE(admin(sync::kPathAdminStatistics, {{"day", hall.engine->serviceDay()}}));
        CHECK_FALSE(admin(sync::kPathAdminStatistics, {{"day", "today"}}));
        CHECK_FALSE(admin(sync::kPathAdminRevoke, {{"terminal_id", "nobody"}}));  // 404
        REQUIRE(admin(sync::kPathAdminRevoke, {{"terminal_id", "t-1"}}));
        CHECK_FALSE(link.fetchBundlesOnce());  // revoked: 403
        CHECK_FALSE(askCentral(central.endpoint, sync::kPathAdminTerminals, json::object(), key,
                               central.clock));  // a terminal's key on the maintainers' side
        CHECK_FALSE(admin(sync::kPathAdminTerminals, json::array()));  // 400: not an object

        // What the limits answer, as recorded: an event that does not fit its kind, a body
        // declared too large (413), too many header lines (431), an address that keeps
        // failing (429).
        const auto other = DeviceKey::generate("t-3", DeviceRole::Kiosk).value();
        auto code3 = admin(sync::kPathAdminCodes, {{"hall_id", "lan-test"}});
        REQUIRE(code3);
        REQUIRE(enrolWithCentral(central.endpoint, (*code3)["code"], other, "test"));
        const json poisoned{
            {"hall_id", "lan-test"},
            {"events",
             {{{"seq", 1},
               {"event_id", "bad-1"},
               {"type", "proofs.daily_not_issued"},
               {"occurred_at", 1},
               {"payload", {{"day", 1}, {"total", "many"}, {"by_department", json::object()}}}}}}};
        auto refusedEvents = postToCentral(central.endpoint, sync::kPathEvents, poisoned.dump(),
                                           &other, toUnixMillis(central.clock.now()));
        REQUIRE(refusedEvents);
        CHECK(refusedEvents->status == 200);
        CHECK(json::parse(refusedEvents->body)["rejected"] == 1);
        auto raw = [&](const std::string& request, const std::string& from = "127.0.0.1") {
            auto c = RawTls::connect(central.server->port(), from);
            REQUIRE(c);
            REQUIRE(c->handshake());
            REQUIRE(c->send(request));
            return RawTls::statusOf(c->receive(std::chrono::seconds(5))).value_or(0);
        };
        CHECK(raw("POST /api/v1/enrol HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                  "99999999\r\nConnection: close\r\n\r\n") == 413);
        std::string many = "GET /api/v1/time HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        for (int i = 0; i < 80; ++i)
            many += "X-" + std::to_string(i) + ": a\r\n";
        CHECK(raw(many + "\r\n") == 431);
        const std::string enrol =
            json{{"code", "0"}, {"terminal_id", "x"}, {"public_key", toBase64(std::string(32, 0))}}
                .dump();
        const std::string wrongCode =
            "POST /api/v1/enrol HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            "Content-Length: " +
            std::to_string(enrol.size()) + "\r\n\r\n" + enrol;
        int throttled = 0;
        for (int i = 0; i < 22; ++i)
            throttled += raw(wrongCode, "127.0.0.7") == 429 ? 1 : 0;
        CHECK(throttled == 2);
    }
    const auto checked = checkTraffic(traffic);
    INFO(checked.output);
    CHECK(checked.exitCode == 0);
    CHECK(checked.output.find(" 0 differences") != std::string::npos);

    // The check can fail: an answer with a field the description does not have, and an
    // operation the traffic never reached.
    writeFile(logDir / "wrong.jsonl",
              R"({"method":"POST","path":"/api/v1/admin/revoke","request":{"terminal_id":"a"},)"
              R"("status":200,"response":{"terminal_id":"a","revoked":true,"server_time":1,)"
              R"("id_number":"110105194912310025"}})"
              "\n");
    const auto wrong = checkTraffic(logDir / "wrong.jsonl");
    CHECK(wrong.exitCode == 1);
    CHECK(wrong.output.find("id_number") != std::string::npos);
    CHECK(wrong.output.find("POST /api/v1/events: never answered") != std::string::npos);
}
