#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "queue/Priority.h"

namespace hall {

enum class TicketStatus { Waiting, Called, Done, NoShow };

std::string_view statusCode(TicketStatus s);
std::optional<TicketStatus> statusFromCode(std::string_view code);

struct Ticket {
    std::string id;          // random 128-bit hex: what the ticket's QR code carries
    std::string serviceDay;  // YYYY-MM-DD in the hall's UTC offset
    char service = 'A';
    int seq = 0;         // 1, 2, 3 … per service per day
    std::string number;  // A001
    std::optional<PriorityCategory> priority;
    TicketStatus status = TicketStatus::Waiting;
    int64_t issuedAtMs = 0;
};

// "A001": the letter and the day's sequence number, zero-padded to `digits` (wider past 999).
std::string formatTicketNumber(char letter, int seq, int digits);

// What a ticket's QR code says: HALLTICKET:1:<hall id>:<ticket id>. It names the ticket and
// nothing about the resident, so a lost slip gives nothing away.
std::string ticketQrPayload(std::string_view hallId, std::string_view ticketId);

struct TicketQr {
    std::string hallId;
    std::string ticketId;
};
std::optional<TicketQr> parseTicketQrPayload(std::string_view payload);

}  // namespace hall
