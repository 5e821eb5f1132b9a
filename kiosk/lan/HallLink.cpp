#include "lan/HallLink.h"

#include <algorithm>

#include "crypto/Random.h"
#include "lan/LanProtocol.h"

namespace hall {

using namespace std::chrono_literals;

HallLink::HallLink(const DeviceConfig& config, DeviceKey key, std::function<void()> wake)
    : config_(config),
      wake_(std::move(wake)),
      pollConnection_(key, config.hallUrl, config.hallCertificate),
      sendConnection_(key, config.hallUrl, config.hallCertificate) {
    poller_ = std::thread([this] { poll(); });
    sender_ = std::thread([this] { sendLoop(); });
}

HallLink::~HallLink() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        // A PIN still waiting to be sent must not outlive the link.
        for (auto& j : jobs_) {
            if (j.body.contains("pin"))
                j.body["pin"] = std::string(j.body["pin"].get<std::string>().size(), '0');
        }
    }
    jobsChanged_.notify_all();
    poller_.join();
    sender_.join();
}

HallLink::View HallLink::view() const {
    std::lock_guard lock(mutex_);
    View v = view_;
    v.pending = static_cast<int>(jobs_.size());
    return v;
}

uint64_t HallLink::version() const {
    std::lock_guard lock(mutex_);
    return version_;
}

void HallLink::changed() {
    ++version_;
    if (wake_)
        wake_();
}

uint64_t HallLink::enqueue(std::string what, std::string path, nlohmann::json body) {
    uint64_t id = 0;
    {
        std::lock_guard lock(mutex_);
        id = nextJob_++;
        jobs_.push_back(Job{id, std::move(what), std::move(path), std::move(body), randomHex(16)});
        changed();
    }
    jobsChanged_.notify_all();
    return id;
}

uint64_t HallLink::send(const QueueCommand& command) {
    return enqueue(std::string(commandName(command)), lan::kPathCommands,
                   lan::commandToJson(command));
}

uint64_t HallLink::login(const std::string& staffId, std::string pin) {
    const uint64_t id = enqueue("login", lan::kPathLogin, {{"staff_id", staffId}, {"pin", pin}});
    std::fill(pin.begin(), pin.end(), '0');
    return id;
}

uint64_t HallLink::logout() {
    return enqueue("logout", lan::kPathLogout, nlohmann::json::object());
}

std::vector<HallLink::Outcome> HallLink::takeOutcomes() {
    std::lock_guard lock(mutex_);
    std::vector<Outcome> out;
    out.swap(outcomes_);
    return out;
}

void HallLink::poll() {
    uint64_t revision = 0;
    std::string epoch;
    auto backoff = 500ms;
    while (true) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_)
                return;
        }
        const std::string target = std::string(lan::kPathQueue) +
                                   "?after=" + std::to_string(revision) + "&epoch=" + epoch +
                                   "&wait=5";
        auto r = pollConnection_.get(target, 15s);
        Result<QueueSnapshot> snapshot =
            r ? lan::snapshotFromJson(*r) : Result<QueueSnapshot>(r.error());
        {
            std::lock_guard lock(mutex_);
            if (stopping_)
                return;
            if (snapshot) {
                const bool wasDown = !view_.connected;
                const bool fresh = !view_.snapshot ||
                                   snapshot->revision != view_.snapshot->revision ||
                                   snapshot->epoch != view_.snapshot->epoch;
                revision = snapshot->revision;
                epoch = snapshot->epoch;
                view_.snapshot = std::move(snapshot).value();
                view_.connected = true;
                view_.problem.clear();
                if (wasDown || fresh)
                    changed();
                backoff = 500ms;
                continue;
            }
            if (view_.connected || view_.problem != snapshot.message()) {
                view_.connected = false;
                view_.problem = snapshot.message();
                changed();
            }
        }
        // Not reachable: try again soon, then less often, never more than every 5 s.
        std::unique_lock lock(mutex_);
        jobsChanged_.wait_for(lock, backoff, [this] { return stopping_; });
        backoff = std::min<std::chrono::milliseconds>(backoff * 2, 5s);
    }
}

void HallLink::sendLoop() {
    auto backoff = 500ms;
    while (true) {
        Job job;
        std::string token;
        {
            std::unique_lock lock(mutex_);
            jobsChanged_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_)
                return;
            job = jobs_.front();
            token = staffToken_;
        }
        auto r = sendConnection_.post(job.path, job.body, job.idempotencyKey, token);
        if (job.body.contains("pin")) {
            auto& pin = job.body["pin"].get_ref<std::string&>();
            std::fill(pin.begin(), pin.end(), '0');
        }
        std::unique_lock lock(mutex_);
        if (!r && HallConnection::retryable(r.error())) {
            if (view_.connected || view_.problem != r.message()) {
                view_.connected = false;
                view_.problem = r.message();
                changed();
            }
            jobsChanged_.wait_for(lock, backoff, [this] { return stopping_; });
            backoff = std::min<std::chrono::milliseconds>(backoff * 2, 5s);
            continue;  // the same job, the same key
        }
        backoff = 500ms;
        jobs_.pop_front();
        if (job.what == "login" && r) {
            staffToken_ = (*r)["token"];
            view_.staffId = (*r).value("staff_id", "");
            view_.staffName = (*r).value("staff_name", "");
        }
        if (job.what == "logout" || (!r && r.error().code == "auth.staff_required")) {
            staffToken_.clear();
            view_.staffId.clear();
            view_.staffName.clear();
        }
        outcomes_.push_back(Outcome{job.id, job.what, r});
        changed();
    }
}

}  // namespace hall
