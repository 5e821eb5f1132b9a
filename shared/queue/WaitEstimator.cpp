#include "queue/WaitEstimator.h"

#include <algorithm>
#include <cmath>

namespace hall {

WaitEstimator::WaitEstimator(const HallConfig& config) {
    for (const auto& s : config.services)
        averages_[s.letter] = Average{s.averageServiceMinutes * 60.0, 0};
}

void WaitEstimator::observe(char service, double seconds) {
    Average& a = averages_[service];
    const double clamped = std::clamp(seconds, 30.0, 2 * 3600.0);
    a.seconds =
        a.samples == 0 ? (a.seconds + clamped) / 2 : a.seconds + kWeight * (clamped - a.seconds);
    ++a.samples;
}

void WaitEstimator::restore(char service, double averageSeconds, int samples) {
    averages_[service] = Average{averageSeconds, samples};
}

double WaitEstimator::averageSeconds(char service) const {
    auto it = averages_.find(service);
    return it == averages_.end() ? 300.0 : it->second.seconds;
}

int WaitEstimator::samples(char service) const {
    auto it = averages_.find(service);
    return it == averages_.end() ? 0 : it->second.samples;
}

int WaitEstimator::minutesFor(const std::vector<const Ticket*>& ahead, int openWindows) const {
    double seconds = 0;
    for (const Ticket* t : ahead)
        seconds += averageSeconds(t->queueService());
    return static_cast<int>(std::ceil(seconds / std::max(1, openWindows) / 60.0));
}

}  // namespace hall
