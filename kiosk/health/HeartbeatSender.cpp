#include "health/HeartbeatSender.h"

#include <cstdio>
#include <fstream>

#include "sync/SyncProtocol.h"
#include "text/UntrustedJson.h"

namespace hall {

HeartbeatSender::HeartbeatSender(CentralEndpoint central, DeviceKey key, Gather gather,
                                 std::chrono::milliseconds interval, OrderDesk* desk)
    : central_(std::move(central)),
      key_(std::move(key)),
      gather_(std::move(gather)),
      interval_(interval),
      desk_(desk),
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
    auto body = heartbeatJson(health);
    if (desk_) {
        // A screenshot an order asked for goes first, so its outcome goes with this heartbeat.
        if (auto shot = desk_->screenshotToSend()) {
            std::ifstream in(shot->second, std::ios::binary);
            const std::string png((std::istreambuf_iterator<char>(in)), {});
            auto sent = postToCentral(central_,
                                      std::string(sync::kPathScreenshot) + "?order=" + shot->first,
                                      png, &key_, health.sentAtMs);
            if (sent) {
                auto ok = checkAnswer(*sent, sync::kPathScreenshot);
                // Refused (4xx) is final; a central that did not answer is asked again.
                if (ok || sent->status < 500)
                    desk_->screenshotSent(shot->first, ok ? "" : ok.message());
            }
        }
        // A few at a time: a heartbeat stays well within the central's 16 KiB for one.
        auto outcomes = desk_->unreported();
        if (outcomes.size() > 8)
            outcomes.resize(8);
        body["orders"] = orders::outcomesJson(outcomes);
    }
    auto answer =
        postToCentral(central_, sync::kPathHeartbeat, dumpJson(body), &key_, health.sentAtMs);
    if (!answer)
        return answer.error();
    if (auto ok = checkAnswer(*answer, sync::kPathHeartbeat); !ok)
        return ok.error();
    if (desk_) {
        const auto j = parseUntrustedJson(answer->body);
        std::vector<std::string> orders, settled;
        for (const auto& o : j.value("orders", nlohmann::json::array())) {
            if (o.is_string())
                orders.push_back(o.get<std::string>());
        }
        for (const auto& id : j.value("orders_settled", nlohmann::json::array())) {
            if (id.is_string())
                settled.push_back(id.get<std::string>());
        }
        desk_->settled(settled);
        desk_->received(orders, health.sentAtMs);
    }
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
