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
    float y = drawHeader(ctx) + l.u(30);
    if (item) {
        ctx.targets.fact("proof.item", item->id);
        y += answerBanner(ctx, ctx.text("proofs.permitted_title"), theme::kGood, ImVec2(margin, y),
                          width);
        y += l.u(24);
        y += centeredText(ctx.fonts.large, ctx.local(item->name), ImVec2(margin, y), width,
                          theme::kText);
        y += l.u(24);
        y += labelledText(ctx, ctx.text("proofs.certifies"), ctx.local(item->certifies),
                          ImVec2(margin, y), width);
        y += labelledText(ctx, ctx.text("proofs.conditions"), ctx.local(item->conditions),
                          ImVec2(margin, y), width);
        std::string materials;
        for (size_t i = 0; i < item->materials.size(); ++i) {
            materials +=
                (i ? "\n" : "") + std::to_string(i + 1) + ". " + ctx.local(item->materials[i]);
        }
        y += labelledText(ctx, ctx.text("proofs.materials"), materials, ImVec2(margin, y), width);
        y += labelledText(ctx, ctx.text("proofs.time_needed"), ctx.local(item->timeNeeded),
                          ImVec2(margin, y), width);
        if (item->source == "unverified")
            y += wrappedText(ctx.fonts.body, ctx.text("proofs.unverified"), ImVec2(margin, y),
                             width, theme::kTextSoft);
        y += wrappedText(ctx.fonts.body, proofListInForce(ctx), ImVec2(margin, y), width,
                         theme::kTextSoft);
    }
    if (const auto& notice = ctx.session.notice()) {
        const std::string text = ctx.format(notice->key, notice->args);
        wrappedText(ctx.fonts.body, text, ImVec2(margin, y + l.u(10)), width, theme::kBad);
        ctx.targets.fact("notice", text);
    }
    const float bh = l.u(150);
    const float by = l.height - margin - bh;
    // Optional: who the proof is for, by a scanned code, so staff need not ask for the number.
    const float ih = l.u(110);
    const float iy = by - l.u(24) - ih;
    if (const Identity* who = ctx.session.identity()) {
        const std::string text = who->maskedName.empty()
                                     ? ctx.format("identity.identified_id", {{"id", who->maskedId}})
                                     : ctx.format("identity.identified", {{"name", who->maskedName},
                                                                          {"id", who->maskedId}});
        wrappedText(ctx.fonts.large, text, ImVec2(margin, iy + l.u(24)), width - l.u(300),
                    theme::kGood);
        ctx.targets.fact("identity", text);
        if (touchButton(ctx, "identity.forget", ctx.text("identity.forget"),
                        ImVec2(l.width - margin - l.u(280), iy), ImVec2(l.u(280), ih),
                        secondaryLook())) {
            ctx.intents.forgetIdentity();
        }
    } else if (touchButton(ctx, "identity.scan", ctx.text("identity.scan_button"),
                           ImVec2(margin, iy), ImVec2(width, ih), secondaryLook())) {
        ctx.intents.startIdentityScan();
    }
    if (touchButton(ctx, "back", ctx.text("confirm.back"), ImVec2(margin, by), ImVec2(l.u(300), bh),
                    secondaryLook())) {
        ctx.intents.back();
    }
    if (touchButton(ctx, "proof.take_ticket", ctx.text("proofs.take_ticket"),
                    ImVec2(margin + l.u(330), by), ImVec2(width - l.u(330), bh), primaryLook())) {
        ctx.intents.takeProofTicket();
    }
    endScreen();
}

}  // namespace hall
