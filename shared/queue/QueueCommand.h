#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "queue/Priority.h"

namespace hall {

// Who asks for a change: the device, and the staff member logged in on it (empty for the
// resident terminal itself and for maintainers' tools).
struct Actor {
    std::string device;
    std::string staffId;
    bool maintainer = false;  // may act on any window without a staff login

    std::string name() const {
        return staffId.empty() ? (maintainer ? "maintainer:" + device : device) : staffId;
    }
};

// Every change to the queue, as data: the hall LAN API parses requests into these, the resident
// terminal builds them directly, and QueueEngine::execute applies each in one transaction.
struct IssueTicketCommand {
    char service = 'A';
    std::optional<PriorityCategory> priority;
    std::optional<int64_t> appointmentAtMs;  // a checked-in appointment
    std::string requestItem;                 // a screened proof request: a catalogue item id
    // The ID card number of a resident who identified with a verified QR code: the hall keeps
    // its keyed hash and masked form on the ticket, never the number.
    std::string residentIdNumber;
};
struct OpenWindowCommand {
    int window = 0;
};
struct PauseWindowCommand {
    int window = 0;
};
struct ResumeWindowCommand {
    int window = 0;
};
struct CloseWindowCommand {
    int window = 0;
};
struct CallNextCommand {
    int window = 0;
};
struct RecallCommand {
    int window = 0;
};
struct NoShowCommand {
    int window = 0;
};
struct ReinstateCommand {
    std::string ticket;  // id or today's number
};
struct TransferCommand {
    int window = 0;
    std::optional<char> toService;
    std::optional<int> toWindow;
    std::string note;
};
struct FinishCommand {
    int window = 0;
    std::string outcome;
};
struct RateCommand {
    std::string ticket;  // id or today's number
    int score = 0;       // 1 (very dissatisfied) … 5 (very satisfied), 好差评
    std::vector<std::string> reasons;
    std::string via;  // kiosk | counter
};

// What a resident's proof screening ended in, for the daily count per department (减负观测)
// and, when not recognised, the words (normalised, digits gone) for maintainers.
struct RecordScreeningCommand {
    std::string decision;  // permitted | not_issued | unknown
    std::string itemId;
    std::string words;
    std::string via;  // kiosk | counter
    // The items the resident was asked to choose from, when the screening asked: the city
    // reviews what was chosen (or that none was) against what was typed.
    std::vector<std::string> offered;
};
// Staff issue the proof the resident at their window asked for: it goes into the hall's
// register. The ID card number is checked, kept masked and hashed, and never stored in clear.
struct IssueProofCommand {
    int window = 0;
    std::string itemId;  // empty: the ticket's request
    std::string residentIdNumber;
};
struct DeclineProofCommand {
    int window = 0;
    std::string itemId;  // empty: the ticket's request
    std::string reason;  // see proofDeclineReasons()
};

// A resident at a terminal asks for a member of staff; `doing`: the screen they are on.
struct CallHelpCommand {
    std::string doing;
};
// A member of staff answers a call for help and goes to the terminal.
struct AcknowledgeHelpCommand {
    int64_t call = 0;
};

using QueueCommand =
    std::variant<IssueTicketCommand, OpenWindowCommand, PauseWindowCommand, ResumeWindowCommand,
                 CloseWindowCommand, CallNextCommand, RecallCommand, NoShowCommand,
                 ReinstateCommand, TransferCommand, FinishCommand, RateCommand,
                 RecordScreeningCommand, IssueProofCommand, DeclineProofCommand, CallHelpCommand,
                 AcknowledgeHelpCommand>;

std::string_view commandName(const QueueCommand& command);

// The reason chips a resident may add to a rating (translations: rating.reason.<code>).
const std::vector<std::string>& ratingReasons();

// Why staff decline a proof (translations: proof.decline.<code>).
const std::vector<std::string>& proofDeclineReasons();

}  // namespace hall
