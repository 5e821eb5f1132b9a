#pragma once
#include <map>
#include <optional>
#include <string>

#include "config/HallConfig.h"
#include "i18n/Translations.h"
#include "platform/FontSet.h"
#include "platform/UiTargets.h"
#include "session/ResidentSession.h"

namespace hall {

// What the resident screens may ask for. The terminal turns these into session intents (and,
// for a committed ticket, a print job); screens never change state themselves.
class ResidentIntents {
  public:
    virtual ~ResidentIntents() = default;
    virtual void chooseLanguage(const std::string& language) = 0;
    virtual void chooseService(char letter) = 0;
    virtual void takeTicket(std::optional<PriorityCategory> priority) = 0;
    virtual void back() = 0;
    virtual void finish() = 0;
};

// Sizes scale with the shorter side of the screen, so portrait 1080×1920 and landscape
// 1920×1080 use the same type sizes and both fit.
struct Layout {
    float width = 1080;
    float height = 1920;
    float unit = 1;  // min(width, height) / 1080
    bool portrait = true;

    static Layout forSize(int w, int h);
    float u(float v) const { return v * unit; }
};

// Per service, what the attract screen shows about it now.
struct ServiceGlance {
    int waiting = 0;
    bool open = false;
};

struct ScreenContext {
    const ResidentSession& session;
    ResidentIntents& intents;
    const HallConfig& config;
    const Translations& tr;
    const FontSet& fonts;
    UiTargets& targets;
    Layout layout;
    HallLocalTime now;
    std::map<char, ServiceGlance> services;

    const std::string& text(std::string_view key) const { return tr.text(session.language(), key); }
    std::string format(std::string_view key, const Translations::Args& args) const {
        return tr.format(session.language(), key, args);
    }
    const std::string& local(const LocalizedText& t) const {
        return t.in(session.language(), config.defaultLanguage());
    }
};

void drawAttractScreen(ScreenContext& ctx);
void drawConfirmServiceScreen(ScreenContext& ctx);
void drawTicketScreen(ScreenContext& ctx);
void drawPausedScreen(ScreenContext& ctx);

}  // namespace hall
