#pragma once
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

#include "time/Clock.h"

namespace hall {

// The hall's time as the central service keeps it, once the central has answered: its time
// then, counted on by the machine's monotonic clock, which nobody can set. A wall clock set
// days ahead (or back) would otherwise file tickets under the wrong service day and throw the
// queue's numbering off. Until the central answers, the machine's own clock.
class CorrectedClock final : public Clock {
  public:
    TimePoint now() const override;
    // The central's time, as an answer that just arrived gives it.
    void setReference(int64_t referenceUnixMs);
    // How far the machine's clock is from the central's (central minus machine), once known.
    std::optional<int64_t> machineOffsetMs() const;

  private:
    mutable std::mutex mutex_;
    std::optional<int64_t> referenceMs_;
    std::chrono::steady_clock::time_point referenceAt_;
};

}  // namespace hall
