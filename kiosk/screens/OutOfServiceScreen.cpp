#include "screens/OutOfServiceScreen.h"

#include <algorithm>
#include <cfloat>

#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

const char* outOfServiceFallbackText() {
    return "Self-service is paused. Please go to the front desk.";
}

void drawOutOfServiceScreen(Canvas& canvas, const Translations* tr,
                            const std::vector<std::string>& languages, const std::string& reason) {
    beginScreen(canvas, "out-of-service");
    const Layout& l = canvas.layout;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float margin = l.u(60);
    const float width = l.width - 2 * margin;
    // A band in the hall's colour with a "no entry" sign: understood before any word is read.
    const float band = l.u(300);
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(l.width, band), theme::kHeader);
    const ImVec2 centre(l.width / 2, band / 2);
    const float r = l.u(100);
    dl->AddCircleFilled(centre, r, theme::kBad, 64);
    dl->AddRectFilled(ImVec2(centre.x - r * 0.62f, centre.y - r * 0.16f),
                      ImVec2(centre.x + r * 0.62f, centre.y + r * 0.16f), theme::kOnDark, l.u(6));
    float y = band + l.u(80);
    // With the built-in font only English can be drawn: no rows of question marks.
    std::vector<std::string> shown;
    for (const auto& lang : languages) {
        if (!canvas.fonts.latinOnly || lang == "en")
            shown.push_back(lang);
    }
    if (tr && !shown.empty()) {
        for (const std::string& lang : shown) {
            // Each language its own block, every title large: a resident reads only theirs.
            y += centeredText(canvas, canvas.fonts.large, tr->text(lang, "out_of_service.title"),
                              ImVec2(margin, y), width, theme::kBad);
            y += l.u(12);
            y += centeredText(canvas, canvas.fonts.body, tr->text(lang, "out_of_service.ask_staff"),
                              ImVec2(margin, y), width, theme::kText);
            y += l.u(70);
            canvas.targets.fact("out_of_service.title." + lang,
                                tr->text(lang, "out_of_service.title"));
        }
    } else {
        y += centeredText(canvas, canvas.fonts.large, outOfServiceFallbackText(), ImVec2(margin, y),
                          width, theme::kBad);
        y += l.u(70);
    }
    // For staff, in small print near the bottom: what is wrong.
    const std::string label = tr && !shown.empty()
                                  ? tr->text(shown.front(), "out_of_service.staff_reason")
                                  : "For staff:";
    // The box ends near the bottom, or starts under the notice when the reason is long.
    const float pad = l.u(24);
    const float textWidth = width - 2 * pad;
    auto heightOf = [&](const std::string& text) {
        ImFont* f = canvas.fonts.body;
        return f->CalcTextSizeA(f->FontSize, FLT_MAX, textWidth, text.c_str()).y;
    };
    const float boxHeight = heightOf(label) + heightOf(reason) + 2 * pad;
    const float boxTop = std::max(y, l.height - l.u(60) - boxHeight);
    float by = boxTop + pad;
    by += wrappedText(canvas, canvas.fonts.body, label, ImVec2(margin + pad, by), textWidth,
                      theme::kTextSoft);
    by += wrappedText(canvas, canvas.fonts.body, reason, ImVec2(margin + pad, by), textWidth,
                      theme::kTextSoft);
    dl->AddRect(ImVec2(margin, boxTop), ImVec2(l.width - margin, by + pad), theme::kTileBorder,
                l.u(12), 0, l.u(3));
    canvas.targets.fact("out_of_service.reason", reason);
    endScreen();
}

}  // namespace hall
