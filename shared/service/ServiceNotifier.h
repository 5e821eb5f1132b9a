#pragma once
#include <chrono>
#include <string>

namespace hall {

// What a service tells systemd (sd_notify): that it is ready, how it is, and — while it is
// well — that it is alive, for WatchdogSec=. Outside systemd (a terminal run by hand, the
// tests) every call does nothing.
class ServiceNotifier {
  public:
    ServiceNotifier();

    void ready(const std::string& status);
    void status(const std::string& status);
    // Sends WATCHDOG=1, at most once per a sixth of the watchdog's interval.
    void alive();
    // How often alive() must be called; zero when systemd is not watching.
    std::chrono::milliseconds watchdogInterval() const { return interval_; }

  private:
    std::chrono::milliseconds interval_{0};
    std::chrono::steady_clock::time_point lastAlive_{};
};

}  // namespace hall
