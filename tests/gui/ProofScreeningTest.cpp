// Proof screening at the resident terminal, end to end: the real kiosk under Xvfb, typed on
// its own on-screen keyboard with real X taps, for each of the three answers. Screenshots go to
// test-output/artifacts/screenshots/proof-*.png.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "gui/GuiHall.h"
#include "printer/EscPosDecoder.h"
#include "store/HallStore.h"

using namespace hall;
using namespace hall::test;

namespace {

ConfigOverrides withProofs() {
    ConfigOverrides o;
    o.extraServices =
        "\n[[services]]\n"
        "letter = \"C\"\n"
        "name = { zh-CN = \"开具证明\", ko = \"증명서 발급\", en = \"Certificates\" }\n"
        "days = [1, 2, 3, 4, 5, 6, 7]\n"
        "hours = [\"00:00-24:00\"]\n";
    o.extra = "[proofs]\ncatalog = \"" + (sourceDir() / "config/proofs/yanbian.toml").string() +
              "\"\ncertificate_service = \"C\"\nconsultation_service = \"B\"\n\n"
              "[lan]\nenabled = false\n";
    return o;
}

struct Screening {
    std::string decision;
    std::string item;
    std::string department;
    std::string words;
};

std::vector<Screening> screeningsInStore(const std::filesystem::path& dataDir) {
    auto store = HallStore::openReadOnly(dataDir);
    REQUIRE_MESSAGE(store, (store ? "" : store.message()));
    auto stmt = Statement::prepare((*store)->db(),
                                   "SELECT decision, item_id, department, words FROM screenings "
                                   "ORDER BY seq");
    REQUIRE(stmt);
    std::vector<Screening> out;
    while (true) {
        auto row = stmt->step("reading screenings");
        REQUIRE(row);
        if (!*row)
            return out;
        out.push_back({stmt->text(0), stmt->text(1), stmt->text(2), stmt->text(3)});
    }
}

std::vector<DecodedSlip> printedSlips(const std::filesystem::path& file) {
    const auto bytes = readFile(file);
    auto slips = decodeEscPos(std::vector<uint8_t>(bytes.begin(), bytes.end()));
    REQUIRE_MESSAGE(slips.ok(), (slips.ok() ? "" : slips.message()));
    return std::move(slips).value();
}

std::string slipText(const DecodedSlip& slip) {
    std::string all;
    for (const auto& item : slip.items)
        all += item.text + "\n";
    return all;
}

}  // namespace

TEST_CASE(
    "a permitted proof: typed in pinyin with candidates and taken as a ticket with the request") {
    GuiHall hall("gui-proof-permitted", withProofs());
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    auto attract = hall.settled(kiosk, "attract");
    REQUIRE(attract.find("proofs"));
    CHECK(attract.find("proofs")->label == "开证明 · 证明事项查询");
    hall.screenshot(attract, "proof-0-attract", 1080, 1920);

    hall.input.tap(attract, "proofs");
    auto search = hall.settled(kiosk, "proof-search");
    // Nothing typed: the categories to browse.
    CHECK(search.find("proof.category.community"));
    hall.screenshot(search, "proof-1-search-empty", 1080, 1920);

    // "ju": the candidates offer 居; picking it writes it in.
    search = typeProofKeys(hall, kiosk, "ju");
    const std::string candidates = search.fact("proof.candidates");
    const auto at = candidates.find("居");
    REQUIRE_MESSAGE(at != std::string::npos, "candidates for ju: " << candidates);
    // Candidates are single characters of 3 UTF-8 bytes each.
    hall.input.tap(search, "proof.candidate." + std::to_string(at / 3));
    search = waitForUi(
        kiosk.uiMap(), [](const UiState& u) { return u.fact("proof.typed") == "居"; },
        "居 written in from the candidates");
    search = typeProofKeys(hall, kiosk, "zhu");
    REQUIRE_MESSAGE(proofListed(search, "P01"),
                    "results for 居zhu: " << search.fact("proof.results"));
    CHECK(search.fact("proof.results").rfind("P01", 0) == 0);
    hall.screenshot(search, "proof-2-search-typed", 1080, 1920);

    hall.input.tap(search, "proof.result.P01");
    auto permitted = hall.settled(kiosk, "proof-permitted");
    CHECK(permitted.fact("proof.item") == "P01");
    hall.screenshot(permitted, "proof-3-permitted", 1080, 1920);

    hall.input.tap(permitted, "proof.take_ticket");
    auto confirm = hall.settled(kiosk, "confirm");
    CHECK(confirm.fact("request") == "P01");
    hall.input.tap(confirm, "ticket.take");
    auto ticket = waitForUi(
        kiosk.uiMap(),
        [](const UiState& s) {
            return s.screen == "ticket" && s.fact("ticket.print") == "请取走号票，留意叫号";
        },
        "the ticket screen with the slip printed");
    CHECK(ticket.fact("ticket.number") == "C001");

    const auto stored = ticketsInStore(hall.dataDir());
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].number == "C001");
    CHECK(stored[0].requestItem == "P01");
    CHECK(stored[0].requestName == "实际居住情况证明");
    const auto screenings = screeningsInStore(hall.dataDir());
    REQUIRE(screenings.size() == 1);
    CHECK(screenings[0].decision == "permitted");
    CHECK(screenings[0].item == "P01");
    const auto slips = printedSlips(hall.dir.path() / "printer.escpos");
    REQUIRE(slips.size() == 1);
    CHECK(slipText(slips[0]).find("办理事项：实际居住情况证明") != std::string::npos);
}

TEST_CASE("a proof the community must not issue: where to go instead and a printed referral slip") {
    GuiHall hall("gui-proof-not-issued", withProofs());
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    auto attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "proofs");
    hall.settled(kiosk, "proof-search");
    // Initials: 无犯罪记录.
    auto search = typeProofKeys(hall, kiosk, "wfzjl");
    REQUIRE_MESSAGE(proofListed(search, "N05"),
                    "results for wfzjl: " << search.fact("proof.results"));
    hall.input.tap(search, "proof.result.N05");
    auto answer = hall.settled(kiosk, "proof-not-issued");
    CHECK(answer.fact("proof.item") == "N05");
    // Screening never claims a not-issued proof can be had here.
    CHECK_FALSE(answer.find("ticket.take"));
    hall.screenshot(answer, "proof-4-not-issued", 1080, 1920);

    hall.input.tap(answer, "proof.print_referral");
    answer = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.fact("print") == "请取走告知单"; },
        "the referral slip printed");
    hall.screenshot(answer, "proof-5-referral-printed", 1080, 1920);
    const auto slips = printedSlips(hall.dir.path() / "printer.escpos");
    REQUIRE(slips.size() == 1);
    const std::string text = slipText(slips[0]);
    CHECK(text.find("证明事项告知单") != std::string::npos);
    CHECK(text.find("无犯罪记录证明") != std::string::npos);
    CHECK(text.find("请到：公安机关") != std::string::npos);
    bool qr = false;
    for (const auto& item : slips[0].items)
        qr = qr || (item.kind == SlipItem::Kind::Qr && item.text == "https://www.gjzwfw.gov.cn/");
    CHECK_MESSAGE(qr, "the slip carries a QR code to the online service");

    // No ticket was taken; the screening counts for the department.
    CHECK(ticketsInStore(hall.dataDir()).empty());
    const auto screenings = screeningsInStore(hall.dataDir());
    REQUIRE(screenings.size() == 1);
    CHECK(screenings[0].decision == "not_issued");
    CHECK(screenings[0].item == "N05");
    CHECK(screenings[0].department == "公安机关");
}

TEST_CASE("words the catalogue does not know: a consultation ticket and the words kept") {
    GuiHall hall("gui-proof-unknown", withProofs());
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    auto attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "proofs");
    hall.settled(kiosk, "proof-search");
    auto search = typeProofKeys(hall, kiosk, "guangchangwu");
    hall.screenshot(search, "proof-6-search-nothing", 1080, 1920);
    hall.input.tap(search, "proof.not_found");
    auto unknown = hall.settled(kiosk, "proof-unknown");
    hall.screenshot(unknown, "proof-7-unknown", 1080, 1920);
    hall.input.tap(unknown, "proof.take_ticket");
    auto confirm = hall.settled(kiosk, "confirm");
    CHECK(confirm.fact("request").empty());
    hall.input.tap(confirm, "ticket.take");
    auto ticket = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.screen == "ticket"; }, "the ticket");
    CHECK(ticket.fact("ticket.number") == "B001");

    const auto screenings = screeningsInStore(hall.dataDir());
    REQUIRE(screenings.size() == 1);
    CHECK(screenings[0].decision == "unknown");
    // What the resident typed is not kept: pinyin is not the catalogue's words.
    CHECK(screenings[0].words.empty());
    const auto stored = ticketsInStore(hall.dataDir());
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].requestItem.empty());
}

TEST_CASE("browsing a category pages through its proofs and back leaves the search") {
    GuiHall hall("gui-proof-browse", withProofs());
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    auto attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "proofs");
    auto search = hall.settled(kiosk, "proof-search");
    hall.input.tap(search, "proof.category.health");
    search = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return !s.fact("proof.results").empty(); },
        "the proofs of a category");
    const std::string first = search.fact("proof.results");
    REQUIRE(search.find("proof.page.next"));
    hall.screenshot(search, "proof-8-category", 1080, 1920);
    hall.input.tap(search, "proof.page.next");
    search = waitForUi(
        kiosk.uiMap(),
        [&](const UiState& s) {
            return !s.fact("proof.results").empty() && s.fact("proof.results") != first;
        },
        "the next page of the category");
    hall.input.tap(search, "back");
    search = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.find("proof.category.health") != nullptr; },
        "the categories again");
    hall.input.tap(search, "back");
    hall.settled(kiosk, "attract");
}

TEST_CASE(
    "two proofs fit equally: the screen asks which one, in large type with what matched, "
    "and keeps the choice with what was offered for the city to review") {
    GuiHall hall("gui-proof-ask", withProofs());
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());
    auto attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "proofs");
    auto search = hall.settled(kiosk, "proof-search");
    // Whose list is in force, and since when, on the search screen itself.
    CHECK(search.fact("proof.list") == "jilin-yanbian-demo 2026-01-01");

    // d… s… zm: 单身 (N08) or 丢失 (N20)? Initials alone cannot say.
    search = typeProofKeys(hall, kiosk, "dszm");
    search = waitForUi(
        kiosk.uiMap(), [](const UiState& u) { return !u.fact("proof.asking").empty(); },
        "the search asking which proof is meant");
    const std::string asking = search.fact("proof.asking");
    CHECK((asking == "N08,N20" || asking == "N20,N08"));
    REQUIRE(search.find("proof.result.N20"));
    // The choices are the largest targets on the screen but the keyboard's row.
    CHECK(search.find("proof.result.N20")->h >= search.find("proof.key.q")->h * 1.5);
    hall.screenshot(search, "proof-7-ask", 1080, 1920);

    hall.input.tap(search, "proof.result.N20");
    auto answer = hall.settled(kiosk, "proof-not-issued");
    CHECK(answer.fact("proof.item") == "N20");

    auto store = HallStore::openReadOnly(hall.dataDir());
    REQUIRE(store);
    auto stmt = Statement::prepare(
        (*store)->db(), "SELECT payload FROM outbox WHERE type = 'proof.screened' ORDER BY seq");
    REQUIRE(stmt);
    auto row = stmt->step("reading the screening event");
    REQUIRE((row && *row));
    const auto event = nlohmann::json::parse(stmt->text(0));
    CHECK(event["item_id"] == "N20");
    CHECK(event["offered"].size() == 2);
    // Only the catalogue's own words of what was typed, never the letters as typed.
    CHECK(event.value("words", "").find("dszm") == std::string::npos);
}
