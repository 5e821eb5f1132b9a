#include "screens/ScreenContext.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

// Words the catalogue does not know: a person will help (首问负责), so the resident takes a
// consultation ticket; the words are kept, without digits, to extend the catalogue.
void drawProofUnknownScreen(ScreenContext& ctx) {
    beginScreen(ctx, "proof-unknown");
    const Layout& l = ctx.layout;
    const float margin = l.u(44);
    const float width = l.width - 2 * margin;
    float y = drawHeader(ctx) + l.u(40);
    y += answerBanner(ctx, ctx.text("proofs.unknown_title"), theme::kPrimary, ImVec2(margin, y),
                      width);
    y += l.u(30);
    const std::string& words = ctx.session.proofWords();
    if (!words.empty()) {
        y += centeredText(ctx, ctx.fonts.large,
                          ctx.format("proofs.unknown_words", {{"words", words}}), ImVec2(margin, y),
                          width, theme::kText);
        y += l.u(20);
    }
    y += centeredText(ctx, ctx.fonts.large, ctx.text("proofs.unknown_help"), ImVec2(margin, y),
                      width, theme::kText);
    y += l.u(30);
    if (!words.empty()) {
        y += wrappedText(ctx, ctx.fonts.body, ctx.text("proofs.unknown_record"), ImVec2(margin, y),
                         width, theme::kTextSoft);
    }
    if (const auto& notice = ctx.session.notice()) {
        const std::string text = ctx.format(notice->key, notice->args);
        wrappedText(ctx, ctx.fonts.body, text, ImVec2(margin, y + l.u(10)), width, theme::kBad);
        ctx.targets.fact("notice", text);
    }
    const float bh = l.u(150);
    const float by = l.height - margin - bh;
    if (touchButton(ctx, "back", ctx.text("proofs.retype"), ImVec2(margin, by),
                    ImVec2(l.u(360), bh), secondaryLook())) {
        ctx.intents.back();
    }
    if (touchButton(ctx, "proof.take_ticket", ctx.text("proofs.take_consultation"),
                    ImVec2(margin + l.u(390), by), ImVec2(width - l.u(390), bh), primaryLook())) {
        ctx.intents.takeProofTicket();
    }
    endScreen();
}

}  // namespace hall
