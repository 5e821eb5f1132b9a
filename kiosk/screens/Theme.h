#pragma once
#include <imgui.h>

namespace hall::theme {

// High contrast for older eyes: body text on the background is above 12:1, and every text on
// what it is drawn on at least 7:1 (WCAG AAA, care mode's rule, so both modes share one theme);
// colour never carries meaning alone. `ctest -R access` measures it on every resident screen.
constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b) {
    return IM_COL32(r, g, b, 255);
}

inline constexpr ImU32 kBackground = rgb(0xF7, 0xF7, 0xF2);
inline constexpr ImU32 kHeader = rgb(0x1D, 0x4E, 0x89);
inline constexpr ImU32 kOnDark = rgb(0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kText = rgb(0x1A, 0x1A, 0x1A);
inline constexpr ImU32 kTextSoft = rgb(0x4A, 0x4A, 0x4A);
inline constexpr ImU32 kPrimary = rgb(0x1D, 0x4E, 0x89);
inline constexpr ImU32 kPrimaryPressed = rgb(0x14, 0x37, 0x61);
inline constexpr ImU32 kTile = rgb(0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kTilePressed = rgb(0xDD, 0xE8, 0xF5);
inline constexpr ImU32 kTileBorder = rgb(0x9F, 0xB0, 0xC8);
inline constexpr ImU32 kClosedTile = rgb(0xE8, 0xE8, 0xE6);
inline constexpr ImU32 kPriority = rgb(0xFF, 0xF1, 0xDB);
inline constexpr ImU32 kPriorityPressed = rgb(0xF7, 0xDB, 0xAE);
inline constexpr ImU32 kPriorityBorder = rgb(0xB8, 0x6E, 0x00);
inline constexpr ImU32 kPriorityText = rgb(0x5A, 0x36, 0x00);
// What the community does not issue: amber dark enough for white text on it.
inline constexpr ImU32 kCaution = rgb(0x7A, 0x42, 0x00);
inline constexpr ImU32 kSecondary = rgb(0xE1, 0xE5, 0xEA);
inline constexpr ImU32 kSecondaryPressed = rgb(0xC8, 0xCF, 0xD8);
inline constexpr ImU32 kGood = rgb(0x17, 0x59, 0x2A);
inline constexpr ImU32 kBad = rgb(0x8E, 0x1B, 0x14);
inline constexpr ImU32 kNotice = rgb(0xFF, 0xF3, 0xCD);
inline constexpr ImU32 kNoticeBorder = rgb(0xB0, 0x86, 0x00);
inline constexpr ImU32 kBadge = rgb(0x1D, 0x4E, 0x89);

}  // namespace hall::theme
