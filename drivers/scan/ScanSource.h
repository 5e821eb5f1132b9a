#pragma once
#include <functional>
#include <string>

namespace hall {

// What a scanner reports, on its own thread.
struct ScanEvent {
    enum class Kind {
        Code,          // `text`: what was read — personal data; the receiver wipes it after use
        Connected,     // the device is there (again); `text` names it
        Disconnected,  // unplugged or failed; `text` says why; it keeps trying to reconnect
        Refused,       // something was read but cannot be a code (`text` says what)
    };
    Kind kind = Kind::Code;
    std::string text;
};

// A device that reads QR codes for the terminal: a serial scanner module, a USB keyboard-wedge
// scanner, a camera. Each runs on its own thread from start() to stop() and survives being
// unplugged: it reports Disconnected, and Connected again when the device is back.
class ScanSource {
  public:
    using Listener = std::function<void(ScanEvent)>;
    virtual ~ScanSource() = default;
    virtual void start(Listener listener) = 0;
    virtual void stop() = 0;
    // For maintainers' logs and `kioskctl scanner test`: the kind and device.
    virtual std::string describe() const = 0;

    // Scanners send a code and then a terminator; longer than this is not a code.
    static constexpr size_t kMaxCodeBytes = 4096;
};

}  // namespace hall
