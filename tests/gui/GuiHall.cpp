#include "gui/GuiHall.h"

#include <doctest/doctest.h>

#include "queue/TicketLedger.h"
#include "store/HallStore.h"

namespace hall::test {

namespace {

std::vector<Ticket> readTickets(const std::filesystem::path& dataDir, bool readOnly) {
    auto db = Database::open(HallStore::databaseFile(dataDir), readOnly);
    REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.message()));
    auto all = TicketLedger::all(*db);
    REQUIRE_MESSAGE(all.ok(), (all.ok() ? "" : all.message()));
    return std::move(all).value();
}

}  // namespace

std::vector<Ticket> ticketsInStore(const std::filesystem::path& dataDir) {
    return readTickets(dataDir, true);
}

std::vector<Ticket> ticketsInNamespacedStore(pid_t kiosk, const std::filesystem::path& dataDir,
                                             const std::filesystem::path& scratch) {
    const auto inside =
        std::filesystem::path("/proc/" + std::to_string(kiosk) + "/root") / dataDir.relative_path();
    std::filesystem::create_directories(scratch);
    for (const char* name : {"hall.db", "hall.db-wal"}) {
        if (std::filesystem::exists(inside / name)) {
            std::filesystem::copy_file(inside / name, scratch / name,
                                       std::filesystem::copy_options::overwrite_existing);
        }
    }
    return readTickets(scratch, false);
}

UiState typeProofKeys(GuiHall& hall, const KioskRun& kiosk, const std::string& letters) {
    UiState s = waitForScreen(kiosk.uiMap(), "proof-search");
    std::string expected = s.fact("proof.typed");
    for (char c : letters) {
        hall.input.tap(s, std::string("proof.key.") + c);
        expected.push_back(c);
        s = waitForUi(
            kiosk.uiMap(), [&](const UiState& u) { return u.fact("proof.typed") == expected; },
            "\"" + expected + "\" in the search field");
    }
    return s;
}

bool proofListed(const UiState& s, const std::string& id) {
    return ("," + s.fact("proof.results") + ",").find("," + id + ",") != std::string::npos;
}

}  // namespace hall::test
