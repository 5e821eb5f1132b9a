#include "screens/ScreenContext.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

void drawTicketScreen(ScreenContext& ctx) {
    beginScreen(ctx, "ticket");
    const Layout& l = ctx.layout;
    const float margin = l.u(44);
    const float width = l.width - 2 * margin;
    float y = drawHeader(ctx) + l.u(40);

    const auto& issued = ctx.session.ticket();
    if (!issued) {
        endScreen();
        return;
    }
    const Ticket& t = issued->ticket;
    const ServiceConfig* service = ctx.config.findService(t.service);

    y += centeredText(ctx.fonts.large, ctx.text("ticket.your_number"), ImVec2(margin, y), width,
                      theme::kTextSoft);
    ImFont* big = ctx.fonts.number;
    const float numberW = textWidth(big, t.number);
    ImGui::GetWindowDrawList()->AddText(big, big->FontSize, ImVec2((l.width - numberW) / 2, y),
                                        theme::kPrimary, t.number.c_str());
    ctx.targets.fact("ticket.number", t.number);
    ctx.targets.fact("ticket.id", t.id);
    y += big->FontSize * 1.05f;

    if (service) {
        y += centeredText(ctx.fonts.large, ctx.local(service->name), ImVec2(margin, y), width,
                          theme::kText);
    }
    if (t.priority) {
        const std::string tag = ctx.text("ticket.priority_tag") + " · " +
                                ctx.text("priority." + std::string(priorityCode(*t.priority)));
        y += l.u(8);
        y += centeredText(ctx.fonts.large, tag, ImVec2(margin, y), width, theme::kPriorityBorder);
        ctx.targets.fact("ticket.priority", std::string(priorityCode(*t.priority)));
    }
    y += l.u(32);

    const std::string ahead = ctx.format("ticket.people_ahead", {{"n", std::to_string(issued->peopleAhead)}});
    const std::string wait = issued->peopleAhead == 0
                                 ? ctx.text("ticket.no_wait")
                                 : ctx.format("ticket.estimated_wait",
                                              {{"minutes", std::to_string(issued->estimatedWaitMinutes)}});
    y += centeredText(ctx.fonts.large, ahead, ImVec2(margin, y), width, theme::kText);
    y += centeredText(ctx.fonts.large, wait, ImVec2(margin, y), width, theme::kText);
    ctx.targets.fact("ticket.people_ahead", std::to_string(issued->peopleAhead));
    ctx.targets.fact("ticket.wait_minutes", std::to_string(issued->estimatedWaitMinutes));
    y += l.u(40);

    const auto& print = ctx.session.print();
    std::string printText;
    ImU32 printColor = theme::kText;
    switch (print.phase) {
        case PrintState::Phase::None:
            printText = ctx.text("ticket.no_printer");
            break;
        case PrintState::Phase::Printing:
            printText = ctx.text("ticket.printing");
            break;
        case PrintState::Phase::Printed:
            printText = ctx.text("ticket.printed");
            printColor = theme::kGood;
            break;
        case PrintState::Phase::Failed:
            printText = ctx.text("ticket.print_failed");
            printColor = theme::kBad;
            break;
    }
    y += centeredText(ctx.fonts.large, printText, ImVec2(margin, y), width, printColor);
    ctx.targets.fact("ticket.print", printText);

    const float doneH = l.u(150);
    const float doneY = l.height - margin - doneH - ctx.fonts.body->FontSize * 1.6f;
    if (touchButton(ctx, "ticket.done", ctx.text("ticket.done"), ImVec2(margin, doneY),
                    ImVec2(width, doneH), primaryLook(), ctx.fonts.large)) {
        ctx.intents.finish();
    }
    centeredText(ctx.fonts.body,
                 ctx.format("ticket.returning", {{"seconds", std::to_string(ctx.session.secondsUntilIdleReturn())}}),
                 ImVec2(margin, doneY + doneH + l.u(16)), width, theme::kTextSoft);
    endScreen();
}

}  // namespace hall
