#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "Result.h"
#include "config/HallConfig.h"
#include "queue/Ticket.h"
#include "store/HallStore.h"
#include "time/Clock.h"

namespace hall {

struct IssuedTicket {
    Ticket ticket;
    int peopleAhead = 0;           // tickets that will be called before this one
    int estimatedWaitMinutes = 0;  // rounded up; 0 when nobody is ahead
};

// The hall's queue. It owns the store (the hall role is its only writer) and keeps today's
// waiting tickets in memory, reloading them when the service day changes at the hall's midnight.
//
// A store fault is a value, never a crash: issueTicket then fails with the store's fault code
// and nothing is shown to the resident as issued.
class QueueEngine {
  public:
    enum class Access { ReadWrite, ReadOnly };
    QueueEngine(const HallConfig& config, const Clock& clock, Access access = Access::ReadWrite);

    // Opens the store (creating it on first run) and loads today's queue.
    Result<void> connect();
    // When paused: reconnects, or checks with a committed write that the store takes writes again.
    Result<void> probe();

    Result<IssuedTicket> issueTicket(char service, std::optional<PriorityCategory> priority);
    // Today's most recently issued ticket, with its place in the queue as it stands now.
    Result<std::optional<IssuedTicket>> latestTicketToday();

    int waitingCount(char service);
    int waitingTotal();
    bool isOpen(char service) const;
    std::string serviceDay() const;

  private:
    void rollOverIfNewDay();
    int estimateMinutes(const std::vector<size_t>& order, size_t position) const;
    IssuedTicket placeInQueue(Ticket ticket) const;

    const HallConfig& config_;
    const Clock& clock_;
    Access access_;
    std::unique_ptr<HallStore> store_;
    std::string loadedDay_;
    std::vector<Ticket> waiting_;  // today's, oldest first
    int priorityStreak_ = 0;
};

}  // namespace hall
