#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "Result.h"

namespace hall {

// 16-bit mono PCM.
struct Pcm {
    int sampleRate = 22050;
    std::vector<int16_t> samples;

    double seconds() const {
        return sampleRate ? static_cast<double>(samples.size()) / sampleRate : 0;
    }
};

// Where the display's sound goes: the hall's loudspeaker (ALSA), or a WAV file.
class AudioSink {
  public:
    virtual ~AudioSink() = default;
    // Blocks until the sound has been played (or written).
    virtual Result<void> play(const Pcm& pcm) = 0;
    // Plays in short pieces, as they are due, stopping at the first piece after `stop` turns
    // true (a resident tapped): what was heard, no more.
    virtual Result<void> playUntil(const Pcm& pcm, const std::atomic<bool>& stop) = 0;
    virtual std::string describe() const = 0;
};

// An ALSA device ("default", "hw:0,0", "plughw:1,0"). Opened per announcement, so a speaker
// that was unplugged and plugged back works again.
std::unique_ptr<AudioSink> makeAlsaSink(std::string device);
// A WAV file holding everything played so far, rewritten after each sound (tests, diagnosis).
std::unique_ptr<AudioSink> makeWavFileSink(std::filesystem::path file);

// A short two-tone chime (叮咚) that draws attention before a call is spoken.
Pcm makeChime(int sampleRate);

Result<Pcm> readWavFile(const std::filesystem::path& file);

}  // namespace hall
