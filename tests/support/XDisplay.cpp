#include "support/XDisplay.h"

// doctest first: Xlib defines macros (String, None, Bool) that would break it.
#include <doctest/doctest.h>
#include <stb_image_write.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XTest.h>

#include <thread>
#include <vector>

namespace hall::test {

XDisplay::XDisplay(const std::string& name) {
    display_ = XOpenDisplay(name.c_str());
    REQUIRE_MESSAGE(display_ != nullptr, "cannot open X display " << name);
    int event = 0, error = 0, major = 0, minor = 0;
    REQUIRE_MESSAGE(XTestQueryExtension(display_, &event, &error, &major, &minor),
                    "the X server lacks the XTEST extension");
}

XDisplay::~XDisplay() {
    if (display_)
        XCloseDisplay(display_);
}

void XDisplay::tap(int x, int y) {
    XTestFakeMotionEvent(display_, -1, x, y, CurrentTime);
    XFlush(display_);
    // A finger rests briefly on the glass; a real press and release, not one synthetic click.
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    XTestFakeButtonEvent(display_, 1, True, CurrentTime);
    XFlush(display_);
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    XTestFakeButtonEvent(display_, 1, False, CurrentTime);
    XFlush(display_);
}

void XDisplay::stroke(const std::vector<std::pair<int, int>>& points) {
    if (points.empty())
        return;
    XTestFakeMotionEvent(display_, -1, points[0].first, points[0].second, CurrentTime);
    XFlush(display_);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    XTestFakeButtonEvent(display_, 1, True, CurrentTime);
    XFlush(display_);
    for (const auto& [x, y] : points) {
        std::this_thread::sleep_for(std::chrono::milliseconds(12));
        XTestFakeMotionEvent(display_, -1, x, y, CurrentTime);
        XFlush(display_);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
    XTestFakeButtonEvent(display_, 1, False, CurrentTime);
    XFlush(display_);
}

void XDisplay::tap(const UiState& state, const std::string& id) {
    const UiTarget* t = state.find(id);
    REQUIRE_MESSAGE(t != nullptr, "no target '" << id << "' on screen: " << state.describe());
    tap(state.windowX + static_cast<int>(t->x + t->w / 2),
        state.windowY + static_cast<int>(t->y + t->h / 2));
}

std::vector<unsigned char> XDisplay::saveScreenshot(const std::filesystem::path& png, int x, int y,
                                                    int w, int h) {
    XImage* image = XGetImage(display_, DefaultRootWindow(display_), x, y, static_cast<unsigned>(w),
                              static_cast<unsigned>(h), AllPlanes, ZPixmap);
    REQUIRE_MESSAGE(image != nullptr, "cannot read the screen");
    std::vector<unsigned char> rgb(static_cast<size_t>(w) * h * 3);
    for (int row = 0; row < h; ++row) {
        for (int col = 0; col < w; ++col) {
            const unsigned long p = XGetPixel(image, col, row);
            unsigned char* out = &rgb[(static_cast<size_t>(row) * w + col) * 3];
            out[0] = static_cast<unsigned char>((p >> 16) & 0xFF);
            out[1] = static_cast<unsigned char>((p >> 8) & 0xFF);
            out[2] = static_cast<unsigned char>(p & 0xFF);
        }
    }
    XDestroyImage(image);
    std::filesystem::create_directories(png.parent_path());
    REQUIRE(stbi_write_png(png.c_str(), w, h, 3, rgb.data(), w * 3) != 0);
    MESSAGE("screenshot: " << png.string());
    return rgb;
}

}  // namespace hall::test
