#pragma once
#include <atomic>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "Result.h"
#include "time/Clock.h"

struct GLFWwindow;

namespace hall {

struct WindowOptions {
    int width = 0;  // 0: the primary monitor's size (the kiosk's normal, full-screen case)
    int height = 0;
    bool visible = true;
    std::string title = "hall-terminal";
};

// The GLFW window, its OpenGL 3 context and the Dear ImGui context. Drawing happens only when
// asked: the loop sleeps in waitUntil() until input, a wake() from another thread, or a deadline.
class KioskWindow {
  public:
    static Result<std::unique_ptr<KioskWindow>> open(const WindowOptions& options);
    ~KioskWindow();
    KioskWindow(const KioskWindow&) = delete;
    KioskWindow& operator=(const KioskWindow&) = delete;

    bool shouldClose() const;
    // Sleeps until input arrives, wake() is called, or the deadline passes.
    void waitUntil(TimePoint deadline);
    void poll();
    // Whether input arrived since the last call.
    bool takeInput() { return input_.exchange(false); }
    // Whether a finger came down on the screen since the last call.
    bool takePress() { return std::exchange(pressed_, false); }
    // Thread-safe: makes waitUntil() return, after another thread changed something to show.
    void wake();

    // `acceptTaps` false drops a press that is under way (see the tap guard in the terminal).
    void beginFrame(bool acceptTaps = true);
    // Presents the frame; with `record`, also writes it as a PNG first (what the window shows).
    void endFrame(const std::filesystem::path* record = nullptr);
    // Renders the frame just built and writes it as a PNG, without showing it.
    Result<void> capturePng(const std::filesystem::path& file);

    int width() const { return width_; }
    int height() const { return height_; }
    int x() const { return x_; }
    int y() const { return y_; }
    int maxTextureSize() const { return maxTextureSize_; }

    void markInput() { input_ = true; }
    // The pointer moved, and was pressed or released there (window coordinates).
    void cursorMoved(double x, double y) {
        cursorX_ = x;
        cursorY_ = y;
    }
    void pointer(bool down);
    // Presses and releases not yet given to ImGui: the loop draws until there are none.
    bool pointerPending() const { return !pointer_.empty(); }

    // Text typed on a keyboard, a line at a time (Enter ends it): what a keyboard-wedge QR
    // scanner sends. Lines longer than kMaxLine are dropped whole, never cut.
    std::optional<std::string> takeTypedLine();
    void typed(char32_t c);
    void typedEnter();
    static constexpr size_t kMaxLine = 4096;

  private:
    KioskWindow() = default;
    GLFWwindow* window_ = nullptr;
    int width_ = 0;
    int height_ = 0;
    int x_ = 0;
    int y_ = 0;
    int maxTextureSize_ = 0;
    std::atomic<bool> input_{true};
    struct PointerEvent {
        double x;
        double y;
        bool down;
    };
    std::deque<PointerEvent> pointer_;
    bool down_ = false;
    bool pressed_ = false;
    double cursorX_ = 0;
    double cursorY_ = 0;
    std::string typing_;
    bool overlong_ = false;
    std::deque<std::string> lines_;
    bool imguiReady_ = false;
};

}  // namespace hall
