#include <algorithm>
#include <cmath>

#include "screens/ScreenContext.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

namespace {

void drawServiceTile(ScreenContext& ctx, const ServiceConfig& service, ImVec2 pos, ImVec2 size) {
    const Layout& l = ctx.layout;
    const ServiceGlance glance = ctx.services[service.letter];
    const std::string id = std::string("service.") + service.letter;
    const std::string& name = ctx.local(service.name);
    const std::string status =
        glance.open ? ctx.format("attract.waiting", {{"n", std::to_string(glance.waiting)}})
                    : ctx.text("attract.closed");
    ButtonLook look = tileLook();
    if (!glance.open)
        look.fill = look.pressed = theme::kClosedTile;
    if (touchButton(ctx, id, "", pos, size, look))
        ctx.intents.chooseService(service.letter);
    ctx.targets.fact(id + ".status", status);
    ctx.targets.fact(id + ".name", name);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float pad = l.u(28);
    const float badge = std::min(size.y - 2 * pad, l.u(120));
    const ImVec2 badgeCentre(pos.x + pad + badge / 2, pos.y + size.y / 2);
    dl->AddCircleFilled(badgeCentre, badge / 2, glance.open ? theme::kBadge : theme::kTextSoft);
    const char letter[2] = {service.letter, 0};
    const float lw = textWidth(ctx.fonts.large, letter);
    dl->AddText(ctx.fonts.large, ctx.fonts.large->FontSize,
                ImVec2(badgeCentre.x - lw / 2, badgeCentre.y - ctx.fonts.large->FontSize * 0.6f),
                theme::kOnDark, letter);

    const float textX = pos.x + pad * 2 + badge;
    const float statusW = textWidth(ctx.fonts.large, status);
    const float nameW = size.x - (textX - pos.x) - statusW - pad * 2;
    const std::string hours =
        service.hours.isAllDay() ? ctx.text("attract.all_day") : service.hours.describe();
    const float nameH = ctx.fonts.large->FontSize * 1.25f;
    const float blockH = nameH + ctx.fonts.body->FontSize * 1.2f;
    float y = pos.y + (size.y - blockH) / 2;
    wrappedText(ctx.fonts.large, name, ImVec2(textX, y), nameW,
                glance.open ? theme::kText : theme::kTextSoft);
    y += nameH;
    wrappedText(ctx.fonts.body, hours, ImVec2(textX, y), nameW, theme::kTextSoft);
    dl->AddText(
        ctx.fonts.large, ctx.fonts.large->FontSize,
        ImVec2(pos.x + size.x - pad - statusW, pos.y + (size.y - ctx.fonts.large->FontSize) / 2),
        glance.open ? theme::kPrimary : theme::kBad, status.c_str());
}

}  // namespace

void drawAttractScreen(ScreenContext& ctx) {
    beginScreen(ctx, "attract");
    const Layout& l = ctx.layout;
    const float margin = l.u(44);
    float y = drawHeader(ctx) + l.u(36);

    y += centeredText(ctx.fonts.large, ctx.text("attract.choose_service"), ImVec2(margin, y),
                      l.width - 2 * margin, theme::kText);
    y += l.u(20);

    if (const auto& notice = ctx.session.notice()) {
        const std::string text = ctx.format(notice->key, notice->args);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float pad = l.u(20);
        const float h = ctx.fonts.body->FontSize * 1.25f * 2 + pad * 2;
        dl->AddRectFilled(ImVec2(margin, y), ImVec2(l.width - margin, y + h), theme::kNotice,
                          l.u(12));
        dl->AddRect(ImVec2(margin, y), ImVec2(l.width - margin, y + h), theme::kNoticeBorder,
                    l.u(12), 0, l.u(3));
        centeredText(ctx.fonts.body, text, ImVec2(margin + pad, y + pad),
                     l.width - 2 * (margin + pad), theme::kText);
        ctx.targets.fact("notice", text);
        y += h + l.u(20);
    }

    // Footer: rating a service, the help line, the languages.
    const float footerH =
        l.u(96) + l.u(30) + l.u(96) + l.u(30) + ctx.fonts.body->FontSize * 1.25f + l.u(40);
    const float gridBottom = l.height - footerH;
    const auto& services = ctx.config.services;
    const int columns = l.portrait ? 1 : 2;
    const int rows = static_cast<int>(std::ceil(static_cast<float>(services.size()) / columns));
    const float gap = l.u(24);
    const float tileW = (l.width - 2 * margin - gap * static_cast<float>(columns - 1)) /
                        static_cast<float>(columns);
    const float tileH = std::min(
        l.u(240), (gridBottom - y - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows));
    for (size_t i = 0; i < services.size(); ++i) {
        const int col = static_cast<int>(i) % columns;
        const int row = static_cast<int>(i) / columns;
        const ImVec2 pos(margin + static_cast<float>(col) * (tileW + gap),
                         y + static_cast<float>(row) * (tileH + gap));
        drawServiceTile(ctx, services[i], pos, ImVec2(tileW, tileH));
    }

    float fy = gridBottom + l.u(30);
    if (ctx.session.offersProofs()) {
        // Proof screening beside rating: residents unsure what they need start here.
        const float gap = l.u(24);
        const float w = (l.width - 2 * margin - gap) / 2;
        if (touchButton(ctx, "proofs", ctx.text("attract.proofs"), ImVec2(margin, fy),
                        ImVec2(w, l.u(96)), primaryLook(), ctx.fonts.body)) {
            ctx.intents.startProofSearch();
        }
        if (touchButton(ctx, "rate", ctx.text("attract.rate"), ImVec2(margin + w + gap, fy),
                        ImVec2(w, l.u(96)), secondaryLook(), ctx.fonts.body)) {
            ctx.intents.startRating();
        }
    } else {
        const float rateW = l.u(520);
        if (touchButton(ctx, "rate", ctx.text("attract.rate"), ImVec2((l.width - rateW) / 2, fy),
                        ImVec2(rateW, l.u(96)), secondaryLook(), ctx.fonts.body)) {
            ctx.intents.startRating();
        }
    }
    fy += l.u(96) + l.u(30);
    fy += centeredText(ctx.fonts.body, ctx.text("attract.help"), ImVec2(margin, fy),
                       l.width - 2 * margin, theme::kTextSoft);
    drawLanguageBar(ctx, l.height - l.u(96) - l.u(40));
    endScreen();
}

}  // namespace hall
