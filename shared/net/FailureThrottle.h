#pragma once
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace hall::net {

// Slows down an address that keeps failing to authenticate (wrong enrolment codes, bad
// signatures): after `maxFailures` within `window` it is refused until the oldest of them is
// older than the window. Guessing then costs time; a real client that fails once or twice
// does not notice. Remembers a bounded number of addresses, forgetting the quietest first.
class FailureThrottle {
  public:
    FailureThrottle(int maxFailures, std::chrono::seconds window, size_t maxAddresses = 10000);

    // How long `peer` must wait before it is heard again; zero when it may go on.
    std::chrono::seconds blockedFor(const std::string& peer);
    void failed(const std::string& peer);

  private:
    using Clock = std::chrono::steady_clock;
    void forgetOld(std::deque<Clock::time_point>& failures, Clock::time_point now) const;

    int maxFailures_;
    std::chrono::seconds window_;
    size_t maxAddresses_;
    std::mutex mutex_;
    std::map<std::string, std::deque<Clock::time_point>> failures_;
};

}  // namespace hall::net
