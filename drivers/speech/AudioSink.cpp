#include "speech/AudioSink.h"

#include <alsa/asoundlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <mutex>
#include <thread>

namespace hall {

namespace {

class AlsaSink final : public AudioSink {
  public:
    explicit AlsaSink(std::string device) : device_(std::move(device)) {}
    Result<void> play(const Pcm& pcm) override {
        static const std::atomic<bool> never{false};
        return playUntil(pcm, never);
    }
    Result<void> playUntil(const Pcm& pcm, const std::atomic<bool>& stop) override {
        snd_pcm_t* handle = nullptr;
        int rc = snd_pcm_open(&handle, device_.c_str(), SND_PCM_STREAM_PLAYBACK, 0);
        if (rc < 0)
            return fail("audio device \"" + device_ + "\": " + snd_strerror(rc) +
                        " (is the speaker connected?)");
        // A short buffer, so a stop is heard within about a tenth of a second.
        rc = snd_pcm_set_params(handle, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1,
                                static_cast<unsigned>(pcm.sampleRate), 1, 100000);
        if (rc < 0) {
            snd_pcm_close(handle);
            return fail("audio device \"" + device_ + "\": " + snd_strerror(rc));
        }
        const size_t piece = static_cast<size_t>(pcm.sampleRate / 20);
        size_t done = 0;
        while (done < pcm.samples.size() && !stop) {
            const size_t n = std::min(piece, pcm.samples.size() - done);
            snd_pcm_sframes_t w = snd_pcm_writei(handle, pcm.samples.data() + done, n);
            if (w < 0)
                w = snd_pcm_recover(handle, static_cast<int>(w), 1);
            if (w < 0) {
                snd_pcm_close(handle);
                return fail("audio device \"" + device_ +
                            "\": " + snd_strerror(static_cast<int>(w)));
            }
            done += static_cast<size_t>(w);
        }
        if (stop) {
            snd_pcm_drop(handle);
        } else {
            snd_pcm_drain(handle);
        }
        snd_pcm_close(handle);
        return {};
    }
    std::string describe() const override { return "ALSA " + device_; }

  private:
    std::string device_;
};

void put32(std::ofstream& out, uint32_t v) {
    out.write(reinterpret_cast<const char*>(&v), 4);
}
void put16(std::ofstream& out, uint16_t v) {
    out.write(reinterpret_cast<const char*>(&v), 2);
}

class WavFileSink final : public AudioSink {
  public:
    explicit WavFileSink(std::filesystem::path file) : file_(std::move(file)) {}
    // Like a loudspeaker, in real time (a piece every 50 ms), so a stop leaves in the recording
    // only what a resident would have heard.
    Result<void> playUntil(const Pcm& pcm, const std::atomic<bool>& stop) override {
        const size_t piece = static_cast<size_t>(pcm.sampleRate / 20);
        auto due = std::chrono::steady_clock::now();
        size_t heard = 0;
        while (heard < pcm.samples.size() && !stop) {
            heard = std::min(pcm.samples.size(), heard + piece);
            due += std::chrono::milliseconds(50);
            std::this_thread::sleep_until(due);
        }
        Pcm part;
        part.sampleRate = pcm.sampleRate;
        part.samples.assign(pcm.samples.begin(),
                            pcm.samples.begin() + static_cast<std::ptrdiff_t>(heard));
        return play(part);
    }
    Result<void> play(const Pcm& pcm) override {
        std::lock_guard lock(mutex_);
        if (all_.samples.empty())
            all_.sampleRate = pcm.sampleRate;
        if (pcm.sampleRate != all_.sampleRate)
            return fail("a WAV recording cannot mix sample rates");
        all_.samples.insert(all_.samples.end(), pcm.samples.begin(), pcm.samples.end());
        const std::filesystem::path tmp = file_.string() + ".tmp";
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        const uint32_t bytes = static_cast<uint32_t>(all_.samples.size() * 2);
        out.write("RIFF", 4);
        put32(out, 36 + bytes);
        out.write("WAVEfmt ", 8);
        put32(out, 16);
        put16(out, 1);
        put16(out, 1);
        put32(out, static_cast<uint32_t>(all_.sampleRate));
        put32(out, static_cast<uint32_t>(all_.sampleRate * 2));
        put16(out, 2);
        put16(out, 16);
        out.write("data", 4);
        put32(out, bytes);
        out.write(reinterpret_cast<const char*>(all_.samples.data()), bytes);
        out.close();
        if (!out)
            return fail(file_.string() + ": cannot write the recording");
        std::error_code ec;
        std::filesystem::rename(tmp, file_, ec);
        if (ec)
            return fail(file_.string() + ": " + ec.message());
        return {};
    }
    std::string describe() const override { return "WAV file " + file_.string(); }

  private:
    std::filesystem::path file_;
    std::mutex mutex_;
    Pcm all_;
};

}  // namespace

std::unique_ptr<AudioSink> makeAlsaSink(std::string device) {
    return std::make_unique<AlsaSink>(std::move(device));
}

std::unique_ptr<AudioSink> makeWavFileSink(std::filesystem::path file) {
    return std::make_unique<WavFileSink>(std::move(file));
}

Pcm makeChime(int sampleRate) {
    Pcm pcm;
    pcm.sampleRate = sampleRate;
    // E6 then C6, each fading out: the familiar 叮咚 of Chinese halls and stations.
    for (double freq : {1318.5, 1046.5}) {
        const int n = sampleRate * 45 / 100;
        for (int i = 0; i < n; ++i) {
            const double t = static_cast<double>(i) / sampleRate;
            const double envelope = std::exp(-4.0 * t);
            pcm.samples.push_back(
                static_cast<int16_t>(9000 * envelope * std::sin(2 * M_PI * freq * t)));
        }
    }
    pcm.samples.insert(pcm.samples.end(), static_cast<size_t>(sampleRate / 4), 0);
    return pcm;
}

Result<Pcm> readWavFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return fail(file.string() + ": cannot open");
    char header[44];
    in.read(header, 44);
    if (!in || std::memcmp(header, "RIFF", 4) != 0 || std::memcmp(header + 8, "WAVE", 4) != 0) {
        return fail(file.string() + ": not a WAV file");
    }
    Pcm pcm;
    uint32_t rate = 0;
    uint32_t bytes = 0;
    std::memcpy(&rate, header + 24, 4);
    std::memcpy(&bytes, header + 40, 4);
    pcm.sampleRate = static_cast<int>(rate);
    pcm.samples.resize(bytes / 2);
    in.read(reinterpret_cast<char*>(pcm.samples.data()), bytes);
    if (!in)
        return fail(file.string() + ": the sound data is shorter than its header says");
    return pcm;
}

}  // namespace hall
