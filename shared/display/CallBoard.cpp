#include "display/CallBoard.h"

#include <algorithm>

namespace hall {

std::vector<CallEvent> CallBoard::update(const QueueSnapshot& s, TimePoint now) {
    std::vector<CallEvent> fresh;
    const bool restarted = s.epoch != epoch_;
    for (auto it = s.calls.rbegin(); it != s.calls.rend(); ++it) {  // snapshot lists newest first
        const CallEvent& c = *it;
        if (restarted ? s.nowMs - c.atMs <= kFreshMs : c.sequence > lastSequence_)
            fresh.push_back(c);
    }
    epoch_ = s.epoch;
    for (const auto& c : s.calls)
        lastSequence_ = std::max(lastSequence_, c.sequence);
    if (!fresh.empty()) {
        newest_ = fresh.back();
        flashStart_ = now;
        flashUntil_ = now + kFlash;
    } else if (!newest_ && !s.calls.empty()) {
        newest_ = s.calls.front();  // shown, but not flashing: it is old news
    }
    return fresh;
}

bool CallBoard::flashOn(TimePoint now) const {
    if (!flashing(now))
        return false;
    return ((now - flashStart_) / kBlink) % 2 == 0;
}

TimePoint CallBoard::nextDeadline(TimePoint now) const {
    if (!flashing(now))
        return TimePoint::max();
    const auto blinks = (now - flashStart_) / kBlink + 1;
    return std::min(flashUntil_, flashStart_ + blinks * kBlink);
}

}  // namespace hall
