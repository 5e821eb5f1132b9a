#include "queue/CallOrder.h"

namespace hall {

std::vector<size_t> callOrder(const std::vector<const Ticket*>& waiting, int burst, int streak) {
    std::vector<size_t> priority;
    std::vector<size_t> regular;
    for (size_t i = 0; i < waiting.size(); ++i) {
        (waiting[i]->priority ? priority : regular).push_back(i);
    }
    std::vector<size_t> order;
    order.reserve(waiting.size());
    size_t p = 0;
    size_t r = 0;
    while (p < priority.size() || r < regular.size()) {
        const bool regularLeft = r < regular.size();
        const bool takePriority = p < priority.size() && (!regularLeft || streak < burst);
        if (takePriority) {
            order.push_back(priority[p++]);
            ++streak;
        } else {
            order.push_back(regular[r++]);
            streak = 0;
        }
    }
    return order;
}

}  // namespace hall
