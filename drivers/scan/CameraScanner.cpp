#include "scan/CameraScanner.h"

#include <sodium.h>

#include <chrono>

namespace hall {

CameraScanner::CameraScanner(std::unique_ptr<FrameSource> source, QrDecoder decoder)
    : source_(std::move(source)), decoder_(decoder) {}

CameraScanner::~CameraScanner() {
    stop();
}

std::string CameraScanner::describe() const {
    return source_->describe();
}

std::shared_ptr<const GreyFrame> CameraScanner::latestFrame() const {
    std::lock_guard lock(mutex_);
    return latest_;
}

void CameraScanner::start(Listener listener) {
    stop();
    stopping_ = false;
    captureThread_ = std::thread([this, listener] { capture(listener); });
    decodeThread_ = std::thread([this, listener] { decode(listener); });
}

void CameraScanner::stop() {
    stopping_ = true;
    fresh_.notify_all();
    if (captureThread_.joinable())
        captureThread_.join();
    if (decodeThread_.joinable())
        decodeThread_.join();
}

void CameraScanner::capture(const Listener& emit) {
    bool reportedAbsent = false;
    while (!stopping_) {
        if (auto opened = source_->open(); !opened) {
            if (!reportedAbsent)
                emit({ScanEvent::Kind::Disconnected, opened.message()});
            reportedAbsent = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            continue;
        }
        reportedAbsent = false;
        emit({ScanEvent::Kind::Connected, describe()});
        while (!stopping_) {
            if (!active_) {
                // The last picture may show a resident's phone: not kept while nobody scans.
                {
                    std::lock_guard lock(mutex_);
                    latest_.reset();
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                continue;
            }
            auto frame = source_->next();
            if (!frame) {
                if (frame.error().code == "scan.no_frame")
                    continue;
                emit({ScanEvent::Kind::Disconnected, frame.message()});
                reportedAbsent = true;
                break;
            }
            {
                std::lock_guard lock(mutex_);
                latest_ = std::make_shared<const GreyFrame>(std::move(frame).value());
                ++latestNumber_;
            }
            ++captured_;
            fresh_.notify_one();
        }
        source_->close();
        if (!stopping_)
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
}

void CameraScanner::decode(const Listener& emit) {
    using Clock = std::chrono::steady_clock;
    uint64_t done = 0;
    std::string lastText;
    Clock::time_point lastSeen{};
    while (!stopping_) {
        std::shared_ptr<const GreyFrame> frame;
        {
            std::unique_lock lock(mutex_);
            fresh_.wait_for(lock, std::chrono::milliseconds(200),
                            [&] { return stopping_ || latestNumber_ != done; });
            if (stopping_ || latestNumber_ == done)
                continue;
            frame = latest_;
            done = latestNumber_;
        }
        if (!frame)
            continue;  // dropped while nobody was scanning
        auto code = decoder_.decode(*frame);
        ++decoded_;
        const auto now = Clock::now();
        if (!code) {
            // Out of sight long enough: the same code shown again is a new scan.
            if (!lastText.empty() && now - lastSeen > std::chrono::milliseconds(1500)) {
                sodium_memzero(lastText.data(), lastText.size());
                lastText.clear();
            }
            continue;
        }
        if (code->text != lastText)
            emit({ScanEvent::Kind::Code, code->text});
        sodium_memzero(lastText.data(), lastText.size());
        lastText = code->text;
        lastSeen = now;
        sodium_memzero(code->text.data(), code->text.size());
    }
    sodium_memzero(lastText.data(), lastText.size());
}

}  // namespace hall
