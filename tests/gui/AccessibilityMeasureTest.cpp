// Every resident screen measured from the UI map the real kiosk publishes: target sizes and the
// space between them in millimetres on the configured panel, capital heights of every text,
// texts inside the screen and their buttons and never over each other, and the contrast of
// every text against what it is drawn on; in standard and care mode, in zh-CN, ko and en.
// The rules: 适老化 (MIIT 2021) and EN 301 549 §5/§8 as issue 15 states them.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "GuiHall.h"
#include "config/HallConfig.h"
#include "queue/QueueEngine.h"
#include "support/Subprocess.h"
#include "time/Clock.h"

namespace hall::test {
namespace {

constexpr double kTargetMm = 11.0;          // every target, both modes
constexpr double kMainTargetCareMm = 15.0;  // the screen's main action in care mode
constexpr double kTargetGapMm = 2.5;
constexpr double kCareCapMm = 6.1;
constexpr double kCareScale = 1.4;
constexpr double kCareLineSpacing = 1.3;
constexpr double kContrast = 4.5;
constexpr double kCareContrast = 7.0;

const std::vector<std::string> kScreens = {
    "attract",      "confirm",           "ticket",          "rate-scan",        "rate",
    "proof-search", "proof-handwriting", "proof-permitted", "proof-not-issued", "proof-unknown",
    "identity-scan"};

double luminance(const std::string& hex) {
    auto channel = [&](int i) {
        const double c = std::stoi(hex.substr(1 + 2 * i, 2), nullptr, 16) / 255.0;
        return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

double contrast(const std::string& a, const std::string& b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

struct Box {
    double x, y, w, h;
};
Box boxOf(const nlohmann::json& j) {
    return {j["x"].get<double>(), j["y"].get<double>(), j["w"].get<double>(), j["h"].get<double>()};
}
// The distance between two boxes (0 when they touch or overlap).
double gap(const Box& a, const Box& b) {
    const double dx = std::max({0.0, b.x - (a.x + a.w), a.x - (b.x + b.w)});
    const double dy = std::max({0.0, b.y - (a.y + a.h), a.y - (b.y + b.h)});
    return std::hypot(dx, dy);
}
// How far `inner` sticks out of `outer`, in pixels (half a pixel of rounding allowed).
double outside(const Box& inner, const Box& outer) {
    return std::max({0.0, outer.x - inner.x, outer.y - inner.y,
                     (inner.x + inner.w) - (outer.x + outer.w),
                     (inner.y + inner.h) - (outer.y + outer.h)}) -
           0.5;
}
double overlapArea(const Box& a, const Box& b) {
    const double w = std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x);
    const double h = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
    return (w > 1 && h > 1) ? w * h : 0;
}

struct Measured {
    double smallestTargetMm = 1e9;
    std::string smallestTarget;
    double smallestCapMm = 1e9;
    double lowestContrast = 1e9;
    double tightestSpacing = 1e9;
    int targets = 0, texts = 0;
};

// Checks one screen's map; returns what it measured for the table.
Measured measure(const std::filesystem::path& file, const std::string& where, bool care) {
    std::ifstream in(file);
    REQUIRE_MESSAGE(in.good(), "no UI map " << file);
    const auto map = nlohmann::json::parse(in);
    const double mmPerPx = std::stod(map["facts"].value("panel.mm_per_px", "0"));
    REQUIRE_MESSAGE(mmPerPx > 0, where << ": the map does not say the panel's scale");
    const Box screen{0, 0, map["window"]["w"].get<double>(), map["window"]["h"].get<double>()};
    Measured m;
    std::vector<Box> targets;
    for (const auto& t : map["targets"]) {
        const Box b = boxOf(t);
        const std::string id = t["id"];
        const double side = std::min(b.w, b.h) * mmPerPx;
        ++m.targets;
        if (side < m.smallestTargetMm) {
            m.smallestTargetMm = side;
            m.smallestTarget = id;
        }
        CHECK_MESSAGE(side >= kTargetMm, where << ": target " << id << " is " << side << " mm");
        if (care && t.value("primary", false)) {
            CHECK_MESSAGE(side >= kMainTargetCareMm,
                          where << ": main target " << id << " is " << side << " mm");
        }
        CHECK_MESSAGE(outside(b, screen) <= 0, where << ": target " << id << " is off the screen");
        for (size_t i = 0; i < targets.size(); ++i) {
            const double g = gap(b, targets[i]) * mmPerPx;
            m.tightestSpacing = std::min(m.tightestSpacing, g);
            CHECK_MESSAGE(g >= kTargetGapMm, where << ": target " << id << " is " << g
                                                   << " mm from "
                                                   << map["targets"][i]["id"].get<std::string>());
        }
        targets.push_back(b);
    }
    std::vector<Box> texts;
    for (const auto& t : map["texts"]) {
        const Box b = boxOf(t);
        const std::string text = t["text"];
        ++m.texts;
        const double cap = t["cap_height"].get<double>() * mmPerPx;
        m.smallestCapMm = std::min(m.smallestCapMm, cap);
        if (care) {
            CHECK_MESSAGE(cap >= kCareCapMm,
                          where << ": \"" << text << "\" capitals " << cap << " mm");
            CHECK_MESSAGE(
                t["line_height"].get<double>() / t["px"].get<double>() >= kCareLineSpacing - 1e-3,
                where << ": \"" << text << "\" lines too close");
        }
        const double ratio = contrast(t["color"], t["background"]);
        m.lowestContrast = std::min(m.lowestContrast, ratio);
        CHECK_MESSAGE(ratio >= (care ? kCareContrast : kContrast),
                      where << ": \"" << text << "\" contrast " << ratio << " ("
                            << t["color"].get<std::string>() << " on "
                            << t["background"].get<std::string>() << ")");
        CHECK_MESSAGE(outside(b, screen) <= 0, where << ": \"" << text << "\" is cut off by the "
                                                     << "screen's edge");
        // A text whose middle lies on a button must lie wholly on it.
        for (const auto& target : map["targets"]) {
            const Box tb = boxOf(target);
            const double cx = b.x + b.w / 2, cy = b.y + b.h / 2;
            if (cx >= tb.x && cx <= tb.x + tb.w && cy >= tb.y && cy <= tb.y + tb.h) {
                CHECK_MESSAGE(outside(b, tb) <= 0, where << ": \"" << text << "\" runs out of "
                                                         << target["id"].get<std::string>());
            }
        }
        for (size_t i = 0; i < texts.size(); ++i) {
            CHECK_MESSAGE(overlapArea(b, texts[i]) == 0,
                          where << ": \"" << text << "\" overlaps \""
                                << map["texts"][i]["text"].get<std::string>() << "\"");
        }
        texts.push_back(b);
    }
    CHECK_MESSAGE(m.texts > 0, where << ": no text in the map");
    return m;
}

// A hall with the proof catalogue, a ticket served (for the rating screen) and one waiting
// (for the ticket screen), so every resident screen can be drawn.
ConfigOverrides measuredHall() {
    ConfigOverrides o;
    o.extra = "[proofs]\ncatalog = \"" + (sourceDir() / "config/proofs/yanbian.toml").string() +
              "\"\ncertificate_service = \"A\"\nconsultation_service = \"B\"\n\n"
              "[lan]\nenabled = false\n";
    return o;
}

void serveOneAndIssueAnother(const std::filesystem::path& configFile) {
    auto config = loadHallConfig(configFile);
    REQUIRE_MESSAGE(config, config.message());
    SystemClock clock;
    QueueEngine queue(*config, clock);
    const Actor staff{"counter-1", {}, true};
    REQUIRE(queue.execute(IssueTicketCommand{'A', std::nullopt, std::nullopt, {}, {}}, staff));
    REQUIRE(queue.execute(OpenWindowCommand{1}, staff));
    REQUIRE(queue.execute(CallNextCommand{1}, staff));
    REQUIRE(queue.execute(FinishCommand{1, "completed"}, staff));
    REQUIRE(queue.execute(IssueTicketCommand{'B', std::nullopt, std::nullopt, {}, {}}, staff));
}

}  // namespace

TEST_CASE(
    "access: every resident screen measures up in standard and care mode, in zh-CN, ko "
    "and en") {
    GuiHall hall("gui-access-measure", measuredHall());
    serveOneAndIssueAnother(hall.config);

    std::string list;
    for (const auto& s : kScreens)
        list += (list.empty() ? "" : ",") + s;
    std::ostringstream table;
    table << "screen            lang   mode      smallest target (mm)        smallest caps (mm)"
             "  lowest contrast\n";
    std::map<std::string, double> smallestCap;  // by mode
    std::filesystem::create_directories(artifactsDir() / "screenshots");
    for (const std::string lang : {"zh-CN", "ko", "en"}) {
        for (const bool care : {false, true}) {
            const std::string run = lang + (care ? "-care" : "-standard");
            const auto dir = hall.dir.path() / run;
            std::filesystem::create_directories(dir);
            std::vector<std::string> argv = {kioskBinary(),
                                             "--config",
                                             hall.config.string(),
                                             "--snapshot",
                                             (dir / "screen.png").string(),
                                             "--ui-map",
                                             (dir / "map.json").string(),
                                             "--screen",
                                             list,
                                             "--lang",
                                             lang};
            if (care)
                argv.push_back("--care");
            Subprocess kiosk(argv, kioskEnv(hall.x), dir / "kiosk.log");
            const auto rc = kiosk.wait(std::chrono::seconds(90));
            REQUIRE_MESSAGE(rc == 0, run << ": the snapshots failed; see " << dir / "kiosk.log");
            for (const auto& screen : kScreens) {
                const std::string where = screen + " (" + run + ")";
                const Measured m = measure(dir / ("map-" + screen + ".json"), where, care);
                const std::string mode = care ? "care" : "standard";
                smallestCap[mode] = smallestCap.count(mode)
                                        ? std::min(smallestCap[mode], m.smallestCapMm)
                                        : m.smallestCapMm;
                char line[200];
                std::snprintf(line, sizeof line, "%-17s %-6s %-9s %5.1f %-22s %5.1f %17.1f\n",
                              screen.c_str(), lang.c_str(), mode.c_str(), m.smallestTargetMm,
                              m.smallestTarget.c_str(), m.smallestCapMm, m.lowestContrast);
                table << line;
                std::filesystem::copy_file(
                    dir / ("screen-" + screen + ".png"),
                    artifactsDir() / "screenshots" / ("access-" + run + "-" + screen + ".png"),
                    std::filesystem::copy_options::overwrite_existing);
            }
        }
    }
    // Care mode's type is at least 1.4 times the standard's, at its smallest.
    CHECK(smallestCap["care"] >= kCareScale * smallestCap["standard"] - 0.05);
    std::printf("%s", table.str().c_str());
    std::ofstream(artifactsDir() / "access-sizes.txt") << table.str();
}

}  // namespace hall::test
