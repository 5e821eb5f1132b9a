// What maintainers publish reaches a running hall terminal: the real central binary, the real
// kioskctl for the maintainer's and the hall's side, the real kiosk under Xvfb. A resident in
// the middle of a search keeps the catalogue they started with and the next one gets the new
// one, without a restart; a new config (services) is put in force by the hall starting itself
// again at its start screen. Screenshots: published-*.png.
#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "gui/CentralProcess.h"
#include "gui/GuiHall.h"
#include "lan/HallCertificate.h"
#include "support/Subprocess.h"

using namespace hall;
using namespace hall::test;

namespace {

ConfigOverrides hallOf(const CentralProcess& central) {
    ConfigOverrides o;
    o.extraServices =
        "\n[[services]]\nletter = \"C\"\n"
        "name = { zh-CN = \"开具证明\", ko = \"증명서 발급\", en = \"Certificates\" }\n"
        "days = [1, 2, 3, 4, 5, 6, 7]\nhours = [\"00:00-24:00\"]\n";
    o.extra = "[proofs]\ncatalog = \"" + (sourceDir() / "config/proofs/yanbian.toml").string() +
              "\"\ncertificate_service = \"C\"\nconsultation_service = \"B\"\n\n"
              "[lan]\nenabled = false\n\n[central]\nurl = \"" +
              central.url + "\"\ncertificate = \"" + (central.dir / "cert.pem").string() +
              "\"\npublishers_dir = \"" + (central.dir / "maintainers").string() +
              "\"\nbundle_check_s = 1\nheartbeat_s = 1\n";
    o.printer = "kind = \"simulated\"\nsimulated_fault_file = \"" +
                (central.dir / "printer-fault").string() + "\"";
    return o;
}

// A hall enrolled with the central service, taking the maintainer's bundles.
struct EnrolledHall {
    GuiHall gui;
    explicit EnrolledHall(const CentralProcess& central, const std::string& name)
        : gui(name, hallOf(central)) {
        const auto code = central.kioskctl({"code", "--hall", "test-hall", "--district", "朝阳区"});
        REQUIRE_MESSAGE(code.exitCode == 0, code.output);
        const auto enrolled =
            runCommand({kioskctlBinary(), "central", "enrol", "--config", gui.config.string(),
                        "--code", code.output.substr(0, code.output.find('\n'))});
        REQUIRE_MESSAGE(enrolled.exitCode == 0, enrolled.output);
    }
};

void waitForLog(const KioskRun& kiosk, const std::string& line) {
    for (int i = 0; i < 100 && kiosk.log().find(line) == std::string::npos; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE_MESSAGE(kiosk.log().find(line) != std::string::npos, kiosk.log());
}

UiState search(GuiHall& hall, const KioskRun& kiosk, const std::string& letters) {
    auto attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "proofs");
    hall.settled(kiosk, "proof-search");
    return typeProofKeys(hall, kiosk, letters);
}

}  // namespace

TEST_CASE(
    "a catalogue maintainers publish is in force at the next resident, without a restart, "
    "and the terminal's health reaches them") {
    CentralProcess central;
    EnrolledHall enrolled(central, "gui-published-catalog");
    GuiHall& hall = enrolled.gui;

    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    // A resident says "房东证明" (fangdong): the hall's own catalogue does not know the word.
    auto before = search(hall, kiosk, "fangdong");
    CHECK_FALSE(proofListed(before, "P01"));
    hall.screenshot(before, "published-catalog-0-before", 1080, 1920);

    // Meanwhile the city adds it as another name of 实际居住情况证明 and publishes the catalogue
    // to this hall.
    std::ifstream in(sourceDir() / "config/proofs/yanbian.toml");
    std::string catalog(std::istreambuf_iterator<char>(in), {});
    const std::string last = "\"住址证明\"]";
    REQUIRE(catalog.find(last) != std::string::npos);
    catalog.replace(catalog.find(last), last.size(), "\"住址证明\", \"房东证明\"]");
    writeFile(central.dir / "catalog-2.toml", catalog);
    const auto published =
        central.kioskctl({"publish", "--kind", "catalog", "--version", "2", "--to",
                          "hall:test-hall", (central.dir / "catalog-2.toml").string()});
    REQUIRE_MESSAGE(published.exitCode == 0, published.output);
    waitForLog(kiosk, "catalog bundle version 2 is in force");
    // The resident on the search screen keeps the list they started with.
    hall.input.tap(before, "proof.key.back");
    auto still = waitForUi(
        kiosk.uiMap(), [](const UiState& u) { return u.fact("proof.typed") == "fangdon"; },
        "a letter deleted");
    CHECK_FALSE(proofListed(still, "P01"));
    hall.input.tap(still, "back");

    // The next resident, from the start screen, finds it.
    auto after = search(hall, kiosk, "fangdong");
    CHECK(proofListed(after, "P01"));
    hall.screenshot(after, "published-catalog-1-after", 1080, 1920);
    CHECK(kiosk.log().find("bundle version 2): 28 items") != std::string::npos);

    // The maintainers see it in force there, from what the hall reports of itself.
    RunResult bundles;
    for (int i = 0; i < 50; ++i) {
        bundles = central.kioskctl({"bundles", "--json"});
        if (bundles.output.find("\"terminals_in_force\":1") != std::string::npos)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    CHECK_MESSAGE(bundles.output.find("\"terminals_in_force\":1") != std::string::npos,
                  bundles.output);

    // Its health reaches them too: the screen it shows now (its name, never what is on it),
    // and its printer running out of paper — red until the roll is changed.
    auto terminal = [&](const std::function<bool(const nlohmann::json&)>& ok) {
        nlohmann::json t;
        for (int i = 0; i < 50; ++i) {
            const auto listed = central.kioskctl({"terminals", "--json"});
            auto j = nlohmann::json::parse(listed.output, nullptr, false);
            if (j.is_object() && j["terminals"].size() == 1) {
                t = j["terminals"][0];
                if (t.contains("health") && ok(t["health"]))
                    break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        return t;
    };
    auto seen = terminal([](const nlohmann::json& h) {
        return h.value("heartbeat", nlohmann::json::object()).value("screen", "") == "proof-search";
    });
    REQUIRE_MESSAGE(seen.contains("health"), seen.dump());
    CHECK(seen["health"]["state"] == "green");
    CHECK(seen["health"]["heartbeat"]["screen"] == "proof-search");
    CHECK(seen["health"]["heartbeat"]["roles"][0]["role"] == "hall");
    CHECK(seen["health"]["heartbeat"].dump().find("fangdong") == std::string::npos);
    writeFile(central.dir / "printer-fault", "paper_out\n");
    auto red = terminal([](const nlohmann::json& h) { return h["state"] == "red"; });
    CHECK_MESSAGE(red["health"]["alerts"][0]["code"] == "printer_paper_out", red.dump());
    writeFile(central.dir / "printer-fault", "\n");
    auto green = terminal([](const nlohmann::json& h) { return h["state"] == "green"; });
    CHECK(green["health"]["state"] == "green");
}

TEST_CASE("a config maintainers publish is in force once the hall starts itself again") {
    CentralProcess central;
    EnrolledHall enrolled(central, "gui-published-config");
    GuiHall& hall = enrolled.gui;
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    auto before = hall.settled(kiosk, "attract");
    CHECK_FALSE(before.find("service.D"));

    // The city opens a service for older people in every hall of the district. A config bundle
    // replaces the hall's list of services whole.
    std::string services;
    for (const auto& [letter, name] : std::vector<std::pair<std::string, std::string>>{
             {"A", "社保医保"}, {"B", "综合咨询"}, {"C", "开具证明"}, {"D", "养老服务"}}) {
        services += "[[services]]\nletter = \"" + letter + "\"\nname = { zh-CN = \"" + name +
                    "\", ko = \"" + letter + "\", en = \"" + letter +
                    "\" }\ndays = [1, 2, 3, 4, 5, 6, 7]\nhours = [\"00:00-24:00\"]\n";
    }
    writeFile(central.dir / "config-1.toml", services);
    const auto published =
        central.kioskctl({"publish", "--kind", "config", "--version", "1", "--to",
                          "district:朝阳区", (central.dir / "config-1.toml").string()});
    REQUIRE_MESSAGE(published.exitCode == 0, published.output);
    waitForLog(kiosk, "starting the hall again");
    auto after = waitForUi(
        kiosk.uiMap(),
        [](const UiState& u) { return u.screen == "attract" && u.find("service.D"); },
        "the new service on the start screen");
    CHECK(after.fact("service.D.name") == "养老服务");
    hall.screenshot(after, "published-config-after", 1080, 1920);
    // And it takes tickets for the new service.
    auto settled = hall.settled(kiosk, "attract");
    hall.input.tap(settled, "service.D");
    auto confirm = hall.settled(kiosk, "confirm");
    hall.input.tap(confirm, "ticket.take");
    auto ticket = hall.settled(kiosk, "ticket");
    CHECK(ticket.fact("ticket.number").rfind("D", 0) == 0);
}
