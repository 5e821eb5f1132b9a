// What the terminal does for residents who need more time, more size or more help: a real
// kiosk under Xvfb, driven by real taps. `ctest -R access` selects these.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "gui/GuiHall.h"
#include "gui/LanGuiHall.h"
#include "lan/LanProtocol.h"
#include "speech/AudioSink.h"
#include "text/Utf8.h"

#include <nlohmann/json.hpp>

namespace hall::test {

TEST_CASE("access: a resident left idle is warned with time to answer, and one tap goes on") {
    ConfigOverrides o;
    o.idleTimeoutSeconds = 3;
    GuiHall hall("gui-access-timeout", o);
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());

    auto attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "lang.ko");
    attract = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.fact("language") == "ko"; }, "Korean");
    hall.input.tap(attract, "service.B");
    hall.settled(kiosk, "confirm");

    // Nobody touches it: the warning comes over the confirm screen, with at least 20 s left.
    auto warned = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.find("timeout.continue") != nullptr; },
        "the inactivity warning", std::chrono::seconds(15));
    CHECK(warned.screen == "confirm");
    CHECK(std::stoi(warned.fact("timeout.seconds")) >= 20);
    CHECK(warned.find("timeout.continue")->label == "계속하기");
    hall.screenshot(warned, "access-timeout-warning-ko", 1080, 1920, true);

    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    hall.input.tap(warned, "timeout.continue");
    auto goingOn = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.find("timeout.continue") == nullptr; },
        "the warning gone after 继续");
    // The visit is as the resident left it: same screen, same language, same service.
    CHECK(goingOn.screen == "confirm");
    CHECK(goingOn.fact("language") == "ko");
    CHECK(goingOn.find("ticket.take") != nullptr);

    // The warning again, and this time the resident ends the visit from it.
    warned = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.find("timeout.end") != nullptr; },
        "the inactivity warning again", std::chrono::seconds(15));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    hall.input.tap(warned, "timeout.end");
    auto back = hall.settled(kiosk, "attract");
    CHECK(back.fact("language") == "zh-CN");
    CHECK(back.find("timeout.continue") == nullptr);
}

}  // namespace hall::test

namespace hall::test {

namespace {

// The voice's transcript (one line per sentence said, "stop" when a tap cut one short).
std::string transcript(const std::filesystem::path& file) {
    return std::filesystem::exists(file) ? readFile(file) : std::string();
}

void waitForSpeech(const std::filesystem::path& file, const std::string& words,
                   const std::string& what) {
    for (int i = 0; i < 200; ++i) {
        if (transcript(file).find(words) != std::string::npos)
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL(what << ": \"" << words << "\" never said; the transcript:\n" << transcript(file));
}

}  // namespace

TEST_CASE(
    "access: voice guidance says each screen in its language, louder for one visit, and "
    "stops at a tap") {
    ConfigOverrides o;
    o.extra += "[voice]\ndevice = \"voice.wav\"\ntranscript = \"voice.txt\"\nvolume = 60\n";
    GuiHall hall("gui-access-voice", o);
    const auto said = hall.dir / "voice.txt";
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());

    auto attract = hall.settled(kiosk, "attract");
    // Nobody has touched it yet: a hall's start screen does not talk to an empty room.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(transcript(said).empty());
    CHECK(attract.find("assist.again") != nullptr);
    CHECK(attract.find("assist.help") != nullptr);

    hall.input.tap(attract, "lang.ko");
    waitForSpeech(said, "say ko 60 ", "the start screen in Korean");
    CHECK(transcript(said).find("안녕하세요") != std::string::npos);
    attract = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.fact("language") == "ko"; }, "Korean");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    hall.input.tap(attract, "service.B");
    auto confirm = hall.settled(kiosk, "confirm");
    waitForSpeech(said, "종합 상담을 선택하셨습니다", "the confirm screen");

    hall.input.tap(confirm, "assist.louder");
    waitForSpeech(said, "say ko 75 ", "the same again, louder");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    hall.input.tap(confirm, "ticket.take");
    auto ticket = hall.settled(kiosk, "ticket");
    // The number, the people ahead and the wait, read out in full.
    waitForSpeech(said, "번호는 B 0 0 1입니다", "the ticket");
    // A finger on the screen silences it at once, even off every button.
    hall.input.tap(540, 1200);
    waitForSpeech(said, "\nstop\n", "the tap that stops the voice");

    hall.input.tap(ticket, "ticket.done");
    attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "assist.again");
    // The next resident: the hall's language and the hall's volume again.
    waitForSpeech(said, "say zh-CN 60 ", "the start screen again");

    const std::string all = transcript(said);
    std::istringstream lines(all);
    std::string line;
    int longest = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("say ", 0) != 0)
            continue;
        std::istringstream words(line);
        std::string say, lang, volume, delay;
        words >> say >> lang >> volume >> delay;
        longest = std::max(longest, std::stoi(delay));
    }
    MESSAGE("longest wait from a screen to its first sound: " << longest << " ms");
    std::ofstream(artifactsDir() / "voice-transcript.txt") << all;

    auto wav = readWavFile(hall.dir / "voice.wav");
    REQUIRE(wav.ok());
    CHECK(wav->seconds() > 2.0);
    std::filesystem::copy_file(hall.dir / "voice.wav", artifactsDir() / "voice-guidance.wav",
                               std::filesystem::copy_options::overwrite_existing);
}

TEST_CASE(
    "access: a resident's call for help reaches every counter until one answers, and the "
    "resident sees help is coming") {
    LanGuiHall h("gui-access-help");
    h.enrol("counter-1", DeviceRole::Counter);
    h.startHall();
    KioskRun& kiosk = *h.hallKiosk;

    Xvfb counterX(1920, 1080);
    XDisplay counterInput(counterX.display());
    TempDir counterDir("access-help-counter");
    KioskRun counter(counterX, h.deviceConfig("counter-1", 1), counterDir.path(),
                     KioskRun::Options::role("counter"));
    LanGuiHall::logInAtCounter(counterInput, counter);

    auto attract = h.hall.settled(kiosk, "attract");
    h.hall.input.tap(attract, "service.A");
    auto confirm = h.hall.settled(kiosk, "confirm");
    h.hall.input.tap(confirm, "assist.help");
    confirm = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.fact("help") == "called"; },
        "the resident's call shown as made");
    CHECK(confirm.screen == "confirm");  // the resident stays where they were
    // A second tap calls nobody twice.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    h.hall.input.tap(confirm, "assist.help");

    auto desk = waitForUi(
        counter.uiMap(), [](const UiState& s) { return !s.fact("help.open").empty(); },
        "the call on the counter");
    const std::string call = desk.fact("help.open");
    CHECK(call.find(',') == std::string::npos);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    counterInput.saveScreenshot(artifactsDir() / "screenshots" / "access-help-counter.png", 0, 0,
                                1920, 1080);
    counterInput.tap(desk, "help.answer." + call);
    waitForUi(
        counter.uiMap(), [](const UiState& s) { return s.fact("help.open").empty(); },
        "the call answered on the counter");
    auto answered = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.fact("help") == "acknowledged"; },
        "the resident told help is coming");
    CHECK(answered.find("assist.help")->label == "工作人员已收到，马上过来");
    h.hall.screenshot(answered, "access-help-coming", 1080, 1920);

    // On record and in the day's figures.
    auto stats = h.api()->get(lan::kPathStats);
    REQUIRE(stats.ok());
    CHECK((*stats)["help_calls"]["called"] == 1);
    CHECK((*stats)["help_calls"]["acknowledged"] == 1);
}

}  // namespace hall::test

namespace hall::test {

namespace {

// A hall with the demo proof catalogue, as the resident screens' tests use it.
ConfigOverrides withProofCatalog() {
    ConfigOverrides o;
    o.extra = "[proofs]\ncatalog = \"" + (sourceDir() / "config/proofs/yanbian.toml").string() +
              "\"\ncertificate_service = \"A\"\nconsultation_service = \"B\"\n\n"
              "[lan]\nenabled = false\n";
    return o;
}

// Taps as a first-time resident makes them, counted for the table in the closing note.
struct TapCount {
    GuiHall& hall;
    int taps = 0;
    void tap(const UiState& s, const std::string& id) {
        hall.input.tap(s, id);
        ++taps;
    }
};

void recordTaps(const std::string& task, int taps) {
    std::ofstream(artifactsDir() / "access-taps.txt", std::ios::app)
        << task << "\t" << taps << "\n";
    MESSAGE(task << ": " << taps << " taps");
}

}  // namespace

TEST_CASE("access: a ticket in two taps, and in care mode in three, large from the first tap") {
    GuiHall hall("gui-access-care", withProofCatalog());
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    TapCount count{hall};

    auto attract = hall.settled(kiosk, "attract");
    CHECK(attract.fact("mode") == "standard");
    count.tap(attract, "service.A");
    count.tap(hall.settled(kiosk, "confirm"), "ticket.take");
    auto ticket = hall.settled(kiosk, "ticket");
    CHECK(ticket.fact("ticket.number") == "A001");
    recordTaps("a ticket for a service, standard mode", count.taps);
    CHECK(count.taps <= 2);
    hall.input.tap(ticket, "ticket.done");

    count.taps = 0;
    attract = hall.settled(kiosk, "attract");
    count.tap(attract, "care");
    attract = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.fact("mode") == "care"; }, "care mode");
    CHECK(attract.fact("care") == "on");
    hall.screenshot(attract, "access-care-attract", 1080, 1920);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    count.tap(attract, "service.A");
    auto confirm = hall.settled(kiosk, "confirm");
    CHECK(confirm.fact("mode") == "care");
    // The main action is at least 15 mm on this panel.
    const double mmPerPx = std::stod(confirm.fact("panel.mm_per_px"));
    const UiTarget* take = confirm.find("ticket.take");
    REQUIRE(take);
    CHECK(std::min(take->w, take->h) * mmPerPx >= 15.0);
    count.tap(confirm, "ticket.take");
    ticket = hall.settled(kiosk, "ticket");
    CHECK(ticket.fact("ticket.number") == "A002");
    CHECK(ticket.fact("mode") == "care");
    hall.screenshot(ticket, "access-care-ticket", 1080, 1920);
    recordTaps("a ticket for a service, care mode switched on first", count.taps);
    CHECK(count.taps <= 3);

    // The next resident starts as the hall is configured: standard.
    hall.input.tap(ticket, "ticket.done");
    attract = waitForUi(
        kiosk.uiMap(),
        [](const UiState& s) { return s.screen == "attract" && s.fact("mode") == "standard"; },
        "standard mode for the next resident");
}

TEST_CASE("access: a Korean reader finds a proof by its Korean name on the Hangul keyboard") {
    GuiHall hall("gui-access-hangul", withProofCatalog());
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    TapCount count{hall};

    auto attract = hall.settled(kiosk, "attract");
    count.tap(attract, "lang.ko");
    attract = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.fact("language") == "ko"; }, "Korean");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    count.tap(attract, "proofs");
    auto search = hall.settled(kiosk, "proof-search");
    CHECK(search.fact("proof.keys") == "hangul");
    CHECK(search.find("proof.key.r")->label == "ㄱ");
    // 거주 on the two-set layout: ㄱ ㅓ ㅈ ㅜ.
    const std::vector<std::pair<char, std::string>> keys = {
        {'r', "ㄱ"}, {'j', "거"}, {'w', "겆"}, {'n', "거주"}};
    for (const auto& [key, shown] : keys) {
        count.tap(search, std::string("proof.key.") + key);
        search = waitForUi(
            kiosk.uiMap(), [&](const UiState& s) { return s.fact("proof.typed") == shown; },
            "\"" + shown + "\" in the search field");
    }
    search = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return proofListed(s, "P01"); },
        "실제 거주 상황 증명 among the results");
    hall.screenshot(search, "access-hangul-search", 1080, 1920);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    count.tap(search, "proof.result.P01");
    auto permitted = hall.settled(kiosk, "proof-permitted");
    CHECK(permitted.fact("proof.item") == "P01");
    recordTaps("a proof found by its Korean name on the Hangul keyboard", count.taps);
}

}  // namespace hall::test

namespace hall::test {

namespace {

// 居 as a finger draws it on the pad: its stroke medians (Make Me a Hanzi, from the npm
// package hanzi-writer-data that the test setup installs), in screen coordinates.
std::vector<std::vector<std::pair<int, int>>> strokesOf(const std::string& character,
                                                        const UiTarget& pad, int windowX,
                                                        int windowY) {
    std::ifstream in(sourceDir() / "tools/handwriting-data/node_modules/hanzi-writer-data" /
                     (character + ".json"));
    REQUIRE_MESSAGE(in.good(), "no stroke data for " << character << ": run scripts/setup test");
    const auto data = nlohmann::json::parse(in);
    std::vector<std::vector<std::pair<int, int>>> strokes;
    auto at = [&](double x, double y) {
        // The data's 1024-unit box has y up from a baseline at 900.
        return std::pair<double, double>{
            windowX + pad.x + pad.w * (0.08 + 0.84 * x / 1024),
            windowY + pad.y + pad.h * (0.08 + 0.84 * (900 - y) / 1024)};
    };
    for (const auto& median : data["medians"]) {
        std::vector<std::pair<int, int>> stroke;
        for (size_t i = 0; i < median.size(); ++i) {
            const auto [x, y] = at(median[i][0], median[i][1]);
            if (i > 0) {
                const auto [px, py] = at(median[i - 1][0], median[i - 1][1]);
                for (int k = 1; k < 4; ++k) {
                    stroke.emplace_back(static_cast<int>(px + (x - px) * k / 4),
                                        static_cast<int>(py + (y - py) * k / 4));
                }
            }
            stroke.emplace_back(static_cast<int>(x), static_cast<int>(y));
        }
        strokes.push_back(std::move(stroke));
    }
    return strokes;
}

}  // namespace

TEST_CASE("access: a resident who cannot type pinyin writes 居 with a finger and finds the proof") {
    GuiHall hall("gui-access-handwriting", withProofCatalog());
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    TapCount count{hall};

    count.tap(hall.settled(kiosk, "attract"), "proofs");
    auto search = hall.settled(kiosk, "proof-search");
    count.tap(search, "proof.key.switch");
    search = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.fact("proof.keys") == "handwriting"; },
        "the handwriting pad");
    const UiTarget* pad = search.find("proof.pad");
    REQUIRE(pad);
    const auto strokes = strokesOf("居", *pad, search.windowX, search.windowY);
    for (size_t i = 0; i < strokes.size(); ++i) {
        hall.input.stroke(strokes[i]);
        search = waitForUi(
            kiosk.uiMap(),
            [&](const UiState& s) { return s.fact("proof.strokes") == std::to_string(i + 1); },
            "stroke " + std::to_string(i + 1) + " on the pad");
    }
    search = waitForUi(
        kiosk.uiMap(),
        [](const UiState& s) { return s.fact("proof.candidates").find("居") != std::string::npos; },
        "居 among the characters offered");
    hall.screenshot(search, "access-handwriting-pad", 1080, 1920);
    // Which candidate is 居: the candidates' facts list them in order.
    const std::string offered = search.fact("proof.candidates");
    auto decoded = utf8::decode(offered);
    REQUIRE(decoded);
    const auto at = std::find(decoded->begin(), decoded->end(), U'居');
    REQUIRE(at != decoded->end());
    count.tap(search, "proof.candidate." + std::to_string(at - decoded->begin()));
    search = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.fact("proof.typed") == "居"; },
        "居 in the search field");
    CHECK(search.fact("proof.strokes") == "0");  // the pad is clear for the next character
    search = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return proofListed(s, "P01"); },
        "实际居住情况证明 among the results");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    count.tap(search, "proof.result.P01");
    auto permitted = hall.settled(kiosk, "proof-permitted");
    CHECK(permitted.fact("proof.item") == "P01");
    recordTaps("a proof found by handwriting (strokes not counted)", count.taps);
    CHECK(count.taps <= 6);
}

}  // namespace hall::test
