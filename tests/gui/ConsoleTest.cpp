// The maintainers' web console in Debian's real Chromium, headless: the real central binary,
// the real kiosk under Xvfb sending its heartbeats, a maintainer who signs in with a one-time
// link from the real kioskctl and works as they would — the fleet, a printer out of paper, a
// terminal falling silent and coming back, a screenshot, a restart, a hall's day in charts —
// and what a viewer and another site cannot do. Screenshots of each page are saved.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <thread>

#include "gui/CentralProcess.h"
#include "gui/GuiHall.h"
#include "support/Browser.h"

using namespace hall;
using namespace hall::test;
using json = nlohmann::json;

namespace {

// Heartbeats every second, silent after three; an operator and a viewer.
const char* kCentralConfig =
    "\n[health]\nsilent_after_s = 3\nsweep_s = 1\n\n"
    "[roles]\nmaint-ops = \"operator\"\nmaint-viewer = \"viewer\"\n";

ConfigOverrides hallOf(const CentralProcess& central, const std::filesystem::path& faultFile) {
    ConfigOverrides o;
    o.printer = "kind = \"simulated\"\nsimulated_fault_file = \"" + faultFile.string() + "\"";
    o.extra = "[lan]\nenabled = false\n\n[central]\nurl = \"" + central.url +
              "\"\ncertificate = \"" + (central.dir / "cert.pem").string() +
              "\"\nheartbeat_s = 1\n";
    return o;
}

void enrol(const CentralProcess& central, const std::filesystem::path& hallConfig) {
    const auto code = central.kioskctl({"code", "--hall", "test-hall", "--district", "东城区"});
    REQUIRE_MESSAGE(code.exitCode == 0, code.output);
    const auto enrolled =
        runCommand({kioskctlBinary(), "central", "enrol", "--config", hallConfig.string(), "--code",
                    code.output.substr(0, code.output.find('\n'))});
    REQUIRE_MESSAGE(enrolled.exitCode == 0, enrolled.output);
}

// The fleet page's row of a terminal is in `state` (and shows `alert`, if given).
std::string rowIs(const std::string& terminal, const std::string& state,
                  const std::string& alert = "") {
    std::string js = "(() => { const r = document.querySelector('tr[data-terminal=\"" + terminal +
                     "\"]'); return !!r && !!r.querySelector('[data-state=\"" + state + "\"]')";
    if (!alert.empty())
        js += " && !!r.querySelector('[data-alert=\"" + alert + "\"]')";
    return js + "; })()";
}

void takeTicket(GuiHall& hall, const KioskRun& kiosk, const std::string& service) {
    auto attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "service." + service);
    auto confirm = hall.settled(kiosk, "confirm");
    hall.input.tap(confirm, "ticket.take");
    hall.input.tap(hall.settled(kiosk, "ticket"), "ticket.done");
    hall.settled(kiosk, "attract");
}

bool skipWithoutBrowser() {
    std::string why;
    if (Browser::available(why))
        return false;
    MESSAGE("SKIPPED: " << why);
    return true;
}

}  // namespace

TEST_CASE(
    "console: a maintainer signs in with a one-time link and sees the fleet, a printer "
    "out of paper, a silent terminal coming back, its screenshot, its restart and the "
    "hall's day in charts") {
    if (skipWithoutBrowser())
        return;
    CentralProcess central({"maint-ops", "maint-viewer"}, kCentralConfig);
    GuiHall hall("console-hall", hallOf(central, "/dev/null"));
    const auto fault = hall.dir / "printer-fault";
    hall.overrides = hallOf(central, fault);
    hall.config = writeTestConfig(hall.dir.path(), hall.overrides);
    enrol(central, hall.config);
    auto kiosk = std::make_unique<KioskRun>(hall.x, hall.config, hall.dir.path());
    // Three residents: two for social insurance (A), one for enquiries (B).
    takeTicket(hall, *kiosk, "A");
    takeTicket(hall, *kiosk, "A");
    takeTicket(hall, *kiosk, "B");

    Browser browser;
    // Signed out, the console says how to sign in and shows nothing of the fleet.
    CHECK(browser.open(central.url + "/console/") == 200);
    browser.waitFor("document.body.dataset.loaded");
    CHECK(browser.text("#signed-out").find("kioskctl central login") != std::string::npos);
    CHECK(browser.eval("document.querySelector('#fleet') === null").get<bool>());

    const std::string link = central.loginLink("maint-ops");
    REQUIRE(link.rfind(central.url + "/console/login?token=", 0) == 0);
    CHECK(browser.open(link) == 200);
    browser.screenshot("console-0-sign-in");
    browser.click("#enter");
    browser.waitFor("document.body.dataset.loaded && location.pathname === '/console/'");
    // The session cookie: out of scripts' reach, HTTPS only, never sent from another site.
    const json cookies = browser.cookies();
    REQUIRE(cookies.size() == 1);
    CHECK(cookies[0]["name"] == "hall_console");
    CHECK(cookies[0]["httpOnly"] == true);
    CHECK(cookies[0]["secure"] == true);
    CHECK(cookies[0]["sameSite"] == "Strict");
    CHECK(browser.eval("document.cookie").get<std::string>().empty());
    CHECK(browser.text("#who").find("maint-ops") != std::string::npos);
    // The link works once.
    CHECK(browser.open(link) == 200);
    browser.click("#enter");
    CHECK(browser.text("h1").find("无法登录") != std::string::npos);

    browser.open(central.url + "/console/");
    browser.waitFor(rowIs("test-hall", "green"), 15000);
    browser.screenshot("console-1-fleet");

    // The printer runs out of paper: red, with the reason, at the top of the fleet.
    writeFile(fault, "paper_out\n");
    browser.waitFor(rowIs("test-hall", "red", "printer_paper_out"), 15000);
    CHECK(browser.text("[data-count=red] b") == "1");
    browser.screenshot("console-2-fleet-paper-out");
    writeFile(fault, "\n");
    browser.waitFor(rowIs("test-hall", "green"), 15000);

    // The terminal's page: a screenshot taken at the start screen, sent back, shown.
    browser.open(central.url + "/console/terminal.html?id=test-hall");
    browser.click("#order-screenshot");
    browser.waitFor(
        "(() => { const i = document.querySelector('#screenshot'); return !!i && i.complete && "
        "i.naturalWidth > 0; })()",
        20000);
    CHECK(browser.eval("document.querySelector('#screenshot').naturalWidth").get<int>() == 1080);
    CHECK(browser.eval("document.querySelector('#screenshot').naturalHeight").get<int>() == 1920);
    CHECK(browser.text("#printer").find("在线") != std::string::npos);
    browser.screenshot("console-3-terminal-screenshot");

    // A restart, at the start screen: the hall role starts again, once.
    const auto startsBefore = [&] {
        const std::string log = kiosk->log();
        size_t n = 0;
        for (size_t at = log.find("kiosk: printing to"); at != std::string::npos;
             at = log.find("kiosk: printing to", at + 1))
            ++n;
        return n;
    };
    const size_t started = startsBefore();
    browser.click("#order-restart");
    browser.waitFor("!!document.querySelector('#orders tr[data-order=restart][data-status=done]')",
                    20000);
    CHECK(startsBefore() == started + 1);
    std::this_thread::sleep_for(std::chrono::seconds(3));
    CHECK(startsBefore() == started + 1);  // the order is not carried out twice

    // Out of service with a message for residents, and back.
    browser.open(central.url + "/console/terminal.html?id=test-hall");
    browser.type("#out-of-service-message", "打印机维修中，请到前台取号");
    browser.click("#order-out_of_service");
    kiosk->waitForScreen("out-of-service");
    CHECK(readFile(hall.dataDir() / "orders" / "out-of-service") == "打印机维修中，请到前台取号");
    browser.click("#order-in_service");
    kiosk->waitForScreen("attract");

    // The kiosk stops: its heartbeats stop, and it turns red as silent; back, it turns green.
    browser.open(central.url + "/console/");
    kiosk.reset();
    browser.waitFor(rowIs("test-hall", "red", "silent"), 20000);
    browser.screenshot("console-4-fleet-silent");
    kiosk = std::make_unique<KioskRun>(hall.x, hall.config, hall.dir.path());
    browser.waitFor(rowIs("test-hall", "green"), 20000);

    // The hall's day: the three tickets, per service, read back from the chart itself.
    browser.open(central.url + "/console/hall.html?hall=test-hall");
    browser.waitFor("document.body.dataset.loaded");
    browser.screenshot("console-5-hall-day");
    browser.waitFor("!!window.Chart && !!Chart.getChart('chart-services')");
    CHECK(browser.eval("Chart.getChart('chart-services').data.labels") == json({"A", "B"}));
    CHECK(browser.eval("Chart.getChart('chart-services').data.datasets[0].data") == json({2, 1}));
    CHECK(browser.text("#issued b") == "3");
    CHECK(browser
              .eval("Chart.getChart('chart-hours').data.datasets[0].data.reduce((a, b) => a + "
                    "b, 0)")
              .get<int>() == 3);

    browser.open(central.url + "/console/bundles.html");
    browser.screenshot("console-6-bundles");
    // Who did what: the sign-in and both orders, from the console, by this maintainer.
    browser.open(central.url + "/console/audit.html");
    for (const char* action : {"login", "order.screenshot", "order.restart"})
        CHECK_MESSAGE(browser
                          .eval(std::string("!!document.querySelector('#audit "
                                            "tr[data-action=\"") +
                                action + "\"]')")
                          .get<bool>(),
                      action);
    CHECK(browser.text("#audit").find("maint-ops") != std::string::npos);
    browser.screenshot("console-7-audit");
    CHECK(browser.errors().empty());
}

TEST_CASE(
    "console: a viewer cannot give orders, and neither another site's form nor a request "
    "without the CSRF token changes anything") {
    if (skipWithoutBrowser())
        return;
    CentralProcess central({"maint-ops", "maint-viewer"}, kCentralConfig);
    TempDir hallDir("console-csrf-hall");
    ConfigOverrides o = hallOf(central, hallDir / "fault");
    const auto config = writeTestConfig(hallDir.path(), o);
    enrol(central, config);
    const std::string orderBody =
        "JSON.stringify({terminal_id: 'test-hall', kind: 'out_of_service', message: 'x'})";
    // The central logs every order it takes.
    auto ordered = [&] {
        return central.log().find("ordered out_of_service") != std::string::npos;
    };

    Browser browser;
    browser.open(central.loginLink("maint-viewer"));
    browser.click("#enter");
    browser.waitFor("document.body.dataset.loaded");
    browser.open(central.url + "/console/terminal.html?id=test-hall");
    CHECK(browser.eval("document.querySelector('#order-out_of_service').disabled").get<bool>());
    CHECK(browser.text("#terminal").find("需要运维员权限") != std::string::npos);
    browser.screenshot("console-8-viewer");
    // Even asked directly, with the session's own token: refused for the role.
    const json refused = browser.eval(
        "(async () => { const s = await (await fetch('/console/api/session')).json(); const r = "
        "await fetch('/console/api/orders', {method: 'POST', headers: {'Content-Type': "
        "'application/json', 'X-CSRF-Token': s.csrf}, body: " +
        orderBody + "}); return [r.status, (await r.json()).error.code]; })()");
    CHECK(refused == json({403, "console.forbidden"}));

    // An operator's session: a request from the console's origin without the token is refused.
    browser.newPage();
    browser.open(central.loginLink("maint-ops"));
    browser.click("#enter");
    browser.waitFor("document.body.dataset.loaded");
    const json noToken = browser.eval(
        "(async () => { const r = await fetch('/console/api/orders', {method: 'POST', headers: "
        "{'Content-Type': 'application/json'}, body: " +
        orderBody + "}); return [r.status, (await r.json()).error.code]; })()");
    CHECK(noToken == json({403, "console.csrf"}));

    // Another site's page posts a form at the console while the operator is signed in: the
    // browser does not send the session cookie with it, and nothing is ordered.
    const auto evil = hallDir / "evil.html";
    writeFile(evil, "<html><body><form id=f method=post enctype=text/plain action=\"" +
                        central.url +
                        "/console/api/orders\"><input name='{\"terminal_id\":\"test-hall\","
                        "\"kind\":\"out_of_service\",\"message\":\"x\",\"pad\":\"' "
                        "value='\"}'></form><script>document.getElementById('f').submit()"
                        "</script></body></html>");
    browser.open("file://" + evil.string());
    browser.waitFor("location.href.includes('/console/api/orders')");
    CHECK(browser.text("body").find("console.signed_out") != std::string::npos);
    CHECK_FALSE(ordered());
}
