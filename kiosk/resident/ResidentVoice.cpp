#include "resident/ResidentVoice.h"

#include <cstdio>

namespace hall {

std::unique_ptr<ResidentVoice> ResidentVoice::start(const HallConfig& config,
                                                    const Translations& tr) {
    if (!config.voice.enabled)
        return nullptr;
    std::string why;
    auto voice = makeEspeakSynthesizer(why);
    if (!voice) {
        std::fprintf(stderr, "kiosk: no voice guidance: %s\n", why.c_str());
        return nullptr;
    }
    const std::string& device = config.voice.device;
    auto sink = device.size() > 4 && device.substr(device.size() - 4) == ".wav"
                    ? makeWavFileSink(device)
                    : makeAlsaSink(device);
    std::optional<std::filesystem::path> transcript;
    if (!config.voice.transcript.empty())
        transcript = config.voice.transcript;
    auto guide = std::make_unique<VoiceGuide>(std::move(voice), std::move(sink),
                                              config.voice.volume, transcript);
    return std::make_unique<ResidentVoice>(config, tr, std::move(guide));
}

ResidentVoice::ResidentVoice(const HallConfig& config, const Translations& tr,
                             std::unique_ptr<VoiceGuide> guide)
    : config_(config), tr_(tr), guide_(std::move(guide)) {}

void ResidentVoice::follow(const ResidentSession& session,
                           const std::function<int(char)>& waiting) {
    if (session.screen() == ResidentScreen::Attract && !session.touchedThisVisit() &&
        guide_->volume() != config_.voice.volume) {
        guide_->resetVolume();  // the next resident hears the hall's level
    }
    const auto g = spokenGuidance(session, tr_, config_, waiting);
    const std::string moment = g ? g->moment : std::string();
    if (moment == saidMoment_)
        return;
    saidMoment_ = moment;
    if (g)
        guide_->say(g->language, g->text);
}

void ResidentVoice::again(const ResidentSession& session, const std::function<int(char)>& waiting) {
    if (const auto g = spokenGuidance(session, tr_, config_, waiting)) {
        saidMoment_ = g->moment;
        guide_->say(g->language, g->text);
    }
}

void ResidentVoice::louder(const ResidentSession& session,
                           const std::function<int(char)>& waiting) {
    guide_->setVolume(guide_->volume() + kLouderStep);
    again(session, waiting);
}

void ResidentVoice::say(const ResidentSession& session, std::string_view key) {
    guide_->say(session.language(), tr_.text(session.language(), key));
}

}  // namespace hall
