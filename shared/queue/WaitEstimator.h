#pragma once
#include <map>
#include <vector>

#include "config/HallConfig.h"
#include "queue/Ticket.h"

namespace hall {

// Estimated waits from observed service times: an exponentially weighted moving average of how
// long each service takes at a window (seeded from the config's average_minutes), summed over
// the tickets ahead and shared among the windows now open.
class WaitEstimator {
  public:
    explicit WaitEstimator(const HallConfig& config);

    // A finished service took this long; very short or very long ones are clamped so one
    // forgotten "finish" does not distort the hall's estimates for hours.
    void observe(char service, double seconds);
    void restore(char service, double averageSeconds, int samples);

    double averageSeconds(char service) const;
    int samples(char service) const;
    int minutesFor(const std::vector<const Ticket*>& ahead, int openWindows) const;

    static constexpr double kWeight =
        0.1;  // of each new observation: about the last 20 services count  // of each new
              // observation  // of each new observation  // of each new observation  // of each new
              // observation

  private:
    struct Average {
        double seconds = 300;
        int samples = 0;
    };
    std::map<char, Average> averages_;
};

}  // namespace hall
