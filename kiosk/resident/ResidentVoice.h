#pragma once
#include <functional>
#include <memory>
#include <string>

#include "config/HallConfig.h"
#include "i18n/Translations.h"
#include "session/ResidentSession.h"
#include "session/SpokenGuidance.h"
#include "speech/VoiceGuide.h"

namespace hall {

// The hall role's voice: says each screen's guidance as it appears, again on request, louder on
// request for one visit, and falls silent when a finger touches the screen.
class ResidentVoice {
  public:
    // None when the hall has voice off, or espeak-ng cannot speak (logged: the screens work).
    static std::unique_ptr<ResidentVoice> start(const HallConfig& config, const Translations& tr);

    ResidentVoice(const HallConfig& config, const Translations& tr,
                  std::unique_ptr<VoiceGuide> guide);

    // Called as the session changes: a new moment is said; a finished visit's volume goes back.
    void follow(const ResidentSession& session, const std::function<int(char)>& waiting);
    void again(const ResidentSession& session, const std::function<int(char)>& waiting);
    void louder(const ResidentSession& session, const std::function<int(char)>& waiting);
    // A sentence outside the screens' guidance (help is coming), in the resident's language.
    void say(const ResidentSession& session, std::string_view key);
    void stop() { guide_->stop(); }

    static constexpr int kLouderStep = 15;

  private:
    const HallConfig& config_;
    const Translations& tr_;
    std::unique_ptr<VoiceGuide> guide_;
    std::string saidMoment_;
};

}  // namespace hall
