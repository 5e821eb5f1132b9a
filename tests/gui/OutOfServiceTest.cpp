// When a role cannot serve, the screen says so in the hall's languages — never a desktop, a
// console or a crash loop — with the reason for staff, and the terminal keeps trying (issue
// 12). One test per cause; repeated crashes are systemd's (tests/install/boot-test).
#include <doctest/doctest.h>

#include "gui/GuiHall.h"
#include "support/Subprocess.h"

using namespace hall;
using namespace hall::test;
using namespace std::chrono_literals;

namespace {

// The notice as the UI map describes it, with a screenshot of it for people to look at.
UiState outOfService(GuiHall& hall, const KioskRun& kiosk, const std::string& screenshot) {
    const UiState s = kiosk.waitForScreen("out-of-service");
    hall.screenshot(s, screenshot, 1080, 1920);
    return s;
}

}  // namespace

TEST_CASE(
    "install: a bad config without a last good copy puts the terminal out of service, naming "
    "file, line and field, until a good one is there") {
    GuiHall hall("oos-config");
    const std::string good = readFile(hall.config);
    std::string bad = good;
    bad.replace(bad.find("letter = \"B\""), 12, "letter = \"BB\"");
    writeFile(hall.config, bad);
    {
        KioskRun kiosk(hall.x, hall.config, hall.dir.path());
        const auto s = outOfService(hall, kiosk, "out-of-service-config");
        CHECK(s.fact("out_of_service.title.zh-CN") == "暂停自助服务");
        CHECK(s.fact("out_of_service.title.ko") == "무인 서비스 일시 중지");
        CHECK(s.fact("out_of_service.title.en") == "Self-service is paused");
        const std::string reason = s.fact("out_of_service.reason");
        CHECK(reason.find(hall.config.string() + ":") != std::string::npos);
        CHECK(reason.find("services[1].letter: must be one capital letter A–Z (got \"BB\")") !=
              std::string::npos);
        // Still running: the notice stays up, and the log says why for maintainers.
        CHECK(kiosk.process().running());
        CHECK(kiosk.log().find("out of service: the configuration cannot be used") !=
              std::string::npos);
    }
    // With a good config run once, a bad one is refused and the good one stays in force.
    writeFile(hall.config, good);
    {
        KioskRun kiosk(hall.x, hall.config, hall.dir.path());
        kiosk.waitForScreen("attract");
    }
    writeFile(hall.config, bad);
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    auto attract = kiosk.waitForScreen("attract");
    CHECK(attract.find("service.B"));
    CHECK(kiosk.log().find("refused and the last good copy is in force") != std::string::npos);
    CHECK(kiosk.log().find("services[1].letter") != std::string::npos);
}

TEST_CASE(
    "install: with no font that can draw the screen, the notice is shown in the built-in "
    "font, in English") {
    GuiHall hall("oos-fonts");
    // A fontconfig that knows no fonts at all.
    std::filesystem::create_directories(hall.dir / "no-fonts");
    writeFile(hall.dir / "no-fonts" / "fonts.conf",
              "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n"
              "<fontconfig><dir>" +
                  (hall.dir / "no-fonts").string() + "</dir></fontconfig>\n");
    KioskRun kiosk(
        hall.x, hall.config, hall.dir.path(),
        KioskRun::Options::wrappedIn(
            {"env", "FONTCONFIG_FILE=" + (hall.dir / "no-fonts" / "fonts.conf").string()}));
    const auto s = outOfService(hall, kiosk, "out-of-service-no-font");
    CHECK(s.fact("out_of_service.reason").find("no font can draw the screen") != std::string::npos);
    // Only what the built-in font can draw: English, no rows of question marks.
    CHECK(s.fact("out_of_service.title.en") == "Self-service is paused");
    CHECK(s.fact("out_of_service.title.zh-CN").empty());
}

TEST_CASE(
    "install: a store that cannot be opened pauses ticketing with the reason, and the "
    "terminal keeps trying") {
    GuiHall hall("oos-store");
    // The data folder is a file: nothing can be created in it.
    writeFile(hall.dataDir(), "not a folder");
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    const auto s = kiosk.waitForScreen("paused");
    hall.screenshot(s, "out-of-service-store", 1080, 1920);
    CHECK(s.fact("paused.reason") == "store.cannot_open");
    CHECK(s.fact("paused.detail").find(hall.dataDir().string()) != std::string::npos);
    CHECK(kiosk.log().find("ticketing paused") != std::string::npos);
    // Made right, the terminal takes tickets again by itself.
    std::filesystem::remove(hall.dataDir());
    kiosk.waitForScreen("attract");
}

TEST_CASE(
    "install: kiosk --screen out-of-service draws the notice, and --out-of-service ends "
    "after --for") {
    GuiHall hall("oos-snapshot");
    const auto png = hall.dir / "notice.png";
    auto shot = runCommand({kioskBinary(), "--config", hall.config.string(), "--snapshot",
                            png.string(), "--screen", "out-of-service"},
                           kioskEnv(hall.x));
    CHECK_MESSAGE(shot.exitCode == 0, shot.output);
    CHECK(readFile(png).substr(1, 3) == "PNG");
    const auto start = std::chrono::steady_clock::now();
    auto notice = runCommand({kioskBinary(), "--config", hall.config.string(), "--size",
                              "1080x1920", "--out-of-service", "a test", "--for", "2"},
                             kioskEnv(hall.x), 30s);
    CHECK_MESSAGE(notice.exitCode == 0, notice.output);
    CHECK(std::chrono::steady_clock::now() - start >= 2s);
}
