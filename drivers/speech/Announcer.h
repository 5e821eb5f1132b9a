#pragma once
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "Result.h"
#include "speech/AudioSink.h"

namespace hall {

// Turns text into speech.
class SpeechSynthesizer {
  public:
    virtual ~SpeechSynthesizer() = default;
    virtual Result<Pcm> synthesize(const std::string& text) = 0;
    // In a language of the hall (zh-CN, ko, en); a voice with one language speaks only that.
    virtual Result<Pcm> synthesizeIn(const std::string& language, const std::string& text) {
        (void)language;
        return synthesize(text);
    }
};

// The espeak-ng voice for a language of the hall: zh-CN → cmn-latn-pinyin, ko, en.
std::string espeakVoiceFor(const std::string& language);

// espeak-ng's Mandarin voice, a little slower than its default so older residents follow,
// and for synthesizeIn its Korean (ko) and English (en) voices too.
// Returns nullptr with a reason in `why` when espeak-ng or its Mandarin voice is missing.
std::unique_ptr<SpeechSynthesizer> makeEspeakSynthesizer(std::string& why);

// The announcer's twin for tests and demos: speaks nothing, remembers what it was asked to say.
class SimulatedSynthesizer final : public SpeechSynthesizer {
  public:
    Result<Pcm> synthesize(const std::string& text) override;
    Result<Pcm> synthesizeIn(const std::string& language, const std::string& text) override;
    std::vector<std::string> spoken() const;

  private:
    mutable std::mutex mutex_;
    std::vector<std::string> spoken_;
};

// Announcements play one after another on their own thread, never over each other and never
// holding up the screen: a chime, then the text `repeat` times.
class Announcer {
  public:
    Announcer(std::unique_ptr<SpeechSynthesizer> voice, std::unique_ptr<AudioSink> sink,
              int repeat);
    ~Announcer();
    Announcer(const Announcer&) = delete;
    Announcer& operator=(const Announcer&) = delete;

    void announce(std::string text);
    // Blocks until everything queued has been played (tests).
    void drain();
    std::string lastError() const;

  private:
    void run();

    std::unique_ptr<SpeechSynthesizer> voice_;
    std::unique_ptr<AudioSink> sink_;
    int repeat_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::string> queue_;
    bool busy_ = false;
    bool stopping_ = false;
    std::string lastError_;
    std::thread worker_;
};

}  // namespace hall
