#include "screens/ScreenContext.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

namespace {

struct PrintLine {
    std::string text;
    ImU32 color;
};

PrintLine printLine(ScreenContext& ctx) {
    switch (ctx.session.print().phase) {
        case PrintState::Phase::None:
            return {ctx.text("ticket.no_printer"), theme::kText};
        case PrintState::Phase::Printing:
            return {ctx.text("ticket.printing"), theme::kText};
        case PrintState::Phase::Printed:
            return {ctx.text("ticket.printed"), theme::kGood};
        case PrintState::Phase::Failed:
            return {ctx.text("ticket.print_failed"), theme::kBad};
    }
    return {"", theme::kText};
}

// The number and what it is for: the part a resident must be able to read from a step away.
float drawNumberBlock(ScreenContext& ctx, const IssuedTicket& issued, float x, float y,
                      float width) {
    const Layout& l = ctx.layout;
    const Ticket& t = issued.ticket;
    const float top = y;
    y += centeredText(ctx, ctx.fonts.large, ctx.text("ticket.your_number"), ImVec2(x, y), width,
                      theme::kTextSoft);
    ImFont* big = ctx.fonts.number;
    // Care mode's larger words leave the number less room; at three quarters it is still over
    // four centimetres tall.
    const float scale = ctx.layout.care ? 0.75f : 1.0f;
    drawText(ctx, big, ImVec2(x + (width - textWidth(big, t.number) * scale) / 2, y),
             theme::kPrimary, t.number, big->FontSize * scale);
    y += big->FontSize * scale * 1.05f;
    if (const ServiceConfig* service = ctx.config.findService(t.service)) {
        y += centeredText(ctx, ctx.fonts.large, ctx.local(service->name), ImVec2(x, y), width,
                          theme::kText);
    }
    if (t.priority) {
        const std::string code(priorityCode(*t.priority));
        y += l.u(8);
        y += centeredText(ctx, ctx.fonts.large,
                          ctx.text("ticket.priority_tag") + " · " + ctx.text("priority." + code),
                          ImVec2(x, y), width, theme::kPriorityText);
        ctx.targets.fact("ticket.priority", code);
    }
    ctx.targets.fact("ticket.number", t.number);
    ctx.targets.fact("ticket.id", t.id);
    return y - top;
}

float drawWaitBlock(ScreenContext& ctx, const IssuedTicket& issued, float x, float y, float width) {
    const float top = y;
    const std::string ahead =
        ctx.format("ticket.people_ahead", {{"n", std::to_string(issued.peopleAhead)},
                                           {"position", std::to_string(issued.peopleAhead + 1)}});
    const std::string wait =
        issued.peopleAhead == 0
            ? ctx.text("ticket.no_wait")
            : ctx.format("ticket.estimated_wait",
                         {{"minutes", std::to_string(issued.estimatedWaitMinutes)}});
    y += centeredText(ctx, ctx.fonts.large, ahead, ImVec2(x, y), width, theme::kText);
    y += centeredText(ctx, ctx.fonts.large, wait, ImVec2(x, y), width, theme::kText);
    ctx.targets.fact("ticket.people_ahead", std::to_string(issued.peopleAhead));
    ctx.targets.fact("ticket.wait_minutes", std::to_string(issued.estimatedWaitMinutes));
    y += ctx.layout.u(40);
    const PrintLine print = printLine(ctx);
    y += centeredText(ctx, ctx.fonts.large, print.text, ImVec2(x, y), width, print.color);
    ctx.targets.fact("ticket.print", print.text);
    return y - top;
}

void drawDoneButton(ScreenContext& ctx, float x, float width) {
    const Layout& l = ctx.layout;
    const float margin = l.u(44);
    const float doneH = l.u(150);
    const float doneY = l.height - margin - doneH - ctx.fonts.body->FontSize * 1.6f;
    if (touchButton(ctx, "ticket.done", ctx.text("ticket.done"), ImVec2(x, doneY),
                    ImVec2(width, doneH), primaryLook())) {
        ctx.intents.finish();
    }
    centeredText(ctx, ctx.fonts.body,
                 ctx.format("ticket.returning",
                            {{"seconds", std::to_string(ctx.session.secondsUntilIdleReturn())}}),
                 ImVec2(x, doneY + doneH + l.u(16)), width, theme::kTextSoft);
}

}  // namespace

void drawTicketScreen(ScreenContext& ctx) {
    beginScreen(ctx, "ticket");
    const Layout& l = ctx.layout;
    const float margin = l.u(44);
    const float top = drawHeader(ctx) + l.u(40);
    const auto& issued = ctx.session.ticket();
    if (issued) {
        if (l.portrait) {
            const float width = l.width - 2 * margin;
            float y = top;
            y += drawNumberBlock(ctx, *issued, margin, y, width);
            y += l.u(32);
            drawWaitBlock(ctx, *issued, margin, y, width);
            drawDoneButton(ctx, margin, width);
        } else {
            // Landscape: the number on the left, the wait and the button on the right.
            const float column = (l.width - 3 * margin) / 2;
            drawNumberBlock(ctx, *issued, margin, top, column);
            const float right = margin * 2 + column;
            drawWaitBlock(ctx, *issued, right, top + l.u(60), column);
            drawDoneButton(ctx, right, column);
        }
    }
    endScreen();
}

}  // namespace hall
