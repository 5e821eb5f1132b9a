#include "identity/HallTicketPayload.h"

#include "queue/Ticket.h"

namespace hall {

bool HallTicketPayload::recognises(std::string_view payload) const {
    return payload.substr(0, 11) == "HALLTICKET:";
}

Result<Identity> HallTicketPayload::verify(std::string_view payload, int64_t) {
    auto ticket = parseTicketQrPayload(payload);
    if (!ticket) {
        return fail("identity.malformed",
                    "this ticket's code is damaged; ask staff to look the ticket up by its number");
    }
    if (ticket->hallId != hallId_) {
        return fail("identity.other_hall",
                    "this ticket is from another service hall; it can only be used there");
    }
    Identity identity;
    identity.kind = IdentityKind::HallTicket;
    identity.hallId = ticket->hallId;
    identity.ticketId = ticket->ticketId;
    return identity;
}

}  // namespace hall
