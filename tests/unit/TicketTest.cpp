#include <doctest/doctest.h>

#include "queue/Ticket.h"

using namespace hall;

TEST_CASE("ticket numbers are zero-padded and widen past the padding") {
    CHECK(formatTicketNumber('A', 1, 3) == "A001");
    CHECK(formatTicketNumber('C', 42, 3) == "C042");
    CHECK(formatTicketNumber('B', 1000, 3) == "B1000");
    CHECK(formatTicketNumber('D', 7, 4) == "D0007");
}

TEST_CASE("a ticket's QR payload names the hall and the ticket and reads back") {
    const std::string id = "0123456789abcdef0123456789abcdef";
    const auto payload = ticketQrPayload("demo-220104-001", id);
    CHECK(payload == "HALLTICKET:1:demo-220104-001:" + id);
    auto parsed = parseTicketQrPayload(payload);
    REQUIRE(parsed);
    CHECK(parsed->hallId == "demo-220104-001");
    CHECK(parsed->ticketId == id);
    CHECK_FALSE(parseTicketQrPayload("HALLTICKET:2:h:" + id));
    CHECK_FALSE(parseTicketQrPayload("HALLTICKET:1:h:XYZ"));
    CHECK_FALSE(parseTicketQrPayload(""));
}
