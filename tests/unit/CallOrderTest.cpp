#include <doctest/doctest.h>

#include "queue/CallOrder.h"

using namespace hall;

namespace {

std::vector<Ticket> queueOf(const std::string& pattern) {
    // 'r' = regular, 'p' = priority, in issue order.
    std::vector<Ticket> out;
    int n = 1;
    for (char c : pattern) {
        Ticket t;
        t.number = formatTicketNumber('A', n++, 3);
        if (c == 'p')
            t.priority = PriorityCategory::Age70;
        out.push_back(t);
    }
    return out;
}

std::vector<const Ticket*> refs(const std::vector<Ticket>& q) {
    std::vector<const Ticket*> out;
    for (const auto& t : q)
        out.push_back(&t);
    return out;
}

std::string numbers(const std::vector<Ticket>& q, const std::vector<size_t>& order) {
    std::string out;
    for (size_t i : order)
        out += q[i].number.substr(2) + " ";
    return out;
}

}  // namespace

TEST_CASE("priority tickets are called before regular ones") {
    const auto q = queueOf("rrp");
    CHECK(numbers(q, callOrder(refs(q), 2, 0)) == "03 01 02 ");
}

TEST_CASE("after `burst` priority calls in a row the oldest regular ticket is called") {
    const auto q = queueOf("rrpppp");
    CHECK(numbers(q, callOrder(refs(q), 2, 0)) == "03 04 01 05 06 02 ");
    // Two priority calls just happened: a regular ticket is due first.
    CHECK(numbers(q, callOrder(refs(q), 2, 2)) == "01 03 04 02 05 06 ");
}

TEST_CASE("no regular ticket waits behind more than `burst` priority tickets per call") {
    for (int burst = 1; burst <= 4; ++burst) {
        const auto q = queueOf("rprpppppprpppppppr");
        const auto order = callOrder(refs(q), burst, 0);
        REQUIRE(order.size() == q.size());
        int run = 0;
        bool regularWaiting = true;
        for (size_t k = 0; k < order.size(); ++k) {
            if (q[order[k]].priority) {
                ++run;
                regularWaiting = false;
                for (size_t j = k + 1; j < order.size(); ++j)
                    regularWaiting |= !q[order[j]].priority;
                if (regularWaiting)
                    CHECK(run <= burst);
            } else {
                run = 0;
            }
        }
    }
}
