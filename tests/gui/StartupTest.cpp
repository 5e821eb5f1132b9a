// Starting the kiosk: bad config, snapshots, fonts.
#include <doctest/doctest.h>
#include <stb_image.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "gui/GuiHall.h"

using namespace hall;
using namespace hall::test;

namespace {

struct Png {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgb;
    bool has(unsigned r, unsigned g, unsigned b) const {
        for (size_t i = 0; i + 2 < rgb.size(); i += 3) {
            if (rgb[i] == r && rgb[i + 1] == g && rgb[i + 2] == b)
                return true;
        }
        return false;
    }
};

Png loadPng(const std::filesystem::path& file) {
    Png png;
    int channels = 0;
    unsigned char* data = stbi_load(file.c_str(), &png.width, &png.height, &channels, 3);
    REQUIRE_MESSAGE(data != nullptr, "cannot read " << file);
    png.rgb.assign(data, data + static_cast<size_t>(png.width) * png.height * 3);
    stbi_image_free(data);
    return png;
}

}  // namespace

TEST_CASE("--snapshot draws a screen into a PNG of the requested size and writes nothing") {
    GuiHall hall("gui-snapshot");
    for (const auto& [size, w, h] :
         {std::tuple{"1080x1920", 1080, 1920}, std::tuple{"1920x1080", 1920, 1080}}) {
        const auto png =
            artifactsDir() / "screenshots" / (std::string("snapshot-attract-") + size + ".png");
        std::filesystem::create_directories(png.parent_path());
        auto r = runCommand({kioskBinary(), "--config", hall.config.string(), "--snapshot",
                             png.string(), "--screen", "attract", "--size", size},
                            kioskEnv(hall.x));
        REQUIRE_MESSAGE(r.exitCode == 0, r.output);
        const Png image = loadPng(png);
        CHECK(image.width == w);
        CHECK(image.height == h);
        CHECK(image.has(0x1D, 0x4E, 0x89));  // the header band
        CHECK(image.has(0xFF, 0xFF, 0xFF));  // service tiles
    }
    // A snapshot only looks: it created no store.
    CHECK_FALSE(std::filesystem::exists(hall.dataDir() / "hall.db"));

    auto none = runCommand({kioskBinary(), "--config", hall.config.string(), "--snapshot",
                            (hall.dir / "t.png").string(), "--screen", "ticket"},
                           kioskEnv(hall.x));
    CHECK(none.exitCode == 2);
    CHECK(none.output.find("no ticket has been issued today") != std::string::npos);
}

TEST_CASE(
    "--snapshot of the ticket screen shows today's latest committed ticket while the kiosk runs") {
    GuiHall hall("gui-snapshot-ticket");
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    auto attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "service.B");
    hall.input.tap(hall.settled(kiosk, "confirm"), "ticket.take");
    kiosk.waitForScreen("ticket");
    const auto png = artifactsDir() / "screenshots" / "snapshot-ticket.png";
    auto r = runCommand({kioskBinary(), "--config", hall.config.string(), "--snapshot",
                         png.string(), "--screen", "ticket"},
                        kioskEnv(hall.x));
    REQUIRE_MESSAGE(r.exitCode == 0, r.output);
    CHECK(loadPng(png).height == 1920);
}

TEST_CASE("kioskctl fonts check passes for the demo and names strings it cannot draw") {
    auto ok = runCommand({kioskctlBinary(), "fonts", "check", "--config",
                          (sourceDir() / "config" / "hall.toml").string()});
    CHECK_MESSAGE(ok.exitCode == 0, ok.output);
    CHECK(ok.output.find("ok:") != std::string::npos);

    TempDir dir("fonts-check");
    ConfigOverrides o;
    o.extraServices =
        "\n[[services]]\nletter = \"C\"\nname = { zh-CN = \"𠀀字服务\", ko = \"ꙮ\", en = \"C\" }\n"
        "hours = [\"00:00-24:00\"]\n";
    const auto config = writeTestConfig(dir.path(), o);
    auto bad = runCommand({kioskctlBinary(), "fonts", "check", "--config", config.string()});
    CHECK(bad.exitCode == 1);
    CHECK(bad.output.find("services[2].name.zh-CN: \"𠀀字服务\": no glyph for '𠀀' U+20000") !=
          std::string::npos);
    CHECK(bad.output.find("services[2].name.ko: \"ꙮ\": no glyph for 'ꙮ' U+A66E") !=
          std::string::npos);
    CHECK(bad.output.find("2 string(s) would show missing glyphs") != std::string::npos);
}

TEST_CASE("kioskctl screen prints one JSON line per query in the documented shape") {
    auto r = runCommand({kioskctlBinary(), "screen", "--catalog",
                         (sourceDir() / "config/proofs/yanbian.toml").string(), "--json",
                         "我要开个居住证明", "wfzjl", "广场舞报名"});
    REQUIRE_MESSAGE(r.exitCode == 0, r.output);
    std::vector<nlohmann::json> lines;
    std::istringstream in(r.output);
    for (std::string line; std::getline(in, line);)
        lines.push_back(nlohmann::json::parse(line));
    REQUIRE(lines.size() == 3);
    for (const auto& j : lines) {
        for (const char* key :
             {"query", "decision", "item_id", "item_name", "score", "alternatives"})
            CHECK_MESSAGE(j.contains(key), key << " missing in " << j.dump());
    }
    CHECK(lines[0]["query"] == "我要开个居住证明");
    CHECK(lines[0]["decision"] == "permitted");
    CHECK(lines[0]["item_id"] == "P01");
    CHECK(lines[1]["decision"] == "not_issued");
    CHECK(lines[1]["item_id"] == "N05");
    CHECK(lines[2]["decision"] == "unknown");
    CHECK(lines[2]["item_id"].is_null());
}

TEST_CASE("kioskctl screen refuses a broken catalogue with the file and line") {
    TempDir dir("screen-bad-catalogue");
    writeFile(dir / "bad.toml", "[catalog]\nid = \"x\"\nversion = 0\n");
    auto r =
        runCommand({kioskctlBinary(), "screen", "--catalog", (dir / "bad.toml").string(), "x"});
    CHECK(r.exitCode == 2);
    CHECK(r.output.find("bad.toml:3") != std::string::npos);
}
