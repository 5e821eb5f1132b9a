#include <algorithm>

#include "screens/ScreenContext.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

// Over whatever screen the resident left half done: the screen stays visible underneath, so
// they see what they would lose, and the one tap to keep it is the largest target.
void drawTimeoutWarning(ScreenContext& ctx, int secondsLeft) {
    beginOverlay(ctx, "timeout-warning");
    const Layout& l = ctx.layout;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    fillArea(ctx, ImVec2(0, 0), ImVec2(l.width, l.height), IM_COL32(0, 0, 0, 150));

    const float margin = l.u(60);
    const float pad = l.u(48);
    const float width = std::min(l.width - 2 * margin, l.u(960));
    const float x = (l.width - width) / 2;
    const float inner = width - 2 * pad;
    const std::string title = ctx.text("timeout.title");
    const std::string explain =
        ctx.format("timeout.explain", {{"seconds", std::to_string(secondsLeft)}});
    const float lineH = lineHeight(ctx, ctx.fonts.large);
    // Measured before drawing, so the card is as tall as its content in every language.
    const float titleH = wrappedHeight(ctx, ctx.fonts.large, title, inner);
    const float explainH = wrappedHeight(ctx, ctx.fonts.body, explain, inner);
    const float buttonH = std::max(l.u(170), lineH * 2);
    const float gap = l.u(32);
    const float height = pad + titleH + gap + explainH + gap + buttonH + gap + l.u(130) + pad;
    const float y = (l.height - height) / 2;
    fillArea(ctx, ImVec2(x, y), ImVec2(x + width, y + height), theme::kBackground, l.u(24));
    dl->AddRect(ImVec2(x, y), ImVec2(x + width, y + height), theme::kNoticeBorder, l.u(24), 0,
                l.u(6));

    float cy = y + pad;
    cy += centeredText(ctx, ctx.fonts.large, title, ImVec2(x + pad, cy), inner, theme::kText) + gap;
    cy +=
        centeredText(ctx, ctx.fonts.body, explain, ImVec2(x + pad, cy), inner, theme::kText) + gap;
    ctx.targets.fact("timeout.seconds", std::to_string(secondsLeft));
    if (touchButton(ctx, "timeout.continue", ctx.text("timeout.continue"), ImVec2(x + pad, cy),
                    ImVec2(inner, buttonH), primaryLook())) {
        ctx.intents.stillHere();
    }
    cy += buttonH + gap;
    if (touchButton(ctx, "timeout.end", ctx.text("timeout.end"), ImVec2(x + pad, cy),
                    ImVec2(inner, l.u(130)), secondaryLook(), ctx.fonts.body)) {
        ctx.intents.endVisit();
    }
    endOverlay();
}

}  // namespace hall
