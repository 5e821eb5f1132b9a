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
    const ImU32 badgeFill = glance.open ? theme::kBadge : theme::kTextSoft;
    dl->AddCircleFilled(badgeCentre, badge / 2, badgeFill);
    ctx.targets.fill(badgeCentre.x - badge / 2, badgeCentre.y - badge / 2,
                     badgeCentre.x + badge / 2, badgeCentre.y + badge / 2, badgeFill);
    const char letter[2] = {service.letter, 0};
    const float lw = textWidth(ctx.fonts.large, letter);
    drawText(ctx, ctx.fonts.large,
             ImVec2(badgeCentre.x - lw / 2, badgeCentre.y - ctx.fonts.large->FontSize * 0.6f),
             theme::kOnDark, letter);

    const float textX = pos.x + pad * 2 + badge;
    const float statusW = textWidth(ctx.fonts.large, status);
    const float nameW = size.x - (textX - pos.x) - statusW - pad * 2;
    const std::string hours =
        service.hours.isAllDay() ? ctx.text("attract.all_day") : service.hours.describe();
    const float nameH = lineHeight(ctx, ctx.fonts.large);
    const float blockH = nameH + ctx.fonts.body->FontSize * 1.2f;
    float y = pos.y + (size.y - blockH) / 2;
    wrappedText(ctx, ctx.fonts.large, name, ImVec2(textX, y), nameW,
                glance.open ? theme::kText : theme::kTextSoft);
    y += nameH;
    wrappedText(ctx, ctx.fonts.body, hours, ImVec2(textX, y), nameW, theme::kTextSoft);
    drawText(
        ctx, ctx.fonts.large,
        ImVec2(pos.x + size.x - pad - statusW, pos.y + (size.y - ctx.fonts.large->FontSize) / 2),
        glance.open ? theme::kPrimary : theme::kBad, status);
}

}  // namespace

void drawAttractScreen(ScreenContext& ctx) {
    beginScreen(ctx, "attract");
    const Layout& l = ctx.layout;
    const float margin = l.u(44);
    float y = drawHeader(ctx) + l.u(36);

    y += centeredText(ctx, ctx.fonts.large, ctx.text("attract.choose_service"), ImVec2(margin, y),
                      l.width - 2 * margin, theme::kText);
    y += l.u(20);

    if (const auto& notice = ctx.session.notice()) {
        const std::string text = ctx.format(notice->key, notice->args);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float pad = l.u(20);
        const float h =
            wrappedHeight(ctx, ctx.fonts.body, text, l.width - 2 * (margin + pad)) + pad * 2;
        fillArea(ctx, ImVec2(margin, y), ImVec2(l.width - margin, y + h), theme::kNotice, l.u(12));
        dl->AddRect(ImVec2(margin, y), ImVec2(l.width - margin, y + h), theme::kNoticeBorder,
                    l.u(12), 0, l.u(3));
        centeredText(ctx, ctx.fonts.body, text, ImVec2(margin + pad, y + pad),
                     l.width - 2 * (margin + pad), theme::kText);
        ctx.targets.fact("notice", text);
        y += h + l.u(20);
    }

    // Footer: proofs and rating, care mode, the help line, the languages.
    const float rowH = std::max(l.u(96), lineHeight(ctx, ctx.fonts.body) + l.u(24));
    // Proofs and rating share a row; their labels may need two lines in a long language.
    const float halfW = (l.width - 2 * margin - l.u(24)) / 2;
    const float pairH = std::max(
        {rowH,
         wrappedHeight(ctx, ctx.fonts.body, ctx.text("attract.proofs"), halfW - l.u(48)) + l.u(24),
         wrappedHeight(ctx, ctx.fonts.body, ctx.text("attract.rate"), halfW - l.u(48)) + l.u(24)});
    const std::string help = ctx.text("attract.help");
    const float footerH = pairH + l.u(24) + rowH + l.u(24) +
                          wrappedHeight(ctx, ctx.fonts.body, help, l.width - 2 * margin) + l.u(30) +
                          rowH + l.u(40);
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
                        ImVec2(w, pairH), primaryLook(), ctx.fonts.body)) {
            ctx.intents.startProofSearch();
        }
        if (touchButton(ctx, "rate", ctx.text("attract.rate"), ImVec2(margin + w + gap, fy),
                        ImVec2(w, pairH), secondaryLook(), ctx.fonts.body)) {
            ctx.intents.startRating();
        }
    } else {
        const float rateW = l.u(520);
        if (touchButton(ctx, "rate", ctx.text("attract.rate"), ImVec2((l.width - rateW) / 2, fy),
                        ImVec2(rateW, rowH), secondaryLook(), ctx.fonts.body)) {
            ctx.intents.startRating();
        }
    }
    fy += pairH + l.u(24);
    // Care mode in one tap, saying what it does in words rather than an icon.
    const float careW = std::min(l.width - 2 * margin, l.u(640));
    ctx.targets.fact("care", ctx.session.careMode() ? "on" : "off");
    if (touchButton(
            ctx, "care", ctx.text(ctx.session.careMode() ? "attract.care_off" : "attract.care_on"),
            ImVec2((l.width - careW) / 2, fy), ImVec2(careW, rowH), tileLook(), ctx.fonts.body)) {
        ctx.intents.toggleCareMode();
    }
    fy += rowH + l.u(24);
    fy += centeredText(ctx, ctx.fonts.body, help, ImVec2(margin, fy), l.width - 2 * margin,
                       theme::kTextSoft);
    drawLanguageBar(ctx, l.height - rowH - l.u(40));
    endScreen();
}

}  // namespace hall
