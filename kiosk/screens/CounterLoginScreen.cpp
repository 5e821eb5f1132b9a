#include "screens/CounterScreens.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

std::string CounterContext::serviceName(char letter) const {
    if (view.snapshot) {
        for (const auto& s : view.snapshot->services) {
            if (s.letter != letter)
                continue;
            auto it = s.name.find(language);
            if (it != s.name.end())
                return std::string(1, letter) + " " + it->second;
            if (!s.name.empty())
                return std::string(1, letter) + " " + s.name.begin()->second;
        }
    }
    return std::string(1, letter);
}

float drawConnectionBanner(Canvas& canvas, const HallLink::View& view, const Translations& tr,
                           const std::string& language) {
    canvas.targets.fact("connected", view.connected ? "yes" : "no");
    if (view.connected)
        return 0;
    const Layout& l = canvas.layout;
    const float h = l.u(84);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(l.width, h), theme::kBad);
    std::string text = tr.text(language, "lan.disconnected");
    if (view.pending > 0)
        text += "  " + tr.format(language, "lan.pending", {{"n", std::to_string(view.pending)}});
    centeredText(canvas, canvas.fonts.large, text,
                 ImVec2(0, (h - canvas.fonts.large->FontSize) / 2), l.width, theme::kOnDark);
    canvas.targets.fact("banner", text);
    return h;
}

namespace {

void drawField(CounterContext& ctx, const char* id, const std::string& label,
               const std::string& shown, bool focused, ImVec2 pos, ImVec2 size,
               CounterSession::LoginField field) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(ctx.fonts.body, ctx.fonts.body->FontSize, pos, theme::kTextSoft, label.c_str());
    const ImVec2 boxPos(pos.x, pos.y + ctx.fonts.body->FontSize * 1.3f);
    ButtonLook look = tileLook();
    if (focused)
        look.border = theme::kPrimary;
    if (touchButton(ctx, id, "", boxPos, size, look))
        ctx.session.focus(field);
    if (focused)
        dl->AddRect(boxPos, ImVec2(boxPos.x + size.x, boxPos.y + size.y), theme::kPrimary,
                    ctx.layout.u(18), 0, ctx.layout.u(6));
    dl->AddText(
        ctx.fonts.large, ctx.fonts.large->FontSize,
        ImVec2(boxPos.x + ctx.layout.u(28), boxPos.y + (size.y - ctx.fonts.large->FontSize) / 2),
        theme::kText, shown.c_str());
}

}  // namespace

void drawCounterLoginScreen(CounterContext& ctx) {
    beginScreen(ctx, "counter-login");
    const Layout& l = ctx.layout;
    float top = drawConnectionBanner(ctx, ctx.view, ctx.tr, ctx.language);
    const float margin = l.u(60);
    auto& s = ctx.session;

    const float leftW = l.width * 0.45f;
    float y = top + l.u(80);
    y += wrappedText(ctx, ctx.fonts.large, ctx.text("counter.login_title"), ImVec2(margin, y),
                     leftW, theme::kText);
    y += wrappedText(ctx, ctx.fonts.body,
                     ctx.format("counter.window_label", {{"n", std::to_string(s.window())}}),
                     ImVec2(margin, y), leftW, theme::kTextSoft);
    y += l.u(50);
    const ImVec2 fieldSize(leftW - margin, l.u(120));
    drawField(ctx, "login.staff_id", ctx.text("counter.staff_id"), s.staffIdEntry(),
              s.loginField() == CounterSession::LoginField::StaffId, ImVec2(margin, y), fieldSize,
              CounterSession::LoginField::StaffId);
    y += fieldSize.y + ctx.fonts.body->FontSize * 1.3f + l.u(40);
    std::string dots;
    for (size_t i = 0; i < s.pinLength(); ++i)
        dots += "●";
    drawField(ctx, "login.pin", ctx.text("counter.pin"), dots,
              s.loginField() == CounterSession::LoginField::Pin, ImVec2(margin, y), fieldSize,
              CounterSession::LoginField::Pin);
    ctx.targets.fact("login.staff_id", s.staffIdEntry());
    ctx.targets.fact("login.pin_length", std::to_string(s.pinLength()));
    y += fieldSize.y + ctx.fonts.body->FontSize * 1.3f + l.u(50);
    if (const auto& n = s.notice()) {
        const std::string text = ctx.tr.contains(n->key) ? ctx.format(n->key, n->args) : n->detail;
        wrappedText(ctx, ctx.fonts.body, text, ImVec2(margin, y), leftW - margin, theme::kBad);
        ctx.targets.fact("notice", text);
    }

    // The keypad: big keys, the way staff type on a counter's touch screen.
    const float padX = l.width * 0.52f;
    const float padW = l.width - padX - margin;
    const float gap = l.u(20);
    const float keyW = (padW - 2 * gap) / 3;
    const float keyH = std::min(l.u(150), (l.height - top - l.u(120) - 4 * gap - l.u(170)) / 4);
    const char* keys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"};
    float ky = top + l.u(80);
    for (int i = 0; i < 12; ++i) {
        const ImVec2 pos(padX + static_cast<float>(i % 3) * (keyW + gap),
                         ky + static_cast<float>(i / 3) * (keyH + gap));
        const std::string key = keys[i];
        const bool digit = key.size() == 1;
        const std::string label = digit ? key : ctx.text("counter.key_" + key);
        if (touchButton(ctx, "key." + key, label, pos, ImVec2(keyW, keyH),
                        digit ? tileLook() : secondaryLook(), ctx.fonts.large)) {
            if (digit) {
                s.typeDigit(key[0]);
            } else if (key == "clear") {
                s.clearField();
            } else {
                s.backspace();
            }
        }
    }
    const float loginY = ky + 4 * (keyH + gap) + l.u(10);
    if (touchButton(ctx, "login.submit", ctx.text("counter.login"), ImVec2(padX, loginY),
                    ImVec2(padW, l.u(150)), primaryLook(), ctx.fonts.large)) {
        if (s.loginField() == CounterSession::LoginField::StaffId && s.pinLength() == 0 &&
            s.staffIdEntry().size() >= 2) {
            s.focus(CounterSession::LoginField::Pin);
        } else if (auto request = s.submitLogin()) {
            ctx.login(request->staffId, request->pin);
        }
    }
    endScreen();
}

}  // namespace hall
