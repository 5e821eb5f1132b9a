#include <algorithm>
#include <cmath>
#include <cstdio>

#include "screens/CounterScreens.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

namespace {

std::string minutesText(const CounterContext& ctx, int64_t ms) {
    return ctx.format("counter.minutes", {{"n", std::to_string(std::max<int64_t>(0, ms / 60000))}});
}

void drawPanel(const Layout& l, ImVec2 a, ImVec2 b) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, theme::kTile, l.u(16));
    dl->AddRect(a, b, theme::kTileBorder, l.u(16), 0, l.u(2));
}

// A dialog over the desk: a dimmed background and a panel; returns the panel's inner area.
ImVec4 beginDialog(CounterContext& ctx, const std::string& title) {
    const Layout& l = ctx.layout;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(l.width, l.height), IM_COL32(0, 0, 0, 140));
    const float w = std::min(l.width - l.u(120), l.u(1500));
    const float h = l.height - l.u(160);
    const ImVec2 a((l.width - w) / 2, l.u(80));
    dl->AddRectFilled(a, ImVec2(a.x + w, a.y + h), theme::kBackground, l.u(20));
    const float pad = l.u(40);
    dl->AddText(ctx.fonts.large, ctx.fonts.large->FontSize, ImVec2(a.x + pad, a.y + pad),
                theme::kText, title.c_str());
    return ImVec4(a.x + pad, a.y + pad + ctx.fonts.large->FontSize * 1.6f, w - 2 * pad,
                  h - 2 * pad - ctx.fonts.large->FontSize * 1.6f);
}

// A row of equal buttons; returns the index tapped, or -1.
int buttonRow(CounterContext& ctx, const std::vector<std::pair<std::string, std::string>>& buttons,
              ImVec2 pos, float width, float height, const std::string& selectedId = {}) {
    const float gap = ctx.layout.u(20);
    const int n = static_cast<int>(buttons.size());
    const int perRow = std::min(n, 5);
    const float w = (width - gap * static_cast<float>(perRow - 1)) / static_cast<float>(perRow);
    int tapped = -1;
    for (int i = 0; i < n; ++i) {
        const ImVec2 p(pos.x + static_cast<float>(i % perRow) * (w + gap),
                       pos.y + static_cast<float>(i / perRow) * (height + gap));
        const bool selected = buttons[static_cast<size_t>(i)].first == selectedId;
        if (touchButton(ctx, buttons[static_cast<size_t>(i)].first,
                        buttons[static_cast<size_t>(i)].second, p, ImVec2(w, height),
                        selected ? primaryLook() : secondaryLook(), ctx.fonts.body)) {
            tapped = i;
        }
    }
    return tapped;
}

void drawFinishDialog(CounterContext& ctx) {
    const ImVec4 area = beginDialog(ctx, ctx.text("counter.finish_title"));
    std::vector<std::pair<std::string, std::string>> buttons;
    for (const auto& o : finishOutcomes())
        buttons.push_back({"outcome." + o, ctx.text("outcome." + o)});
    const int tapped = buttonRow(ctx, buttons, ImVec2(area.x, area.y), area.z, ctx.layout.u(160));
    if (tapped >= 0)
        ctx.send(ctx.session.finish(finishOutcomes()[static_cast<size_t>(tapped)]));
    if (touchButton(ctx, "dialog.cancel", ctx.text("counter.cancel"),
                    ImVec2(area.x, area.y + area.w - ctx.layout.u(110)),
                    ImVec2(ctx.layout.u(320), ctx.layout.u(110)), secondaryLook())) {
        ctx.session.closeDialog();
    }
}

void drawTransferDialog(CounterContext& ctx) {
    const Layout& l = ctx.layout;
    const ImVec4 area = beginDialog(ctx, ctx.text("counter.transfer_title"));
    auto& s = ctx.session;
    float y = area.y;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(ctx.fonts.body, ctx.fonts.body->FontSize, ImVec2(area.x, y), theme::kTextSoft,
                ctx.text("counter.transfer_service").c_str());
    y += ctx.fonts.body->FontSize * 1.4f;
    std::vector<std::pair<std::string, std::string>> services;
    std::vector<char> letters;
    if (ctx.view.snapshot) {
        for (const auto& svc : ctx.view.snapshot->services) {
            services.push_back(
                {std::string("transfer.service.") + svc.letter, ctx.serviceName(svc.letter)});
            letters.push_back(svc.letter);
        }
    }
    const std::string chosenService =
        s.transferService() ? std::string("transfer.service.") + *s.transferService() : "";
    if (int t = buttonRow(ctx, services, ImVec2(area.x, y), area.z, l.u(100), chosenService);
        t >= 0) {
        const char letter = letters[static_cast<size_t>(t)];
        s.chooseTransferService(s.transferService() == letter ? std::nullopt
                                                              : std::optional<char>(letter));
    }
    y += (l.u(100) + l.u(20)) * static_cast<float>((services.size() + 4) / 5) + l.u(20);
    dl->AddText(ctx.fonts.body, ctx.fonts.body->FontSize, ImVec2(area.x, y), theme::kTextSoft,
                ctx.text("counter.transfer_window").c_str());
    y += ctx.fonts.body->FontSize * 1.4f;
    std::vector<std::pair<std::string, std::string>> windows;
    std::vector<int> numbers;
    if (ctx.view.snapshot) {
        for (const auto& w : ctx.view.snapshot->windows) {
            if (w.number == s.window())
                continue;
            windows.push_back(
                {"transfer.window." + std::to_string(w.number),
                 ctx.format("counter.window_label", {{"n", std::to_string(w.number)}})});
            numbers.push_back(w.number);
        }
    }
    const std::string chosenWindow =
        s.transferWindow() ? "transfer.window." + std::to_string(*s.transferWindow()) : "";
    if (int t = buttonRow(ctx, windows, ImVec2(area.x, y), area.z, l.u(100), chosenWindow);
        t >= 0) {
        const int n = numbers[static_cast<size_t>(t)];
        s.chooseTransferWindow(s.transferWindow() == n ? std::nullopt : std::optional<int>(n));
    }
    y += (l.u(100) + l.u(20)) * static_cast<float>((windows.size() + 4) / 5) + l.u(20);
    dl->AddText(ctx.fonts.body, ctx.fonts.body->FontSize, ImVec2(area.x, y), theme::kTextSoft,
                ctx.text("counter.transfer_note").c_str());
    y += ctx.fonts.body->FontSize * 1.4f;
    std::vector<std::pair<std::string, std::string>> notes;
    for (const auto& n : transferNotes())
        notes.push_back({"transfer.note." + n, ctx.text("counter.note." + n)});
    if (int t = buttonRow(ctx, notes, ImVec2(area.x, y), area.z, l.u(100),
                          s.transferNote().empty() ? "" : "transfer.note." + s.transferNote());
        t >= 0) {
        s.chooseTransferNote(transferNotes()[static_cast<size_t>(t)]);
    }
    const float by = area.y + area.w - l.u(120);
    if (touchButton(ctx, "dialog.cancel", ctx.text("counter.cancel"), ImVec2(area.x, by),
                    ImVec2(l.u(320), l.u(120)), secondaryLook())) {
        s.closeDialog();
    }
    if (touchButton(ctx, "transfer.confirm", ctx.text("counter.transfer_confirm"),
                    ImVec2(area.x + area.z - l.u(480), by), ImVec2(l.u(480), l.u(120)),
                    primaryLook())) {
        if (auto c = s.transfer(ctx.tr, ctx.language))
            ctx.send(*c);
    }
}

void drawRatingDialog(CounterContext& ctx) {
    const Layout& l = ctx.layout;
    const ImVec4 area = beginDialog(ctx, ctx.text("rating.title"));
    auto& s = ctx.session;
    float y = area.y;
    std::vector<std::pair<std::string, std::string>> scores;
    for (int score = 5; score >= 1; --score)
        scores.push_back({"rating.score." + std::to_string(score),
                          ctx.text("rating.score_" + std::to_string(score))});
    if (int t = buttonRow(ctx, scores, ImVec2(area.x, y), area.z, l.u(170),
                          s.ratingScore() ? "rating.score." + std::to_string(s.ratingScore()) : "");
        t >= 0) {
        s.chooseScore(5 - t);
    }
    y += l.u(170) + l.u(50);
    ImGui::GetWindowDrawList()->AddText(ctx.fonts.body, ctx.fonts.body->FontSize, ImVec2(area.x, y),
                                        theme::kTextSoft, ctx.text("rating.reasons").c_str());
    y += ctx.fonts.body->FontSize * 1.4f;
    const float gap = l.u(20);
    const float w = (area.z - 3 * gap) / 4;
    int i = 0;
    for (const auto& code : ratingReasons()) {
        const bool on = std::find(s.ratingReasonsChosen().begin(), s.ratingReasonsChosen().end(),
                                  code) != s.ratingReasonsChosen().end();
        const ImVec2 p(area.x + static_cast<float>(i % 4) * (w + gap),
                       y + static_cast<float>(i / 4) * (l.u(100) + gap));
        if (touchButton(ctx, "rating.reason." + code, ctx.text("rating.reason." + code), p,
                        ImVec2(w, l.u(100)), on ? primaryLook() : secondaryLook(),
                        ctx.fonts.body)) {
            s.toggleReason(code);
        }
        ++i;
    }
    const float by = area.y + area.w - l.u(120);
    if (touchButton(ctx, "rating.skip", ctx.text("rating.skip"), ImVec2(area.x, by),
                    ImVec2(l.u(320), l.u(120)), secondaryLook())) {
        s.closeDialog();
    }
    if (touchButton(ctx, "rating.submit", ctx.text("rating.submit"),
                    ImVec2(area.x + area.z - l.u(480), by), ImVec2(l.u(480), l.u(120)),
                    primaryLook())) {
        if (auto c = s.submitRating())
            ctx.send(*c);
    }
}

// The resident's ID card number on a keypad, for the register of issued proofs.
void drawIssueProofDialog(CounterContext& ctx, const Ticket& ticket) {
    const Layout& l = ctx.layout;
    auto& s = ctx.session;
    const ImVec4 area =
        beginDialog(ctx, ctx.format("counter.issue_title", {{"item", ticket.requestName}}));
    float y = area.y;
    if (ticket.identified) {
        // The masked number is shown only while the hall has it in memory (not after a
        // restart): the store keeps only the hash, which is enough to issue the proof.
        y += wrappedText(
            ctx, ctx.fonts.body,
            ticket.residentMasked.empty()
                ? ctx.text("counter.identified_resident_hidden")
                : ctx.format("counter.identified_resident", {{"id", ticket.residentMasked}}),
            ImVec2(area.x, y), area.z, theme::kGood);
        ctx.targets.fact("resident.identified",
                         ticket.residentMasked.empty() ? "yes" : ticket.residentMasked);
    }
    y += wrappedText(ctx, ctx.fonts.body, ctx.text("counter.resident_id"), ImVec2(area.x, y),
                     area.z, theme::kTextSoft);
    y += l.u(10);
    const float fieldH = l.u(110);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(area.x, y), ImVec2(area.x + area.z, y + fieldH), theme::kTile,
                      l.u(12));
    dl->AddRect(ImVec2(area.x, y), ImVec2(area.x + area.z, y + fieldH), theme::kPrimary, l.u(12), 0,
                l.u(3));
    const std::string shown = s.idEntryShown();
    dl->AddText(ctx.fonts.large, ctx.fonts.large->FontSize,
                ImVec2(area.x + l.u(30), y + (fieldH - ctx.fonts.large->FontSize) / 2),
                theme::kText, shown.c_str());
    ctx.targets.fact("resident_id.shown", shown);
    y += fieldH + l.u(24);
    const char* keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0"};
    const float gap = l.u(16);
    const float kw = (area.z - 5 * gap) / 6;
    const float kh = l.u(110);
    for (int i = 0; i < 11; ++i) {
        const ImVec2 p(area.x + static_cast<float>(i % 6) * (kw + gap),
                       y + static_cast<float>(i / 6) * (kh + gap));
        if (touchButton(ctx, std::string("id.key.") + keys[i], keys[i], p, ImVec2(kw, kh),
                        secondaryLook())) {
            s.typeIdCharacter(keys[i][0]);
        }
    }
    if (touchButton(ctx, "id.key.back", ctx.text("counter.key_back"),
                    ImVec2(area.x + 5 * (kw + gap), y + kh + gap), ImVec2(kw, kh), secondaryLook(),
                    ctx.fonts.body)) {
        s.idBackspace();
    }
    y += 2 * (kh + gap) + l.u(10);
    if (const auto& n = s.notice()) {
        const std::string text = ctx.tr.contains(n->key) ? ctx.format(n->key, n->args) : n->detail;
        wrappedText(ctx, ctx.fonts.body, text, ImVec2(area.x, y), area.z, theme::kBad);
        ctx.targets.fact("notice", text);
    }
    const float by = area.y + area.w - l.u(120);
    if (touchButton(ctx, "dialog.cancel", ctx.text("counter.cancel"), ImVec2(area.x, by),
                    ImVec2(l.u(320), l.u(120)), secondaryLook())) {
        s.closeDialog();
    }
    if (touchButton(ctx, "proof.issue.confirm", ctx.text("counter.confirm_issue"),
                    ImVec2(area.x + area.z - l.u(480), by), ImVec2(l.u(480), l.u(120)),
                    primaryLook())) {
        if (auto c = s.issueProof(ticket.identified))
            ctx.send(*c);
    }
}

void drawDeclineProofDialog(CounterContext& ctx) {
    const ImVec4 area = beginDialog(ctx, ctx.text("counter.decline_title"));
    std::vector<std::pair<std::string, std::string>> buttons;
    for (const auto& r : proofDeclineReasons())
        buttons.push_back({"proof.decline." + r, ctx.text("proof.decline." + r)});
    const int tapped = buttonRow(ctx, buttons, ImVec2(area.x, area.y), area.z, ctx.layout.u(160));
    if (tapped >= 0)
        ctx.send(ctx.session.declineProof(proofDeclineReasons()[static_cast<size_t>(tapped)]));
    if (touchButton(ctx, "dialog.cancel", ctx.text("counter.cancel"),
                    ImVec2(area.x, area.y + area.w - ctx.layout.u(110)),
                    ImVec2(ctx.layout.u(320), ctx.layout.u(110)), secondaryLook())) {
        ctx.session.closeDialog();
    }
}

// The proof the resident asked for at the terminal, and what became of it.
float drawProofRequest(CounterContext& ctx, const Ticket& t, ImVec2 pos, float width) {
    const Layout& l = ctx.layout;
    auto& s = ctx.session;
    float y = pos.y + l.u(12);
    y += wrappedText(ctx, ctx.fonts.body, ctx.format("counter.request", {{"item", t.requestName}}),
                     ImVec2(pos.x, y), width, theme::kPrimary);
    ctx.targets.fact("current.request", t.requestItem);
    ctx.targets.fact("current.proof_status", t.proofStatus);
    if (!t.proofStatus.empty()) {
        const std::string status =
            t.proofStatus == "issued"
                ? ctx.format("counter.proof_issued", {{"number", t.proofNumber}})
                : ctx.text("counter.proof_" + t.proofStatus);
        y += wrappedText(ctx, ctx.fonts.body, status, ImVec2(pos.x, y), width,
                         t.proofStatus == "issued" ? theme::kGood : theme::kBad);
        return y - pos.y;
    }
    y += l.u(10);
    const float gap = l.u(20);
    const float bw = (width - gap) / 2;
    const float bh = l.u(100);
    if (touchButton(ctx, "desk.issue_proof", ctx.text("counter.issue_proof"), ImVec2(pos.x, y),
                    ImVec2(bw, bh), primaryLook(), ctx.fonts.body)) {
        s.openDialog(CounterSession::Dialog::IssueProof);
    }
    if (touchButton(ctx, "desk.decline_proof", ctx.text("counter.decline_proof"),
                    ImVec2(pos.x + bw + gap, y), ImVec2(bw, bh), secondaryLook(), ctx.fonts.body)) {
        s.openDialog(CounterSession::Dialog::DeclineProof);
    }
    return y + bh - pos.y;
}

}  // namespace

// A resident at a terminal asked for help: every counter sees it until one member of staff
// answers (首问负责), with the screen the resident was on so they know what it is about.
float drawHelpCalls(CounterContext& ctx, const QueueSnapshot& snap, float top) {
    const Layout& l = ctx.layout;
    const float margin = l.u(40);
    const float rowH = l.u(110);
    float y = top;
    std::string open;
    for (const HelpCall& call : snap.help) {
        if (!call.open())
            continue;
        open += (open.empty() ? "" : ",") + std::to_string(call.id);
        fillArea(ctx, ImVec2(0, y), ImVec2(l.width, y + rowH), theme::kNotice);
        const std::string where =
            call.terminal == "kiosk" ? ctx.text("counter.help_terminal") : call.terminal;
        const std::string doing = ctx.tr.contains("counter.help_doing." + call.doing)
                                      ? ctx.text("counter.help_doing." + call.doing)
                                      : call.doing;
        const float buttonW = l.u(300);
        drawText(ctx, ctx.fonts.large, ImVec2(margin, y + (rowH - ctx.fonts.large->FontSize) / 2),
                 theme::kBad,
                 ctx.format("counter.help_call", {{"terminal", where}, {"doing", doing}}));
        if (touchButton(ctx, "help.answer." + std::to_string(call.id),
                        ctx.text("counter.help_answer"),
                        ImVec2(l.width - margin - buttonW, y + l.u(12)),
                        ImVec2(buttonW, rowH - l.u(24)), primaryLook(), ctx.fonts.body)) {
            ctx.send(AcknowledgeHelpCommand{call.id});
        }
        y += rowH;
    }
    ctx.targets.fact("help.open", open);
    return y - top;
}

void drawCounterDeskScreen(CounterContext& ctx) {
    beginScreen(ctx, "counter-desk");
    const Layout& l = ctx.layout;
    auto& s = ctx.session;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float top = drawConnectionBanner(ctx, ctx.view, ctx.tr, ctx.language);
    const float margin = l.u(40);
    const QueueSnapshot* snap = ctx.view.snapshot ? &*ctx.view.snapshot : nullptr;
    // While a dialog is open, the desk under it takes no taps.
    ImGui::BeginDisabled(s.dialog() != CounterSession::Dialog::None);
    const WindowState* window = snap ? CounterSession::windowIn(*snap, s.window()) : nullptr;

    // Top bar: which window, who, its state, and the way out.
    const float barH = l.u(110);
    dl->AddRectFilled(ImVec2(0, top), ImVec2(l.width, top + barH), theme::kHeader);
    std::string who = ctx.format("counter.window_label", {{"n", std::to_string(s.window())}});
    if (!ctx.view.staffName.empty())
        who += "  ·  " + ctx.view.staffName + "（" + ctx.view.staffId + "）";
    dl->AddText(ctx.fonts.large, ctx.fonts.large->FontSize,
                ImVec2(margin, top + (barH - ctx.fonts.large->FontSize) / 2), theme::kOnDark,
                who.c_str());
    const WindowStatus status = window ? window->status : WindowStatus::Closed;
    const std::string statusText =
        ctx.text("counter.status_" + std::string(windowStatusCode(status)));
    ctx.targets.fact("window.status", std::string(windowStatusCode(status)));
    const float logoutW = l.u(220);
    if (touchButton(ctx, "desk.logout", ctx.text("counter.logout"),
                    ImVec2(l.width - margin - logoutW, top + l.u(15)),
                    ImVec2(logoutW, barH - l.u(30)), secondaryLook(), ctx.fonts.body)) {
        ctx.logout();
    }
    const float sw = textWidth(ctx.fonts.large, statusText);
    dl->AddText(ctx.fonts.large, ctx.fonts.large->FontSize,
                ImVec2(l.width - margin - logoutW - l.u(40) - sw,
                       top + (barH - ctx.fonts.large->FontSize) / 2),
                theme::kOnDark, statusText.c_str());
    top += barH;
    if (snap)
        top += drawHelpCalls(ctx, *snap, top);
    top += margin;

    // Left: the resident at the window now, and what to do with them.
    const float leftW = l.width * 0.56f;
    const ImVec2 la(margin, top);
    const ImVec2 lb(leftW, l.height - margin);
    drawPanel(l, la, lb);
    const float pad = l.u(36);
    const float innerW = lb.x - la.x - 2 * pad;
    float y = la.y + pad;
    const std::optional<Ticket> current = window ? window->current : std::nullopt;
    const float actionH = l.u(130);
    const float actionsY = lb.y - pad - actionH;
    if (current) {
        dl->AddText(ctx.fonts.body, ctx.fonts.body->FontSize, ImVec2(la.x + pad, y),
                    theme::kTextSoft, ctx.text("counter.serving").c_str());
        y += ctx.fonts.body->FontSize * 1.2f;
        ImFont* big = ctx.fonts.number;
        const float scale = 0.6f;
        dl->AddText(big, big->FontSize * scale, ImVec2(la.x + pad, y), theme::kPrimary,
                    current->number.c_str());
        ctx.targets.fact("current.number", current->number);
        y += big->FontSize * scale * 1.05f;
        y += wrappedText(ctx, ctx.fonts.large, ctx.serviceName(current->queueService()),
                         ImVec2(la.x + pad, y), innerW, theme::kText);
        if (current->priority) {
            y += wrappedText(
                ctx, ctx.fonts.body,
                ctx.text("ticket.priority_tag") + " · " +
                    ctx.text("priority." + std::string(priorityCode(*current->priority))),
                ImVec2(la.x + pad, y), innerW, theme::kPriorityBorder);
        }
        if (snap) {
            std::string detail =
                ctx.format("counter.waited",
                           {{"time", minutesText(ctx, current->calledAtMs - current->issuedAtMs)}});
            if (current->recalls > 0)
                detail += "  ·  " +
                          ctx.format("counter.recalled", {{"n", std::to_string(current->recalls)}});
            y += wrappedText(ctx, ctx.fonts.body, detail, ImVec2(la.x + pad, y), innerW,
                             theme::kTextSoft);
        }
        if (!current->note.empty()) {
            y += wrappedText(ctx, ctx.fonts.body,
                             ctx.format("counter.note_from", {{"note", current->note}}),
                             ImVec2(la.x + pad, y), innerW, theme::kPriorityText);
        }
        if (!current->requestItem.empty())
            y += drawProofRequest(ctx, *current, ImVec2(la.x + pad, y), innerW);
        const float gap = l.u(20);
        const float bw = (innerW - 3 * gap) / 4;
        const char* actions[4] = {"recall", "no_show", "transfer", "finish"};
        for (int i = 0; i < 4; ++i) {
            const std::string a = actions[i];
            if (touchButton(ctx, "desk." + a, ctx.text("counter." + a),
                            ImVec2(la.x + pad + static_cast<float>(i) * (bw + gap), actionsY),
                            ImVec2(bw, actionH), a == "finish" ? primaryLook() : secondaryLook())) {
                if (a == "recall")
                    ctx.send(s.recall());
                if (a == "no_show")
                    ctx.send(s.noShow());
                if (a == "transfer")
                    s.openDialog(CounterSession::Dialog::Transfer);
                if (a == "finish")
                    s.openDialog(CounterSession::Dialog::Finish);
            }
        }
    } else {
        y += wrappedText(
            ctx, ctx.fonts.large,
            ctx.text(status == WindowStatus::Open ? "counter.nobody" : "counter.window_not_open"),
            ImVec2(la.x + pad, y), innerW, theme::kTextSoft);
        const float callH = l.u(220);
        const ImVec2 callPos(la.x + pad, (la.y + lb.y - callH) / 2);
        if (status == WindowStatus::Closed) {
            if (touchButton(ctx, "desk.open", ctx.text("counter.open_window"), callPos,
                            ImVec2(innerW, callH), primaryLook())) {
                ctx.send(s.openWindow());
            }
        } else if (status == WindowStatus::Open) {
            if (touchButton(ctx, "desk.call_next", ctx.text("counter.call_next"), callPos,
                            ImVec2(innerW, callH), primaryLook())) {
                ctx.send(s.callNext());
            }
        }
    }
    if (status != WindowStatus::Closed && !current) {
        const float bw = l.u(300);
        if (status == WindowStatus::Open &&
            touchButton(ctx, "desk.pause", ctx.text("counter.pause"), ImVec2(la.x + pad, actionsY),
                        ImVec2(bw, actionH), secondaryLook())) {
            ctx.send(s.pause());
        }
        if (status == WindowStatus::Paused &&
            touchButton(ctx, "desk.resume", ctx.text("counter.resume"),
                        ImVec2(la.x + pad, actionsY), ImVec2(bw, actionH), primaryLook())) {
            ctx.send(s.resume());
        }
        if (touchButton(ctx, "desk.close", ctx.text("counter.close_window"),
                        ImVec2(la.x + pad + bw + l.u(20), actionsY), ImVec2(bw, actionH),
                        secondaryLook())) {
            ctx.send(s.close());
        }
    }

    // Right: the queue, this staff member's day, and residents who missed their call.
    const float rx = leftW + margin;
    const float rw = l.width - rx - margin;
    float ry = top;
    ry += wrappedText(ctx, ctx.fonts.large, ctx.text("counter.queue_title"), ImVec2(rx, ry), rw,
                      theme::kText);
    if (snap) {
        for (const auto& svc : snap->services) {
            std::string line = ctx.serviceName(svc.letter) + "  " +
                               ctx.format("attract.waiting", {{"n", std::to_string(svc.waiting)}});
            if (svc.waiting > 0) {
                line += "  ·  " + ctx.format("counter.longest",
                                             {{"number", svc.longestNumber},
                                              {"time", minutesText(ctx, svc.longestWaitMs)}});
            }
            ry += wrappedText(ctx, ctx.fonts.body, line, ImVec2(rx, ry), rw, theme::kText);
            ctx.targets.fact(std::string("queue.") + svc.letter, std::to_string(svc.waiting));
        }
        ry += l.u(30);
        auto mine = snap->staff.find(ctx.view.staffId);
        const StaffCounts counts = mine == snap->staff.end() ? StaffCounts{} : mine->second;
        ry += wrappedText(ctx, ctx.fonts.large, ctx.text("counter.today_title"), ImVec2(rx, ry), rw,
                          theme::kText);
        ry += wrappedText(ctx, ctx.fonts.body,
                          ctx.format("counter.today",
                                     {{"served", std::to_string(counts.served)},
                                      {"no_shows", std::to_string(counts.noShows)},
                                      {"minutes", std::to_string(static_cast<int>(
                                                      counts.averageServiceSeconds / 60 + 0.5))}}),
                          ImVec2(rx, ry), rw, theme::kText);
        ctx.targets.fact("today.served", std::to_string(counts.served));
        ry += l.u(30);
        if (!snap->noShows.empty()) {
            ry += wrappedText(ctx, ctx.fonts.large, ctx.text("counter.no_shows_title"),
                              ImVec2(rx, ry), rw, theme::kText);
            const float rowH = l.u(96);
            for (size_t i = 0; i < std::min<size_t>(3, snap->noShows.size()); ++i) {
                const Ticket& t = snap->noShows[i];
                dl->AddText(ctx.fonts.large, ctx.fonts.large->FontSize,
                            ImVec2(rx, ry + (rowH - ctx.fonts.large->FontSize) / 2), theme::kText,
                            t.number.c_str());
                if (touchButton(ctx, "reinstate." + t.number, ctx.text("counter.reinstate"),
                                ImVec2(rx + rw - l.u(260), ry), ImVec2(l.u(260), rowH - l.u(10)),
                                secondaryLook(), ctx.fonts.body)) {
                    ctx.send(s.reinstate(t.id));
                }
                ry += rowH;
            }
        }
    }
    if (const auto& n = s.notice()) {
        const std::string text = ctx.tr.contains(n->key) ? ctx.format(n->key, n->args) : n->detail;
        const float lines = std::ceil(textWidth(ctx.fonts.body, text) / (rw - l.u(32)) + 0.05f);
        const float h = ctx.fonts.body->FontSize * 1.25f * std::max(1.0f, lines) + l.u(24);
        dl->AddRectFilled(ImVec2(rx, l.height - margin - h), ImVec2(rx + rw, l.height - margin),
                          theme::kNotice, l.u(10));
        wrappedText(ctx, ctx.fonts.body, text,
                    ImVec2(rx + l.u(16), l.height - margin - h + l.u(12)), rw - l.u(32),
                    theme::kBad);
        ctx.targets.fact("notice", text);
    }
    if (ctx.view.pending > 0)
        ctx.targets.fact("pending", std::to_string(ctx.view.pending));
    ImGui::EndDisabled();
    endScreen();

    if (s.dialog() == CounterSession::Dialog::None)
        return;
    beginOverlay(ctx, "counter-dialog");
    switch (s.dialog()) {
        case CounterSession::Dialog::Finish:
            drawFinishDialog(ctx);
            break;
        case CounterSession::Dialog::Transfer:
            drawTransferDialog(ctx);
            break;
        case CounterSession::Dialog::Rating:
            drawRatingDialog(ctx);
            break;
        case CounterSession::Dialog::IssueProof:
            if (current && !current->requestItem.empty()) {
                drawIssueProofDialog(ctx, *current);
            } else {
                s.closeDialog();  // the resident was moved on from another device
            }
            break;
        case CounterSession::Dialog::DeclineProof:
            drawDeclineProofDialog(ctx);
            break;
        case CounterSession::Dialog::None:
            break;
    }
    endOverlay();
}

}  // namespace hall
