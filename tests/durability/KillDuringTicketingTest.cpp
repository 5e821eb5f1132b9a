// kill -9 the kiosk at random moments while a resident takes tickets in a loop, hundreds of
// times. Every ticket that was ever shown must be in the store after the restarts, and no
// number may be issued twice.
#include <doctest/doctest.h>

#include <cstdlib>
#include <map>
#include <random>
#include <set>

#include "gui/GuiHall.h"
#include "store/HallStore.h"

using namespace hall;
using namespace hall::test;
using namespace std::chrono_literals;

namespace {

int envInt(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v ? std::atoi(v) : fallback;
}

}  // namespace

TEST_CASE(
    "kill -9 at random points while tickets are issued keeps every shown ticket and repeats no "
    "number") {
    const int iterations = envInt("HALL_DURABILITY_ITERATIONS", 200);
    const auto seed = static_cast<unsigned>(envInt("HALL_DURABILITY_SEED", 20261122));
    MESSAGE("iterations " << iterations << ", seed " << seed
                          << " (HALL_DURABILITY_ITERATIONS, HALL_DURABILITY_SEED)");
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> killAfterMs(30, 1500);

    ConfigOverrides o;
    o.tapGuardMs = 0;  // the loop taps as fast as the screens change
    o.printer = "kind = \"none\"";
    GuiHall hall("durability", o);

    std::map<std::string, std::string> shown;  // ticket id → number, as seen on screen
    int killsDuringTicketing = 0;
    for (int i = 0; i < iterations; ++i) {
        KioskRun kiosk(hall.x, hall.config, hall.dir.path());
        // Counted from the first frame (the UI map is written right after it), not from the
        // process's start: on a slow or cold machine most kills would land before the terminal
        // is up, and the test would no longer kill during ticketing.
        const auto started = std::chrono::steady_clock::now();
        while (!readUiMap(kiosk.uiMap()) && std::chrono::steady_clock::now() - started < 30s)
            std::this_thread::sleep_for(2ms);
        const auto killAt =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(killAfterMs(rng));
        long handled = -1;
        char service = 'A';
        bool ticketing = false;
        while (std::chrono::steady_clock::now() < killAt) {
            auto s = readUiMap(kiosk.uiMap());
            if (s && s->revision != handled) {
                handled = s->revision;
                if (s->screen == "attract" && s->find("service.A")) {
                    service = service == 'A' ? 'B' : 'A';
                    hall.input.tap(*s, std::string("service.") + service);
                    ticketing = true;
                } else if (s->screen == "confirm") {
                    hall.input.tap(*s, "ticket.take");
                } else if (s->screen == "ticket" && !s->fact("ticket.id").empty()) {
                    shown[s->fact("ticket.id")] = s->fact("ticket.number");
                    hall.input.tap(*s, "ticket.done");
                } else if (s->screen == "paused") {
                    FAIL("the kiosk paused after a restart: " << s->describe());
                }
            }
            std::this_thread::sleep_for(2ms);
        }
        kiosk.process().killHard();
        killsDuringTicketing += ticketing ? 1 : 0;
    }

    const auto stored = ticketsInStore(hall.dataDir());
    std::map<std::string, const Ticket*> byId;
    std::set<std::string> numbers;
    std::map<char, int> highest;
    for (const auto& t : stored) {
        byId[t.id] = &t;
        CHECK_MESSAGE(numbers.insert(t.serviceDay + " " + t.number).second,
                      "number issued twice: " << t.number);
        highest[t.service] = std::max(highest[t.service], t.seq);
    }
    for (const auto& [id, number] : shown) {
        auto it = byId.find(id);
        REQUIRE_MESSAGE(it != byId.end(),
                        "ticket " << number << " was shown but is not in the store");
        CHECK(it->second->number == number);
    }
    // Numbers run without gaps: a killed transaction leaves nothing behind, not a hole.
    for (const auto& [service, top] : highest) {
        int count = 0;
        for (const auto& t : stored)
            count += t.service == service ? 1 : 0;
        CHECK_MESSAGE(count == top, "service " << service << " has " << count
                                               << " tickets but numbers up to " << top);
    }
    auto db = Database::open(HallStore::databaseFile(hall.dataDir()), true);
    REQUIRE(db.ok());
    auto check = Statement::prepare(*db, "PRAGMA integrity_check");
    REQUIRE(check.ok());
    REQUIRE(*check->step("integrity"));
    CHECK(check->text(0) == "ok");

    MESSAGE(iterations << " kills (" << killsDuringTicketing << " while ticketing): "
                       << shown.size() << " tickets shown, " << stored.size() << " in the store");
    CHECK(shown.size() >= static_cast<size_t>(iterations) / 4);
}
