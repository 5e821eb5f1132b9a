#include "speech/VoiceGuide.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace hall {

VoiceGuide::VoiceGuide(std::unique_ptr<SpeechSynthesizer> voice, std::unique_ptr<AudioSink> sink,
                       int volume, std::optional<std::filesystem::path> transcript)
    : voice_(std::move(voice)),
      sink_(std::move(sink)),
      hallVolume_(std::clamp(volume, 0, 100)),
      volume_(hallVolume_),
      transcript_(std::move(transcript)),
      worker_([this] { run(); }) {}

VoiceGuide::~VoiceGuide() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        next_.reset();
    }
    cut_ = true;
    changed_.notify_all();
    worker_.join();
}

void VoiceGuide::say(std::string language, std::string text) {
    {
        std::lock_guard lock(mutex_);
        next_ = Utterance{std::move(language), std::move(text), std::chrono::steady_clock::now(),
                          ++asked_};
    }
    cut_ = true;  // whatever is playing gives way to the new sentence
    changed_.notify_all();
}

void VoiceGuide::stop() {
    bool wasSpeaking = false;
    {
        std::lock_guard lock(mutex_);
        wasSpeaking = busy_ || next_;
        next_.reset();
    }
    cut_ = true;
    changed_.notify_all();
    if (wasSpeaking)
        note("stop");
}

void VoiceGuide::setVolume(int percent) {
    volume_ = std::clamp(percent, 0, 100);
}

void VoiceGuide::drain() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !next_ && !busy_; });
}

std::string VoiceGuide::lastError() const {
    std::lock_guard lock(mutex_);
    return lastError_;
}

std::optional<std::chrono::milliseconds> VoiceGuide::lastStartDelay() const {
    std::lock_guard lock(mutex_);
    return lastStartDelay_;
}

void VoiceGuide::note(const std::string& line) {
    if (!transcript_)
        return;
    std::ofstream out(*transcript_, std::ios::app);
    out << line << "\n";
}

void VoiceGuide::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        changed_.wait(lock, [this] { return stopping_ || next_.has_value(); });
        if (stopping_)
            return;
        Utterance u = std::move(*next_);
        next_.reset();
        busy_ = true;
        cut_ = false;
        lock.unlock();
        auto pcm = voice_->synthesizeIn(u.language, u.text);
        const int volume = volume_;
        if (pcm) {
            for (auto& s : pcm->samples)
                s = static_cast<int16_t>(s * volume / 100);
        }
        const auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - u.asked);
        Result<void> played;
        if (pcm && !cut_) {
            note("say " + u.language + " " + std::to_string(volume) + " " +
                 std::to_string(delay.count()) + "ms " + u.text);
            played = sink_->playUntil(*pcm, cut_);
        }
        lock.lock();
        busy_ = false;
        const std::string error = !pcm ? pcm.message() : !played ? played.message() : "";
        // Logged when it starts and when it ends, not for every sentence: a terminal without
        // a speaker would otherwise fill its journal.
        if (error != lastError_) {
            if (!error.empty())
                std::fprintf(stderr, "kiosk: voice guidance: %s\n", error.c_str());
            else
                std::fprintf(stderr, "kiosk: voice guidance speaks again\n");
        }
        lastError_ = error;
        if (error.empty())
            lastStartDelay_ = delay;
        changed_.notify_all();
    }
}

}  // namespace hall
