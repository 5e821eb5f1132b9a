#include <doctest/doctest.h>

#include <cmath>

#include "queue/CallAnnouncement.h"
#include "speech/Announcer.h"
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
