#include "screens/ScreenContext.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

namespace {

// Corner marks of the guide frame: where to hold the code, readable on any picture.
void guideFrame(ImDrawList* dl, ImVec2 a, ImVec2 b, float len, float thick, ImU32 colour) {
    const ImVec2 corners[4] = {a, ImVec2(b.x, a.y), b, ImVec2(a.x, b.y)};
    for (int i = 0; i < 4; ++i) {
        const ImVec2 c = corners[i];
        const float dx = (i == 0 || i == 3) ? len : -len;
        const float dy = (i < 2) ? len : -len;
        dl->AddLine(c, ImVec2(c.x + dx, c.y), colour, thick);
        dl->AddLine(c, ImVec2(c.x, c.y + dy), colour, thick);
    }
}

}  // namespace

// Identifying by a QR code: the camera's live picture with a frame to aim at (or, without a
// camera, where the scanner is), and why a code was refused, in plain words, in large type.
void drawIdentityScanScreen(ScreenContext& ctx) {
    beginScreen(ctx, "identity-scan");
    const Layout& l = ctx.layout;
    const float margin = l.u(60);
    const float width = l.width - 2 * margin;
    float y = drawHeader(ctx) + l.u(40);
    y += centeredText(ctx, ctx.fonts.large, ctx.text("identity.scan_title"), ImVec2(margin, y),
                      width, theme::kText);
    y += l.u(20);
    y += centeredText(ctx, ctx.fonts.body, ctx.text("identity.scan_hint"), ImVec2(margin, y), width,
                      theme::kTextSoft);
    y += l.u(30);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float bottom = l.height - margin - l.u(110) - l.u(200);
    if (ctx.camera.texture && ctx.camera.width > 0) {
        // The picture as large as fits, mirrored so it moves the way the resident moves.
        const float aspect = static_cast<float>(ctx.camera.height) / ctx.camera.width;
        float w = width, h = width * aspect;
        if (y + h > bottom) {
            h = bottom - y;
            w = h / aspect;
        }
        const ImVec2 a((l.width - w) / 2, y), b(a.x + w, a.y + h);
        dl->AddImage(ctx.camera.texture, a, b, ImVec2(1, 0), ImVec2(0, 1));
        const float side = std::min(w, h) * 0.8f;
        const ImVec2 c((a.x + b.x) / 2, (a.y + b.y) / 2);
        guideFrame(dl, ImVec2(c.x - side / 2, c.y - side / 2),
                   ImVec2(c.x + side / 2, c.y + side / 2), side / 5, l.u(8), theme::kGood);
        ctx.targets.fact("camera", "on");
        y = b.y + l.u(16);
        y += centeredText(ctx, ctx.fonts.body, ctx.text("identity.aim"), ImVec2(margin, y), width,
                          theme::kText);
    } else {
        ctx.targets.fact("camera", "off");
        y += l.u(40);
        y += centeredText(ctx, ctx.fonts.large, ctx.text("identity.no_camera"), ImVec2(margin, y),
                          width, theme::kText);
        y += l.u(30);
        dl->AddTriangleFilled(ImVec2(l.width / 2 - l.u(50), y), ImVec2(l.width / 2 + l.u(50), y),
                              ImVec2(l.width / 2, y + l.u(70)), theme::kPrimary);
        y += l.u(100);
    }
    if (const auto& notice = ctx.session.notice()) {
        const std::string text = ctx.format(notice->key, notice->args);
        centeredText(ctx, ctx.fonts.large, text, ImVec2(margin, y + l.u(10)), width, theme::kBad);
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
