#include <doctest/doctest.h>

#include "config/HallConfig.h"
#include "session/ResidentSession.h"
#include "session/SpokenGuidance.h"
#include "store/HallStore.h"
#include "support/TempDir.h"

#include <algorithm>

using namespace hall;
using hall::test::TempDir;
using namespace std::chrono_literals;

namespace {

const TimePoint kMondayNine = fromUnixMillis(1795395600000);

HallConfig sessionConfig(const std::filesystem::path& dataDir) {
    auto r = parseHallConfig(R"(
[hall]
id = "h"
languages = ["zh-CN", "ko"]
name = { zh-CN = "大厅", ko = "봉사청" }
[kiosk]
idle_timeout_s = 30
assets_dir = "."
[store]
data_dir = "data"
[printer]
kind = "none"
[[services]]
letter = "A"
name = { zh-CN = "社保", ko = "사회보험" }
hours = ["08:30-12:00"]
[[services]]
letter = "B"
name = { zh-CN = "民政", ko = "민정" }
days = [1, 2, 3, 4, 5, 6, 7]
hours = ["00:00-24:00"]
)",
                             "hall.toml");
    REQUIRE(r.ok());
    HallConfig c = std::move(r).value();
    c.dataDir = dataDir;
    c.identity.hashKeyFile = dataDir / "identity.key";
    return c;
}

HallConfig withProofs(HallConfig c) {
    c.proofs.catalog = hall::test::sourceDir() / "config/proofs/yanbian.toml";
    c.proofs.certificateService = 'B';
    c.proofs.consultationService = 'B';
    return c;
}

struct Fixture {
    TempDir dir{"session"};
    HallConfig config = sessionConfig(dir / "data");
    ManualClock clock{kMondayNine};
    QueueEngine queue{config, clock};
    ResidentSession session{config, queue, clock};
    Fixture() { session.start(); }
};

}  // namespace

TEST_CASE("a resident takes a ticket: attract → confirm → ticket") {
    Fixture f;
    auto& s = f.session;
    CHECK(s.screen() == ResidentScreen::Attract);
    s.chooseService('B');
    CHECK(s.screen() == ResidentScreen::ConfirmService);
    CHECK(s.chosenService() == 'B');
    auto issued = s.takeTicket(PriorityCategory::Veteran);
    REQUIRE(issued);
    CHECK(s.screen() == ResidentScreen::Ticket);
    CHECK(s.ticket()->ticket.number == "B001");
    CHECK(s.ticket()->ticket.priority == PriorityCategory::Veteran);
    CHECK(s.print().phase == PrintState::Phase::Printing);
    s.printFinished(true, "");
    CHECK(s.print().phase == PrintState::Phase::Printed);
    // A second tap on the same button must not issue a second ticket.
    CHECK_FALSE(s.takeTicket(std::nullopt));
    CHECK(f.queue.waitingCount('B') == 1);
    s.finish();
    CHECK(s.screen() == ResidentScreen::Attract);
    CHECK_FALSE(s.ticket());
}

TEST_CASE("after the idle timeout the screen returns to the start and the session is cleared") {
    Fixture f;
    auto& s = f.session;
    s.chooseLanguage("ko");
    s.chooseService('B');
    REQUIRE(s.takeTicket(std::nullopt));
    const auto rev = s.revision();
    f.clock.advance(29s);
    s.tick();
    CHECK(s.screen() == ResidentScreen::Ticket);
    CHECK(s.secondsUntilIdleReturn() == 1);
    f.clock.advance(1s);
    s.tick();
    CHECK(s.screen() == ResidentScreen::Attract);
    CHECK_FALSE(s.ticket());
    CHECK_FALSE(s.chosenService());
    CHECK(s.language() == "zh-CN");
    CHECK(s.revision() > rev);
}

TEST_CASE("touching the screen restarts the idle timeout") {
    Fixture f;
    auto& s = f.session;
    s.chooseService('B');
    f.clock.advance(25s);
    s.touched();
    f.clock.advance(25s);
    s.tick();
    CHECK(s.screen() == ResidentScreen::ConfirmService);
    CHECK(s.nextDeadline() == f.clock.now() + 5s);
}

TEST_CASE("a half-done visit is warned of before it is cleared, and one tap goes on") {
    Fixture f;
    auto& s = f.session;
    s.chooseLanguage("ko");
    s.chooseService('B');
    f.clock.advance(29s);
    s.tick();
    CHECK_FALSE(s.timeoutWarning());
    CHECK(s.nextDeadline() == f.clock.now() + 1s);
    const auto before = s.revision();
    f.clock.advance(1s);
    s.tick();
    // The warning is up, with the whole warning time to answer it, and counts down by the second.
    REQUIRE(s.timeoutWarning());
    CHECK(*s.timeoutWarning() == 30);
    CHECK(s.revision() > before);
    CHECK(s.nextDeadline() == f.clock.now() + 1s);
    f.clock.advance(10s);
    s.tick();
    CHECK(s.timeoutWarning() == 20);
    CHECK(s.screen() == ResidentScreen::ConfirmService);
    s.stillHere();
    CHECK_FALSE(s.timeoutWarning());
    CHECK(s.screen() == ResidentScreen::ConfirmService);
    CHECK(s.language() == "ko");
    CHECK(s.chosenService() == 'B');

    // Unanswered, the visit is cleared when the warning runs out, not before.
    f.clock.advance(30s + 29s);
    s.tick();
    CHECK(s.timeoutWarning() == 1);
    f.clock.advance(1s);
    s.tick();
    CHECK(s.screen() == ResidentScreen::Attract);
    CHECK_FALSE(s.timeoutWarning());
    CHECK(s.language() == "zh-CN");
}

TEST_CASE("the warning's end button clears the visit at once") {
    Fixture f;
    auto& s = f.session;
    s.chooseService('B');
    f.clock.advance(31s);
    s.tick();
    REQUIRE(s.timeoutWarning());
    s.endVisit();
    CHECK(s.screen() == ResidentScreen::Attract);
    CHECK_FALSE(s.chosenService());
    CHECK_FALSE(s.timeoutWarning());
}

TEST_CASE("a finished visit's ticket screen counts down without a warning") {
    Fixture f;
    auto& s = f.session;
    s.chooseService('B');
    REQUIRE(s.takeTicket(std::nullopt));
    f.clock.advance(29s);
    s.tick();
    CHECK_FALSE(s.timeoutWarning());
    f.clock.advance(1s);
    s.tick();
    CHECK(s.screen() == ResidentScreen::Attract);
}

TEST_CASE("a closed service says when it opens instead of offering a ticket") {
    Fixture f;
    f.clock.advance(4h);  // 13:00: A is closed
    f.session.chooseService('A');
    CHECK(f.session.screen() == ResidentScreen::Attract);
    REQUIRE(f.session.notice());
    CHECK(f.session.notice()->key == "notice.service_closed");
    CHECK(f.session.notice()->args[0].second == "08:30–12:00");
}

TEST_CASE("a store fault pauses ticketing with its reason and ticketing resumes by itself") {
    Fixture f;
    auto& s = f.session;
    auto other = Database::open(HallStore::databaseFile(f.config.dataDir));
    REQUIRE(other.ok());
    REQUIRE(other->exec("BEGIN EXCLUSIVE", "test").ok());
    s.chooseService('B');
    CHECK_FALSE(s.takeTicket(std::nullopt));
    CHECK(s.screen() == ResidentScreen::Paused);
    REQUIRE(s.pauseReason());
    CHECK(s.pauseReason()->code == "store.locked");
    CHECK_FALSE(s.ticket());

    f.clock.advance(ResidentSession::kProbeInterval);
    s.tick();
    CHECK(s.screen() == ResidentScreen::Paused);  // still locked
    REQUIRE(other->exec("ROLLBACK", "test").ok());
    f.clock.advance(ResidentSession::kProbeInterval);
    s.tick();
    CHECK(s.screen() == ResidentScreen::Attract);
    CHECK_FALSE(s.pauseReason());
    s.chooseService('B');
    REQUIRE(s.takeTicket(std::nullopt));
    CHECK(s.ticket()->ticket.number == "B001");
}

TEST_CASE("a terminal whose store cannot open starts paused and recovers when it can") {
    TempDir dir("session-start");
    auto config = sessionConfig(dir / "data");
    std::filesystem::create_directories(config.dataDir);
    hall::test::writeFile(HallStore::databaseFile(config.dataDir),
                          "this is not a database, just text that is long enough");
    ManualClock clock(kMondayNine);
    QueueEngine queue(config, clock);
    ResidentSession s(config, queue, clock);
    s.start();
    CHECK(s.screen() == ResidentScreen::Paused);
    REQUIRE(s.pauseReason());
    CHECK(s.pauseReason()->code == "store.corrupt");
    std::filesystem::remove(HallStore::databaseFile(config.dataDir));
    clock.advance(ResidentSession::kProbeInterval);
    s.tick();
    CHECK(s.screen() == ResidentScreen::Attract);
}

TEST_CASE("an unknown language is ignored rather than showing raw keys") {
    Fixture f;
    f.session.chooseLanguage("fr");
    CHECK(f.session.language() == "zh-CN");
}

namespace {

struct ProofFixture : Fixture {
    ProofFixture() {
        auto c = loadProofCatalog(hall::test::sourceDir() / "config/proofs/yanbian.toml");
        REQUIRE(c);
        session.setProofCatalog(std::make_shared<const ProofCatalog>(std::move(c).value()));
    }
};

}  // namespace

TEST_CASE("proof search: typing, a pinyin candidate, a result, then a ticket with the request") {
    ProofFixture f;
    f.config = withProofs(f.config);
    auto& s = f.session;
    s.startProofSearch();
    REQUIRE(s.screen() == ResidentScreen::ProofSearch);
    for (char c : std::string("ju"))
        s.proofKey(c);
    const auto& candidates = s.proofSearch()->candidates();
    const auto at = std::find(candidates.begin(), candidates.end(), U'居');
    REQUIRE(at != candidates.end());
    s.proofCandidate(static_cast<size_t>(at - candidates.begin()));
    CHECK(s.proofSearch()->typed() == "居");
    for (char c : std::string("zhu"))
        s.proofKey(c);
    REQUIRE_FALSE(s.proofSearch()->results().empty());
    CHECK(s.proofSearch()->results().front().item->id == "P01");
    s.chooseProof("P01");
    CHECK(s.screen() == ResidentScreen::ProofPermitted);
    s.takeProofTicket();
    CHECK(s.screen() == ResidentScreen::ConfirmService);
    CHECK(s.requestItem() == "P01");
    auto issued = s.takeTicket(std::nullopt);
    REQUIRE(issued);
    CHECK(issued->ticket.requestItem == "P01");
    // The visit is over: nothing of the search stays behind.
    CHECK(s.proofSearch() == nullptr);
    CHECK(s.requestItem().empty());
}

TEST_CASE("back from a proof ticket's confirm screen returns to the answer, not the start") {
    ProofFixture f;
    f.config = withProofs(f.config);
    auto& s = f.session;
    s.startProofSearch();
    s.chooseProof("N05");
    CHECK(s.screen() == ResidentScreen::ProofNotIssued);
    s.takeProofTicket();
    CHECK(s.screen() == ResidentScreen::ConfirmService);
    s.back();
    CHECK(s.screen() == ResidentScreen::ProofNotIssued);
    s.back();
    CHECK(s.screen() == ResidentScreen::ProofSearch);
    s.back();
    CHECK(s.screen() == ResidentScreen::Attract);
}

TEST_CASE("an idle proof search is wiped when the screen returns to the start") {
    ProofFixture f;
    auto& s = f.session;
    s.startProofSearch();
    s.proofKey('h');
    s.proofKey('k');
    f.clock.advance(31s);
    s.tick();
    CHECK(s.timeoutWarning());
    f.clock.advance(30s);
    s.tick();
    CHECK(s.screen() == ResidentScreen::Attract);
    CHECK(s.proofSearch() == nullptr);
    s.startProofSearch();
    CHECK(s.proofSearch()->typed().empty());
}

TEST_CASE("a resident identifies by a QR code for a proof and the ticket carries it, masked") {
    ProofFixture f;
    f.config = withProofs(f.config);
    auto& s = f.session;
    s.startProofSearch();
    s.chooseProof("P01");
    s.startIdentityScan();
    REQUIRE(s.screen() == ResidentScreen::IdentityScan);

    // Codes that are not a person, or not valid, say why and keep the resident on the scan.
    s.scanned("https://example.com/");
    REQUIRE(s.notice());
    CHECK(s.notice()->key == "notice.identity_not_recognised");
    s.scanned("110105194912310021");
    CHECK(s.notice()->key == "notice.identity_bad_id_number");
    s.scanned("HALLTICKET:1:" + f.config.hallId + ":0123456789abcdef0123456789abcdef");
    CHECK(s.notice()->key == "notice.identity_not_a_person");
    CHECK(s.screen() == ResidentScreen::IdentityScan);
    CHECK(s.identity() == nullptr);

    s.scanned("11010519491231002X\r\n");
    CHECK(s.screen() == ResidentScreen::ProofPermitted);
    REQUIRE(s.identity());
    CHECK(s.identity()->maskedId == "110105********002X");
    CHECK_FALSE(s.notice());

    s.takeProofTicket();
    auto issued = s.takeTicket(std::nullopt);
    REQUIRE(issued);
    CHECK(issued->ticket.residentMasked == "110105********002X");
    CHECK(issued->ticket.residentHash.size() == 64);
    CHECK(s.identity() == nullptr);  // its job is done: wiped
}

TEST_CASE("an identity not used is wiped when the screen returns to the start") {
    ProofFixture f;
    f.config = withProofs(f.config);
    auto& s = f.session;
    s.startProofSearch();
    s.chooseProof("P01");
    s.startIdentityScan();
    s.scanned("11010519491231002X");
    REQUIRE(s.identity());
    f.clock.advance(46s);
    s.tick();
    CHECK(s.timeoutWarning());  // the resident may still be there: warned first
    f.clock.advance(30s);
    s.tick();
    CHECK(s.screen() == ResidentScreen::Attract);
    CHECK(s.identity() == nullptr);
    // A scan on a screen that asks for none does nothing.
    s.scanned("11010519491231002X");
    CHECK(s.identity() == nullptr);
    CHECK(s.screen() == ResidentScreen::Attract);
}

TEST_CASE("a ticket's code scanned at the start screen shows where that ticket stands now") {
    Fixture f;
    auto& s = f.session;
    s.chooseService('B');
    auto first = s.takeTicket(std::nullopt);
    REQUIRE(first);
    s.finish();
    s.chooseService('B');
    auto second = s.takeTicket(std::nullopt);
    REQUIRE(second);
    s.finish();
    REQUIRE(s.screen() == ResidentScreen::Attract);

    s.scanned(ticketQrPayload(f.config.hallId, second->ticket.id) + "\r");
    REQUIRE(s.screen() == ResidentScreen::Ticket);
    CHECK(s.ticket()->ticket.number == second->ticket.number);
    CHECK(s.ticket()->peopleAhead == 1);
    s.finish();

    s.scanned("11010519491231002X");
    CHECK(s.screen() == ResidentScreen::Attract);
    REQUIRE(s.notice());
    CHECK(s.notice()->key == "notice.lookup_not_ticket");
    s.scanned(ticketQrPayload("another-hall", second->ticket.id));
    CHECK(s.notice()->key == "notice.identity_other_hall");
    s.scanned(ticketQrPayload(f.config.hallId, std::string(32, 'f')));
    CHECK(s.notice()->key == "notice.rating_unknown_ticket");
}

TEST_CASE("a terminal without a catalogue offers no proof search") {
    Fixture f;
    f.session.startProofSearch();
    CHECK_FALSE(f.session.offersProofs());
    CHECK(f.session.screen() == ResidentScreen::Attract);
}

TEST_CASE("care mode is one tap for this visit, and the next resident starts as the hall says") {
    Fixture f;
    auto& s = f.session;
    CHECK_FALSE(s.careMode());
    s.toggleCareMode();
    CHECK(s.careMode());
    s.chooseService('B');
    REQUIRE(s.takeTicket(std::nullopt));
    CHECK(s.careMode());  // kept through the visit
    s.finish();
    CHECK_FALSE(s.careMode());

    // A hall that serves mostly older residents starts every visit in care mode.
    f.config.access.careMode = true;
    ResidentSession careHall(f.config, f.queue, f.clock);
    CHECK(careHall.careMode());
    careHall.toggleCareMode();
    CHECK_FALSE(careHall.careMode());
    careHall.chooseService('B');
    careHall.endVisit();
    CHECK(careHall.careMode());
}

TEST_CASE("the categories are paged when they do not fit, and a description's page resets") {
    ProofFixture f;
    auto& s = f.session;
    s.startProofSearch();
    const ProofSearch* search = s.proofSearch();
    REQUIRE(search);
    const auto& all = s.proofCatalog()->categories;
    REQUIRE(all.size() > 2);
    CHECK(search->pageCount(2) == (all.size() + 1) / 2);
    auto first = search->categoriesPage(2);
    REQUIRE(first.size() == 2);
    CHECK(first[0]->id == all[0].id);
    s.proofPage(1);
    auto second = search->categoriesPage(2);
    REQUIRE_FALSE(second.empty());
    CHECK(second[0]->id == all[2].id);
    // Paging past the last page stays on it.
    for (int i = 0; i < 10; ++i)
        s.proofPage(1);
    CHECK(search->page(2) == search->pageCount(2) - 1);

    s.chooseProof("P01");
    REQUIRE(s.screen() == ResidentScreen::ProofPermitted);
    CHECK(s.detailPageShown() == 0);
    s.detailPage(1);
    CHECK(s.detailPageShown() == 1);
    s.detailPage(-5);
    CHECK(s.detailPageShown() == 0);
    s.detailPage(1);
    s.back();
    s.chooseProof("P01");
    CHECK(s.detailPageShown() == 0);
}

TEST_CASE("access: the spoken guidance follows the screen in its language and never says who") {
    ProofFixture f;
    f.config = withProofs(f.config);
    auto tr = Translations::load(hall::test::sourceDir() / "assets/i18n", {"zh-CN", "ko", "en"});
    REQUIRE(tr);
    auto& s = f.session;
    auto waiting = [&](char service) { return f.queue.waitingCount(service); };
    auto said = [&] { return spokenGuidance(s, *tr, f.config, waiting); };

    // Nobody has touched the start screen: nobody may be there to hear it.
    CHECK_FALSE(said());
    s.chooseLanguage("ko");
    REQUIRE(said());
    CHECK(said()->language == "ko");
    CHECK(said()->text == tr->text("ko", "voice.attract"));

    s.chooseService('B');
    REQUIRE(said());
    CHECK(said()->text.find("민정을 선택하셨습니다") != std::string::npos);
    const auto confirmMoment = said()->moment;
    REQUIRE(s.takeTicket(std::nullopt));
    REQUIRE(said());
    CHECK(said()->moment != confirmMoment);
    CHECK(said()->text.find("B 0 0 1") != std::string::npos);
    s.finish();
    s.chooseLanguage("zh-CN");
    s.chooseService('B');
    REQUIRE(s.takeTicket(std::nullopt));
    CHECK(said()->text.find("B零零二") != std::string::npos);
    CHECK(said()->text.find("前面还有1人") != std::string::npos);
    s.finish();

    // A resident identified by a code: the screens show who, masked; the voice never says it.
    s.chooseLanguage("ko");
    s.startProofSearch();
    s.chooseProof("P01");
    REQUIRE(said());
    CHECK(said()->text.find("가져오실 서류는") != std::string::npos);
    s.startIdentityScan();
    s.scanned("11010519491231002X");
    REQUIRE(s.identity());
    // Back on the proof's screen with the resident shown, masked.
    REQUIRE(s.screen() == ResidentScreen::ProofPermitted);
    REQUIRE(said());
    const std::string text = said()->text;
    CHECK(text.find("1949") == std::string::npos);
    CHECK(text.find("002X") == std::string::npos);
    CHECK(text.find(s.identity()->maskedId) == std::string::npos);
    if (!s.identity()->maskedName.empty())
        CHECK(text.find(s.identity()->maskedName) == std::string::npos);
    s.back();

    // The inactivity warning is said, with the time left.
    REQUIRE(s.screen() == ResidentScreen::ProofSearch);
    f.clock.advance(30s);
    s.tick();
    REQUIRE(s.timeoutWarning());
    CHECK(said()->text.find("30") != std::string::npos);
}
