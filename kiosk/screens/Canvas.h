#pragma once
#include "platform/FontSet.h"
#include "platform/UiTargets.h"

namespace hall {

// Sizes scale with the shorter side of the screen, so portrait 1080×1920 and landscape
// 1920×1080 use the same type sizes and both fit.
struct Layout {
    float width = 1080;
    float height = 1920;
    float unit = 1;  // min(width, height) / 1080
    bool portrait = true;
    // Care mode (关怀模式): larger text, larger and fewer targets, more space between lines.
    bool care = false;
    // Millimetres per pixel on the panel the kiosk is shown on ([panel] in the config), so
    // sizes that rules give in millimetres are real.
    float mmPerPixel = 0.248f;

    static Layout forSize(int w, int h);
    float u(float v) const { return v * unit; }
    // `millimetres` in pixels on this panel.
    float mm(float millimetres) const { return millimetres / mmPerPixel; }
    // The distance between lines of a paragraph, in font sizes.
    float lineSpacing() const { return care ? 1.35f : 1.25f; }
};

// What every screen draws with: the fonts, the screen's size, and the UI map it fills in.
struct Canvas {
    const FontSet& fonts;
    UiTargets& targets;
    Layout layout;
};

}  // namespace hall
