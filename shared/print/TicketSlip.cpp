#include "print/TicketSlip.h"

namespace hall {

Slip makeTicketSlip(const IssuedTicket& issued, const HallConfig& config, const Translations& tr) {
    const std::string& lang = config.defaultLanguage();
    const Ticket& t = issued.ticket;
    const ServiceConfig* service = config.findService(t.service);
    const auto issuedAt = toHallLocal(fromUnixMillis(t.issuedAtMs), config.utcOffsetMinutes);

    using Size = SlipItem::Size;
    Slip slip;
    slip.text(config.hallName.in(lang, lang), Size::Normal, true, true);
    slip.rule();
    slip.text(service ? service->name.in(lang, lang) : std::string(1, t.service), Size::Large, true,
              true);
    slip.text(t.number, Size::Huge, true, true);
    if (!t.requestName.empty())
        slip.text(tr.format(lang, "proofs.request", {{"item", t.requestName}}), Size::Normal, true,
                  true);
    if (t.priority) {
        slip.text(tr.text(lang, "priority." + std::string(priorityCode(*t.priority))), Size::Normal,
                  true, true);
    }
    slip.text(tr.format(lang, "ticket.people_ahead",
                        {{"n", std::to_string(issued.peopleAhead)},
                         {"position", std::to_string(issued.peopleAhead + 1)}}));
    slip.text(issued.peopleAhead == 0
                  ? tr.text(lang, "ticket.no_wait")
                  : tr.format(lang, "ticket.estimated_wait",
                              {{"minutes", std::to_string(issued.estimatedWaitMinutes)}}));
    slip.text(tr.format(lang, "slip.issued_at",
                        {{"time", issuedAt.date() + " " + issuedAt.clockText()}}));
    slip.qr(ticketQrPayload(config.hallId, t.id));
    slip.text(tr.text(lang, "slip.keep"), Size::Normal, false, true);
    return slip;
}

}  // namespace hall
