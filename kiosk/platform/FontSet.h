#pragma once
#include <imgui.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "Result.h"
#include "platform/FontLocator.h"

namespace hall {

// The kiosk's fonts, rasterised once at start-up for exactly the characters the UI can show.
//
// Why not ImGui's built-in CJK ranges: GetGlyphRangesChineseSimplifiedCommon() lacks common
// characters (综 among them) and costs ~450 MB and half a second; GetGlyphRangesChineseFull()
// needs an atlas taller than GL_MAX_TEXTURE_SIZE, so every glyph shows as a box.
struct FontSet {
    ImFont* body = nullptr;    // running text, in the regular weight
    ImFont* large = nullptr;   // titles, prompts, buttons and service names, in bold
    ImFont* number = nullptr;  // the ticket number: only its letters and digits
    int atlasWidth = 0;
    int atlasHeight = 0;
    size_t glyphCount = 0;
    bool latinOnly = false;  // ImGui's built-in font: no Chinese or Korean can be drawn

    // ImGui reads the glyph ranges and font bytes through raw pointers: they live here.
    std::vector<std::vector<ImWchar>> ranges;
    std::vector<std::shared_ptr<void>> fontFiles;
};

// Two sizes for text, not three: every size of a CJK font with every character on screen costs
// an atlas of its own (about 2 MB per size at 56 px), and the atlas is the kiosk's largest
// piece of memory.
struct FontSizes {
    float body = 40;
    float large = 60;
    float number = 240;
};

// `glyphs`: every character the UI can show; `numberGlyphs`: those of ticket numbers.
// Fails, saying why, if the font lacks none of them but the atlas cannot fit the texture limit.
Result<FontSet> buildFontSet(const std::set<char32_t>& glyphs,
                             const std::set<char32_t>& numberGlyphs, const FontSizes& sizes,
                             int maxTextureSize);

// ImGui's own font (Latin letters only, drawn large): for the out-of-service notice when no
// font of the system can be used.
Result<FontSet> builtInFontSet(const FontSizes& sizes);

// The characters on screen that `buildFontSet` could not give a glyph (outside the 16-bit
// range ImGui is built with, or missing from the font).
std::set<char32_t> unrenderable(const std::set<char32_t>& glyphs, const FontFace& face);

}  // namespace hall
