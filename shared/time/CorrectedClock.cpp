#include "time/CorrectedClock.h"

namespace hall {

TimePoint CorrectedClock::now() const {
    std::lock_guard lock(mutex_);
    if (!referenceMs_)
        return std::chrono::system_clock::now();
    const auto since = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - referenceAt_);
    return fromUnixMillis(*referenceMs_ + since.count());
}

void CorrectedClock::setReference(int64_t referenceUnixMs) {
    std::lock_guard lock(mutex_);
    referenceMs_ = referenceUnixMs;
    referenceAt_ = std::chrono::steady_clock::now();
}

std::optional<int64_t> CorrectedClock::machineOffsetMs() const {
    const int64_t machine = toUnixMillis(std::chrono::system_clock::now());
    const int64_t hall = toUnixMillis(now());
    std::lock_guard lock(mutex_);
    if (!referenceMs_)
        return std::nullopt;
    return hall - machine;
}

}  // namespace hall
