#pragma once
#include <atomic>
#include <string>
#include <thread>

#include "scan/ScanSource.h"

namespace hall {

// A USB scanner that types what it reads as a keyboard (keyboard wedge), read through evdev
// with an exclusive grab: the scanned text never reaches the window, where it would land in
// whatever field has focus. The device is found by a part of its name (event numbers change
// when it is plugged in again), US keyboard layout, Enter ends a code.
class HidScanner : public ScanSource {
  public:
    explicit HidScanner(std::string nameContains, std::string inputDir = "/dev/input");
    ~HidScanner() override;

    void start(Listener listener) override;
    void stop() override;
    std::string describe() const override;

  private:
    void run(Listener listener);
    std::string findDevice() const;

    std::string nameContains_;
    std::string inputDir_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

// The character a key makes on a US layout, or 0 for keys that make none.
char usKeyChar(unsigned code, bool shift);

}  // namespace hall
