#include "screens/ScreenContext.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

void drawPausedScreen(ScreenContext& ctx) {
    beginScreen(ctx, "paused");
    const Layout& l = ctx.layout;
    const float margin = l.u(60);
    const float width = l.width - 2 * margin;
    float y = drawHeader(ctx) + l.u(120);

    y += centeredText(ctx, ctx.fonts.large, ctx.text("paused.title"), ImVec2(margin, y), width,
                      theme::kBad);
    y += l.u(30);
    y += centeredText(ctx, ctx.fonts.large, ctx.text("paused.ask_staff"), ImVec2(margin, y), width,
                      theme::kText);
    y += l.u(80);

    const auto& reason = ctx.session.pauseReason();
    if (reason) {
        const std::string code =
            reason->code.rfind("store.", 0) == 0 ? reason->code.substr(6) : "error";
        const std::string key = "store_fault." + code;
        const std::string& explained =
            ctx.tr.contains(key) ? ctx.text(key) : ctx.text("store_fault.error");
        const float pad = l.u(28);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float top = y;
        y += pad;
        y += wrappedText(ctx, ctx.fonts.body, ctx.text("paused.staff_reason"),
                         ImVec2(margin + pad, y), width - 2 * pad, theme::kTextSoft);
        y += wrappedText(ctx, ctx.fonts.large, explained, ImVec2(margin + pad, y), width - 2 * pad,
                         theme::kText);
        y += l.u(8);
        y += wrappedText(ctx, ctx.fonts.body, reason->message, ImVec2(margin + pad, y),
                         width - 2 * pad, theme::kTextSoft);
        y += pad;
        dl->AddRect(ImVec2(margin, top), ImVec2(l.width - margin, y), theme::kTileBorder, l.u(12),
                    0, l.u(3));
        ctx.targets.fact("paused.reason", reason->code);
        ctx.targets.fact("paused.detail", reason->message);
        y += l.u(40);
    }
    centeredText(ctx, ctx.fonts.body, ctx.text("paused.retrying"), ImVec2(margin, y), width,
                 theme::kTextSoft);
    endScreen();
}

}  // namespace hall
