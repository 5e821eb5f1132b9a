#pragma once
#include <imgui.h>

#include <string>
#include <vector>

#include "screens/ScreenContext.h"

namespace hall {

// A block of text under a small heading (what a proof certifies, what to bring…).
struct Paragraph {
    std::string label;  // may be empty
    std::string text;
    ImU32 colour;
};

// Paragraphs laid out a page at a time in a fixed area, so care mode's larger type never runs
// under the buttons and nothing scrolls (older residents miss content below the fold): line by
// line, a heading kept with its first line, with previous / next under them when they take more
// than one page. `page` is clamped to the pages there are.
void drawPagedParagraphs(ScreenContext& ctx, const std::vector<Paragraph>& paragraphs, int page,
                         ImVec2 pos, float width, float height);

// The session's notice, if any, in a block that ends at `bottom` (above a screen's buttons);
// returns where the block above it must end.
float drawNoticeAbove(ScreenContext& ctx, float bottom, float x, float width);

}  // namespace hall
