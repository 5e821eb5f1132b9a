#pragma once
#include <chrono>
#include <cstdint>
#include <random>

namespace hall::sync {

// How long to wait before trying the central service again after `failures` failures in a
// row: doubling from one second up to five minutes, each wait drawn between half and all of
// that ("equal jitter"), so hundreds of halls coming back after an outage do not all call at
// once. A Retry-After from the server wins when it asks for longer.
std::chrono::milliseconds retryDelay(int failures, std::mt19937_64& random,
                                     std::chrono::milliseconds retryAfter = {});

inline constexpr std::chrono::milliseconds kFirstRetry{1000};
inline constexpr std::chrono::milliseconds kLongestRetry{5 * 60 * 1000};

}  // namespace hall::sync
