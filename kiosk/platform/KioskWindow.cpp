#include "platform/KioskWindow.h"

#include "text/Utf8.h"

#define GLFW_INCLUDE_GLEXT
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace hall {

namespace {

KioskWindow* owner(GLFWwindow* w) {
    return static_cast<KioskWindow*>(glfwGetWindowUserPointer(w));
}

// Installed before ImGui's backend, which chains to them: they only note that input arrived, so
// the loop knows to draw.
void onCursor(GLFWwindow* w, double x, double y) {
    owner(w)->markInput();
    owner(w)->cursorMoved(x, y);
}
void onButton(GLFWwindow* w, int button, int action, int) {
    owner(w)->markInput();
    // Where the pointer was when this press or release happened, as the motion events in front
    // of it said: glfwGetCursorPos would ask the X server where it is now, and with quick taps it
    // is already at the next one.
    if (button == GLFW_MOUSE_BUTTON_LEFT)
        owner(w)->pointer(action == GLFW_PRESS);
}
void onScroll(GLFWwindow* w, double, double) {
    owner(w)->markInput();
}
void onKey(GLFWwindow* w, int key, int, int action, int) {
    owner(w)->markInput();
    if ((key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER) && action == GLFW_PRESS)
        owner(w)->typedEnter();
}
void onChar(GLFWwindow* w, unsigned int c) {
    owner(w)->markInput();
    owner(w)->typed(static_cast<char32_t>(c));
}
void onRefresh(GLFWwindow* w) {
    owner(w)->markInput();
}
void onFocus(GLFWwindow* w, int) {
    owner(w)->markInput();
}
void onEnter(GLFWwindow* w, int) {
    owner(w)->markInput();
}

void onGlfwError(int code, const char* description) {
    std::fprintf(stderr, "kiosk: GLFW error %d: %s\n", code, description);
}

struct Offscreen {
    PFNGLGENFRAMEBUFFERSPROC genFramebuffers = nullptr;
    PFNGLBINDFRAMEBUFFERPROC bindFramebuffer = nullptr;
    PFNGLFRAMEBUFFERTEXTURE2DPROC framebufferTexture2D = nullptr;
    PFNGLCHECKFRAMEBUFFERSTATUSPROC checkFramebufferStatus = nullptr;
    PFNGLDELETEFRAMEBUFFERSPROC deleteFramebuffers = nullptr;
};

}  // namespace

Result<std::unique_ptr<KioskWindow>> KioskWindow::open(const WindowOptions& options) {
    glfwSetErrorCallback(onGlfwError);
    if (!glfwInit()) {
        return fail("cannot start the window system: no display? (DISPLAY is " +
                    std::string(std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "unset") +
                    "; run under Xvfb where there is no screen)");
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
    glfwWindowHint(GLFW_FOCUS_ON_SHOW, GLFW_TRUE);

    int width = options.width;
    int height = options.height;
    if (width <= 0 || height <= 0) {
        const GLFWvidmode* mode = glfwGetVideoMode(glfwGetPrimaryMonitor());
        if (!mode) {
            glfwTerminate();
            return fail("cannot read the screen size; pass --size WIDTHxHEIGHT");
        }
        width = mode->width;
        height = mode->height;
    }

    std::unique_ptr<KioskWindow> self(new KioskWindow());
    self->window_ = glfwCreateWindow(width, height, options.title.c_str(), nullptr, nullptr);
    if (!self->window_) {
        glfwTerminate();
        return fail("cannot create an OpenGL 3.3 window (is Mesa's libgl1-mesa-dri installed?)");
    }
    glfwSetWindowPos(self->window_, 0, 0);
    glfwSetWindowUserPointer(self->window_, self.get());
    glfwMakeContextCurrent(self->window_);
    glfwSwapInterval(0);

    glfwSetCursorPosCallback(self->window_, onCursor);
    glfwSetMouseButtonCallback(self->window_, onButton);
    glfwSetScrollCallback(self->window_, onScroll);
    glfwSetKeyCallback(self->window_, onKey);
    glfwSetCharCallback(self->window_, onChar);
    glfwSetWindowRefreshCallback(self->window_, onRefresh);
    glfwSetWindowFocusCallback(self->window_, onFocus);
    glfwSetCursorEnterCallback(self->window_, onEnter);

    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &self->maxTextureSize_);
    self->width_ = width;
    self->height_ = height;
    glfwGetWindowPos(self->window_, &self->x_, &self->y_);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a kiosk's layout comes from code, never from a file it writes
    io.LogFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(self->window_, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    self->imguiReady_ = true;
    return self;
}

KioskWindow::~KioskWindow() {
    if (imguiReady_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (window_)
        glfwDestroyWindow(window_);
    glfwTerminate();
}

void KioskWindow::pointer(bool down) {
    pointer_.push_back({cursorX_, cursorY_, down});
    if (down)
        pressed_ = true;
}

void KioskWindow::typed(char32_t c) {
    if (typing_.size() >= kMaxLine) {
        overlong_ = true;
        return;
    }
    utf8::append(typing_, c);
}

void KioskWindow::typedEnter() {
    if (!overlong_)
        lines_.push_back(typing_);
    typing_.clear();
    overlong_ = false;
}

std::optional<std::string> KioskWindow::takeTypedLine() {
    if (lines_.empty())
        return std::nullopt;
    std::string line = std::move(lines_.front());
    lines_.pop_front();
    return line;
}

bool KioskWindow::shouldClose() const {
    return glfwWindowShouldClose(window_);
}

void KioskWindow::waitUntil(TimePoint deadline) {
    const auto now = std::chrono::system_clock::now();
    if (deadline <= now) {
        glfwPollEvents();
        return;
    }
    // Sleep at most a minute at a time, so a clock change can never stall the loop for long.
    const double seconds = std::min(60.0, std::chrono::duration<double>(deadline - now).count());
    glfwWaitEventsTimeout(seconds);
}

void KioskWindow::poll() {
    glfwPollEvents();
}

void KioskWindow::wake() {
    glfwPostEmptyEvent();
}

void KioskWindow::beginFrame(bool acceptTaps) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    // ImGui 1.86's GLFW backend polls the button, so a release and the next press that arrive
    // between two frames (quick taps) would merge into one long press and a tap would be lost.
    // Presses and releases are replayed one per frame instead, where they happened.
    if (!pointer_.empty()) {
        const PointerEvent e = pointer_.front();
        pointer_.pop_front();
        io.MousePos = ImVec2(static_cast<float>(e.x), static_cast<float>(e.y));
        // A press inside the tap guard is dropped, and with it its release.
        if (!e.down || acceptTaps)
            down_ = e.down;
    }
    io.MouseDown[0] = down_;
    io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    ImGui::NewFrame();
}

namespace {

void renderDrawData(int width, int height) {
    ImGui::Render();
    glViewport(0, 0, width, height);
    glClearColor(0.98f, 0.98f, 0.97f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

Result<void> writeFramebufferPng(const std::filesystem::path& file, int width, int height) {
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    stbi_flip_vertically_on_write(1);
    if (!stbi_write_png(file.c_str(), width, height, 4, pixels.data(), width * 4)) {
        return fail(file.string() + ": cannot write the PNG file");
    }
    return {};
}

}  // namespace

void KioskWindow::endFrame(const std::filesystem::path* record) {
    renderDrawData(width_, height_);
    if (record) {
        glReadBuffer(GL_BACK);
        if (auto r = writeFramebufferPng(*record, width_, height_); !r) {
            std::fprintf(stderr, "kiosk: %s\n", r.message().c_str());
        }
    }
    glfwSwapBuffers(window_);
}

Result<void> KioskWindow::capturePng(const std::filesystem::path& file) {
    Offscreen gl;
    gl.genFramebuffers =
        reinterpret_cast<PFNGLGENFRAMEBUFFERSPROC>(glfwGetProcAddress("glGenFramebuffers"));
    gl.bindFramebuffer =
        reinterpret_cast<PFNGLBINDFRAMEBUFFERPROC>(glfwGetProcAddress("glBindFramebuffer"));
    gl.framebufferTexture2D = reinterpret_cast<PFNGLFRAMEBUFFERTEXTURE2DPROC>(
        glfwGetProcAddress("glFramebufferTexture2D"));
    gl.checkFramebufferStatus = reinterpret_cast<PFNGLCHECKFRAMEBUFFERSTATUSPROC>(
        glfwGetProcAddress("glCheckFramebufferStatus"));
    gl.deleteFramebuffers =
        reinterpret_cast<PFNGLDELETEFRAMEBUFFERSPROC>(glfwGetProcAddress("glDeleteFramebuffers"));
    if (!gl.genFramebuffers || !gl.bindFramebuffer || !gl.framebufferTexture2D ||
        !gl.checkFramebufferStatus || !gl.deleteFramebuffers) {
        return fail("the OpenGL driver lacks framebuffer objects; cannot take a snapshot");
    }
    // Render into a texture of our own: a hidden window's default framebuffer holds nothing
    // defined on every driver.
    GLuint texture = 0;
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width_, height_, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 nullptr);
    GLuint fbo = 0;
    gl.genFramebuffers(1, &fbo);
    gl.bindFramebuffer(GL_FRAMEBUFFER, fbo);
    gl.framebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture, 0);
    Result<void> result;
    if (gl.checkFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
        result = fail("cannot set up an offscreen framebuffer for the snapshot");
    } else {
        renderDrawData(width_, height_);
        result = writeFramebufferPng(file, width_, height_);
    }
    gl.bindFramebuffer(GL_FRAMEBUFFER, 0);
    gl.deleteFramebuffers(1, &fbo);
    glDeleteTextures(1, &texture);
    return result;
}

}  // namespace hall
