// Staff at a real counter process issue a resident's screened proof request into the hall's
// register, typing the resident's ID card number on the dialog's keypad; a proof on the
// not-issued list is refused by the hall and the attempt recorded.
#include <doctest/doctest.h>

#include "gui/LanGuiHall.h"
#include "proofs/ProofRegister.h"
#include "store/HallStore.h"

using namespace hall;
using namespace hall::test;
using namespace std::chrono_literals;

namespace {

UiState waitFor(const KioskRun& k, const std::string& what,
                const std::function<bool(const UiState&)>& ready) {
    return waitForUi(k.uiMap(), ready, what);
}

// Opens the issue dialog and types the number on its keypad.
UiState typeResidentId(XDisplay& input, const KioskRun& counter, const std::string& id) {
    auto desk = waitFor(counter, "the issue button",
                        [](const UiState& s) { return s.find("desk.issue_proof") != nullptr; });
    std::this_thread::sleep_for(300ms);
    input.tap(desk, "desk.issue_proof");
    auto dialog = waitFor(counter, "the ID keypad",
                          [](const UiState& s) { return s.find("id.key.0") != nullptr; });
    std::this_thread::sleep_for(500ms);  // past the double-tap guard of a new dialog
    std::string typed;
    for (char c : id) {
        input.tap(dialog, std::string("id.key.") + c);
        typed.push_back(c);
        dialog = waitFor(
            counter, "ID character " + std::to_string(typed.size()),
            [&](const UiState& s) { return s.fact("resident_id.shown").size() == typed.size(); });
    }
    return dialog;
}

}  // namespace

TEST_CASE(
    "a counter issues a screened proof into the register and the hall refuses a not-issued one") {
    LanGuiHall h("gui-counter-proof",
                 "[proofs]\ncatalog = \"" + (sourceDir() / "config/proofs/yanbian.toml").string() +
                     "\"\ncertificate_service = \"A\"\nconsultation_service = \"B\"\n");
    h.enrol("counter-1", DeviceRole::Counter);
    h.startHall();
    h.command(IssueTicketCommand{'A', std::nullopt, std::nullopt, "P01", {}});
    h.command(IssueTicketCommand{'A', std::nullopt, std::nullopt, "N05", {}});

    Xvfb counterX(1920, 1080);
    XDisplay input(counterX.display());
    TempDir counterDir("counter-proof-run");
    KioskRun counter(counterX, h.deviceConfig("counter-1", 1), counterDir.path(),
                     KioskRun::Options::role("counter"));
    LanGuiHall::logInAtCounter(input, counter);
    auto desk = waitFor(counter, "the open button",
                        [](const UiState& s) { return s.find("desk.open") != nullptr; });
    std::this_thread::sleep_for(500ms);
    input.tap(desk, "desk.open");
    desk = waitFor(counter, "the call button",
                   [](const UiState& s) { return s.find("desk.call_next") != nullptr; });
    input.tap(desk, "desk.call_next");
    desk = waitFor(counter, "the first request",
                   [](const UiState& s) { return s.fact("current.request") == "P01"; });
    std::this_thread::sleep_for(300ms);
    input.saveScreenshot(artifactsDir() / "screenshots" / "counter-proof-1-request.png", 0, 0, 1920,
                         1080);

    auto dialog = typeResidentId(input, counter, "11010519491231002X");
    // Masked on screen: the first 6 (the region) and the last 4 only.
    CHECK(dialog.fact("resident_id.shown") == "110105********002X");
    std::this_thread::sleep_for(300ms);
    input.saveScreenshot(artifactsDir() / "screenshots" / "counter-proof-2-id.png", 0, 0, 1920,
                         1080);
    input.tap(dialog, "proof.issue.confirm");
    desk = waitFor(counter, "the proof issued",
                   [](const UiState& s) { return s.fact("current.proof_status") == "issued"; });
    std::this_thread::sleep_for(300ms);
    input.saveScreenshot(artifactsDir() / "screenshots" / "counter-proof-3-issued.png", 0, 0, 1920,
                         1080);
    {
        auto store = HallStore::openReadOnly(h.hall.dataDir());
        REQUIRE(store);
        auto day = h.api()->get(lan::kPathQueue);
        REQUIRE(day);
        auto entries = ProofRegister::ofDay((*store)->db(), (*day)["service_day"]);
        REQUIRE(entries);
        REQUIRE(entries->size() == 1);
        CHECK(entries->front().itemId == "P01");
        CHECK(entries->front().residentHash.size() == 64);
        CHECK(entries->front().staffId == "101");
    }

    // The next resident asked for 无犯罪记录证明: the hall refuses whatever the counter does.
    std::this_thread::sleep_for(500ms);
    h.command(FinishCommand{1, "completed"});
    input.tap(waitFor(counter, "the call button",
                      [](const UiState& s) { return s.find("desk.call_next") != nullptr; }),
              "desk.call_next");
    waitFor(counter, "the second request",
            [](const UiState& s) { return s.fact("current.request") == "N05"; });
    dialog = typeResidentId(input, counter, "440524188001010014");
    input.tap(dialog, "proof.issue.confirm");
    desk = waitFor(counter, "the refusal", [](const UiState& s) {
        return s.fact("current.proof_status") == "refused" && !s.fact("notice").empty();
    });
    CHECK(desk.fact("notice").find("社区不得出具此证明") != std::string::npos);
    CHECK_FALSE(desk.find("desk.issue_proof"));
    std::this_thread::sleep_for(300ms);
    input.saveScreenshot(artifactsDir() / "screenshots" / "counter-proof-4-refused.png", 0, 0, 1920,
                         1080);
    auto store = HallStore::openReadOnly(h.hall.dataDir());
    REQUIRE(store);
    auto stmt = Statement::prepare((*store)->db(),
                                   "SELECT COUNT(*) FROM proof_refusals WHERE item_id = 'N05' AND "
                                   "reason = 'not_issuable'");
    REQUIRE(stmt);
    REQUIRE(*stmt->step("counting"));
    CHECK(stmt->integer(0) == 1);
}

TEST_CASE("a resident identified at the terminal is issued the proof without typing the number") {
    LanGuiHall h("gui-counter-identified",
                 "[proofs]\ncatalog = \"" + (sourceDir() / "config/proofs/yanbian.toml").string() +
                     "\"\ncertificate_service = \"A\"\nconsultation_service = \"B\"\n");
    h.enrol("counter-1", DeviceRole::Counter);
    h.startHall();
    h.command(IssueTicketCommand{'A', std::nullopt, std::nullopt, "P01", "11010519491231002X"});

    Xvfb counterX(1920, 1080);
    XDisplay input(counterX.display());
    TempDir counterDir("counter-identified-run");
    KioskRun counter(counterX, h.deviceConfig("counter-1", 1), counterDir.path(),
                     KioskRun::Options::role("counter"));
    LanGuiHall::logInAtCounter(input, counter);
    auto desk = waitFor(counter, "the open button",
                        [](const UiState& s) { return s.find("desk.open") != nullptr; });
    std::this_thread::sleep_for(500ms);
    input.tap(desk, "desk.open");
    desk = waitFor(counter, "the call button",
                   [](const UiState& s) { return s.find("desk.call_next") != nullptr; });
    input.tap(desk, "desk.call_next");
    desk = waitFor(counter, "the issue button",
                   [](const UiState& s) { return s.find("desk.issue_proof") != nullptr; });
    std::this_thread::sleep_for(300ms);
    input.tap(desk, "desk.issue_proof");
    auto dialog = waitFor(counter, "the issue dialog", [](const UiState& s) {
        return s.find("proof.issue.confirm") != nullptr;
    });
    CHECK(dialog.fact("resident.identified") == "110105********002X");
    std::this_thread::sleep_for(500ms);
    input.saveScreenshot(artifactsDir() / "screenshots" / "counter-proof-5-identified.png", 0, 0,
                         1920, 1080);
    input.tap(dialog, "proof.issue.confirm");
    waitFor(counter, "the proof issued",
            [](const UiState& s) { return s.fact("current.proof_status") == "issued"; });
    auto store = HallStore::openReadOnly(h.hall.dataDir());
    REQUIRE(store);
    auto day = h.api()->get(lan::kPathQueue);
    REQUIRE(day);
    auto entries = ProofRegister::ofDay((*store)->db(), (*day)["service_day"]);
    REQUIRE(entries);
    REQUIRE(entries->size() == 1);
    CHECK(entries->front().residentHash.size() == 64);
}
