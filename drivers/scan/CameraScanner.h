#pragma once
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "scan/FrameSource.h"
#include "scan/QrDecoder.h"
#include "scan/ScanSource.h"

namespace hall {

// Reads codes from camera frames. One thread captures; another decodes the newest frame only,
// so decoding never holds up capture or the preview, and a slow decode skips frames instead of
// falling behind. A code held in front of the camera is read on many frames: it is reported
// once, and again only after it has been out of sight for a moment.
class CameraScanner : public ScanSource {
  public:
    explicit CameraScanner(std::unique_ptr<FrameSource> source, QrDecoder decoder = QrDecoder());
    ~CameraScanner() override;

    void start(Listener listener) override;
    void stop() override;
    std::string describe() const override;

    // Frames are captured and decoded only while active: a terminal decodes while a screen
    // asks for a code, and otherwise leaves the CPU idle.
    void setActive(bool active) { active_ = active; }

    // The newest frame, for the live preview; null before the first.
    std::shared_ptr<const GreyFrame> latestFrame() const;
    // Counts for maintainers: frames captured and decoded so far.
    uint64_t framesCaptured() const { return captured_; }
    uint64_t framesDecoded() const { return decoded_; }

  private:
    void capture(const Listener& emit);
    void decode(const Listener& emit);

    std::unique_ptr<FrameSource> source_;
    QrDecoder decoder_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> active_{true};
    mutable std::mutex mutex_;
    std::condition_variable fresh_;
    std::shared_ptr<const GreyFrame> latest_;
    uint64_t latestNumber_ = 0;
    std::atomic<uint64_t> captured_{0}, decoded_{0};
    std::thread captureThread_, decodeThread_;
};

}  // namespace hall
