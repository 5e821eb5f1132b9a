#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace hall::net {

// Asks a service of this process, as a client would, whether it still answers: every few
// seconds a GET of `url` over HTTPS (trusting `certificate`), and `alsoCheck` (say, taking the
// queue's lock), on a thread of its own. A hung event loop or a deadlock shows as an answer
// that stops coming; the service then stops telling systemd's watchdog it is alive, and is
// restarted.
class LivenessProbe {
  public:
    // The URL at which a service listening on `listenAddress`:`port` answers `path` from this
    // machine (a wildcard address is asked on loopback).
    static std::string localUrl(const std::string& listenAddress, int port,
                                const std::string& path);

    LivenessProbe(std::string url, std::filesystem::path certificate,
                  std::function<void()> alsoCheck = {},
                  std::chrono::milliseconds every = std::chrono::seconds(5));
    ~LivenessProbe();
    LivenessProbe(const LivenessProbe&) = delete;
    LivenessProbe& operator=(const LivenessProbe&) = delete;

    // Whether the last answer came within `maxAge` (true until the first probe is due).
    bool answeredWithin(std::chrono::milliseconds maxAge) const;

  private:
    void run();
    bool probeOnce();

    std::string url_;
    std::filesystem::path certificate_;
    std::function<void()> alsoCheck_;
    std::chrono::milliseconds every_;
    std::atomic<int64_t> lastAnswerMs_;  // steady clock, ms
    std::mutex mutex_;
    std::condition_variable stop_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace hall::net
