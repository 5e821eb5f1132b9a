#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config/DeviceConfig.h"
#include "lan/DeviceKey.h"
#include "lan/HallConnection.h"
#include "queue/QueueCommand.h"
#include "queue/QueueSnapshot.h"

namespace hall {

// A counter's or display's live link to the hall, on two threads of its own so the screen
// never waits for the network: one keeps the queue snapshot fresh (a long-poll that returns as
// soon as anything changes), the other sends commands in order. A command that cannot reach
// the hall is retried with the same idempotency key until the hall answers, so it is neither
// lost nor applied twice. `wake` is called whenever there is something new to show.
class HallLink {
  public:
    struct View {
        std::optional<QueueSnapshot> snapshot;
        bool connected = false;
        std::string problem;  // why it is not connected, for staff and maintainers
        int pending = 0;      // commands not yet answered
        std::string staffId;
        std::string staffName;
    };
    struct Outcome {
        uint64_t id = 0;
        std::string what;  // "login", "logout" or the command's name
        Result<nlohmann::json> result = nlohmann::json();
    };

    HallLink(const DeviceConfig& config, DeviceKey key, std::function<void()> wake);
    ~HallLink();
    HallLink(const HallLink&) = delete;
    HallLink& operator=(const HallLink&) = delete;

    View view() const;
    uint64_t version() const;  // changes whenever view() or the outcomes change

    uint64_t send(const QueueCommand& command);
    uint64_t login(const std::string& staffId, std::string pin);
    uint64_t logout();
    std::vector<Outcome> takeOutcomes();

  private:
    struct Job {
        uint64_t id;
        std::string what;
        std::string path;
        nlohmann::json body;
        std::string idempotencyKey;
    };
    uint64_t enqueue(std::string what, std::string path, nlohmann::json body);
    void poll();
    void sendLoop();
    void changed();

    const DeviceConfig config_;
    std::function<void()> wake_;
    HallConnection pollConnection_;
    HallConnection sendConnection_;

    mutable std::mutex mutex_;
    std::condition_variable jobsChanged_;
    View view_;
    std::string staffToken_;
    std::deque<Job> jobs_;
    std::vector<Outcome> outcomes_;
    uint64_t nextJob_ = 1;
    uint64_t version_ = 1;
    bool stopping_ = false;
    std::thread poller_;
    std::thread sender_;
};

}  // namespace hall
