#include <doctest/doctest.h>
#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "queue/CallAnnouncement.h"
#include "speech/Announcer.h"
#include "speech/VoiceGuide.h"
#include "support/TempDir.h"

using namespace hall;

TEST_CASE("a call is announced with Chinese numerals") {
    CHECK(callAnnouncement("A012", 3) == "请A零一二号到三号窗口办理");
    CHECK(chineseNumber(10) == "十");
    CHECK(chineseNumber(12) == "十二");
    CHECK(chineseNumber(20) == "二十");
    CHECK(chineseNumber(35) == "三十五");
    CHECK(chineseDigits("B1000") == "B一零零零");
}

TEST_CASE("the Mandarin announcement is real speech: a WAV file with sound of the right length") {
    hall::test::TempDir dir("voice");
    std::string why;
    auto voice = makeEspeakSynthesizer(why);
    REQUIRE_MESSAGE(voice, why);
    {
        Announcer announcer(std::move(voice), makeWavFileSink(dir / "call.wav"), 2);
        announcer.announce(callAnnouncement("A012", 3));
        announcer.announce(callAnnouncement("B007", 1));
        announcer.drain();
        CHECK(announcer.lastError().empty());
    }
    auto pcm = readWavFile(dir / "call.wav");
    REQUIRE(pcm.ok());
    // Two announcements, each a chime and the sentence twice: several seconds, never overlapping.
    CHECK(pcm->seconds() > 8.0);
    CHECK(pcm->seconds() < 40.0);
    double energy = 0;
    size_t loud = 0;
    for (int16_t s : pcm->samples) {
        energy += static_cast<double>(s) * s;
        loud += std::abs(s) > 1000 ? 1 : 0;
    }
    const double rms = std::sqrt(energy / static_cast<double>(pcm->samples.size()));
    CHECK(rms > 300);                        // not silence
    CHECK(loud > pcm->samples.size() / 10);  // speech throughout, not one click
    std::filesystem::copy_file(dir / "call.wav",
                               hall::test::artifactsDir() / "call-announcement.wav",
                               std::filesystem::copy_options::overwrite_existing);
}

TEST_CASE("the simulated voice remembers what it was asked to say, in order") {
    auto sim = std::make_unique<SimulatedSynthesizer>();
    SimulatedSynthesizer* raw = sim.get();
    Announcer announcer(std::move(sim), nullptr, 2);
    announcer.announce("一");
    announcer.announce("二");
    announcer.drain();
    CHECK(raw->spoken() == std::vector<std::string>{"一", "二"});
}

namespace {

// Two seconds of a loud tone for any text: what a voice would give, without espeak-ng's timing.
class ToneVoice final : public SpeechSynthesizer {
  public:
    Result<Pcm> synthesize(const std::string&) override {
        Pcm pcm;
        pcm.samples.resize(2 * 22050);
        for (size_t i = 0; i < pcm.samples.size(); ++i)
            pcm.samples[i] = static_cast<int16_t>(20000 * std::sin(i * 0.05));
        return pcm;
    }
};

int16_t loudest(const Pcm& pcm) {
    int16_t peak = 0;
    for (int16_t s : pcm.samples)
        peak = std::max<int16_t>(peak, static_cast<int16_t>(std::abs(s)));
    return peak;
}

}  // namespace

TEST_CASE("access: the voice guide is cut short by a tap and speaks at the volume asked") {
    hall::test::TempDir dir("voice-guide");
    {
        VoiceGuide guide(std::make_unique<ToneVoice>(), makeWavFileSink(dir / "cut.wav"), 50,
                         dir / "said.txt");
        guide.say("zh-CN", "请点击您要办理的业务");
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        guide.stop();
        guide.drain();
        CHECK(guide.lastError().empty());
        REQUIRE(guide.lastStartDelay());
    }
    auto cut = readWavFile(dir / "cut.wav");
    REQUIRE(cut.ok());
    // Played in real time and stopped: well short of the two seconds it would have taken.
    CHECK(cut->seconds() > 0.2);
    CHECK(cut->seconds() < 1.2);
    CHECK(std::abs(loudest(*cut) - 10000) < 200);  // the hall's 50 %
    const std::string said = hall::test::readFile(dir / "said.txt");
    CHECK(said.find("say zh-CN 50 ") != std::string::npos);
    CHECK(said.find("请点击您要办理的业务") != std::string::npos);
    CHECK(said.find("\nstop\n") != std::string::npos);

    {
        VoiceGuide guide(std::make_unique<ToneVoice>(), makeWavFileSink(dir / "louder.wav"), 50);
        guide.setVolume(80);
        guide.say("ko", "다시 듣기");
        guide.drain();
        CHECK(guide.volume() == 80);
        guide.resetVolume();
        CHECK(guide.volume() == 50);
    }
    auto louder = readWavFile(dir / "louder.wav");
    REQUIRE(louder.ok());
    CHECK(louder->seconds() == doctest::Approx(2.0).epsilon(0.05));
    CHECK(std::abs(loudest(*louder) - 16000) < 200);
}

TEST_CASE("access: espeak-ng speaks the guidance in Mandarin, Korean and English") {
    std::string why;
    auto voice = makeEspeakSynthesizer(why);
    REQUIRE_MESSAGE(voice, why);
    for (const auto& [lang, text] :
         std::vector<std::pair<std::string, std::string>>{{"zh-CN", "您的号码是A零零一"},
                                                          {"ko", "번호는 A 0 0 1입니다"},
                                                          {"en", "Your number is A 0 0 1"}}) {
        auto pcm = voice->synthesizeIn(lang, text);
        REQUIRE_MESSAGE(pcm.ok(), lang);
        CHECK_MESSAGE(pcm->seconds() > 0.8, lang);
        CHECK_MESSAGE(loudest(*pcm) > 3000, lang);
    }
}

TEST_CASE("access: the Mandarin voice reads Chinese as Mandarin, not its pinyin as English") {
    std::string why;
    REQUIRE_MESSAGE(makeEspeakSynthesizer(why), why);
    // The synthesizer remembers which voice it set last: leave that voice as found.
    const std::string before = espeak_GetCurrentVoice()->name;
    auto phonemes = [](const std::string& language, const std::string& text) {
        espeak_SetVoiceByName(espeakVoiceFor(language).c_str());
        const void* p = text.c_str();
        std::string out;
        while (p)
            out += espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
        return out;
    };
    // espeak-ng marks a switch to another language's rules "(en)": none in plain Chinese.
    CHECK(phonemes("zh-CN", "您的号码是A零零一。请到三号窗口办理").find("(en)") ==
          std::string::npos);
    CHECK(phonemes("ko", "번호는 일입니다").find("(en)") == std::string::npos);
    // And the buggy voice it replaces would have: the check can fail.
    espeak_SetVoiceByName("cmn");
    const void* p = "您好";
    CHECK(std::string(espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0)).find("(en)") !=
          std::string::npos);
    espeak_SetVoiceByName(before.c_str());
}
