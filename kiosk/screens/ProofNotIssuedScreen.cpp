#include "screens/ProofListInForce.h"
#include "screens/ScreenContext.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

namespace {

std::pair<std::string, ImU32> printLine(ScreenContext& ctx) {
    switch (ctx.session.print().phase) {
        case PrintState::Phase::None:
            return {"", theme::kText};
        case PrintState::Phase::Printing:
            return {ctx.text("proofs.printing"), theme::kText};
        case PrintState::Phase::Printed:
            return {ctx.text("proofs.printed"), theme::kGood};
        case PrintState::Phase::Failed:
            return {ctx.text("proofs.print_failed"), theme::kBad};
    }
    return {"", theme::kText};
}

}  // namespace

// A proof the community must not issue: why, where to go instead and what replaces it, with a
// referral slip to take along; and a consultation ticket for a resident who still has questions.
void drawProofNotIssuedScreen(ScreenContext& ctx) {
    beginScreen(ctx, "proof-not-issued");
    const Layout& l = ctx.layout;
    const ProofItem* item = ctx.session.proofItem();
    const float margin = l.u(44);
    const float width = l.width - 2 * margin;
    float y = drawHeader(ctx) + l.u(30);
    if (item) {
        ctx.targets.fact("proof.item", item->id);
        y += answerBanner(ctx, ctx.text("proofs.not_issued_title"), theme::kPriorityBorder,
                          ImVec2(margin, y), width);
        y += l.u(24);
        y += centeredText(ctx.fonts.large, ctx.local(item->name), ImVec2(margin, y), width,
                          theme::kText);
        y += l.u(24);
        y += labelledText(ctx, ctx.text("proofs.go_to"), ctx.local(item->handledBy),
                          ImVec2(margin, y), width);
        y += labelledText(ctx, ctx.text("proofs.instead"), ctx.local(item->replacedBy),
                          ImVec2(margin, y), width);
        y += labelledText(ctx, ctx.text("proofs.why"), ctx.local(item->why), ImVec2(margin, y),
                          width);
        if (item->handlingSource == "unverified")
            y += wrappedText(ctx.fonts.body, ctx.text("proofs.unverified"), ImVec2(margin, y),
                             width, theme::kTextSoft);
        y += wrappedText(ctx.fonts.body, proofListInForce(ctx), ImVec2(margin, y), width,
                         theme::kTextSoft);
    }
    const auto [printed, color] = printLine(ctx);
    if (!printed.empty()) {
        y += l.u(10);
        y += centeredText(ctx.fonts.large, printed, ImVec2(margin, y), width, color);
        ctx.targets.fact("print", printed);
    }
    if (const auto& notice = ctx.session.notice()) {
        const std::string text = ctx.format(notice->key, notice->args);
        wrappedText(ctx.fonts.body, text, ImVec2(margin, y + l.u(10)), width, theme::kBad);
        ctx.targets.fact("notice", text);
    }
    const float bh = l.u(140);
    const float gap = l.u(24);
    const float by = l.height - margin - bh;
    const float printY = by - gap - bh;
    if (touchButton(ctx, "proof.print_referral", ctx.text("proofs.print_referral"),
                    ImVec2(margin, printY), ImVec2(width, bh), primaryLook())) {
        ctx.intents.printReferral();
    }
    if (touchButton(ctx, "back", ctx.text("confirm.back"), ImVec2(margin, by), ImVec2(l.u(300), bh),
                    secondaryLook())) {
        ctx.intents.back();
    }
    if (touchButton(ctx, "proof.take_ticket", ctx.text("proofs.talk_to_staff"),
                    ImVec2(margin + l.u(300) + gap, by), ImVec2(width - l.u(300) - gap, bh),
                    secondaryLook())) {
        ctx.intents.takeProofTicket();
    }
    endScreen();
}

}  // namespace hall
