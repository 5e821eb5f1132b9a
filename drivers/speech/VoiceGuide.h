#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "speech/Announcer.h"
#include "speech/AudioSink.h"

namespace hall {

// Spoken guidance at the resident terminal: one sentence at a time, in the language on screen.
// A new sentence replaces whatever is still being said, and stop() (a tap) silences it at once:
// a resident who is acting needs no more words. Speaks on its own thread, never holding up the
// screen.
class VoiceGuide {
  public:
    // `volume`: the hall's level in percent, which every resident starts at.
    VoiceGuide(std::unique_ptr<SpeechSynthesizer> voice, std::unique_ptr<AudioSink> sink,
               int volume, std::optional<std::filesystem::path> transcript = std::nullopt);
    ~VoiceGuide();
    VoiceGuide(const VoiceGuide&) = delete;
    VoiceGuide& operator=(const VoiceGuide&) = delete;

    void say(std::string language, std::string text);
    void stop();
    // A resident's own level for this visit, and back to the hall's when it ends.
    void setVolume(int percent);
    void resetVolume() { setVolume(hallVolume_); }
    int volume() const { return volume_; }
    // Blocks until nothing is queued or playing (tests, snapshots).
    void drain();
    // Why the last sentence was not heard (espeak-ng, the speaker); empty once one is.
    std::string lastError() const;
    // From the last say() to its first sound reaching the sink (the 300 ms goal).
    std::optional<std::chrono::milliseconds> lastStartDelay() const;

  private:
    struct Utterance {
        std::string language, text;
        std::chrono::steady_clock::time_point asked;
        uint64_t number = 0;
    };
    void run();
    void note(const std::string& line);

    std::unique_ptr<SpeechSynthesizer> voice_;
    std::unique_ptr<AudioSink> sink_;
    const int hallVolume_;
    std::atomic<int> volume_;
    std::optional<std::filesystem::path> transcript_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::optional<Utterance> next_;
    uint64_t asked_ = 0;
    bool busy_ = false;
    bool stopping_ = false;
    std::atomic<bool> cut_{false};
    std::string lastError_;
    std::optional<std::chrono::milliseconds> lastStartDelay_;
    std::thread worker_;
};

}  // namespace hall
