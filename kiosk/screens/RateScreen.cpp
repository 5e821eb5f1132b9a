#include <algorithm>

#include "queue/QueueCommand.h"
#include "screens/ScreenContext.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

void drawRateScreen(ScreenContext& ctx) {
    beginScreen(ctx, "rate");
    const Layout& l = ctx.layout;
    const float margin = l.u(44);
    const float width = l.width - 2 * margin;
    float y = drawHeader(ctx) + l.u(40);
    y += centeredText(ctx, ctx.fonts.large,
                      ctx.format("rating.for_ticket", {{"number", ctx.session.ratingNumber()}}),
                      ImVec2(margin, y), width, theme::kText);
    ctx.targets.fact("rating.ticket", ctx.session.ratingNumber());
    y += l.u(30);
    const float bh = std::max(l.u(130), lineHeight(ctx, ctx.fonts.large) + l.u(24));
    const float by = l.height - margin - bh;
    // Five big choices, best first, each with its words: no symbols to decode.
    const float gap = l.u(18);
    const int columns = l.portrait ? 1 : 5;
    const int chipColumns = l.portrait ? 2 : 4;
    const int scoreRows = (5 + columns - 1) / columns;
    const int chipRows = (static_cast<int>(ratingReasons().size()) + chipColumns - 1) / chipColumns;
    const float w = (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    float h = l.portrait ? l.u(120) : l.u(200);
    float ch = l.u(100);
    // Care mode's larger type leaves less room: the choices give up height, never below a
    // size a finger hits (12 mm), rather than run under the buttons.
    const float labelH = wrappedHeight(ctx, ctx.fonts.body, ctx.text("rating.reasons"), width);
    const float room =
        by - l.u(24) - y - l.u(30) - labelH - gap * static_cast<float>(scoreRows + chipRows);
    const float need = h * static_cast<float>(scoreRows) + ch * static_cast<float>(chipRows);
    if (need > room) {
        const float scale = room / need;
        h = std::max(l.mm(12), h * scale);
        ch = std::max(l.mm(12), ch * scale);
    }
    for (int score = 5, i = 0; score >= 1; --score, ++i) {
        const ImVec2 p(margin + static_cast<float>(i % columns) * (w + gap),
                       y + static_cast<float>(i / columns) * (h + gap));
        const bool chosen = ctx.session.ratingScore() == score;
        if (touchButton(ctx, "rating.score." + std::to_string(score),
                        ctx.text("rating.score_" + std::to_string(score)), p, ImVec2(w, h),
                        chosen ? primaryLook() : tileLook())) {
            ctx.intents.chooseScore(score);
        }
    }
    y += (h + gap) * static_cast<float>((5 + columns - 1) / columns) + l.u(20);
    y += wrappedText(ctx, ctx.fonts.body, ctx.text("rating.reasons"), ImVec2(margin, y), width,
                     theme::kTextSoft);
    y += l.u(10);
    const float cw =
        (width - gap * static_cast<float>(chipColumns - 1)) / static_cast<float>(chipColumns);
    int i = 0;
    for (const auto& code : ratingReasons()) {
        const auto& chosen = ctx.session.ratingReasonsChosen();
        const bool on = std::find(chosen.begin(), chosen.end(), code) != chosen.end();
        const ImVec2 p(margin + static_cast<float>(i % chipColumns) * (cw + gap),
                       y + static_cast<float>(i / chipColumns) * (ch + gap));
        if (touchButton(ctx, "rating.reason." + code, ctx.text("rating.reason." + code), p,
                        ImVec2(cw, ch), on ? primaryLook() : secondaryLook(), ctx.fonts.body)) {
            ctx.intents.toggleReason(code);
        }
        ++i;
    }
    y += (ch + gap) *
         static_cast<float>((static_cast<int>(ratingReasons().size()) + chipColumns - 1) /
                            chipColumns);
    ctx.targets.fact("rating.score", std::to_string(ctx.session.ratingScore()));
    if (const auto& notice = ctx.session.notice()) {
        const std::string text = ctx.format(notice->key, notice->args);
        centeredText(ctx, ctx.fonts.body, text, ImVec2(margin, y), width, theme::kBad);
        ctx.targets.fact("notice", text);
    }
    if (touchButton(ctx, "back", ctx.text("confirm.back"), ImVec2(margin, by), ImVec2(l.u(320), bh),
                    secondaryLook())) {
        ctx.intents.back();
    }
    if (touchButton(ctx, "rating.submit", ctx.text("rating.submit"), ImVec2(margin + l.u(360), by),
                    ImVec2(width - l.u(360), bh), primaryLook())) {
        ctx.intents.submitRating();
    }
    endScreen();
}

}  // namespace hall
