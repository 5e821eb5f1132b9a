#include "screens/Widgets.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "screens/Theme.h"

namespace hall {

ButtonLook primaryLook() {
    return {theme::kPrimary, theme::kPrimaryPressed, theme::kPrimary, theme::kOnDark, true};
}
ButtonLook chosenLook() {
    return {theme::kPrimary, theme::kPrimaryPressed, theme::kPrimary, theme::kOnDark};
}
ButtonLook secondaryLook() {
    return {theme::kSecondary, theme::kSecondaryPressed, theme::kTileBorder, theme::kText};
}
ButtonLook tileLook() {
    return {theme::kTile, theme::kTilePressed, theme::kTileBorder, theme::kText};
}
ButtonLook priorityLook() {
    return {theme::kPriority, theme::kPriorityPressed, theme::kPriorityBorder,
            theme::kPriorityText};
}

void beginScreen(Canvas& ctx, const char* name) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ctx.layout.width, ctx.layout.height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    ImGui::Begin(name, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    ctx.targets.beginFrame(name);
    // What the map's pixels are in millimetres, for the size checks that read it.
    char scale[32];
    std::snprintf(scale, sizeof scale, "%.5f", ctx.layout.mmPerPixel);
    ctx.targets.fact("panel.mm_per_px", scale);
    ctx.targets.fact("mode", ctx.layout.care ? "care" : "standard");
    fillArea(ctx, ImVec2(0, 0), ImVec2(ctx.layout.width, ctx.layout.height), theme::kBackground);
}

void endScreen() {
    ImGui::End();
    ImGui::PopStyleVar(2);
}

void beginOverlay(Canvas& ctx, const char* name) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ctx.layout.width, ctx.layout.height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    ImGui::Begin(name, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoScrollWithMouse);
}

void endOverlay() {
    ImGui::End();
    ImGui::PopStyleVar(2);
}

// Splits text into the lines ImGui would wrap it into (CJK text breaks between characters).
std::vector<std::string_view> wrapLines(ImFont* font, std::string_view text, float width) {
    std::vector<std::string_view> lines;
    const char* p = text.data();
    const char* end = text.data() + text.size();
    while (p < end) {
        const char* nl = std::find(p, end, '\n');
        if (nl == p) {
            lines.emplace_back(p, 0);
            ++p;
            continue;
        }
        const char* stop = font->CalcWordWrapPositionA(1.0f, p, nl, width);
        if (stop == p)
            stop = p + 1;  // a single glyph wider than the line: never loop forever
        while (stop > p && stop < nl && (stop[-1] == ' '))
            --stop;
        lines.emplace_back(p, static_cast<size_t>(stop - p));
        p = stop;
        while (p < end && (*p == ' ' || *p == '\n')) {
            if (*p == '\n') {
                ++p;
                break;
            }
            ++p;
        }
    }
    return lines;
}

namespace {

// The height of capital letters at this font's size, for the size checks: from the glyph of
// 'H' when the font has one, else the usual share of the em.
float capHeight(const ImFont* font) {
    if (const ImFontGlyph* h = font->FindGlyphNoFallback('H'))
        return h->Y1 - h->Y0;
    return font->FontSize * 0.73f;
}

float drawLines(Canvas& ctx, ImFont* font, std::string_view text, ImVec2 pos, float width,
                ImU32 color, bool centre) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float step = lineHeight(ctx, font);
    float y = pos.y;
    for (auto line : wrapLines(font, text, width)) {
        const float w =
            font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, line.data(), line.data() + line.size())
                .x;
        const float x = centre ? pos.x + (width - w) / 2 : pos.x;
        dl->AddText(font, font->FontSize, ImVec2(x, y), color, line.data(),
                    line.data() + line.size());
        if (!line.empty()) {
            ctx.targets.text(std::string(line), x, y, w, font->FontSize, font->FontSize, step,
                             capHeight(font), color);
        }
        y += step;
    }
    return y - pos.y;
}

}  // namespace

float centeredText(Canvas& ctx, ImFont* font, std::string_view text, ImVec2 pos, float width,
                   ImU32 color) {
    return drawLines(ctx, font, text, pos, width, color, true);
}

float wrappedText(Canvas& ctx, ImFont* font, std::string_view text, ImVec2 pos, float width,
                  ImU32 color) {
    return drawLines(ctx, font, text, pos, width, color, false);
}

void drawText(Canvas& ctx, ImFont* font, ImVec2 pos, ImU32 color, std::string_view text,
              float size) {
    if (size <= 0)
        size = font->FontSize;
    const float scale = size / font->FontSize;
    ImGui::GetWindowDrawList()->AddText(font, size, pos, color, text.data(),
                                        text.data() + text.size());
    ctx.targets.text(std::string(text), pos.x, pos.y, textWidth(font, text) * scale, size, size,
                     lineHeight(ctx, font) * scale, capHeight(font) * scale, color);
}

float lineHeight(const Canvas& ctx, const ImFont* font) {
    return font->FontSize * ctx.layout.lineSpacing();
}

void fillArea(Canvas& ctx, ImVec2 a, ImVec2 b, ImU32 color, float rounding) {
    ImGui::GetWindowDrawList()->AddRectFilled(a, b, color, rounding);
    ctx.targets.fill(a.x, a.y, b.x, b.y, color);
}

float wrappedHeight(const Canvas& ctx, ImFont* font, std::string_view text, float width) {
    return static_cast<float>(wrapLines(font, text, width).size()) * lineHeight(ctx, font);
}

float textWidth(ImFont* font, std::string_view text) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.data(), text.data() + text.size())
        .x;
}

bool touchButton(Canvas& ctx, const std::string& id, std::string_view label, ImVec2 pos,
                 ImVec2 size, const ButtonLook& look, ImFont* font) {
    if (!font)
        font = ctx.fonts.large;
    ImGui::SetCursorScreenPos(pos);
    const bool tapped = ImGui::InvisibleButton(id.c_str(), size);
    const bool held = ImGui::IsItemActive();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    const float rounding = ctx.layout.u(18);
    fillArea(ctx, pos, end, held ? look.pressed : look.fill, rounding);
    dl->AddRect(pos, end, look.border, rounding, 0, ctx.layout.u(3));
    if (!label.empty()) {
        const float pad = ctx.layout.u(24);
        // A label too long for the large type in this language steps down to the body size.
        if (font != ctx.fonts.body &&
            wrappedHeight(ctx, font, label, size.x - 2 * pad) > size.y - ctx.layout.u(16)) {
            font = ctx.fonts.body;
        }
        const float h = wrappedHeight(ctx, font, label, size.x - 2 * pad);
        centeredText(ctx, font, label,
                     ImVec2(pos.x + pad, pos.y + (size.y - h) / 2 + font->FontSize * 0.1f),
                     size.x - 2 * pad, look.text);
    }
    ctx.targets.add(id, std::string(label), pos.x, pos.y, size.x, size.y, look.main);
    return tapped;
}

float drawHeader(ScreenContext& ctx) {
    // Facts describe the state the frame started from, even if a tap changes it mid-frame.
    ctx.targets.fact("language", ctx.session.language());
    const Layout& l = ctx.layout;
    const float pad = l.u(44);
    const float top = l.u(28);
    const float gap = l.u(18);
    const std::string& name = ctx.local(ctx.config.hallName);
    // A long name in a long language steps down to the body size rather than run off the edge.
    ImFont* titleFont =
        textWidth(ctx.fonts.large, name) <= l.width - 2 * pad ? ctx.fonts.large : ctx.fonts.body;
    const float y2 = top + ctx.fonts.large->FontSize + gap;
    const float height = y2 + ctx.fonts.large->FontSize + top;
    fillArea(ctx, ImVec2(0, 0), ImVec2(l.width, height), theme::kHeader);
    drawText(ctx, titleFont, ImVec2(pad, top + ctx.fonts.large->FontSize - titleFont->FontSize),
             theme::kOnDark, name);
    ctx.targets.fact("hall.name", name);

    const std::string date = ctx.format(
        "date.long", {{"year", std::to_string(ctx.now.year)},
                      {"month", std::to_string(ctx.now.month)},
                      {"day", std::to_string(ctx.now.day)},
                      {"weekday", ctx.text("weekday." + std::to_string(ctx.now.weekday))}});
    drawText(ctx, ctx.fonts.body,
             ImVec2(pad, y2 + ctx.fonts.large->FontSize - ctx.fonts.body->FontSize), theme::kOnDark,
             date);
    const std::string clock = ctx.now.clockText();
    const float cw = textWidth(ctx.fonts.large, clock);
    drawText(ctx, ctx.fonts.large, ImVec2(l.width - pad - cw, y2), theme::kOnDark, clock);
    ctx.targets.fact("clock", clock);
    return height + drawAssistBar(ctx, height + l.u(16)) + l.u(16);
}

float drawAssistBar(ScreenContext& ctx, float y) {
    const Layout& l = ctx.layout;
    const float margin = l.u(44);
    const float gap = l.u(20);
    const float width = l.width - 2 * margin;
    const float w = (width - 2 * gap) * 0.25f;
    const char* key = ctx.help == HelpShown::Called         ? "assist.help_called"
                      : ctx.help == HelpShown::Acknowledged ? "assist.help_coming"
                                                            : "assist.help";
    // As tall as the longest label needs: care mode's type may take two lines.
    const float pad = l.u(24);
    float h = std::max(l.u(88), lineHeight(ctx, ctx.fonts.body) + l.u(20));
    if (ctx.voice) {
        for (const char* k : {"assist.again", "assist.louder"})
            h = std::max(h, wrappedHeight(ctx, ctx.fonts.body, ctx.text(k), w - 2 * pad) + l.u(20));
    }
    const float helpW = ctx.voice ? width - 2 * (w + gap) : width;
    h = std::max(h, wrappedHeight(ctx, ctx.fonts.body, ctx.text(key), helpW - 2 * pad) + l.u(20));
    float x = margin;
    if (ctx.voice) {
        if (touchButton(ctx, "assist.again", ctx.text("assist.again"), ImVec2(x, y), ImVec2(w, h),
                        tileLook(), ctx.fonts.body)) {
            ctx.intents.hearAgain();
        }
        x += w + gap;
        if (touchButton(ctx, "assist.louder", ctx.text("assist.louder"), ImVec2(x, y), ImVec2(w, h),
                        tileLook(), ctx.fonts.body)) {
            ctx.intents.louder();
        }
        x += w + gap;
    }
    ctx.targets.fact("help", ctx.help == HelpShown::Called         ? "called"
                             : ctx.help == HelpShown::Acknowledged ? "acknowledged"
                                                                   : "none");
    if (touchButton(ctx, "assist.help", ctx.text(key), ImVec2(x, y), ImVec2(margin + width - x, h),
                    priorityLook(), ctx.fonts.body)) {
        ctx.intents.callForHelp();
    }
    return h;
}

float drawLanguageBar(ScreenContext& ctx, float y) {
    const Layout& l = ctx.layout;
    const auto& langs = ctx.config.languages;
    if (langs.size() < 2)
        return 0;
    const float h = std::max(l.u(96), lineHeight(ctx, ctx.fonts.body) + l.u(24));
    const float w = l.u(250);
    const float gap = l.u(24);
    const float total =
        static_cast<float>(langs.size()) * w + static_cast<float>(langs.size() - 1) * gap;
    float x = (l.width - total) / 2;
    for (const auto& lang : langs) {
        const bool current = lang == ctx.session.language();
        if (touchButton(ctx, "lang." + lang, ctx.tr.text(lang, "language_name"), ImVec2(x, y),
                        ImVec2(w, h), current ? chosenLook() : secondaryLook(), ctx.fonts.body)) {
            ctx.intents.chooseLanguage(lang);
        }
        x += w + gap;
    }
    return h;
}

float labelledText(Canvas& ctx, std::string_view label, std::string_view text, ImVec2 pos,
                   float width) {
    if (text.empty())
        return 0;
    float y = pos.y;
    y += wrappedText(ctx, ctx.fonts.body, label, ImVec2(pos.x, y), width, theme::kTextSoft);
    y += wrappedText(ctx, ctx.fonts.body, text, ImVec2(pos.x + ctx.layout.u(24), y),
                     width - ctx.layout.u(24), theme::kText);
    return y - pos.y + ctx.layout.u(18);
}

float answerBanner(Canvas& ctx, std::string_view text, ImU32 fill, ImVec2 pos, float width) {
    const float pad = ctx.layout.u(24);
    const float h = wrappedHeight(ctx, ctx.fonts.large, text, width - 2 * pad) + 2 * pad;
    fillArea(ctx, pos, ImVec2(pos.x + width, pos.y + h), fill, ctx.layout.u(16));
    centeredText(ctx, ctx.fonts.large, text, ImVec2(pos.x + pad, pos.y + pad), width - 2 * pad,
                 theme::kOnDark);
    return h;
}

}  // namespace hall
