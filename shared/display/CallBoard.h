#pragma once
#include <optional>
#include <string>
#include <vector>

#include "queue/QueueSnapshot.h"
#include "time/Clock.h"

namespace hall {

// What the call display does with each new snapshot from the hall: which calls to announce
// (each new call and recall once, in order), and which one flashes on screen as the newest.
// After the display or the hall restarts, calls older than a few seconds are not announced
// again: the hall would otherwise repeat the whole morning.
class CallBoard {
  public:
    // Returns the calls to announce, oldest first.
    std::vector<CallEvent> update(const QueueSnapshot& snapshot, TimePoint now);

    // The newest call flashes for kFlash after it arrives; the flash alternates every kBlink.
    std::optional<CallEvent> newest() const { return newest_; }
    bool flashing(TimePoint now) const { return newest_ && now < flashUntil_; }
    bool flashOn(TimePoint now) const;
    TimePoint nextDeadline(TimePoint now) const;

    static constexpr std::chrono::seconds kFlash{8};
    static constexpr std::chrono::milliseconds kBlink{500};
    static constexpr int64_t kFreshMs = 10'000;  // a call this recent is still worth announcing

  private:
    std::string epoch_;
    uint64_t lastSequence_ = 0;
    std::optional<CallEvent> newest_;
    TimePoint flashStart_{};
    TimePoint flashUntil_{};
};

}  // namespace hall
