#include "screens/DisplayBoardScreen.h"

#include <algorithm>

#include "screens/CounterScreens.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

namespace {

std::string localized(const std::map<std::string, std::string>& names,
                      const std::string& language) {
    auto it = names.find(language);
    if (it != names.end())
        return it->second;
    return names.empty() ? std::string() : names.begin()->second;
}

}  // namespace

void drawDisplayBoardScreen(DisplayContext& ctx) {
    beginScreen(ctx, "display-board");
    const Layout& l = ctx.layout;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto text = [&](std::string_view key) -> const std::string& {
        return ctx.tr.text(ctx.language, key);
    };
    const auto format = [&](std::string_view key, const Translations::Args& a) {
        return ctx.tr.format(ctx.language, key, a);
    };
    float top = drawConnectionBanner(ctx, ctx.view, ctx.tr, ctx.language);
    const QueueSnapshot* snap = ctx.view.snapshot ? &*ctx.view.snapshot : nullptr;
    const float margin = l.u(40);

    // Header: the hall's name and the time.
    const float headH = l.u(130);
    dl->AddRectFilled(ImVec2(0, top), ImVec2(l.width, top + headH), theme::kHeader);
    const std::string hallName = snap ? localized(snap->hallName, ctx.language) : "";
    dl->AddText(ctx.fonts.large, ctx.fonts.large->FontSize,
                ImVec2(margin, top + (headH - ctx.fonts.large->FontSize) / 2), theme::kOnDark,
                hallName.c_str());
    const auto local = toHallLocal(ctx.now, snap ? snap->utcOffsetMinutes : 8 * 60);
    const std::string clock = local.clockText();
    dl->AddText(ctx.fonts.large, ctx.fonts.large->FontSize,
                ImVec2(l.width - margin - textWidth(ctx.fonts.large, clock),
                       top + (headH - ctx.fonts.large->FontSize) / 2),
                theme::kOnDark, clock.c_str());
    top += headH + margin;

    // The newest call, big, flashing while it is new: 请 A012 号 到 3 号窗口.
    const float leftW = l.width * 0.6f;
    const float callH = l.height * 0.36f;
    const bool on = ctx.board.flashOn(ctx.now);
    dl->AddRectFilled(ImVec2(margin, top), ImVec2(leftW, top + callH),
                      on ? theme::kPrimary : theme::kTile, l.u(20));
    dl->AddRect(ImVec2(margin, top), ImVec2(leftW, top + callH), theme::kPrimary, l.u(20), 0,
                l.u(6));
    const ImU32 ink = on ? theme::kOnDark : theme::kText;
    if (auto call = ctx.board.newest()) {
        ctx.targets.fact("call.number", call->number);
        ctx.targets.fact("call.window", std::to_string(call->window));
        ctx.targets.fact("call.flashing", ctx.board.flashing(ctx.now) ? "yes" : "no");
        const std::string before = text("display.please");
        const std::string after =
            format("display.to_window", {{"n", std::to_string(call->window)}});
        ImFont* big = ctx.fonts.number;
        const float bigSize = big->FontSize * 0.8f;
        const float numberW = big->CalcTextSizeA(bigSize, FLT_MAX, 0, call->number.c_str()).x;
        const float total = textWidth(ctx.fonts.large, before) + numberW +
                            textWidth(ctx.fonts.large, after) + l.u(40);
        float x = margin + (leftW - margin - total) / 2;
        const float cy = top + callH / 2;
        dl->AddText(ctx.fonts.large, ctx.fonts.large->FontSize,
                    ImVec2(x, cy - ctx.fonts.large->FontSize / 2), ink, before.c_str());
        x += textWidth(ctx.fonts.large, before) + l.u(20);
        dl->AddText(big, bigSize, ImVec2(x, cy - bigSize * 0.55f),
                    on ? theme::kOnDark : theme::kPrimary, call->number.c_str());
        x += numberW + l.u(20);
        dl->AddText(ctx.fonts.large, ctx.fonts.large->FontSize,
                    ImVec2(x, cy - ctx.fonts.large->FontSize / 2), ink, after.c_str());
    } else {
        centeredText(ctx, ctx.fonts.large, text("display.no_calls"),
                     ImVec2(margin, top + callH / 2 - ctx.fonts.large->FontSize / 2),
                     leftW - margin, theme::kTextSoft);
    }

    // Every window: who it is serving now.
    float y = top + callH + margin;
    if (snap) {
        const int n = static_cast<int>(snap->windows.size());
        const int cols = std::min(4, std::max(1, n));
        const float gap = l.u(20);
        const float w =
            (leftW - margin - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
        const float h = l.u(170);
        for (int i = 0; i < n; ++i) {
            const WindowState& win = snap->windows[static_cast<size_t>(i)];
            const ImVec2 a(margin + static_cast<float>(i % cols) * (w + gap),
                           y + static_cast<float>(i / cols) * (h + gap));
            dl->AddRectFilled(a, ImVec2(a.x + w, a.y + h), theme::kTile, l.u(14));
            dl->AddRect(a, ImVec2(a.x + w, a.y + h), theme::kTileBorder, l.u(14), 0, l.u(2));
            const std::string title =
                format("counter.window_label", {{"n", std::to_string(win.number)}});
            dl->AddText(ctx.fonts.body, ctx.fonts.body->FontSize,
                        ImVec2(a.x + l.u(20), a.y + l.u(14)), theme::kTextSoft, title.c_str());
            const std::string now =
                win.current
                    ? win.current->number
                    : (win.status == WindowStatus::Open
                           ? "—"
                           : text("counter.status_" + std::string(windowStatusCode(win.status))));
            ImFont* f = win.current ? ctx.fonts.large : ctx.fonts.body;
            dl->AddText(f, f->FontSize, ImVec2(a.x + l.u(20), a.y + h - f->FontSize - l.u(20)),
                        win.current ? theme::kPrimary : theme::kTextSoft, now.c_str());
            ctx.targets.fact("window." + std::to_string(win.number),
                             win.current ? win.current->number : "");
        }
    }

    // Right: the last calls, and how many wait per service.
    const float rx = leftW + margin;
    const float rw = l.width - rx - margin;
    float ry = top;
    ry +=
        wrappedText(ctx, ctx.fonts.large, text("display.recent"), ImVec2(rx, ry), rw, theme::kText);
    if (snap) {
        int shown = 0;
        for (const auto& c : snap->calls) {
            if (shown++ == 6)
                break;
            const std::string line =
                c.number + "  →  " +
                format("counter.window_label", {{"n", std::to_string(c.window)}});
            ry += wrappedText(ctx, ctx.fonts.large, line, ImVec2(rx, ry), rw,
                              shown == 1 ? theme::kPrimary : theme::kText);
        }
        ry += l.u(30);
        ry += wrappedText(ctx, ctx.fonts.large, text("display.waiting"), ImVec2(rx, ry), rw,
                          theme::kText);
        for (const auto& s : snap->services) {
            const std::string line = std::string(1, s.letter) + " " +
                                     localized(s.name, ctx.language) + "  " +
                                     format("attract.waiting", {{"n", std::to_string(s.waiting)}});
            ry += wrappedText(ctx, ctx.fonts.body, line, ImVec2(rx, ry), rw, theme::kText);
        }
    }
    endScreen();
}

}  // namespace hall
