// kill -9 of the hall process while counters are calling and finishing over the LAN, again and
// again: after each restart the queue is exactly as committed and the counters carry on.
#include <doctest/doctest.h>

#include <atomic>
#include <csignal>
#include <map>
#include <random>
#include <set>

#include "gui/LanGuiHall.h"
#include "queue/TicketLedger.h"
#include "store/HallStore.h"

using namespace hall;
using namespace hall::test;
using namespace std::chrono_literals;

TEST_CASE("kill -9 of the hall during calls keeps the queue as committed and the counters resume") {
    LanGuiHall h("durability-hall-kill");
    const DeviceKey key = h.enrol("counter-1", DeviceRole::Counter);
    h.startHall();
    for (int i = 0; i < 120; ++i)
        h.command(IssueTicketCommand{i % 2 ? 'A' : 'B', std::nullopt, std::nullopt, {}, {}});

    // The counter logs in once: its staff session must survive the hall's restarts.
    HallConnection counterConnection(key, h.url(), h.lanDir() / "hall-cert.pem");
    auto login = counterConnection.post(lan::kPathLogin, {{"staff_id", "101"}, {"pin", "2468"}},
                                        randomHex(8));
    REQUIRE_MESSAGE(login.ok(), (login.ok() ? "" : login.message()));
    const std::string token = (*login)["token"];
    auto send = [&](const QueueCommand& cmd, const std::string& idempotencyKey) {
        return counterConnection.post(lan::kPathCommands, lan::commandToJson(cmd), idempotencyKey,
                                      token);
    };
    REQUIRE(send(OpenWindowCommand{1}, randomHex(8)).ok());

    std::map<std::string, int> calledOk;  // ticket id → times a call of it was answered 200
    std::atomic<bool> stop{false};
    std::atomic<int> retries{0};   // requests the dying hall left unanswered
    std::atomic<int> answered{0};  // calls answered so far: when to kill
    std::thread counter([&] {
        // Calls and finishes without pause; a request the dying hall never answered is sent
        // again with the same key, as HallLink does, until the hall answers.
        while (!stop) {
            const std::string callKey = randomHex(8);
            Result<nlohmann::json> call = fail("lan.unreachable", "");
            while (!stop && !(call = send(CallNextCommand{1}, callKey)) &&
                   HallConnection::retryable(call.error())) {
                ++retries;
                std::this_thread::sleep_for(100ms);
            }
            if (!call) {
                if (call.error().code == "queue.nothing_waiting")
                    break;
                if (call.error().code == "queue.window_busy") {
                    const std::string k = randomHex(8);
                    while (!stop && !send(FinishCommand{1, "completed"}, k))
                        std::this_thread::sleep_for(100ms);
                }
                continue;
            }
            // One answer per call key: the first, or — when the hall died after committing the
            // call and before answering — the replayed one. Either way the call happened once.
            ++calledOk[(*call)["id"].get<std::string>()];
            ++answered;
            const std::string finishKey = randomHex(8);
            while (!stop) {
                auto f = send(FinishCommand{1, "completed"}, finishKey);
                if (f || !HallConnection::retryable(f.error()))
                    break;
                ++retries;
                std::this_thread::sleep_for(100ms);
            }
        }
    });

    // Each kill comes in the middle of the counter's work, whatever the machine's speed: after
    // about 20 more calls each time, at a random point within the next few.
    std::mt19937 rng(20261122);
    for (int kill = 0; kill < 5; ++kill) {
        const int at = 20 * (kill + 1) + static_cast<int>(rng() % 5);
        for (int i = 0; i < 3000 && answered < at; ++i)
            std::this_thread::sleep_for(1ms);
        h.hallKiosk->process().killHard();
        std::this_thread::sleep_for(200ms);
        h.startHall();
    }
    // Let the counter work through the rest of the queue on the last hall process.
    for (int i = 0; i < 600 && counter.joinable(); ++i) {
        auto s = h.api()->get(lan::kPathQueue);
        if (s.ok() && (*s)["waiting"].empty() && (*s)["windows"][0]["current"].is_null())
            break;
        std::this_thread::sleep_for(100ms);
    }
    stop = true;
    counter.join();

    h.hallKiosk->process().signal(SIGTERM);
    h.hallKiosk->process().wait(10s);
    const auto tickets = ticketsInStore(h.hall.dataDir());
    REQUIRE(tickets.size() == 120);
    int done = 0;
    for (const auto& t : tickets) {
        done += t.status == TicketStatus::Done ? 1 : 0;
        CHECK_MESSAGE(t.status != TicketStatus::Waiting, t.number << " was never called");
    }
    CHECK(done == 120);  // every ticket finished exactly once: none lost, none left half-served
    for (const auto& [id, times] : calledOk)
        CHECK_MESSAGE(times == 1, "ticket " << id << " was called " << times << " times");
    CHECK(calledOk.size() == 120);
    CHECK(retries > 0);  // the kills really came in the middle of the counter's work
    MESSAGE(retries.load() << " requests were retried across 5 kills of the hall");
}
