#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "help/HelpCall.h"
#include "queue/Ticket.h"

namespace hall {

enum class WindowStatus { Closed, Open, Paused };
std::string_view windowStatusCode(WindowStatus s);
std::optional<WindowStatus> windowStatusFromCode(std::string_view code);

struct WindowState {
    int number = 0;
    WindowStatus status = WindowStatus::Closed;
    std::string staffId;
    std::optional<Ticket> current;  // the ticket called to this window and not yet finished
};

// One call (or recall) of a ticket to a window, for the display and its announcements.
struct CallEvent {
    uint64_t sequence = 0;  // increases with every call in this run of the hall process
    std::string ticketId;
    std::string number;
    int window = 0;
    int64_t atMs = 0;
    bool recall = false;
};

struct StaffCounts {
    int served = 0;
    int noShows = 0;
    double averageServiceSeconds = 0;
};

// The queue as counters and the display see it.
struct QueueSnapshot {
    std::string epoch;  // changes when the hall process restarts
    uint64_t revision = 0;
    std::string serviceDay;
    int64_t nowMs = 0;

    int utcOffsetMinutes = 8 * 60;                // the hall's clock, for clients' clocks
    std::map<std::string, std::string> hallName;  // by language: clients show the hall's own words

    struct Service {
        char letter = 'A';
        std::map<std::string, std::string> name;  // by language
        int waiting = 0;
        int64_t longestWaitMs = 0;  // of the ticket waiting longest
        std::string longestNumber;
        int estimatedWaitMinutes = 0;  // for a ticket taken now
        double averageServiceSeconds = 0;
    };
    std::vector<Service> services;
    std::vector<WindowState> windows;
    std::vector<Ticket> waiting;   // in call order (ignoring window restrictions)
    std::vector<Ticket> noShows;   // today's, most recent first: staff may reinstate them
    std::vector<CallEvent> calls;  // most recent first, at most 20
    std::map<std::string, StaffCounts> staff;
    int openWindows = 0;
    // Residents' calls for help: open, or answered in the last two minutes.
    std::vector<HelpCall> help;
};

}  // namespace hall
