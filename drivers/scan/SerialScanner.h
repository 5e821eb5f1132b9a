#pragma once
#include <atomic>
#include <filesystem>
#include <thread>

#include "scan/LineFramer.h"
#include "scan/ScanSource.h"

namespace hall {

// A serial QR scanner module (/dev/ttyACM*, /dev/ttyUSB*, or a stable /dev/serial/by-id/ link):
// raw 8N1 at the configured baud, codes ended by the configured terminator. When the device
// goes (unplugged, EIO) it reopens the path every half second until it is back.
class SerialScanner : public ScanSource {
  public:
    SerialScanner(std::filesystem::path device, int baud, LineFramer::Terminator terminator);
    ~SerialScanner() override;

    static bool supportedBaud(int baud);

    void start(Listener listener) override;
    void stop() override;
    std::string describe() const override;

  private:
    void run(Listener listener);

    std::filesystem::path device_;
    int baud_;
    LineFramer::Terminator terminator_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace hall
