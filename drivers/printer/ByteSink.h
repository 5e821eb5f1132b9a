#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "Result.h"

namespace hall {

// Where a printer's bytes go: a device node, a raw TCP port, or a file.
class ByteSink {
  public:
    virtual ~ByteSink() = default;
    virtual Result<void> write(const std::vector<uint8_t>& bytes) = 0;
    virtual std::string describe() const = 0;
};

// Appends to a file (created if missing): the demo's printer, and a capture for diagnosis.
std::unique_ptr<ByteSink> makeFileSink(std::filesystem::path path);
// A printer device node (/dev/usb/lp0, a serial port): opened per slip, so a printer that was
// unplugged and plugged back in works again without a restart.
std::unique_ptr<ByteSink> makeDeviceSink(std::filesystem::path path,
                                         std::chrono::milliseconds timeout);
// A network printer's raw port (JetDirect, usually 9100).
std::unique_ptr<ByteSink> makeTcpSink(std::string host, int port,
                                      std::chrono::milliseconds timeout);

}  // namespace hall
