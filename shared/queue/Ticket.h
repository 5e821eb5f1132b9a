#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "queue/Priority.h"

namespace hall {

// waiting → called (at a window) → done; a called ticket whose resident does not come is a
// no-show, and may be reinstated (late arrival) or transferred back to waiting.
enum class TicketStatus { Waiting, Called, Done, NoShow };

std::string_view statusCode(TicketStatus s);
std::optional<TicketStatus> statusFromCode(std::string_view code);

struct Ticket {
    std::string id;          // random 128-bit hex: what the ticket's QR code carries
    std::string serviceDay;  // YYYY-MM-DD in the hall's UTC offset
    char service = 'A';      // the service it was issued for; its number's letter
    int seq = 0;             // 1, 2, 3 … per service per day
    std::string number;      // A001
    std::optional<PriorityCategory> priority;
    TicketStatus status = TicketStatus::Waiting;
    int64_t issuedAtMs = 0;

    double queueKey = 0;  // order among waiting tickets (issue time, or a reinstated place)
    std::optional<int64_t> appointmentAtMs;  // a checked-in appointment, called when due
    std::optional<char> transferredTo;       // the service it was transferred to
    std::optional<int> targetWindow;         // transferred to one window only
    std::optional<int> calledWindow;
    std::string calledBy;  // staff id, or "maintainer:<device>"
    int64_t calledAtMs = 0;
    int recalls = 0;
    int64_t finishedAtMs = 0;
    std::string outcome;  // see finishOutcomes()
    std::string note;     // a transfer's note for the next window
    int64_t noShowAtMs = 0;

    std::string requestItem;  // a screened proof request: the catalogue item's id
    std::string requestName;  // …and its zh-CN name, as screened, for the counter
    std::string proofStatus;  // "", issued, declined or refused (a not-issued item)
    std::string proofNumber;  // issued: its number in the hall's register
    // Identified by a scanned code: the slow keyed hash of the number (ResidentHasher), all the
    // store keeps; and, only in memory while the resident is in the hall, the masked form
    // for staff to see (220102********123X), never stored or sent.
    std::string residentHash;
    std::string residentMasked;
    bool identified = false;  // as clients see it: the hall has the hash

    // The service whose queue it is in now.
    char queueService() const { return transferredTo.value_or(service); }
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

// How staff end a service: 办结 (completed), 已受理 (accepted, handled in the back office),
// 已转介 (referred to another department), 材料不全 (incomplete materials, told once in full).
const std::vector<std::string>& finishOutcomes();

}  // namespace hall
