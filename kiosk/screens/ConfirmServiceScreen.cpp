#include "screens/ScreenContext.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

void drawConfirmServiceScreen(ScreenContext& ctx) {
    beginScreen(ctx, "confirm");
    const Layout& l = ctx.layout;
    const float margin = l.u(44);
    const float width = l.width - 2 * margin;
    float y = drawHeader(ctx) + l.u(44);

    const char letter = ctx.session.chosenService().value_or('?');
    const ServiceConfig* service = ctx.config.findService(letter);
    const std::string name = service ? ctx.local(service->name) : std::string(1, letter);
    y += centeredText(ctx, ctx.fonts.large, ctx.format("confirm.title", {{"service", name}}),
                      ImVec2(margin, y), width, theme::kText);
    y += l.u(8);
    const std::string& request = ctx.session.requestItem();
    if (const ProofCatalog* catalog = ctx.session.proofCatalog(); catalog && !request.empty()) {
        if (const ProofItem* item = catalog->findItem(request)) {
            y += centeredText(ctx, ctx.fonts.large,
                              ctx.format("proofs.request", {{"item", ctx.local(item->name)}}),
                              ImVec2(margin, y), width, theme::kPrimary);
            ctx.targets.fact("request", request);
            y += l.u(8);
        }
    }
    y += centeredText(
        ctx, ctx.fonts.large,
        ctx.format("confirm.waiting", {{"n", std::to_string(ctx.services[letter].waiting)}}),
        ImVec2(margin, y), width, theme::kTextSoft);
    y += l.u(36);

    const float takeH = l.u(210);
    if (touchButton(ctx, "ticket.take", ctx.text("confirm.take_regular"), ImVec2(margin, y),
                    ImVec2(width, takeH), primaryLook(), ctx.fonts.large)) {
        ctx.intents.takeTicket(std::nullopt);
    }
    y += takeH + l.u(56);

    const auto& categories = ctx.config.priorityCategories;
    if (!categories.empty()) {
        y += wrappedText(ctx, ctx.fonts.body, ctx.text("confirm.priority_question"),
                         ImVec2(margin, y), width, theme::kText);
        y += l.u(20);
        const int columns = l.portrait ? 2 : 4;
        const float gap = l.u(24);
        const float w =
            (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
        const float h = l.u(140);
        for (size_t i = 0; i < categories.size(); ++i) {
            const int col = static_cast<int>(i) % columns;
            const int row = static_cast<int>(i) / columns;
            const std::string code(priorityCode(categories[i]));
            const ImVec2 pos(margin + static_cast<float>(col) * (w + gap),
                             y + static_cast<float>(row) * (h + gap));
            if (touchButton(ctx, "ticket.priority." + code, ctx.text("priority." + code), pos,
                            ImVec2(w, h), priorityLook())) {
                ctx.intents.takeTicket(categories[i]);
            }
        }
    }

    const float backH = l.u(110);
    if (touchButton(ctx, "back", ctx.text("confirm.back"),
                    ImVec2(margin, l.height - margin - backH), ImVec2(l.u(320), backH),
                    secondaryLook())) {
        ctx.intents.back();
    }
    endScreen();
}

}  // namespace hall
