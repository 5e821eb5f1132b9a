#include "queue/Ticket.h"

#include <cstdio>
#include <regex>
#include <vector>

namespace hall {

std::string_view statusCode(TicketStatus s) {
    switch (s) {
        case TicketStatus::Waiting:
            return "waiting";
        case TicketStatus::Called:
            return "called";
        case TicketStatus::Done:
            return "done";
        case TicketStatus::NoShow:
            return "no_show";
    }
    return "waiting";
}

std::optional<TicketStatus> statusFromCode(std::string_view code) {
    for (auto s :
         {TicketStatus::Waiting, TicketStatus::Called, TicketStatus::Done, TicketStatus::NoShow}) {
        if (statusCode(s) == code)
            return s;
    }
    return std::nullopt;
}

std::string formatTicketNumber(char letter, int seq, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%c%0*d", letter, digits, seq);
    return buf;
}

std::string ticketQrPayload(std::string_view hallId, std::string_view ticketId) {
    return "HALLTICKET:1:" + std::string(hallId) + ":" + std::string(ticketId);
}

std::optional<TicketQr> parseTicketQrPayload(std::string_view payload) {
    static const std::regex pattern(R"(^HALLTICKET:1:([A-Za-z0-9._-]{1,64}):([0-9a-f]{32})$)");
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(payload.begin(), payload.end(), m, pattern))
        return std::nullopt;
    return TicketQr{m[1].str(), m[2].str()};
}

const std::vector<std::string>& finishOutcomes() {
    static const std::vector<std::string> outcomes{"completed", "accepted", "referred",
                                                   "incomplete"};
    return outcomes;
}

}  // namespace hall
