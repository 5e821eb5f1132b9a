#pragma once
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "config/HallConfig.h"
#include "health/Heartbeat.h"
#include "scan/ScanSource.h"
#include "time/CorrectedClock.h"

namespace hall {

class AsyncPrinter;
class CentralLink;
class HallServer;
class QueueEngine;

// What the hall role knows of its own health, for the heartbeat: facts the UI thread notes as
// they happen (the screen's name, scanner news) and those asked when a heartbeat is made, on
// the heartbeat's thread (the printer, the disk, the central link). Never a resident's data.
class HealthProbe {
  public:
    // The role's parts; a part the role does not have is null.
    struct Parts {
        const HallConfig& config;
        std::string version;
        CorrectedClock& clock;
        QueueEngine& queue;
        AsyncPrinter* printer = nullptr;
        const CentralLink* central = nullptr;
        const HallServer* lan = nullptr;
    };
    explicit HealthProbe(Parts parts);

    // UI thread: the screen shown now, and what a scanner (index in config.scanners) said.
    void noteScreen(std::string_view screen);
    void noteScanner(size_t index, ScanEvent::Kind kind);

    // Any thread; blocks while the printer is asked (up to its timeout).
    health::TerminalHealth gather();

  private:
    Parts parts_;
    const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::mutex mutex_;
    std::string screen_;
    std::vector<health::ScannerHealth> scanners_;
};

}  // namespace hall
