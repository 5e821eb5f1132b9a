#include <algorithm>

#include "screens/PagedParagraphs.h"
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
    const float gap = l.u(24);
    // The actions, bottom up: back and a consultation ticket, then the referral slip.
    const float bh = std::max(l.u(140), lineHeight(ctx, ctx.fonts.large) + l.u(36));
    const float by = l.height - margin - bh;
    const float printY = by - gap - bh;
    float y = drawHeader(ctx) + l.u(30);
    if (item) {
        ctx.targets.fact("proof.item", item->id);
        y += answerBanner(ctx, ctx.text("proofs.not_issued_title"), theme::kCaution,
                          ImVec2(margin, y), width);
        y += gap;
        y += centeredText(ctx, ctx.fonts.large, ctx.local(item->name), ImVec2(margin, y), width,
                          theme::kText);
        y += gap;
        std::vector<Paragraph> paragraphs = {
            {ctx.text("proofs.go_to"), ctx.local(item->handledBy), theme::kText},
            {ctx.text("proofs.instead"), ctx.local(item->replacedBy), theme::kText},
            {ctx.text("proofs.why"), ctx.local(item->why), theme::kText}};
        if (item->handlingSource == "unverified")
            paragraphs.push_back({"", ctx.text("proofs.unverified"), theme::kTextSoft});
        paragraphs.push_back({"", proofListInForce(ctx), theme::kTextSoft});
        // What the printer did and any notice stand just above the buttons, always in view.
        float bottom = printY - gap;
        bottom = drawNoticeAbove(ctx, bottom, margin, width);
        const auto [printed, color] = printLine(ctx);
        if (!printed.empty()) {
            bottom -= wrappedHeight(ctx, ctx.fonts.large, printed, width);
            centeredText(ctx, ctx.fonts.large, printed, ImVec2(margin, bottom), width, color);
            ctx.targets.fact("print", printed);
            bottom -= gap;
        }
        drawPagedParagraphs(ctx, paragraphs, ctx.session.detailPageShown(), ImVec2(margin, y),
                            width, bottom - y);
    }
    if (touchButton(ctx, "proof.print_referral", ctx.text("proofs.print_referral"),
                    ImVec2(margin, printY), ImVec2(width, bh), primaryLook())) {
        ctx.intents.printReferral();
    }
    const float backW = l.u(300);
    if (touchButton(ctx, "back", ctx.text("confirm.back"), ImVec2(margin, by), ImVec2(backW, bh),
                    secondaryLook())) {
        ctx.intents.back();
    }
    if (touchButton(ctx, "proof.take_ticket", ctx.text("proofs.talk_to_staff"),
                    ImVec2(margin + backW + gap, by), ImVec2(width - backW - gap, bh),
                    secondaryLook())) {
        ctx.intents.takeProofTicket();
    }
    endScreen();
}

}  // namespace hall
