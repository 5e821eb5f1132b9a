#include <doctest/doctest.h>

#include "config/HallConfig.h"
#include "i18n/Translations.h"
#include "print/TicketSlip.h"
#include "printer/EscPosDecoder.h"
#include "printer/EscPosEncoder.h"
#include "support/TempDir.h"

using namespace hall;

TEST_CASE("ESC/POS bytes decode back to the slip: GB18030 text and styles and QR payload and cut") {
    Slip slip;
    slip.text("社区综合服务大厅", SlipItem::Size::Normal, true, true)
        .rule()
        .text("A001", SlipItem::Size::Huge, true, true)
        .text("您前面还有 3 人")
        .qr("HALLTICKET:1:h:0123456789abcdef0123456789abcdef")
        .text("𠀀 and 한글 survive GB18030");
    auto bytes = encodeEscPos(slip);
    REQUIRE(bytes.ok());
    // GB18030 on the wire, not UTF-8: 综 is D7 DB.
    const std::string wire(bytes->begin(), bytes->end());
    CHECK(wire.find("\xD7\xDB") != std::string::npos);
    CHECK(wire.find("综") == std::string::npos);

    auto decoded = decodeEscPos(*bytes);
    REQUIRE_MESSAGE(decoded.ok(), (decoded.ok() ? "" : decoded.message()));
    REQUIRE(decoded->size() == 1);
    const auto& d = decoded->front();
    CHECK(d.cut);
    REQUIRE(d.items.size() >= 6);
    CHECK(d.items[0].text == "社区综合服务大厅");
    CHECK(d.items[0].bold);
    CHECK(d.items[0].centered);
    CHECK(d.items[1].kind == SlipItem::Kind::Rule);
    CHECK(d.items[2].text == "A001");
    CHECK(d.items[2].size == SlipItem::Size::Huge);
    CHECK(d.items[3].text == "您前面还有 3 人");
    CHECK_FALSE(d.items[3].bold);
    CHECK(d.items[4].kind == SlipItem::Kind::Qr);
    CHECK(d.items[4].text == "HALLTICKET:1:h:0123456789abcdef0123456789abcdef");
    bool foundAstral = false;
    for (const auto& item : d.items)
        foundAstral |= item.text == "𠀀 and 한글 survive GB18030";
    CHECK(foundAstral);
}

TEST_CASE("text that is not UTF-8 is refused before it reaches the printer") {
    Slip slip;
    slip.text("\xE7\xBB");
    auto bytes = encodeEscPos(slip);
    REQUIRE_FALSE(bytes.ok());
    CHECK(bytes.message().find("not valid UTF-8") != std::string::npos);
}

TEST_CASE("truncated or unknown ESC/POS data is reported with its position") {
    Slip slip;
    slip.qr("payload");
    auto bytes = encodeEscPos(slip);
    REQUIRE(bytes.ok());
    std::vector<uint8_t> cut(bytes->begin(), bytes->begin() + 20);
    auto r = decodeEscPos(cut);
    REQUIRE_FALSE(r.ok());
    CHECK(r.message().find("ends in the middle of") != std::string::npos);
    auto unknown = decodeEscPos({0x1B, 0x7A, 0x00});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.message().find("unknown ESC/POS command ESC 122 at byte 0") != std::string::npos);
}

TEST_CASE("the ticket slip carries hall and service and number and wait and the ticket's QR") {
    auto config = loadHallConfig(hall::test::sourceDir() / "config" / "hall.toml");
    REQUIRE(config.ok());
    auto tr = Translations::load(config->assetsDir / "i18n", config->languages);
    REQUIRE(tr.ok());
    IssuedTicket issued;
    issued.ticket.id = "0123456789abcdef0123456789abcdef";
    issued.ticket.service = 'C';
    issued.ticket.number = "C007";
    issued.ticket.priority = PriorityCategory::Disability;
    issued.ticket.issuedAtMs = 1795395600000;
    issued.peopleAhead = 4;
    issued.estimatedWaitMinutes = 12;
    auto bytes = encodeEscPos(makeTicketSlip(issued, *config, *tr));
    REQUIRE(bytes.ok());
    auto decoded = decodeEscPos(*bytes);
    REQUIRE(decoded.ok());
    std::string all;
    std::string qr;
    for (const auto& item : decoded->front().items) {
        all += item.text + "\n";
        if (item.kind == SlipItem::Kind::Qr)
            qr = item.text;
    }
    CHECK(all.find("和平社区综合服务大厅") != std::string::npos);
    CHECK(all.find("开具证明") != std::string::npos);
    CHECK(all.find("C007") != std::string::npos);
    CHECK(all.find("残疾人") != std::string::npos);
    CHECK(all.find("您排第 5 位，前面还有 4 人") != std::string::npos);
    CHECK(all.find("预计等候约 12 分钟") != std::string::npos);
    CHECK(all.find("2026-11-23 09:00") != std::string::npos);
    CHECK(qr == "HALLTICKET:1:" + config->hallId + ":" + issued.ticket.id);
}
