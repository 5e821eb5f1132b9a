#include <doctest/doctest.h>

#include "sync/SyncProtocol.h"

using namespace hall;

namespace {

std::string refusal(const std::string& body) {
    auto r = sync::parseUpload(body);
    REQUIRE_FALSE_MESSAGE(r, body);
    CHECK(r.error().code == "sync.bad_request");
    return r.message();
}

}  // namespace

TEST_CASE("an upload survives the trip: events, their order and the terminal's status") {
    sync::UploadBatch batch{"hall-1",
                            {{7, "e7", "ticket.issued", 1000, R"({"number":"A001"})"},
                             {9, "e9", "call.made", 2000, R"({"window":1})"}},
                            {"kiosk 0.6.0", 3, 42, "cut", {{"catalog", 4}}, "bad signature"},
                            {}};
    auto back = sync::parseUpload(sync::uploadJson(batch).dump());
    REQUIRE_MESSAGE(back, (back ? "" : back.message()));
    CHECK(back->hallId == "hall-1");
    REQUIRE(back->events.size() == 2);
    CHECK(back->events[1].seq == 9);
    CHECK(back->events[1].payload == R"({"window":1})");
    // Each event as parsed is checked against its kind: these two are not what a hall sends.
    REQUIRE(back->problems.size() == 2);
    CHECK(back->problems[0].find("id is missing") != std::string::npos);
    CHECK(back->problems[1].find("not a kind of event") != std::string::npos);
    CHECK(back->status.software == "kiosk 0.6.0");
    CHECK(back->status.catalogVersion == 3);
    CHECK(back->status.backlog == 42);
    CHECK(back->status.lastError == "cut");
    CHECK(back->status.bundles == std::map<std::string, int64_t>{{"catalog", 4}});
    CHECK(back->status.bundleError == "bad signature");
}

TEST_CASE("malformed uploads are refused with what is wrong") {
    CHECK(refusal("not json").find("not a JSON object") != std::string::npos);
    CHECK(refusal(R"({"events": []})").find("hall_id") != std::string::npos);
    CHECK(
        refusal(
            R"({"hall_id":"h","events":[{"seq":2,"event_id":"a","type":"t","occurred_at":1,"payload":{}},{"seq":2,"event_id":"b","type":"t","occurred_at":1,"payload":{}}]})")
            .find("events[1].seq") != std::string::npos);
    CHECK(
        refusal(
            R"({"hall_id":"h","events":[{"seq":1,"event_id":"a b","type":"t","occurred_at":1,"payload":{}}]})")
            .find("event_id") != std::string::npos);
    CHECK(refusal(R"({"hall_id":"h","events":[],"status":{"backlog":"many"}})").find("status") !=
          std::string::npos);
    std::string big = R"({"hall_id":"h","events":[)";
    for (int i = 1; i <= 501; ++i) {
        big += (i > 1 ? "," : "") + std::string(R"({"seq":)") + std::to_string(i) +
               R"(,"event_id":"e)" + std::to_string(i) +
               R"(","type":"t","occurred_at":1,"payload":{}})";
    }
    big += "]}";
    CHECK(refusal(big).find("at most 500") != std::string::npos);
}

TEST_CASE("an answer that is not an acknowledgement never acknowledges anything") {
    CHECK_FALSE(sync::parseAck(""));
    CHECK_FALSE(sync::parseAck(R"({"acked_through": 5, "server_ti)"));
    CHECK_FALSE(sync::parseAck("<html>502 Bad Gateway</html>"));
    CHECK_FALSE(sync::parseAck(R"({"acked_through": "5", "server_time": 1})"));
    auto ok = sync::parseAck(R"({"acked_through": 5, "server_time": 1795000000000})");
    REQUIRE(ok);
    CHECK(ok->ackedThrough == 5);
}
