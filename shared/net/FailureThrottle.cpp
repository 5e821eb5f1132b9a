#include "net/FailureThrottle.h"

#include <algorithm>

namespace hall::net {

FailureThrottle::FailureThrottle(int maxFailures, std::chrono::seconds window, size_t maxAddresses)
    : maxFailures_(maxFailures), window_(window), maxAddresses_(maxAddresses) {}

void FailureThrottle::forgetOld(std::deque<Clock::time_point>& failures,
                                Clock::time_point now) const {
    while (!failures.empty() && failures.front() + window_ <= now)
        failures.pop_front();
}

std::chrono::seconds FailureThrottle::blockedFor(const std::string& peer) {
    std::lock_guard lock(mutex_);
    auto it = failures_.find(peer);
    if (it == failures_.end())
        return std::chrono::seconds(0);
    const auto now = Clock::now();
    forgetOld(it->second, now);
    if (static_cast<int>(it->second.size()) < maxFailures_) {
        if (it->second.empty())
            failures_.erase(it);
        return std::chrono::seconds(0);
    }
    const auto left = it->second.front() + window_ - now;
    return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(left));
}

void FailureThrottle::failed(const std::string& peer) {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    if (failures_.size() >= maxAddresses_ && !failures_.count(peer)) {
        // Full: forget the address whose last failure is oldest.
        auto last = [](const auto& entry) {
            return entry.second.empty() ? Clock::time_point::min() : entry.second.back();
        };
        failures_.erase(
            std::min_element(failures_.begin(), failures_.end(),
                             [&](const auto& a, const auto& b) { return last(a) < last(b); }));
    }
    auto& list = failures_[peer];
    forgetOld(list, now);
    list.push_back(now);
    // Only the newest maxFailures matter.
    while (static_cast<int>(list.size()) > maxFailures_)
        list.pop_front();
}

}  // namespace hall::net
