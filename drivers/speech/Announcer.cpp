#include "speech/Announcer.h"

#include <espeak-ng/speak_lib.h>

#include <cstdio>
#include <cstring>

namespace hall {

std::string espeakVoiceFor(const std::string& language) {
    if (language == "ko" || language == "en")
        return language;
    // Not "cmn": espeak-ng 1.51's cmn turns each character into pinyin with its tone number and
    // then reads that as English ("hao2" as "hao two"); cmn-latn-pinyin reads the pinyin as
    // Mandarin (espeak-ng issue #1236).
    return "cmn-latn-pinyin";
}

namespace {

// espeak-ng keeps global state, so one synthesizer per process, used from one thread at a time.
class EspeakSynthesizer final : public SpeechSynthesizer {
  public:
    explicit EspeakSynthesizer(int sampleRate) : sampleRate_(sampleRate) {}
    Result<Pcm> synthesize(const std::string& text) override { return synthesizeIn("zh-CN", text); }
    Result<Pcm> synthesizeIn(const std::string& language, const std::string& text) override {
        std::lock_guard lock(mutex());
        // espeak-ng's voices by the hall's language codes; Mandarin for any other.
        const std::string name = espeakVoiceFor(language);
        // Changing voice loads its dictionary: only when the language changes.
        if (name != voiceName_) {
            if (espeak_SetVoiceByName(name.c_str()) != EE_OK)
                return fail("espeak-ng has no voice \"" + name + "\": install espeak-ng-data");
            espeak_SetParameter(espeakRATE, 140, 0);
            voiceName_ = name;
        }
        Pcm pcm;
        pcm.sampleRate = sampleRate_;
        current_ = &pcm;
        const espeak_ERROR rc = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                             espeakCHARS_UTF8, nullptr, nullptr);
        espeak_Synchronize();
        current_ = nullptr;
        if (rc != EE_OK)
            return fail("espeak-ng could not speak \"" + text + "\"");
        return pcm;
    }
    static int collect(short* wav, int count, espeak_EVENT*) {
        if (wav && current_)
            current_->samples.insert(current_->samples.end(), wav, wav + count);
        return 0;
    }
    static std::mutex& mutex() {
        static std::mutex m;
        return m;
    }

  private:
    int sampleRate_;
    // espeak-ng's voice is global state too.
    static inline std::string voiceName_ = espeakVoiceFor("zh-CN");
    static inline Pcm* current_ = nullptr;
};

}  // namespace

std::unique_ptr<SpeechSynthesizer> makeEspeakSynthesizer(std::string& why) {
    std::lock_guard lock(EspeakSynthesizer::mutex());
    static int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0);
    if (rate <= 0) {
        why = "espeak-ng cannot start: install the espeak-ng-data package";
        return nullptr;
    }
    espeak_SetSynthCallback(&EspeakSynthesizer::collect);
    if (espeak_SetVoiceByName(espeakVoiceFor("zh-CN").c_str()) != EE_OK) {
        why = "espeak-ng has no Mandarin voice (cmn): install espeak-ng-data";
        return nullptr;
    }
    espeak_SetParameter(espeakRATE, 140, 0);
    return std::make_unique<EspeakSynthesizer>(rate);
}

Result<Pcm> SimulatedSynthesizer::synthesizeIn(const std::string& language,
                                               const std::string& text) {
    return synthesize(language + ": " + text);
}

Result<Pcm> SimulatedSynthesizer::synthesize(const std::string& text) {
    std::lock_guard lock(mutex_);
    spoken_.push_back(text);
    Pcm pcm;
    pcm.sampleRate = 22050;
    return pcm;
}

std::vector<std::string> SimulatedSynthesizer::spoken() const {
    std::lock_guard lock(mutex_);
    return spoken_;
}

Announcer::Announcer(std::unique_ptr<SpeechSynthesizer> voice, std::unique_ptr<AudioSink> sink,
                     int repeat)
    : voice_(std::move(voice)),
      sink_(std::move(sink)),
      repeat_(repeat),
      worker_([this] { run(); }) {}

Announcer::~Announcer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        queue_.clear();
    }
    changed_.notify_all();
    worker_.join();
}

void Announcer::announce(std::string text) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(text));
    }
    changed_.notify_all();
}

void Announcer::drain() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

std::string Announcer::lastError() const {
    std::lock_guard lock(mutex_);
    return lastError_;
}

void Announcer::run() {
    while (true) {
        std::string text;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_)
                return;
            text = std::move(queue_.front());
            queue_.pop_front();
            busy_ = true;
        }
        std::string error;
        auto speech = voice_->synthesize(text);
        if (!speech) {
            error = speech.message();
        } else if (sink_) {
            Pcm all = makeChime(speech->sampleRate);
            for (int i = 0; i < repeat_; ++i) {
                all.samples.insert(all.samples.end(), speech->samples.begin(),
                                   speech->samples.end());
                all.samples.insert(all.samples.end(), static_cast<size_t>(speech->sampleRate / 2),
                                   0);
            }
            if (auto r = sink_->play(all); !r)
                error = r.message();
        }
        if (!error.empty())
            std::fprintf(stderr, "kiosk: announcement \"%s\" not played: %s\n", text.c_str(),
                         error.c_str());
        {
            std::lock_guard lock(mutex_);
            busy_ = false;
            if (!error.empty())
                lastError_ = error;
        }
        changed_.notify_all();
    }
}

}  // namespace hall
