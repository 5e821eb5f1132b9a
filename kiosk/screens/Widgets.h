#pragma once
#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

#include "screens/ScreenContext.h"

namespace hall {

struct ButtonLook {
    ImU32 fill;
    ImU32 pressed;
    ImU32 border;
    ImU32 text;
    bool main = false;  // the screen's main action: held to care mode's larger size
};
ButtonLook primaryLook();
// The primary colours for a choice already made (the language in use), not a main action.
ButtonLook chosenLook();
ButtonLook secondaryLook();
ButtonLook tileLook();
ButtonLook priorityLook();

// Opens the full-screen, undecorated ImGui window every screen draws into.
void beginScreen(Canvas& canvas, const char* name);
void endScreen();
// A window over the screen for a dialog: ImGui gives the top window the taps, so a button under
// the dialog never takes a tap meant for the dialog's button above it.
void beginOverlay(Canvas& canvas, const char* name);
void endOverlay();

// A large touch target, registered under `id` for the GUI tests. Returns true when tapped.
// The label is wrapped and centred; `font` defaults to the large font.
bool touchButton(Canvas& ctx, const std::string& id, std::string_view label, ImVec2 pos,
                 ImVec2 size, const ButtonLook& look, ImFont* font = nullptr);

// Text wrapped to `width` and centred in it; returns the height used. Every text drawn goes
// into the UI map with its size and colours (the accessibility checks read them there).
float centeredText(Canvas& ctx, ImFont* font, std::string_view text, ImVec2 pos, float width,
                   ImU32 color);
// Text wrapped to `width`, left-aligned; returns the height used.
float wrappedText(Canvas& ctx, ImFont* font, std::string_view text, ImVec2 pos, float width,
                  ImU32 color);
// One line of text at `pos`, not wrapped; `size` other than the font's scales it.
void drawText(Canvas& ctx, ImFont* font, ImVec2 pos, ImU32 color, std::string_view text,
              float size = 0);
float textWidth(ImFont* font, std::string_view text);
// The lines `text` wraps into at `width` (CJK text breaks between characters).
std::vector<std::string_view> wrapLines(ImFont* font, std::string_view text, float width);
// The height wrappedText would use, without drawing.
float wrappedHeight(const Canvas& ctx, ImFont* font, std::string_view text, float width);
float lineHeight(const Canvas& ctx, const ImFont* font);
// A filled (rounded) area that text may be drawn on, in the UI map for the contrast checks.
void fillArea(Canvas& ctx, ImVec2 a, ImVec2 b, ImU32 color, float rounding = 0);

// A small heading over a block of text (the parts of a proof's description); returns the
// height used. Nothing is drawn for empty text.
float labelledText(Canvas& ctx, std::string_view label, std::string_view text, ImVec2 pos,
                   float width);

// A banner with the answer in a word and a colour: 社区可以开 on green, 社区不开 on amber.
float answerBanner(Canvas& ctx, std::string_view text, ImU32 fill, ImVec2 pos, float width);

// The band at the top of every resident screen: hall name, date and time, and under it the
// assist bar. Returns their height.
float drawHeader(ScreenContext& ctx);
// Hear the guidance again, louder, and call a member of staff (一键呼叫): on every screen.
float drawAssistBar(ScreenContext& ctx, float y);

// The language buttons; returns their height.
float drawLanguageBar(ScreenContext& ctx, float y);

}  // namespace hall
