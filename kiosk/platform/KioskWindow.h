#pragma once
#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

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

  private:
    KioskWindow() = default;
    GLFWwindow* window_ = nullptr;
    int width_ = 0;
    int height_ = 0;
    int x_ = 0;
    int y_ = 0;
    int maxTextureSize_ = 0;
    std::atomic<bool> input_{true};
    bool imguiReady_ = false;
};

}  // namespace hall
