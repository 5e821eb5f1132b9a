#include <doctest/doctest.h>

#include "lan/DeviceKey.h"
#include "lan/LanProtocol.h"
#include "lan/RequestAuth.h"
#include "support/TempDir.h"

using namespace hall;

TEST_CASE("every queue command survives the trip through JSON") {
    const std::vector<QueueCommand> commands{
        IssueTicketCommand{'B', PriorityCategory::Veteran, 1795395600000, {}, {}},
        OpenWindowCommand{2},
        PauseWindowCommand{2},
        ResumeWindowCommand{2},
        CloseWindowCommand{2},
        CallNextCommand{3},
        RecallCommand{3},
        NoShowCommand{3},
        ReinstateCommand{"A012"},
        TransferCommand{1, 'C', 4, "材料在后台"},
        FinishCommand{1, "accepted"},
        RateCommand{"A012", 4, {"fast"}, "kiosk"},
        IssueTicketCommand{'C', std::nullopt, std::nullopt, "P01", {}},
        RecordScreeningCommand{"unknown", {}, "广场舞", {}, {}},
        IssueProofCommand{1, "P01", "11010519491231002X"},
        DeclineProofCommand{1, {}, "cannot_verify"}};
    for (const auto& c : commands) {
        auto back = lan::commandFromJson(lan::commandToJson(c));
        REQUIRE_MESSAGE(back.ok(), commandName(c));
        CHECK(lan::commandToJson(*back) == lan::commandToJson(c));
    }
}

TEST_CASE("malformed commands are refused with the field that is wrong") {
    CHECK(lan::commandFromJson(nlohmann::json::array()).message().find("JSON object") !=
          std::string::npos);
    CHECK(lan::commandFromJson({{"command", "call_next"}})
              .message()
              .find("window must be a window number from 1 to 999") != std::string::npos);
    CHECK(lan::commandFromJson({{"command", "issue_ticket"}, {"service", "AB"}})
              .message()
              .find("service must be one letter") != std::string::npos);
    CHECK(lan::commandFromJson({{"command", "issue_ticket"}, {"service", "A"}, {"priority", "vip"}})
              .message()
              .find("priority") != std::string::npos);
    CHECK(lan::commandFromJson({{"command", "rate"}, {"ticket", "A1"}, {"score", "five"}})
              .error()
              .code == "request.bad_command");
    CHECK(lan::commandFromJson(
              {{"command", "transfer"}, {"window", 1}, {"note", std::string(600, 'x')}})
              .message()
              .find("longer than 500") != std::string::npos);
}

TEST_CASE("a queue snapshot survives the trip through JSON") {
    QueueSnapshot s;
    s.epoch = "e1";
    s.revision = 42;
    s.serviceDay = "2026-11-23";
    s.nowMs = 1795395600000;
    s.openWindows = 2;
    QueueSnapshot::Service a;
    a.letter = 'A';
    a.name = {{"zh-CN", "社保"}};
    a.waiting = 3;
    a.longestWaitMs = 600000;
    a.longestNumber = "A001";
    s.services.push_back(a);
    Ticket t;
    t.id = "0123456789abcdef0123456789abcdef";
    t.number = "A004";
    t.service = 'A';
    t.status = TicketStatus::Called;
    t.calledWindow = 2;
    t.transferredTo = 'B';
    t.note = "复核";
    s.windows.push_back({2, WindowStatus::Open, "101", t});
    s.windows.push_back({3, WindowStatus::Closed, "", std::nullopt});
    s.waiting.push_back(t);
    s.calls.push_back({7, t.id, "A004", 2, 1795395600000, true});
    s.staff["101"] = StaffCounts{5, 1, 240};
    auto back = lan::snapshotFromJson(nlohmann::json::parse(lan::snapshotToJson(s).dump()));
    REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.message()));
    CHECK(back->revision == 42);
    CHECK(back->services[0].longestNumber == "A001");
    CHECK(back->services[0].name.at("zh-CN") == "社保");
    REQUIRE(back->windows[0].current);
    CHECK(back->windows[0].current->queueService() == 'B');
    CHECK(back->windows[0].current->note == "复核");
    CHECK_FALSE(back->windows[1].current);
    CHECK(back->calls[0].recall);
    CHECK(back->staff.at("101").served == 5);
    CHECK(lan::snapshotFromJson({{"epoch", 1}}).error().code == "lan.bad_response");
}

TEST_CASE("a device key signs requests that only its public half verifies") {
    hall::test::TempDir dir("device-key");
    auto key = DeviceKey::generate("counter-1", DeviceRole::Counter);
    REQUIRE(key.ok());
    REQUIRE(key->save(dir / "counter-1.key").ok());
    REQUIRE(key->savePublic(dir / "devices").ok());
    auto loaded = DeviceKey::load(dir / "counter-1.key");
    REQUIRE(loaded.ok());
    CHECK(loaded->publicKey == key->publicKey);
    CHECK((std::filesystem::status(dir / "counter-1.key").permissions() &
           std::filesystem::perms::group_read) == std::filesystem::perms::none);
    auto devices = loadEnrolledDevices(dir / "devices");
    REQUIRE(devices.problems.empty());
    REQUIRE(devices.devices.count("counter-1"));
    const std::string message = "hall-lan-v1 test";
    CHECK(verifySignature(devices.devices.at("counter-1"), message, loaded->sign(message)));
    CHECK_FALSE(
        verifySignature(devices.devices.at("counter-1"), message + "!", loaded->sign(message)));
    hall::test::writeFile(dir / "devices" / "bad.pub", "role = \"boss\"\npublic_key = \"xyz\"\n");
    // The bad file is reported, and the good one still read.
    auto bad = loadEnrolledDevices(dir / "devices");
    REQUIRE(bad.problems.size() == 1);
    CHECK(bad.problems[0].find("bad.pub:1: role: must be counter, display, kiosk or maintainer") !=
          std::string::npos);
    CHECK(bad.devices.count("counter-1") == 1);
}
