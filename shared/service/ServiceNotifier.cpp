#include "service/ServiceNotifier.h"

#include <systemd/sd-daemon.h>

namespace hall {

ServiceNotifier::ServiceNotifier() {
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0)
        interval_ = std::chrono::milliseconds(usec / 1000);
}

void ServiceNotifier::ready(const std::string& status) {
    sd_notifyf(0, "READY=1\nSTATUS=%s", status.c_str());
}

void ServiceNotifier::status(const std::string& status) {
    sd_notifyf(0, "STATUS=%s", status.c_str());
}

void ServiceNotifier::alive() {
    if (interval_.count() == 0)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (now - lastAlive_ < interval_ / 6)
        return;
    lastAlive_ = now;
    sd_notify(0, "WATCHDOG=1");
}

}  // namespace hall
