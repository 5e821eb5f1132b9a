#pragma once
#include <functional>
#include <string>

#include "counter/CounterSession.h"
#include "i18n/Translations.h"
#include "lan/HallLink.h"
#include "screens/Canvas.h"

namespace hall {

// What the counter's screens draw from, and where their intents go.
struct CounterContext : Canvas {
    CounterSession& session;
    const HallLink::View& view;
    const Translations& tr;
    const std::string& language;
    std::function<void(const QueueCommand&)> send;
    std::function<void(const std::string&, const std::string&)> login;
    std::function<void()> logout;

    const std::string& text(std::string_view key) const { return tr.text(language, key); }
    std::string format(std::string_view key, const Translations::Args& args) const {
        return tr.format(language, key, args);
    }
    std::string serviceName(char letter) const;
};

void drawCounterLoginScreen(CounterContext& ctx);
void drawCounterDeskScreen(CounterContext& ctx);

// The red band every LAN client shows while the hall cannot be reached. Returns its height.
float drawConnectionBanner(Canvas& canvas, const HallLink::View& view, const Translations& tr,
                           const std::string& language);

}  // namespace hall
