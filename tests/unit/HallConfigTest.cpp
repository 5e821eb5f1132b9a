#include <doctest/doctest.h>

#include "config/HallConfig.h"
#include "config/LastGoodConfig.h"
#include "support/TempDir.h"

using namespace hall;
using hall::test::TempDir;

namespace {

const char* kValid = R"(
[hall]
id = "hall-1"
languages = ["zh-CN", "ko"]
name = { zh-CN = "社区综合服务大厅", ko = "종합봉사청" }

[kiosk]
assets_dir = "assets"

[store]
data_dir = "data"

[printer]
kind = "none"

[[services]]
letter = "A"
name = { zh-CN = "社保", ko = "사회보험" }
hours = ["08:30-12:00", "13:30-17:00"]
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "test text lacks " << from);
    return text.replace(at, from.size(), to);
}

std::string problemsOf(const std::string& text) {
    auto r = parseHallConfig(text, "halls/hall.toml");
    REQUIRE_MESSAGE(!r.ok(), "expected the config to be refused");
    return r.message();
}

}  // namespace

TEST_CASE("the shipped demo config is valid") {
    auto r = loadHallConfig(hall::test::sourceDir() / "config" / "hall.toml");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.message()));
    CHECK(r->services.size() >= 3);
    CHECK(r->defaultLanguage() == "zh-CN");
    CHECK(r->dataDir.is_absolute());
}

TEST_CASE("a valid config is read with its defaults and resolved paths") {
    auto r = parseHallConfig(kValid, "/etc/hall/hall.toml");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.message()));
    CHECK(r->hallId == "hall-1");
    CHECK(r->hallName.in("ko", "zh-CN") == "종합봉사청");
    CHECK(r->dataDir == "/etc/hall/data");
    CHECK(r->utcOffsetMinutes == 480);
    CHECK(r->services[0].hours.weekdays == std::vector<int>{1, 2, 3, 4, 5});
    CHECK(r->services[0].hours.describe() == "08:30–12:00  13:30–17:00");
    CHECK(r->priorityCategories.size() == 4);
    // Accessibility defaults: standard mode, voice on, a 21.5" portrait panel (0.248 mm/px).
    CHECK_FALSE(r->access.careMode);
    CHECK(r->voice.enabled);
    CHECK(r->timeoutWarningSeconds == 30);
    CHECK(r->access.mmPerPixel() == doctest::Approx(0.248).epsilon(0.01));
}

TEST_CASE("access: the panel, care mode and voice are read from the hall's config") {
    auto r = parseHallConfig(std::string(kValid) +
                                 "\n[access]\ncare_mode = true\n"
                                 "[panel]\nwidth_mm = 400\nheight_mm = 711\nwidth_px = 1080\n"
                                 "height_px = 1920\n"
                                 "[voice]\nenabled = false\ndevice = \"voice.wav\"\nvolume = 40\n",
                             "/etc/hall/hall.toml");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.message()));
    CHECK(r->access.careMode);
    // A 32" panel at the same resolution: every pixel is larger.
    CHECK(r->access.mmPerPixel() == doctest::Approx(0.37).epsilon(0.01));
    CHECK_FALSE(r->voice.enabled);
    CHECK(r->voice.device == "/etc/hall/voice.wav");
    CHECK(r->voice.volume == 40);
    auto bad = parseHallConfig(std::string(kValid) + "\n[voice]\nvolume = 140\n", "h.toml");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.message().find("voice.volume") != std::string::npos);
}

TEST_CASE("config errors name the file and line and field") {
    SUBCASE("a bad service letter") {
        const auto msg = problemsOf(replaced(kValid, "letter = \"A\"", "letter = \"AB\""));
        CHECK(msg.find("halls/hall.toml:17: services[0].letter: must be one capital letter") !=
              std::string::npos);
    }
    SUBCASE("a misspelt field") {
        const auto msg = problemsOf(replaced(kValid, "[kiosk]\n", "[kiosk]\nidel_timeout_s = 5\n"));
        CHECK(msg.find("halls/hall.toml:8: kiosk.idel_timeout_s: unknown field") !=
              std::string::npos);
    }
    SUBCASE("a name missing for an offered language") {
        const auto msg = problemsOf(replaced(kValid, ", ko = \"사회보험\"", ""));
        CHECK(msg.find("services[0].name: has no text for language \"ko\"") != std::string::npos);
    }
    SUBCASE("impossible opening hours") {
        const auto msg = problemsOf(replaced(kValid, "\"13:30-17:00\"", "\"17:00-13:30\""));
        CHECK(msg.find(":19: services[0].hours: \"17:00-13:30\"") != std::string::npos);
    }
    SUBCASE("a value of the wrong type") {
        const auto msg =
            problemsOf(replaced(kValid, "[kiosk]\n", "[kiosk]\nidle_timeout_s = \"45\"\n"));
        CHECK(msg.find("kiosk.idle_timeout_s: must be a whole number") != std::string::npos);
    }
    SUBCASE("an inactivity warning too short to answer (WCAG 2.2.1 asks for 20 s)") {
        const auto msg =
            problemsOf(replaced(kValid, "[kiosk]\n", "[kiosk]\ntimeout_warning_s = 10\n"));
        CHECK(msg.find("kiosk.timeout_warning_s") != std::string::npos);
        CHECK(msg.find("20") != std::string::npos);
    }
    SUBCASE("a missing section") {
        const auto msg = problemsOf(replaced(kValid, "[store]\ndata_dir = \"data\"\n", ""));
        CHECK(msg.find("store: is required but missing") != std::string::npos);
    }
    SUBCASE("TOML syntax") {
        const auto msg = problemsOf(replaced(kValid, "kind = \"none\"", "kind = none\""));
        CHECK(msg.find("halls/hall.toml:14: TOML syntax error") != std::string::npos);
    }
    SUBCASE("two services with one letter") {
        const auto msg =
            problemsOf(std::string(kValid) +
                       "[[services]]\nletter = \"A\"\nname = { zh-CN = \"x\", ko = \"y\" }\n"
                       "hours = [\"08:00-09:00\"]\n");
        CHECK(msg.find("services[1].letter: \"A\" is already used") != std::string::npos);
    }
    SUBCASE("every problem is listed, not only the first") {
        auto text = replaced(kValid, "letter = \"A\"", "letter = \"a\"");
        text = replaced(text, "kind = \"none\"", "kind = \"laser\"");
        const auto msg = problemsOf(text);
        CHECK(msg.find("services[0].letter") != std::string::npos);
        CHECK(msg.find("printer.kind: must be none, simulated, file, device or tcp") !=
              std::string::npos);
    }
    SUBCASE("bytes that are not UTF-8") {
        const auto msg = problemsOf(replaced(kValid, "社保", "\xE7\xA4"));
        CHECK(msg.find("not valid UTF-8") != std::string::npos);
    }
}

TEST_CASE("identity issuers' keys are read, and a bad key names the field") {
    const std::string key = "MPSJ4XvXvHc-h5lP2NeYcLSJ0_ZzRj7m_rY0S1aA4nM";  // 32 bytes
    auto r = parseHallConfig(std::string(kValid) +
                                 "[identity]\nhash_key_file = \"city.key\"\n"
                                 "[[identity.issuers]]\nid = \"city-2026\"\n"
                                 "public_key = \"" +
                                 key + "\"\n",
                             "/etc/hall/hall.toml");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.message()));
    CHECK(r->identity.hashKeyFile == "/etc/hall/city.key");
    REQUIRE(r->identity.issuers.count("city-2026") == 1);
    CHECK(r->identity.issuers.at("city-2026").size() == 32);

    auto plain = parseHallConfig(kValid, "/etc/hall/hall.toml");
    REQUIRE(plain);
    CHECK(plain->identity.hashKeyFile == "/etc/hall/data/identity.key");

    const auto msg = problemsOf(std::string(kValid) +
                                "[[identity.issuers]]\nid = \"city-2026\"\n"
                                "public_key = \"not-a-key\"\n");
    CHECK(msg.find("identity.issuers[0].public_key: must be an Ed25519 public key") !=
          std::string::npos);
}

TEST_CASE("scanners are read with their defaults, and a bad one names its field") {
    auto r = parseHallConfig(std::string(kValid) +
                                 "[[scanners]]\nkind = \"serial\"\ndevice = \"/dev/ttyACM0\"\n"
                                 "baud = 115200\nterminator = \"cr\"\n"
                                 "[[scanners]]\nkind = \"camera\"\n"
                                 "[[scanners]]\nkind = \"images\"\nfolder = \"codes\"\n",
                             "/etc/hall/hall.toml");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.message()));
    REQUIRE(r->scanners.size() == 3);
    CHECK(r->scanners[0].baud == 115200);
    CHECK(r->scanners[0].terminator == "cr");
    CHECK(r->scanners[1].device == "/dev/video0");
    CHECK(r->scanners[2].folder == "/etc/hall/codes");

    auto msg =
        problemsOf(std::string(kValid) +
                   "[[scanners]]\nkind = \"serial\"\ndevice = \"/dev/ttyS0\"\nbaud = 4800\n");
    CHECK(msg.find("scanners[0].baud: must be 9600") != std::string::npos);
    msg = problemsOf(std::string(kValid) + "[[scanners]]\nkind = \"hid\"\n");
    CHECK(msg.find("scanners[0].name: is required") != std::string::npos);
    msg = problemsOf(std::string(kValid) + "[[scanners]]\nkind = \"laser\"\n");
    CHECK(msg.find("scanners[0].kind: must be serial, hid, camera or images") != std::string::npos);
}

TEST_CASE("a bad config falls back to the last good one and is reported") {
    TempDir dir("last-good");
    const auto file = dir / "hall.toml";
    hall::test::writeFile(file, kValid);
    auto first = loadConfigKeepingLastGood(file);
    REQUIRE(first.ok());
    CHECK_FALSE(first->rejected);
    CHECK(std::filesystem::exists(lastGoodPath(file)));

    hall::test::writeFile(file, replaced(kValid, "letter = \"A\"", "letter = 7"));
    auto second = loadConfigKeepingLastGood(file);
    REQUIRE(second.ok());
    REQUIRE(second->rejected);
    CHECK(second->rejected->find("hall.toml:17: services[0].letter: must be a text string") !=
          std::string::npos);
    CHECK(second->config.services[0].letter == 'A');
    CHECK(second->config.dataDir == std::filesystem::absolute(dir / "data"));
    // The bad file never replaces the good copy.
    CHECK(hall::test::readFile(lastGoodPath(file)) == kValid);
}

TEST_CASE("a bad config with no good copy refuses to start and says why") {
    TempDir dir("no-last-good");
    const auto file = dir / "hall.toml";
    hall::test::writeFile(file, replaced(kValid, "[store]\n", "[store]\nsize = 3\n"));
    auto r = loadConfigKeepingLastGood(file);
    REQUIRE_FALSE(r.ok());
    CHECK(r.message().find("store.size: unknown field") != std::string::npos);
    CHECK(r.message().find("cannot start") != std::string::npos);
}

TEST_CASE("opening hours respect weekdays and interval ends") {
    OpeningHours h;
    h.weekdays = {1, 2, 3, 4, 5};
    h.intervals = {{8 * 60 + 30, 12 * 60}};
    HallLocalTime t;
    t.weekday = 1;
    t.hour = 8;
    t.minute = 29;
    CHECK_FALSE(h.isOpen(t));
    t.minute = 30;
    CHECK(h.isOpen(t));
    t.hour = 12;
    t.minute = 0;
    CHECK_FALSE(h.isOpen(t));
    t.hour = 9;
    t.weekday = 6;
    CHECK_FALSE(h.isOpen(t));
}
