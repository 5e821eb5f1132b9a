#include "health/HeartbeatSender.h"

#include <cstdio>

#include "sync/SyncProtocol.h"
#include "text/UntrustedJson.h"

namespace hall {

HeartbeatSender::HeartbeatSender(CentralEndpoint central, DeviceKey key, Gather gather,
                                 std::chrono::milliseconds interval)
    : central_(std::move(central)),
      key_(std::move(key)),
      gather_(std::move(gather)),
      interval_(interval),
      thread_([this] { run(); }) {}

HeartbeatSender::~HeartbeatSender() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

Result<std::string> HeartbeatSender::sendOnce() {
    const auto health = gather_();
    auto answer = postToCentral(central_, sync::kPathHeartbeat, dumpJson(heartbeatJson(health)),
                                &key_, health.sentAtMs);
    if (!answer)
        return answer.error();
    if (auto ok = checkAnswer(*answer, sync::kPathHeartbeat); !ok)
        return ok.error();
    return answer->body;
}

void HeartbeatSender::run() {
    std::unique_lock lock(mutex_);
    // The first one soon after start: a restarted terminal shows at once as up again.
    auto wait = std::chrono::milliseconds(std::min<int64_t>(interval_.count(), 2000));
    while (!wake_.wait_for(lock, wait, [this] { return stopping_; })) {
        lock.unlock();
        auto sent = sendOnce();
        const std::string problem = sent ? "" : sent.message();
        lock.lock();
        if (problem != lastProblem_) {
            if (!problem.empty())
                std::fprintf(stderr, "kiosk: heartbeat not taken: %s\n", problem.c_str());
            else
                std::fprintf(stderr, "kiosk: heartbeats reach the central again\n");
            lastProblem_ = problem;
        }
        wait = interval_;
    }
}

}  // namespace hall
