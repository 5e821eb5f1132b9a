#include <algorithm>

#include "screens/PagedParagraphs.h"
#include "screens/ProofListInForce.h"
#include "screens/ScreenContext.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

// A proof the community may issue: what it certifies, who may have it, what to bring and how
// long it takes, then a ticket for the certificate service with the request on it.
void drawProofPermittedScreen(ScreenContext& ctx) {
    beginScreen(ctx, "proof-permitted");
    const Layout& l = ctx.layout;
    const ProofItem* item = ctx.session.proofItem();
    const float margin = l.u(44);
    const float width = l.width - 2 * margin;
    const float gap = l.u(24);
    // The actions, bottom up: back and the ticket, then identifying by a code.
    const float bh = std::max(l.u(150), lineHeight(ctx, ctx.fonts.large) + l.u(36));
    const float by = l.height - margin - bh;
    const float ih = std::max(l.u(110), lineHeight(ctx, ctx.fonts.large) + l.u(16));
    const float iy = by - gap - ih;
    float y = drawHeader(ctx) + l.u(30);
    if (item) {
        ctx.targets.fact("proof.item", item->id);
        y += answerBanner(ctx, ctx.text("proofs.permitted_title"), theme::kGood, ImVec2(margin, y),
                          width);
        y += gap;
        y += centeredText(ctx, ctx.fonts.large, ctx.local(item->name), ImVec2(margin, y), width,
                          theme::kText);
        y += gap;
        std::string materials;
        for (size_t i = 0; i < item->materials.size(); ++i) {
            materials +=
                (i ? "\n" : "") + std::to_string(i + 1) + ". " + ctx.local(item->materials[i]);
        }
        std::vector<Paragraph> paragraphs = {
            {ctx.text("proofs.certifies"), ctx.local(item->certifies), theme::kText},
            {ctx.text("proofs.conditions"), ctx.local(item->conditions), theme::kText},
            {ctx.text("proofs.materials"), materials, theme::kText},
            {ctx.text("proofs.time_needed"), ctx.local(item->timeNeeded), theme::kText}};
        if (item->source == "unverified")
            paragraphs.push_back({"", ctx.text("proofs.unverified"), theme::kTextSoft});
        paragraphs.push_back({"", proofListInForce(ctx), theme::kTextSoft});
        float bottom = iy - gap;
        bottom = drawNoticeAbove(ctx, bottom, margin, width);
        drawPagedParagraphs(ctx, paragraphs, ctx.session.detailPageShown(), ImVec2(margin, y),
                            width, bottom - y);
    }
    // Optional: who the proof is for, by a scanned code, so staff need not ask for the number.
    if (const Identity* who = ctx.session.identity()) {
        const std::string text = who->maskedName.empty()
                                     ? ctx.format("identity.identified_id", {{"id", who->maskedId}})
                                     : ctx.format("identity.identified", {{"name", who->maskedName},
                                                                          {"id", who->maskedId}});
        const float forgetW = l.u(300);
        wrappedText(ctx, ctx.fonts.body, text,
                    ImVec2(margin, iy + (ih - ctx.fonts.body->FontSize) / 2), width - forgetW - gap,
                    theme::kGood);
        ctx.targets.fact("identity", text);
        if (touchButton(ctx, "identity.forget", ctx.text("identity.forget"),
                        ImVec2(l.width - margin - forgetW, iy), ImVec2(forgetW, ih),
                        secondaryLook())) {
            ctx.intents.forgetIdentity();
        }
    } else if (touchButton(ctx, "identity.scan", ctx.text("identity.scan_button"),
                           ImVec2(margin, iy), ImVec2(width, ih), secondaryLook())) {
        ctx.intents.startIdentityScan();
    }
    const float backW = l.u(300);
    if (touchButton(ctx, "back", ctx.text("confirm.back"), ImVec2(margin, by), ImVec2(backW, bh),
                    secondaryLook())) {
        ctx.intents.back();
    }
    if (touchButton(ctx, "proof.take_ticket", ctx.text("proofs.take_ticket"),
                    ImVec2(margin + backW + l.u(30), by), ImVec2(width - backW - l.u(30), bh),
                    primaryLook())) {
        ctx.intents.takeProofTicket();
    }
    endScreen();
}

}  // namespace hall
