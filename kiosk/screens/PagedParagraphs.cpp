#include "screens/PagedParagraphs.h"

#include <algorithm>

#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

namespace {

struct Row {
    std::string text;
    float indent = 0;
    ImU32 colour = 0;
    float gapAfter = 0;
    bool heading = false;
};

std::vector<Row> rowsOf(const ScreenContext& ctx, const std::vector<Paragraph>& paragraphs,
                        float width) {
    const float indent = ctx.layout.u(24);
    std::vector<Row> rows;
    for (const auto& p : paragraphs) {
        if (p.text.empty())
            continue;
        if (!p.label.empty()) {
            for (auto line : wrapLines(ctx.fonts.body, p.label, width))
                rows.push_back({std::string(line), 0, theme::kTextSoft, 0, true});
        }
        const float x = p.label.empty() ? 0 : indent;
        for (auto line : wrapLines(ctx.fonts.body, p.text, width - x))
            rows.push_back({std::string(line), x, p.colour, 0, false});
        rows.back().gapAfter = ctx.layout.u(18);
    }
    return rows;
}

// The first row of each page.
std::vector<size_t> pageStarts(const std::vector<Row>& rows, float lineH, float height) {
    std::vector<size_t> starts{0};
    float used = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
        float need = lineH;
        // A heading goes with the line after it.
        if (rows[i].heading && i + 1 < rows.size() && !rows[i + 1].heading)
            need += lineH;
        if (used > 0 && used + need > height) {
            starts.push_back(i);
            used = 0;
        }
        used += lineH + rows[i].gapAfter;
    }
    return starts;
}

}  // namespace

void drawPagedParagraphs(ScreenContext& ctx, const std::vector<Paragraph>& paragraphs, int page,
                         ImVec2 pos, float width, float height) {
    const Layout& l = ctx.layout;
    const float lineH = lineHeight(ctx, ctx.fonts.body);
    const auto rows = rowsOf(ctx, paragraphs, width);
    auto starts = pageStarts(rows, lineH, height);
    const float pagerH = std::max(l.u(96), lineH + l.u(24));
    if (starts.size() > 1)
        starts = pageStarts(rows, lineH, height - pagerH - l.u(16));
    const size_t pages = starts.size();
    const size_t shown = std::min(static_cast<size_t>(std::max(page, 0)), pages - 1);
    const size_t end = shown + 1 < pages ? starts[shown + 1] : rows.size();
    float y = pos.y;
    for (size_t i = starts[shown]; i < end; ++i) {
        wrappedText(ctx, ctx.fonts.body, rows[i].text, ImVec2(pos.x + rows[i].indent, y),
                    width - rows[i].indent, rows[i].colour);
        y += lineH + rows[i].gapAfter;
    }
    if (pages < 2)
        return;
    ctx.targets.fact("detail.page", std::to_string(shown + 1) + "/" + std::to_string(pages));
    const float by = pos.y + height - pagerH;
    const float bw = l.u(280);
    centeredText(ctx, ctx.fonts.body,
                 ctx.format("proofs.page", {{"page", std::to_string(shown + 1)},
                                            {"pages", std::to_string(pages)}}),
                 ImVec2(pos.x + bw, by + (pagerH - ctx.fonts.body->FontSize) / 2), width - 2 * bw,
                 theme::kTextSoft);
    if (shown > 0 &&
        touchButton(ctx, "detail.previous", ctx.text("proofs.previous"), ImVec2(pos.x, by),
                    ImVec2(bw, pagerH), secondaryLook(), ctx.fonts.body)) {
        ctx.intents.detailPage(-1);
    }
    if (shown + 1 < pages &&
        touchButton(ctx, "detail.next", ctx.text("proofs.next"), ImVec2(pos.x + width - bw, by),
                    ImVec2(bw, pagerH), secondaryLook(), ctx.fonts.body)) {
        ctx.intents.detailPage(1);
    }
}

float drawNoticeAbove(ScreenContext& ctx, float bottom, float x, float width) {
    const auto& notice = ctx.session.notice();
    if (!notice)
        return bottom;
    const std::string text = ctx.format(notice->key, notice->args);
    bottom -= wrappedHeight(ctx, ctx.fonts.body, text, width);
    wrappedText(ctx, ctx.fonts.body, text, ImVec2(x, bottom), width, theme::kBad);
    ctx.targets.fact("notice", text);
    return bottom - ctx.layout.u(24);
}

}  // namespace hall
