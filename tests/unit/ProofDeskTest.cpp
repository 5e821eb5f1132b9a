// Proofs at the counter on the real queue engine and store: the register of issued proofs, the
// refusals, the screenings, and the daily count of not-issued requests per department.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <set>

#include "identity/ResidentId.h"
#include "proofs/ProofRegister.h"
#include "sync/EventSchema.h"
#include "unit/QueueHall.h"

using namespace hall;
using namespace hall::test;

namespace {

// The worked example of GB 11643-1999, and another with a valid check digit.
const char* kResidentId = "11010519491231002X";
const char* kOtherId = "440524188001010014";

std::string proofsConfig() {
    return "[proofs]\ncatalog = \"" + (sourceDir() / "config/proofs/yanbian.toml").string() +
           "\"\ncertificate_service = \"A\"\nconsultation_service = \"B\"\n";
}

struct ProofHall : Hall {
    ProofHall() : Hall(proofsConfig()) { attachCatalog(); }
    void attachCatalog() {
        auto c = loadProofCatalog(config.proofs.catalog);
        REQUIRE_MESSAGE(c, (c ? "" : c.message()));
        queue->setProofCatalog(std::make_shared<const ProofCatalog>(std::move(c).value()));
    }
    void restartWithCatalog() {
        restart();
        attachCatalog();
    }
    // A ticket for the proof, called to window 1 by 李明; `resident`: who identified with a
    // scanned code at the terminal, if anyone.
    void callRequest(const std::string& item, const std::string& resident = {}) {
        clock.advance(1s);
        run(IssueTicketCommand{'A', std::nullopt, std::nullopt, item, resident},
            Actor{"kiosk", {}, false});
        if (queue->snapshot().windows[0].status != WindowStatus::Open)
            run(OpenWindowCommand{1}, kLi);
        run(CallNextCommand{1}, kLi);
    }
    std::vector<std::pair<std::string, nlohmann::json>> events(const std::string& type) {
        auto stmt = Statement::prepare(queue->store()->db(),
                                       "SELECT type, payload FROM outbox WHERE type = ?1");
        REQUIRE(stmt);
        stmt->bind(1, type);
        std::vector<std::pair<std::string, nlohmann::json>> out;
        while (true) {
            auto row = stmt->step("reading the outbox");
            REQUIRE(row);
            if (!*row)
                return out;
            out.emplace_back(stmt->text(0), nlohmann::json::parse(stmt->text(1)));
        }
    }
    int64_t count(const std::string& sql) {
        auto stmt = Statement::prepare(queue->store()->db(), sql);
        REQUIRE(stmt);
        REQUIRE(stmt->step("counting"));
        return stmt->integer(0);
    }
    // The database and its write-ahead log, where the latest writes are.
    std::string allStoreText() {
        std::string bytes = readFile(config.dataDir / "hall.db");
        if (std::filesystem::exists(config.dataDir / "hall.db-wal"))
            bytes += readFile(config.dataDir / "hall.db-wal");
        return bytes;
    }
};

}  // namespace

TEST_CASE("a ticket carries the screened request and staff issue the proof into the register") {
    ProofHall h;
    h.callRequest("P01");
    const auto current = h.queue->snapshot().windows[0].current;
    REQUIRE(current);
    CHECK(current->requestItem == "P01");
    CHECK(current->requestName == "实际居住情况证明");

    const auto issued = h.run(IssueProofCommand{1, {}, kResidentId}, kLi);
    CHECK(issued["register"]["number"] == "2026-0001");
    CHECK(issued["register"]["resident"] == "110105********002X");
    CHECK(h.queue->snapshot().windows[0].current->proofStatus == "issued");

    auto entries = ProofRegister::ofDay(h.queue->store()->db(), h.queue->serviceDay());
    REQUIRE(entries);
    REQUIRE(entries->size() == 1);
    const RegisterEntry& e = entries->front();
    CHECK(e.itemId == "P01");
    CHECK(e.itemName == "实际居住情况证明");
    CHECK(e.staffId == "101");
    CHECK(e.window == 1);
    CHECK(e.residentHash.size() == 64);
    // The number itself is nowhere in the store, nor its masked form (which leaves only the
    // birth date to guess), nor in the event for the central service.
    CHECK(h.allStoreText().find(kResidentId) == std::string::npos);
    CHECK(h.allStoreText().find("110105********002X") == std::string::npos);
    const auto events = h.events("proof.issued");
    REQUIRE(events.size() == 1);
    CHECK(events[0].second.dump().find("1949") == std::string::npos);

    CHECK(h.refused(IssueProofCommand{1, {}, kResidentId}, kLi) == "proofs.already_issued");
}

TEST_CASE("a resident identified at the terminal is not asked for their number again") {
    ProofHall h;
    h.callRequest("P01", kResidentId);
    const auto current = h.queue->snapshot().windows[0].current;
    REQUIRE(current);
    CHECK(current->residentMasked == "110105********002X");
    CHECK(current->residentHash.size() == 64);
    // The counter types nothing: the register takes who the terminal identified.
    const auto issued = h.run(IssueProofCommand{1, {}, {}}, kLi);
    CHECK(issued["register"]["resident"] == "110105********002X");
    auto entries = ProofRegister::ofDay(h.queue->store()->db(), h.queue->serviceDay());
    REQUIRE(entries->size() == 1);
    CHECK(entries->front().residentHash == current->residentHash);
    CHECK(h.allStoreText().find(kResidentId) == std::string::npos);
    CHECK(h.allStoreText().find("110105") == std::string::npos);
    CHECK(h.events("ticket.issued")[0].second.dump().find("1949") == std::string::npos);
    CHECK(h.events("ticket.issued")[0].second.dump().find("002X") == std::string::npos);
    CHECK(h.events("ticket.issued")[0].second["identified"] == true);

    // Without a scanned identity, a number must be typed.
    h.run(FinishCommand{1, "completed"}, kLi);
    h.callRequest("P02");
    CHECK(h.refused(IssueProofCommand{1, {}, {}}, kLi) == "identity.bad_id_number");
    // A wrong number from the terminal is refused before anything is stored.
    CHECK(
        h.refused(IssueTicketCommand{'A', std::nullopt, std::nullopt, "P01", "110105194912310021"},
                  Actor{"kiosk", {}, false}) == "identity.bad_id_number");
}

TEST_CASE("register numbers follow on across restarts and one resident hashes the same") {
    ProofHall h;
    h.callRequest("P01");
    h.run(IssueProofCommand{1, {}, kResidentId}, kLi);
    h.run(FinishCommand{1, "completed"}, kLi);
    h.restartWithCatalog();
    h.callRequest("P02");
    const auto second = h.run(IssueProofCommand{1, {}, kResidentId}, kLi);
    CHECK(second["register"]["number"] == "2026-0002");
    h.run(FinishCommand{1, "completed"}, kLi);
    h.callRequest("P01");
    h.run(IssueProofCommand{1, {}, kOtherId}, kLi);
    auto entries = ProofRegister::ofDay(h.queue->store()->db(), h.queue->serviceDay());
    REQUIRE(entries->size() == 3);
    CHECK((*entries)[0].residentHash == (*entries)[1].residentHash);
    CHECK((*entries)[0].residentHash != (*entries)[2].residentHash);
    struct stat st {};
    REQUIRE(::stat((h.config.dataDir / "identity.key").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("a mistyped ID card number is refused and nothing is registered") {
    ProofHall h;
    h.callRequest("P01");
    CHECK(h.refused(IssueProofCommand{1, {}, "110105194912310021"}, kLi) ==
          "identity.bad_id_number");
    CHECK(h.refused(IssueProofCommand{1, {}, "11010519491231"}, kLi) == "identity.bad_id_number");
    CHECK(h.count("SELECT COUNT(*) FROM proof_register") == 0);
    CHECK(h.queue->snapshot().windows[0].current->proofStatus.empty());
}

TEST_CASE("issuing a proof on the not-issued list is refused by the system and the attempt kept") {
    ProofHall h;
    h.callRequest("N05");  // 无犯罪记录证明
    auto r = h.queue->execute(IssueProofCommand{1, {}, kResidentId}, kLi);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "proofs.not_issuable");
    CHECK(r.message().find("公安机关") != std::string::npos);
    CHECK(h.count("SELECT COUNT(*) FROM proof_register") == 0);
    CHECK(h.count("SELECT COUNT(*) FROM proof_refusals WHERE reason = 'not_issuable' AND item_id "
                  "= 'N05' AND staff_id = '101'") == 1);
    CHECK(h.count("SELECT COUNT(*) FROM screenings WHERE via = 'counter' AND decision = "
                  "'not_issued' AND department = '公安机关'") == 1);
    CHECK(h.queue->snapshot().windows[0].current->proofStatus == "refused");
    CHECK(h.events("proof.refused_not_issuable").size() == 1);
    // Naming the item directly does not get round it either.
    h.run(FinishCommand{1, "referred"}, kLi);
    h.callRequest("P01");
    CHECK(h.queue->execute(IssueProofCommand{1, "N08", kResidentId}, kLi).error().code ==
          "proofs.not_issuable");
}

TEST_CASE("staff decline a proof with a reason from the list") {
    ProofHall h;
    h.callRequest("P01");
    CHECK(h.refused(DeclineProofCommand{1, {}, "no reason"}, kLi) == "proofs.bad_reason");
    h.run(DeclineProofCommand{1, {}, "materials_incomplete"}, kLi);
    CHECK(h.queue->snapshot().windows[0].current->proofStatus == "declined");
    CHECK(h.count("SELECT COUNT(*) FROM proof_refusals WHERE reason = 'materials_incomplete'") ==
          1);
    CHECK(h.events("proof.declined").size() == 1);
}

TEST_CASE("proof commands need a request or an item in the catalogue") {
    ProofHall h;
    h.callRequest("");
    CHECK(h.refused(IssueProofCommand{1, {}, kResidentId}, kLi) == "proofs.no_request");
    CHECK(h.refused(IssueProofCommand{1, "Z99", kResidentId}, kLi) == "proofs.unknown_item");
    CHECK(h.refused(IssueTicketCommand{'A', std::nullopt, std::nullopt, "Z99", {}},
                    Actor{"kiosk", {}, false}) == "proofs.unknown_item");
}

TEST_CASE("an unrecognised request keeps only the catalogue's own words, never what was typed") {
    ProofHall h;
    const Actor kiosk{"kiosk", {}, false};
    h.run(RecordScreeningCommand{"unknown", {}, "广场舞13812345678报名", "kiosk", {}}, kiosk);
    h.run(
        RecordScreeningCommand{"unknown", {}, "我是金美善住在幸福小区要开个居住证明", "kiosk", {}},
        kiosk);
    auto stmt =
        Statement::prepare(h.queue->store()->db(), "SELECT words FROM screenings ORDER BY seq");
    REQUIRE(stmt);
    REQUIRE(*stmt->step("reading"));
    CHECK(stmt->text(0) == "");  // nothing of it is in the catalogue
    REQUIRE(*stmt->step("reading"));
    const std::string kept = stmt->text(0);
    CHECK(kept.find("金美善") == std::string::npos);
    CHECK(kept.find("幸福小区") == std::string::npos);
    CHECK(kept.find("居住") != std::string::npos);
    CHECK(h.allStoreText().find("金美善") == std::string::npos);
    CHECK(h.refused(RecordScreeningCommand{"permitted", "N05", {}, "kiosk", {}}, kiosk) ==
          "proofs.bad_screening");
}

TEST_CASE("each day's not-issued requests are counted per department once, the next day") {
    ProofHall h;
    const Actor kiosk{"kiosk", {}, false};
    h.run(RecordScreeningCommand{"not_issued", "N05", {}, "kiosk", {}}, kiosk);  // 公安机关
    h.run(RecordScreeningCommand{"not_issued", "N05", {}, "kiosk", {}}, kiosk);
    h.run(RecordScreeningCommand{"not_issued", "N11", {}, "kiosk", {}}, kiosk);
    h.run(RecordScreeningCommand{"permitted", "P01", {}, "kiosk", {}}, kiosk);
    CHECK(h.events("proofs.daily_not_issued").empty());
    const std::string day = h.queue->serviceDay();

    h.clock.advance(24h);
    h.issue('A');  // the first change of the new day rolls the queue over
    auto reports = h.events("proofs.daily_not_issued");
    REQUIRE(reports.size() == 1);
    const auto& report = reports[0].second;
    CHECK(report["day"] == day);
    CHECK(report["total"] == 3);
    CHECK(report["by_department"]["公安机关"] == 2);
    const ProofItem* n11 = h.queue->proofCatalog()->findItem("N11");
    CHECK(report["by_department"][n11->department] == 1);

    h.restartWithCatalog();
    h.issue('A');
    CHECK(h.events("proofs.daily_not_issued").size() == 1);
}

TEST_CASE("every kind of event the hall writes fits what the central checks it against") {
    // The central refuses an event that does not fit its kind (sync::checkEventPayload): every
    // event a real hall writes must fit, or a genuine hall's data would be lost.
    ProofHall h;
    const Actor kiosk{"kiosk", {}, false};
    const Actor wang{"counter-2", "102", false};
    const int64_t inFiveMinutes = toUnixMillis(h.clock.now() + 5min);
    h.run(IssueTicketCommand{'A', PriorityCategory::Age70, inFiveMinutes, "P01", kResidentId},
          kiosk);
    h.run(IssueTicketCommand{'B', std::nullopt, std::nullopt, {}, {}}, kiosk);
    h.run(IssueTicketCommand{'A', std::nullopt, std::nullopt, "P02", {}}, kiosk);
    h.run(OpenWindowCommand{1}, kLi);
    h.run(OpenWindowCommand{2}, wang);
    h.run(PauseWindowCommand{2}, wang);
    h.run(ResumeWindowCommand{2}, wang);
    // Window 1: the identified resident's proof, issued; then the next one's, declined.
    h.run(CallNextCommand{1}, kLi);
    h.run(RecallCommand{1}, kLi);
    const std::string first = h.queue->snapshot().windows.at(0).current->number;
    h.run(IssueProofCommand{1, {}, {}}, kLi);
    h.run(FinishCommand{1, "completed"}, kLi);
    h.run(RateCommand{first, 5, {"fast"}, "kiosk"}, kiosk);
    h.run(CallNextCommand{1}, kLi);
    h.run(DeclineProofCommand{1, "P02", "materials_incomplete"}, kLi);
    // Refused, and the attempt recorded (so not h.refused, which expects nothing to change).
    CHECK(h.queue->execute(IssueProofCommand{1, "N05", kOtherId}, kLi).error().code ==
          "proofs.not_issuable");
    h.run(TransferCommand{1, 'B', std::nullopt, "请到民政窗口"}, kLi);
    // Window 2: someone who does not come, comes late, and is served.
    h.run(CallNextCommand{2}, wang);
    h.run(NoShowCommand{2}, wang);
    h.run(ReinstateCommand{h.queue->snapshot().noShows.at(0).number}, kLi);
    h.run(CallNextCommand{2}, wang);
    h.run(FinishCommand{2, "completed"}, wang);
    h.run(RecordScreeningCommand{"not_issued", "N05", {}, "kiosk", {}}, kiosk);
    h.run(RecordScreeningCommand{"unknown", {}, "我想开个居住证明给孩子上学", "kiosk", {}}, kiosk);
    h.run(CloseWindowCommand{2}, wang);
    h.clock.advance(24h);
    h.issue('A');  // the next day: yesterday's not-issued count is reported

    auto stmt = Statement::prepare(h.queue->store()->db(), "SELECT type, payload FROM outbox");
    REQUIRE(stmt);
    std::set<std::string> kinds;
    while (true) {
        auto row = stmt->step("reading the outbox");
        REQUIRE(row);
        if (!*row)
            break;
        const std::string type = stmt->text(0);
        kinds.insert(type);
        const auto fits = sync::checkEventPayload(type, nlohmann::json::parse(stmt->text(1)));
        CHECK_MESSAGE(fits.ok(),
                      type << ": " << (fits ? "" : fits.message()) << " in " << stmt->text(1));
    }
    for (const char* kind :
         {"ticket.issued", "ticket.called", "ticket.recalled", "ticket.no_show",
          "ticket.reinstated", "ticket.transferred", "ticket.finished", "ticket.rated",
          "window.opened", "window.paused", "window.resumed", "window.closed", "proof.issued",
          "proof.declined", "proof.refused_not_issuable", "proof.screened",
          "proofs.daily_not_issued"})
        CHECK_MESSAGE(kinds.count(kind) == 1, kind << " was not written");
}
