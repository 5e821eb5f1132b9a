#include "screens/ScreenContext.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

void drawRateScanScreen(ScreenContext& ctx) {
    beginScreen(ctx, "rate-scan");
    const Layout& l = ctx.layout;
    const float margin = l.u(60);
    const float width = l.width - 2 * margin;
    float y = drawHeader(ctx) + l.u(100);
    y += centeredText(ctx, ctx.fonts.large, ctx.text("rating.scan_title"), ImVec2(margin, y), width,
                      theme::kText);
    y += l.u(30);
    y += centeredText(ctx, ctx.fonts.body, ctx.text("rating.scan_hint"), ImVec2(margin, y), width,
                      theme::kTextSoft);
    y += l.u(60);
    // A drawing of a ticket slip with its QR code, pointing at the scanner below the screen.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float side = l.u(260);
    const ImVec2 a((l.width - side) / 2, y);
    dl->AddRectFilled(a, ImVec2(a.x + side, a.y + side), theme::kTile, l.u(10));
    dl->AddRect(a, ImVec2(a.x + side, a.y + side), theme::kText, l.u(10), 0, l.u(4));
    const float cell = side / 9;
    for (int r = 0; r < 7; ++r) {
        for (int c = 0; c < 7; ++c) {
            const bool finder = (r < 3 && c < 3) || (r < 3 && c > 3) || (r > 3 && c < 3);
            if (finder ? (r % 3 != 1 || c % 4 == 1 || c % 4 == 0) : ((r * 7 + c) % 3 == 0)) {
                dl->AddRectFilled(ImVec2(a.x + cell * (c + 1), a.y + cell * (r + 1)),
                                  ImVec2(a.x + cell * (c + 2), a.y + cell * (r + 2)), theme::kText);
            }
        }
    }
    y += side + l.u(40);
    dl->AddTriangleFilled(ImVec2(l.width / 2 - l.u(50), y), ImVec2(l.width / 2 + l.u(50), y),
                          ImVec2(l.width / 2, y + l.u(70)), theme::kPrimary);
    y += l.u(110);
    if (const auto& notice = ctx.session.notice()) {
        const std::string text = ctx.format(notice->key, notice->args);
        y += centeredText(ctx, ctx.fonts.large, text, ImVec2(margin, y), width, theme::kBad);
        ctx.targets.fact("notice", text);
    }
    const float backH = l.u(110);
    if (touchButton(ctx, "back", ctx.text("confirm.back"),
                    ImVec2(margin, l.height - margin - backH), ImVec2(l.u(320), backH),
                    secondaryLook())) {
        ctx.intents.back();
    }
    endScreen();
}

}  // namespace hall
