#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "support/UiMap.h"

typedef struct _XDisplay Display;

namespace hall::test {

// A client connection to the test's X server: real pointer events through the XTEST extension
// (what xdotool uses) and screenshots of what is really on screen.
class XDisplay {
  public:
    explicit XDisplay(const std::string& name);
    ~XDisplay();
    XDisplay(const XDisplay&) = delete;
    XDisplay& operator=(const XDisplay&) = delete;

    void tap(int x, int y);
    // A finger drawn along `points` (screen coordinates) while touching: one stroke.
    void stroke(const std::vector<std::pair<int, int>>& points);
    // Taps the centre of the target named `id`; fails the test if the screen has no such target.
    void tap(const UiState& state, const std::string& id);
    // Writes what is on screen to `png` and returns its RGB pixels.
    std::vector<unsigned char> saveScreenshot(const std::filesystem::path& png, int x, int y, int w,
                                              int h);

  private:
    Display* display_ = nullptr;
};

}  // namespace hall::test
