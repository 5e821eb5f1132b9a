#include "support/SlowPeers.h"

#include <algorithm>
#include <chrono>

namespace hall::test {

using namespace std::chrono_literals;

SlowPeers::SlowPeers(int port, int idle, int slow, const std::string& from) {
    for (int i = 0; i < idle; ++i) {
        if (auto c = RawTls::connect(port, from)) {
            idle_.push_back(std::move(c));
            ++opened_;
        }
    }
    for (int i = 0; i < slow; ++i) {
        auto c = RawTls::connect(port, from);
        if (c && c->handshake()) {
            slow_.push_back(std::move(c));
            ++opened_;
        }
    }
    dripper_ = std::thread([this] {
        const std::string request =
            "POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(4000, 's');
        size_t at = 0;
        while (!stop_) {
            for (auto& c : slow_) {
                if (c && !c->send(request.substr(at % request.size(), 1)))
                    c.reset();
            }
            ++at;
            for (int i = 0; i < 5 && !stop_; ++i)
                std::this_thread::sleep_for(100ms);
        }
    });
}

SlowPeers::~SlowPeers() {
    stop_ = true;
    dripper_.join();
}

int SlowPeers::slowOpen() const {
    return static_cast<int>(
        std::count_if(slow_.begin(), slow_.end(), [](const auto& c) { return c != nullptr; }));
}

}  // namespace hall::test
