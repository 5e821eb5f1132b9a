#pragma once
#include <cstddef>
#include <vector>

#include "scan/GreyFrame.h"

namespace hall {

// A code held at a steep angle (one edge far from the camera, the code squeezed) is a trapezoid
// whose finder patterns ZXing no longer recognises. This finds the dark, dense, roughly
// four-sided regions of a frame — a code's outline, whatever is in it — fits a quadrilateral to
// each, and returns it warped back to a square with a quiet zone, largest region first, for
// the decoder to read as a nearly flat code. It reads nothing itself, so a warped region that
// holds no code gives no false read: ZXing's error correction still decides.
std::vector<GreyFrame> rectifiedRegions(const GreyFrame& frame, size_t maxRegions = 3);

}  // namespace hall
