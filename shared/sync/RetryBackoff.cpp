#include "sync/RetryBackoff.h"

#include <algorithm>

namespace hall::sync {

std::chrono::milliseconds retryDelay(int failures, std::mt19937_64& random,
                                     std::chrono::milliseconds retryAfter) {
    int64_t ceiling = kFirstRetry.count();
    for (int i = 1; i < failures && ceiling < kLongestRetry.count(); ++i)
        ceiling *= 2;
    ceiling = std::min(ceiling, static_cast<int64_t>(kLongestRetry.count()));
    std::uniform_int_distribution<int64_t> between(ceiling / 2, ceiling);
    const int64_t wait = between(random);
    return std::chrono::milliseconds(
        std::max(wait, std::min(retryAfter.count(), static_cast<int64_t>(kLongestRetry.count()))));
}

}  // namespace hall::sync
