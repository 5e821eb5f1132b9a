#include <algorithm>

#include "screens/ProofListInForce.h"
#include "screens/ScreenContext.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"
#include "text/Hangul.h"
#include "text/Utf8.h"

namespace hall {

namespace {

// A full QWERTY layout, as on every keyboard residents may have seen; pinyin needs all 26.
constexpr const char* kRows[] = {"QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"};

// At least 2.5 mm between keys on any panel, so a finger meant for one never takes two.
float keyGap(const Layout& l) {
    return std::max(l.u(10), l.mm(3));
}

// A square to write a character in with a finger, with the 田字格 guide lines of a copybook,
// and 重写 beside it. Strokes go to the session when the finger lifts.
float drawWritingPad(ScreenContext& ctx, const ProofSearch& search, ImVec2 pos, float width,
                     float height) {
    const Layout& l = ctx.layout;
    const float side = std::min(height, width * 0.62f);
    const ImVec2 a(pos.x + (width - side) / 2, pos.y);
    const ImVec2 b(a.x + side, a.y + side);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGui::SetCursorScreenPos(a);
    ImGui::InvisibleButton("proof.pad", ImVec2(side, side));
    const bool drawing = ImGui::IsItemActive();
    fillArea(ctx, a, b, theme::kTile, l.u(12));
    dl->AddRect(a, b, theme::kPrimary, l.u(12), 0, l.u(4));
    const ImU32 guide = theme::kTileBorder;
    dl->AddLine(ImVec2(a.x + side / 2, a.y), ImVec2(a.x + side / 2, b.y), guide, l.u(2));
    dl->AddLine(ImVec2(a.x, a.y + side / 2), ImVec2(b.x, a.y + side / 2), guide, l.u(2));
    ctx.targets.add("proof.pad", "", a.x, a.y, side, side);
    const float scale = side / ProofSearch::kPadSize;
    const float ink = std::max(l.u(9), l.mm(2));
    for (const auto& stroke : search.writing().strokes) {
        std::vector<ImVec2> points;
        for (const auto& p : stroke)
            points.emplace_back(a.x + p.x * scale, a.y + p.y * scale);
        dl->AddPolyline(points.data(), static_cast<int>(points.size()), theme::kText, 0, ink);
    }
    ctx.targets.fact("proof.strokes", std::to_string(search.writing().strokes.size()));
    auto& live = *ctx.liveStroke;
    if (drawing) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        if (live.empty() || std::abs(live.back().x - m.x) + std::abs(live.back().y - m.y) >= 2)
            live.push_back(m);
        dl->AddPolyline(live.data(), static_cast<int>(live.size()), theme::kText, 0, ink);
    } else if (!live.empty()) {
        std::vector<Handwriting::Point> points;
        for (const auto& p : live) {
            points.push_back({std::clamp((p.x - a.x) / scale, 0.0f, ProofSearch::kPadSize),
                              std::clamp((p.y - a.y) / scale, 0.0f, ProofSearch::kPadSize)});
        }
        live.clear();
        ctx.intents.proofStroke(std::move(points));
    }
    const float bw = std::min((width - side) / 2 - l.u(24), l.u(200));
    if (bw >= l.mm(11) &&
        touchButton(ctx, "proof.pad.clear", ctx.text("proofs.rewrite"), ImVec2(b.x + l.u(24), a.y),
                    ImVec2(bw, side), secondaryLook(), ctx.fonts.body)) {
        ctx.intents.proofClearWriting();
    }
    return side;
}

float drawKeyboard(ScreenContext& ctx, const ProofSearch* search, ImVec2 pos, float width,
                   float keyH) {
    const Layout& l = ctx.layout;
    const float gap = keyGap(l);
    const bool hangul = search && search->keys() == ProofSearch::Keys::Hangul;
    const bool writing = search && search->keys() == ProofSearch::Keys::Handwriting;
    const bool shifted = hangul && search->shifted();
    ctx.targets.fact("proof.keys", hangul ? "hangul" : writing ? "handwriting" : "pinyin");
    const float keyW = (width - gap * 9) / 10;
    float y = pos.y;
    if (writing) {
        y += drawWritingPad(ctx, *search, ImVec2(pos.x, y), width, 3 * keyH + 2 * gap) + gap;
    }
    for (int row = 0; row < 3 && !writing; ++row) {
        const std::string keys = kRows[row];
        const float rowW =
            static_cast<float>(keys.size()) * keyW + static_cast<float>(keys.size() - 1) * gap;
        float x = pos.x + (width - rowW) / 2;
        for (char k : keys) {
            const char lower = static_cast<char>(k - 'A' + 'a');
            // The two-set Korean layout on the same keys: ㅂㅈㄷㄱㅅ over QWERT.
            std::string label(1, k);
            if (hangul) {
                label.clear();
                utf8::append(label, hangul::jamoForKey(lower, shifted));
            }
            if (touchButton(ctx, std::string("proof.key.") + lower, label, ImVec2(x, y),
                            ImVec2(keyW, keyH), tileLook())) {
                ctx.intents.proofKey(lower);
            }
            x += keyW + gap;
        }
        y += keyH + gap;
    }
    // A hall that serves Korean readers offers the Korean keyboard beside pinyin.
    const auto& langs = ctx.config.languages;
    const bool korean = std::find(langs.begin(), langs.end(), "ko") != langs.end();
    const bool handwriting = ctx.session.offersHandwriting();
    const bool switches = korean || handwriting;
    const int keysInRow = 2 + (switches ? 1 : 0) + (hangul ? 1 : 0);
    const float w =
        (width - gap * static_cast<float>(keysInRow - 1)) / static_cast<float>(keysInRow);
    float x = pos.x;
    if (switches) {
        // Named for the way of writing it leads to: pinyin → handwriting → 한글 → pinyin.
        const char* next = hangul        ? "proofs.keys_pinyin"
                           : writing     ? (korean ? "proofs.keys_hangul" : "proofs.keys_pinyin")
                           : handwriting ? "proofs.keys_handwriting"
                                         : "proofs.keys_hangul";
        if (touchButton(ctx, "proof.key.switch", ctx.text(next), ImVec2(x, y), ImVec2(w, keyH),
                        secondaryLook(), ctx.fonts.body)) {
            ctx.intents.proofSwitchKeys();
        }
        x += w + gap;
        if (hangul) {
            if (touchButton(ctx, "proof.key.shift", ctx.text("proofs.shift"), ImVec2(x, y),
                            ImVec2(w, keyH), shifted ? chosenLook() : secondaryLook(),
                            ctx.fonts.body)) {
                ctx.intents.proofShift();
            }
            x += w + gap;
        }
    }
    if (touchButton(ctx, "proof.key.back", ctx.text("proofs.delete"), ImVec2(x, y), ImVec2(w, keyH),
                    secondaryLook(), ctx.fonts.body)) {
        ctx.intents.proofBackspace();
    }
    x += w + gap;
    if (touchButton(ctx, "proof.key.clear", ctx.text("proofs.clear"), ImVec2(x, y), ImVec2(w, keyH),
                    secondaryLook(), ctx.fonts.body)) {
        ctx.intents.proofClear();
    }
    return y + keyH - pos.y;
}

// One proof in a list: its name, and plainly whether the community can issue it; `why`, when
// given, under the name. Returns true when tapped: the screen changes, and the search may be
// gone.
bool drawProofRow(ScreenContext& ctx, const ProofItem& item, ImVec2 pos, ImVec2 size,
                  const std::string& why = {}) {
    const Layout& l = ctx.layout;
    const bool permitted = item.decision == ProofDecision::Permitted;
    const std::string tag = ctx.text(permitted ? "proofs.tag_permitted" : "proofs.tag_not_issued");
    const bool tapped = touchButton(ctx, "proof.result." + item.id, "", pos, size, tileLook());
    const float pad = l.u(24);
    const float tagW = std::min(textWidth(ctx.fonts.body, tag) + 2 * pad, size.x * 0.45f);
    const ImVec2 ta(pos.x + size.x - pad - tagW, pos.y + (size.y - l.u(70)) / 2);
    fillArea(ctx, ta, ImVec2(ta.x + tagW, ta.y + l.u(70)),
             permitted ? theme::kGood : theme::kCaution, l.u(35));
    centeredText(ctx, ctx.fonts.body, tag,
                 ImVec2(ta.x, ta.y + (l.u(70) - ctx.fonts.body->FontSize) / 2 - l.u(4)), tagW,
                 theme::kOnDark);
    const std::string& name = ctx.local(item.name);
    ImFont* font = textWidth(ctx.fonts.large, name) < size.x - tagW - 3 * pad ? ctx.fonts.large
                                                                              : ctx.fonts.body;
    if (why.empty()) {
        wrappedText(ctx, font, name,
                    ImVec2(pos.x + pad, pos.y + (size.y - font->FontSize * 1.2f) / 2),
                    size.x - tagW - 3 * pad, theme::kText);
    } else {
        const float nameY = pos.y + l.u(18);
        wrappedText(ctx, font, name, ImVec2(pos.x + pad, nameY), size.x - tagW - 3 * pad,
                    theme::kText);
        wrappedText(ctx, ctx.fonts.body, why,
                    ImVec2(pos.x + pad, pos.y + size.y - l.u(18) - ctx.fonts.body->FontSize * 1.2f),
                    size.x - tagW - 3 * pad, theme::kTextSoft);
    }
    if (tapped)
        ctx.intents.chooseProof(item.id);
    return tapped;
}

float pagerHeight(const ScreenContext& ctx) {
    return std::max(ctx.layout.u(96), lineHeight(ctx, ctx.fonts.body) + ctx.layout.u(24));
}

// Previous and next under a paged list, with where the resident is in it.
void drawPager(ScreenContext& ctx, size_t page, size_t pages, ImVec2 pos, float width,
               float height) {
    if (pages < 2)
        return;
    const Layout& l = ctx.layout;
    const float bw = l.u(260);
    const std::string pageText = ctx.format(
        "proofs.page", {{"page", std::to_string(page + 1)}, {"pages", std::to_string(pages)}});
    centeredText(ctx, ctx.fonts.body, pageText,
                 ImVec2(pos.x + bw, pos.y + (height - ctx.fonts.body->FontSize) / 2),
                 width - 2 * bw, theme::kTextSoft);
    if (page > 0 && touchButton(ctx, "proof.page.previous", ctx.text("proofs.previous"), pos,
                                ImVec2(bw, height), secondaryLook(), ctx.fonts.body)) {
        ctx.intents.proofPage(-1);
    }
    if (page + 1 < pages && touchButton(ctx, "proof.page.next", ctx.text("proofs.next"),
                                        ImVec2(pos.x + width - bw, pos.y), ImVec2(bw, height),
                                        secondaryLook(), ctx.fonts.body)) {
        ctx.intents.proofPage(1);
    }
}

// The results, a category's proofs, or the categories. Draws nothing more after a tap, which
// may end the search.
void drawResults(ScreenContext& ctx, const ProofSearch& search, ImVec2 pos, float width,
                 float height) {
    const Layout& l = ctx.layout;
    const float rowH = std::max(l.u(118), lineHeight(ctx, ctx.fonts.large) + l.u(16));
    const float gap = l.u(14);
    float y = pos.y;
    std::string ids;
    if (!search.category().empty()) {
        const ProofCategory* category = ctx.session.proofCatalog()->findCategory(search.category());
        y += wrappedText(ctx, ctx.fonts.body,
                         category ? ctx.local(category->name) : search.category(), ImVec2(pos.x, y),
                         width, theme::kTextSoft);
        y += l.u(8);
        const float pagerH = pagerHeight(ctx);
        const auto perPage = static_cast<size_t>(
            std::max(1.0f, (pos.y + height - pagerH - gap - y + gap) / (rowH + gap)));
        for (const ProofItem* item : search.categoryPage(perPage)) {
            ids += (ids.empty() ? "" : ",") + item->id;
            if (drawProofRow(ctx, *item, ImVec2(pos.x, y), ImVec2(width, rowH)))
                return;
            y += rowH + gap;
        }
        drawPager(ctx, search.page(perPage), search.pageCount(perPage),
                  ImVec2(pos.x, pos.y + height - pagerH), width, pagerH);
    } else if (search.typed().empty()) {
        // Nothing typed yet: browse by category instead, a page at a time if they do not fit,
        // with previous / next beside the heading so the page keeps its room for categories.
        const auto& categories = ctx.session.proofCatalog()->categories;
        // As tall as the longest name needs in this language and type size.
        auto tileHeight = [&](float cw) {
            float h = rowH;
            for (const auto& c : categories) {
                h = std::max(
                    h,
                    wrappedHeight(ctx, ctx.fonts.body, ctx.local(c.name), cw - l.u(48)) + l.u(24));
            }
            return h;
        };
        int columns = 2;
        float cw = (width - gap) / 2;
        float tileH = tileHeight(cw);
        const float pagerW = l.u(230);
        const float headW = width - 2 * (pagerW + gap);
        const float headH = std::max(
            pagerHeight(ctx), wrappedHeight(ctx, ctx.fonts.body, ctx.text("proofs.browse"), headW) +
                                  lineHeight(ctx, ctx.fonts.body));
        auto rowsFitting = [&](float h) {
            return std::max(1, static_cast<int>((h + gap) / (tileH + gap)));
        };
        const float tilesTop = y + headH + gap;
        // Long names in large type that leave no room for a row of two: one to a row, where
        // each name fits on a line.
        if (tilesTop + tileH > pos.y + height) {
            columns = 1;
            cw = width;
            tileH = tileHeight(cw);
        }
        if (tilesTop + tileH > pos.y + height)
            return;  // no room at all: the keyboard still finds every proof
        const auto perPage = static_cast<size_t>(rowsFitting(pos.y + height - tilesTop) * columns);
        const size_t page = search.page(perPage);
        const size_t pages = search.pageCount(perPage);
        if (pages > 1) {
            float hy = y;
            hy += wrappedText(ctx, ctx.fonts.body, ctx.text("proofs.browse"), ImVec2(pos.x, hy),
                              headW, theme::kTextSoft);
            wrappedText(ctx, ctx.fonts.body,
                        ctx.format("proofs.page", {{"page", std::to_string(page + 1)},
                                                   {"pages", std::to_string(pages)}}),
                        ImVec2(pos.x, hy), headW, theme::kTextSoft);
            const float bh = std::min(headH, pagerHeight(ctx));
            if (page > 0 && touchButton(ctx, "proof.page.previous", ctx.text("proofs.previous"),
                                        ImVec2(pos.x + width - 2 * pagerW - gap, y),
                                        ImVec2(pagerW, bh), secondaryLook(), ctx.fonts.body)) {
                ctx.intents.proofPage(-1);
            }
            if (page + 1 < pages &&
                touchButton(ctx, "proof.page.next", ctx.text("proofs.next"),
                            ImVec2(pos.x + width - pagerW, y), ImVec2(pagerW, bh), secondaryLook(),
                            ctx.fonts.body)) {
                ctx.intents.proofPage(1);
            }
        } else {
            wrappedText(ctx, ctx.fonts.body, ctx.text("proofs.browse"), ImVec2(pos.x, y), width,
                        theme::kTextSoft);
        }
        const auto shown = search.categoriesPage(perPage);
        for (size_t i = 0; i < shown.size(); ++i) {
            const ImVec2 p(pos.x + static_cast<float>(i % columns) * (cw + gap),
                           tilesTop + static_cast<float>(i / columns) * (tileH + gap));
            if (touchButton(ctx, "proof.category." + shown[i]->id, ctx.local(shown[i]->name), p,
                            ImVec2(cw, tileH), tileLook())) {
                ctx.intents.proofBrowse(shown[i]->id);
            }
        }
    } else if (search.asking()) {
        // Two or three proofs fit about equally: ask, in large type, with what matched.
        y += wrappedText(ctx, ctx.fonts.large, ctx.text("proofs.which_one"), ImVec2(pos.x, y),
                         width, theme::kText);
        y += l.u(12);
        const float askH = std::max(
            l.u(170), lineHeight(ctx, ctx.fonts.large) + lineHeight(ctx, ctx.fonts.body) + l.u(36));
        const auto choices = search.verdict().choices;
        for (const auto& m : choices) {
            if (y + askH > pos.y + height)
                break;
            std::string words;
            for (const auto& w : m.words)
                words += (words.empty() ? "" : "、") + w;
            ids += (ids.empty() ? "" : ",") + m.item->id;
            if (drawProofRow(ctx, *m.item, ImVec2(pos.x, y), ImVec2(width, askH),
                             ctx.format("proofs.why_matched", {{"words", words}})))
                return;
            y += askH + gap;
        }
        ctx.targets.fact("proof.asking", ids);
    } else if (search.results().empty()) {
        y += wrappedText(ctx, ctx.fonts.large, ctx.text("proofs.no_results"), ImVec2(pos.x, y),
                         width, theme::kTextSoft);
    } else {
        y += wrappedText(ctx, ctx.fonts.body, ctx.text("proofs.results"), ImVec2(pos.x, y), width,
                         theme::kTextSoft);
        y += l.u(8);
        const auto results = search.results();
        for (const auto& m : results) {
            if (y + rowH > pos.y + height)
                break;
            ids += (ids.empty() ? "" : ",") + m.item->id;
            if (drawProofRow(ctx, *m.item, ImVec2(pos.x, y), ImVec2(width, rowH)))
                return;
            y += rowH + gap;
        }
    }
    ctx.targets.fact("proof.results", ids);
}

}  // namespace

void drawProofSearchScreen(ScreenContext& ctx) {
    beginScreen(ctx, "proof-search");
    const Layout& l = ctx.layout;
    const ProofSearch* search = ctx.session.proofSearch();
    // In handwriting the hints say to write in the box, not to type pinyin.
    const bool writingHint = search && search->keys() == ProofSearch::Keys::Handwriting;
    const float margin = l.u(44);
    const float top = drawHeader(ctx) + l.u(24);
    const float bottomH = l.u(110);
    const float bottomY = l.height - margin - bottomH;
    // Care mode's keys give a little height to the results above them; still over 2 cm.
    const float keyH = l.care ? l.u(88) : l.u(100);
    const float keyboardH = 4 * keyH + 3 * keyGap(l);

    // Portrait: input, results, then the keyboard at the bottom, within reach of a seated
    // resident. Landscape: input and results on the left, the keyboard on the right.
    const float leftW = l.portrait ? l.width - 2 * margin : (l.width - 3 * margin) * 0.5f;
    const float keyboardX = l.portrait ? margin : margin * 2 + leftW;
    const float keyboardW = l.portrait ? leftW : l.width - keyboardX - margin;
    const float candH = l.u(100);
    const float candW = l.portrait ? leftW : keyboardW;
    // The row keeps one height whether it shows the hint or the characters, so nothing jumps.
    const float candRowH =
        std::max(candH, wrappedHeight(ctx, ctx.fonts.body,
                                      ctx.text(writingHint ? "proofs.writing_candidates_hint"
                                                           : "proofs.keyboard_hint"),
                                      candW));
    const float keyboardY = l.portrait ? bottomY - l.u(28) - keyboardH : top + candRowH + l.u(20);

    float y = top;
    y += wrappedText(ctx, ctx.fonts.large, ctx.text("proofs.search_title"), ImVec2(margin, y),
                     leftW, theme::kText);
    y += wrappedText(ctx, ctx.fonts.body, proofListInForce(ctx), ImVec2(margin, y), leftW,
                     theme::kTextSoft);
    y += l.u(12);
    // The hint may take two lines in a long language and care mode's type: the field grows.
    const std::string hint = ctx.text(writingHint ? "proofs.writing_hint" : "proofs.search_hint");
    const float hintW = leftW - l.u(56);
    const float hintH = wrappedHeight(ctx, ctx.fonts.body, hint, hintW);
    const float inputH = std::max(l.u(110), hintH + l.u(24));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    fillArea(ctx, ImVec2(margin, y), ImVec2(margin + leftW, y + inputH), theme::kTile, l.u(14));
    dl->AddRect(ImVec2(margin, y), ImVec2(margin + leftW, y + inputH), theme::kPrimary, l.u(14), 0,
                l.u(4));
    const std::string typed = search ? search->typed() : std::string();
    const float textY = y + (inputH - ctx.fonts.large->FontSize) / 2 - l.u(4);
    if (typed.empty()) {
        wrappedText(ctx, ctx.fonts.body, hint, ImVec2(margin + l.u(28), y + (inputH - hintH) / 2),
                    hintW, theme::kTextSoft);
    } else {
        drawText(ctx, ctx.fonts.large, ImVec2(margin + l.u(28), textY), theme::kText, typed);
        const float caretX = margin + l.u(32) + textWidth(ctx.fonts.large, typed);
        dl->AddRectFilled(ImVec2(caretX, textY + l.u(6)),
                          ImVec2(caretX + l.u(5), textY + ctx.fonts.large->FontSize),
                          theme::kPrimary);
    }
    ctx.targets.fact("proof.typed", typed);
    y += inputH + l.u(14);

    // Candidate characters for the letters being typed: tapping one writes it in. Portrait:
    // under the input; landscape: over the keyboard.
    const float candX = l.portrait ? margin : keyboardX;
    const float candY = l.portrait ? y : top;
    if (search && !search->candidates().empty()) {
        // A copy: a tap changes the candidates while they are being drawn.
        const std::vector<char32_t> candidates = search->candidates();
        const size_t n = candidates.size();
        const float gap = l.u(10);
        const float cw =
            std::min(l.u(120), (candW - gap * static_cast<float>(n - 1)) / static_cast<float>(n));
        std::string shown;
        for (size_t i = 0; i < n; ++i) {
            std::string label;
            utf8::append(label, candidates[i]);
            shown += label;
            if (touchButton(ctx, "proof.candidate." + std::to_string(i), label,
                            ImVec2(candX + static_cast<float>(i) * (cw + gap), candY),
                            ImVec2(cw, candH), secondaryLook())) {
                ctx.intents.proofCandidate(i);
            }
        }
        ctx.targets.fact("proof.candidates", shown);
    } else {
        wrappedText(
            ctx, ctx.fonts.body,
            ctx.text(writingHint ? "proofs.writing_candidates_hint" : "proofs.keyboard_hint"),
            ImVec2(candX, candY + (candH - ctx.fonts.body->FontSize) / 2), candW, theme::kTextSoft);
    }
    if (l.portrait)
        y += candRowH + l.u(20);

    const float resultsBottom = l.portrait ? keyboardY - l.u(20) : bottomY - l.u(20);
    if (search)
        drawResults(ctx, *search, ImVec2(margin, y), leftW, resultsBottom - y);

    drawKeyboard(ctx, search, ImVec2(keyboardX, keyboardY), keyboardW, keyH);

    const float backW = l.u(300);
    if (touchButton(ctx, "back", ctx.text("confirm.back"), ImVec2(margin, bottomY),
                    ImVec2(backW, bottomH), secondaryLook())) {
        ctx.intents.back();
    }
    if (touchButton(ctx, "proof.not_found", ctx.text("proofs.not_found"),
                    ImVec2(margin + backW + l.u(24), bottomY),
                    ImVec2(l.width - 2 * margin - backW - l.u(24), bottomH), priorityLook())) {
        ctx.intents.proofNotFound();
    }
    endScreen();
}

}  // namespace hall
