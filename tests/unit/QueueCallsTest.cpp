#include <doctest/doctest.h>

#include <set>
#include <thread>

#include "crypto/Hashing.h"
#include "unit/QueueHall.h"

using namespace hall;
using namespace hall::test;
using namespace std::chrono_literals;

TEST_CASE("staff open a window and call the longest-waiting ticket") {
    Hall h;
    h.issue('A');
    h.issue('B');
    CHECK(h.refused(CallNextCommand{1}, kLi) == "queue.window_closed");
    CHECK(h.refused(OpenWindowCommand{1}, Actor{"counter-1", {}, false}) == "auth.staff_required");
    h.run(OpenWindowCommand{1}, kLi);
    CHECK(h.refused(OpenWindowCommand{1}, kWang) == "queue.window_taken");
    CHECK(h.refused(CallNextCommand{1}, kWang) == "queue.not_your_window");
    const auto called = h.run(CallNextCommand{1}, kLi);
    CHECK(called["number"] == "A001");
    CHECK(called["called_window"] == 1);
    CHECK(h.refused(CallNextCommand{1}, kLi) == "queue.window_busy");
    const auto snap = h.queue->snapshot();
    CHECK(snap.windows[0].current->number == "A001");
    CHECK(snap.calls.front().number == "A001");
    CHECK(snap.services[1].waiting == 1);
}

TEST_CASE("a paused window calls nobody until it resumes") {
    Hall h;
    h.issue('A');
    h.run(OpenWindowCommand{1}, kLi);
    h.run(PauseWindowCommand{1}, kLi);
    CHECK(h.refused(CallNextCommand{1}, kLi) == "queue.window_paused");
    h.run(ResumeWindowCommand{1}, kLi);
    CHECK(h.run(CallNextCommand{1}, kLi)["number"] == "A001");
}

TEST_CASE("windows serve only their services and transferred tickets go where they were sent") {
    Hall h;
    h.issue('A');
    h.issue('B');
    h.run(OpenWindowCommand{3}, kZhao);
    CHECK(h.run(CallNextCommand{3}, kZhao)["number"] == "B001");  // window 3 serves only B
    CHECK(h.refused(CallNextCommand{3}, kZhao) == "queue.window_busy");
    h.run(FinishCommand{3, "completed"}, kZhao);
    CHECK(h.refused(CallNextCommand{3}, kZhao) == "queue.nothing_waiting");

    h.run(OpenWindowCommand{1}, kLi);
    h.run(OpenWindowCommand{2}, kWang);
    h.run(CallNextCommand{1}, kLi);  // A001
    const auto moved = h.run(TransferCommand{1, 'B', 2, "需要民政窗口复核"}, kLi);
    CHECK(moved["queue_service"] == "B");
    CHECK(moved["target_window"] == 2);
    CHECK(moved["status"] == "waiting");
    CHECK(h.refused(CallNextCommand{3}, kZhao) ==
          "queue.nothing_waiting");  // sent to window 2 only
    const auto atTwo = h.run(CallNextCommand{2}, kWang);
    CHECK(atTwo["number"] == "A001");
    CHECK(atTwo["note"] == "需要民政窗口复核");
}

TEST_CASE("priority first without starving regular tickets: the rule holds across calls") {
    Hall h;
    h.issue('A');                               // A001 regular
    h.issue('A', PriorityCategory::Age70);      // A002
    h.issue('A', PriorityCategory::Veteran);    // A003
    h.issue('A', PriorityCategory::Pregnancy);  // A004
    h.issue('A');                               // A005 regular
    h.run(OpenWindowCommand{1}, kLi);
    std::vector<std::string> order;
    for (int i = 0; i < 5; ++i) {
        order.push_back(h.run(CallNextCommand{1}, kLi)["number"]);
        h.run(FinishCommand{1, "completed"}, kLi);
    }
    CHECK(order == std::vector<std::string>{"A002", "A003", "A001", "A004", "A005"});
}

TEST_CASE("a checked-in appointment that is due is called first") {
    Hall h;
    h.issue('A');
    h.clock.advance(1s);
    const int64_t in5 = toUnixMillis(h.clock.now()) + 5 * 60'000;
    const int64_t in60 = toUnixMillis(h.clock.now()) + 60 * 60'000;
    const auto later = h.run(IssueTicketCommand{'A', std::nullopt, in60, {}, {}},
                             Actor{"counter-1", "101", false});
    const auto due =
        h.run(IssueTicketCommand{'A', std::nullopt, in5, {}, {}}, Actor{"counter-1", "101", false});
    h.run(OpenWindowCommand{1}, kLi);
    CHECK(h.run(CallNextCommand{1}, kLi)["number"] == due["number"]);
    h.run(FinishCommand{1, "completed"}, kLi);
    CHECK(h.run(CallNextCommand{1}, kLi)["number"] == "A001");  // the later appointment is not due
    h.run(FinishCommand{1, "completed"}, kLi);
    CHECK(h.run(CallNextCommand{1}, kLi)["number"] == later["number"]);
}

TEST_CASE("recall and no-show and a late arrival back in the queue behind N") {
    Hall h;  // late_reinsert_after = 2
    for (int i = 0; i < 5; ++i)
        h.issue('A');
    h.run(OpenWindowCommand{1}, kLi);
    h.run(CallNextCommand{1}, kLi);  // A001
    CHECK(h.run(RecallCommand{1}, kLi)["recalls"] == 1);
    CHECK(h.queue->snapshot().calls.front().recall);
    h.run(NoShowCommand{1}, kLi);
    CHECK(h.queue->snapshot().noShows.front().number == "A001");
    CHECK(h.refused(NoShowCommand{1}, kLi) == "queue.no_current_ticket");
    CHECK(h.refused(ReinstateCommand{"A002"}, kLi) == "queue.not_absent");
    const auto back = h.run(ReinstateCommand{"A001"}, kLi);
    CHECK(back["people_ahead"] == 2);
    std::vector<std::string> order;
    for (const auto& t : h.queue->snapshot().waiting)
        order.push_back(t.number);
    CHECK(order == std::vector<std::string>{"A002", "A003", "A001", "A004", "A005"});
}

TEST_CASE("a finished ticket cannot be finished again and unknown tickets are named") {
    Hall h;
    h.issue('A');
    h.run(OpenWindowCommand{1}, kLi);
    h.run(CallNextCommand{1}, kLi);
    CHECK(h.refused(FinishCommand{1, "done-ish"}, kLi) == "queue.bad_outcome");
    h.run(FinishCommand{1, "completed"}, kLi);
    CHECK(h.refused(FinishCommand{1, "completed"}, kLi) == "queue.no_current_ticket");
    CHECK(h.refused(ReinstateCommand{"Z999"}, kLi) == "queue.unknown_ticket");
    CHECK(h.refused(CallNextCommand{42}, kLi) == "queue.unknown_window");
}

TEST_CASE("one rating per served ticket") {
    Hall h;
    h.issue('A');
    CHECK(h.refused(RateCommand{"A001", 5, {}, "kiosk"}, Actor{"kiosk", {}, false}) ==
          "queue.not_served_yet");
    h.run(OpenWindowCommand{1}, kLi);
    h.run(CallNextCommand{1}, kLi);
    h.run(FinishCommand{1, "completed"}, kLi);
    CHECK(h.refused(RateCommand{"A001", 6, {}, "kiosk"}, Actor{"kiosk", {}, false}) ==
          "queue.bad_rating");
    CHECK(h.refused(RateCommand{"A001", 4, {"rude-word"}, "kiosk"}, Actor{"kiosk", {}, false}) ==
          "queue.bad_rating");
    const auto rated =
        h.run(RateCommand{"A001", 5, {"fast", "friendly"}, "kiosk"}, Actor{"kiosk", {}, false});
    CHECK(rated["score"] == 5);
    CHECK(h.refused(RateCommand{"A001", 1, {}, "counter"}, kLi) == "queue.already_rated");
}

TEST_CASE("a replayed request returns the first result and changes nothing") {
    Hall h;
    h.issue('A');
    h.issue('A');
    h.run(OpenWindowCommand{1}, kLi);
    const auto first = h.run(CallNextCommand{1}, kLi, "key-1");
    const auto rev = h.queue->revision();
    const auto again = h.run(CallNextCommand{1}, kLi, "key-1");
    CHECK(again["number"] == first["number"]);
    CHECK(again["replayed"] == true);
    CHECK(h.queue->revision() == rev);
    CHECK(h.queue->snapshot().services[0].waiting == 1);
    // The same key from another device is another request.
    h.run(OpenWindowCommand{2}, kWang);
    CHECK(h.run(CallNextCommand{2}, Actor{"counter-2", "102", false}, "key-1")["number"] == "A002");
}

TEST_CASE("observed service times drive the estimated wait") {
    Hall h;
    for (int i = 0; i < 4; ++i)
        h.issue('B');
    const int before =
        h.queue->snapshot().services[1].estimatedWaitMinutes;  // 4 × 10 min / 2 windows
    CHECK(before == 20);
    h.run(OpenWindowCommand{1}, kLi);
    for (int i = 0; i < 3; ++i) {
        h.run(CallNextCommand{1}, kLi);
        h.clock.advance(2min);
        h.run(FinishCommand{1, "completed"}, kLi);
    }
    const auto snap = h.queue->snapshot();
    CHECK(snap.openWindows == 1);
    CHECK(snap.services[1].averageServiceSeconds < 400);  // moving from 600 s towards 120 s
    CHECK(snap.services[1].estimatedWaitMinutes < 10);
    CHECK(snap.staff.at("101").served == 3);
    CHECK(snap.staff.at("101").averageServiceSeconds == doctest::Approx(120));
}

TEST_CASE("after a restart the queue and windows are exactly as committed") {
    Hall h;
    h.issue('A');
    h.issue('A');
    h.run(OpenWindowCommand{1}, kLi);
    h.run(CallNextCommand{1}, kLi);
    h.restart();
    const auto snap = h.queue->snapshot();
    CHECK(snap.windows[0].status == WindowStatus::Open);
    CHECK(snap.windows[0].staffId == "101");
    REQUIRE(snap.windows[0].current);
    CHECK(snap.windows[0].current->number == "A001");
    CHECK(snap.waiting.size() == 1);
    h.run(FinishCommand{1, "completed"}, kLi);
    CHECK(h.run(CallNextCommand{1}, kLi)["number"] == "A002");
}

TEST_CASE("two windows calling at the same moment never get the same ticket") {
    Hall h;
    for (int i = 0; i < 200; ++i)
        h.issue(i % 2 ? 'A' : 'B');
    h.run(OpenWindowCommand{1}, kLi);
    h.run(OpenWindowCommand{2}, kWang);
    std::vector<std::string> got[2];
    auto counter = [&](int window, Actor actor, std::vector<std::string>& out) {
        while (true) {
            auto r = h.queue->execute(CallNextCommand{window}, actor);
            if (!r)
                break;
            out.push_back((*r)["number"]);
            if (!h.queue->execute(FinishCommand{window, "completed"}, actor))
                break;
        }
    };
    std::thread a(counter, 1, kLi, std::ref(got[0]));
    std::thread b(counter, 2, kWang, std::ref(got[1]));
    a.join();
    b.join();
    std::set<std::string> all(got[0].begin(), got[0].end());
    all.insert(got[1].begin(), got[1].end());
    CHECK(got[0].size() + got[1].size() == 200);
    CHECK(all.size() == 200);
    CHECK(!got[0].empty());
    CHECK(!got[1].empty());
}

TEST_CASE("staff log in with their PIN and wrong PINs lock the id even across restarts") {
    auto pin = hashPin("2468");
    REQUIRE(pin.ok());
    Hall h("\n[[staff]]\nid = \"101\"\nname = \"李明\"\npin_hash = \"" + *pin +
           "\"\n[staff_lockout]\nfailures = 3\nminutes = 10\n");
    auto ok = h.queue->login("101", "2468", "counter-1");
    REQUIRE_MESSAGE(ok.ok(), (ok.ok() ? "" : ok.message()));
    CHECK(ok->staffName == "李明");
    CHECK(h.queue->staffForToken(ok->token, "counter-1") == "101");
    // A token is the counter's that logged in: another counter cannot use it.
    CHECK_FALSE(h.queue->staffForToken(ok->token, "counter-2"));
    CHECK_FALSE(h.queue->staffForToken("not-a-token", "counter-1"));
    REQUIRE(h.queue->logout(ok->token, "counter-1").ok());
    CHECK_FALSE(h.queue->staffForToken(ok->token, "counter-1"));

    CHECK(h.queue->login("101", "1111", "counter-1").error().code == "auth.wrong_pin");
    CHECK(h.queue->login("101", "1111", "counter-1").message().find("1 tries left") !=
          std::string::npos);
    h.restart();
    CHECK(h.queue->login("101", "1111", "counter-1").error().code == "auth.locked");
    CHECK(h.queue->login("101", "2468", "counter-1").error().code ==
          "auth.locked");  // even the right PIN
    h.clock.advance(11min);
    CHECK(h.queue->login("101", "2468", "counter-1").ok());
    CHECK(h.queue->login("999", "2468", "counter-1").error().code == "auth.wrong_pin");
}
