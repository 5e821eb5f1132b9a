#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "Result.h"
#include "health/Heartbeat.h"
#include "lan/DeviceKey.h"
#include "orders/OrderDesk.h"
#include "sync/CentralLink.h"

namespace hall {

// Sends the terminal's health to the central every interval (POST /api/v1/heartbeat, signed
// with the terminal's key), on its own thread, apart from the event uploads: a heartbeat is
// small, is never queued or retried (the next one says more), and a central that does not
// answer costs the hall nothing.
// The heartbeat is also the terminal's next contact for remote orders: outcomes go with it,
// new orders come back in its answer (`desk`, when the terminal takes orders).
class HeartbeatSender {
  public:
    using Gather = std::function<health::TerminalHealth()>;
    HeartbeatSender(CentralEndpoint central, DeviceKey key, Gather gather,
                    std::chrono::milliseconds interval, OrderDesk* desk = nullptr);
    ~HeartbeatSender();
    HeartbeatSender(const HeartbeatSender&) = delete;
    HeartbeatSender& operator=(const HeartbeatSender&) = delete;

    // One heartbeat now, on the caller's thread: the central's answer (its alert codes) or why
    // it was not taken.
    Result<std::string> sendOnce();

  private:
    void run();

    CentralEndpoint central_;
    DeviceKey key_;
    Gather gather_;
    std::chrono::milliseconds interval_;
    OrderDesk* desk_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::string lastProblem_;  // logged once until it changes
    std::thread thread_;
};

}  // namespace hall
