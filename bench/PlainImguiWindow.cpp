// The baseline the kiosk's start-up is measured against: a plain Dear ImGui window set up the
// way the ImGui examples suggest for Chinese, with ImGui's fixed common-Chinese glyph range at
// two sizes, stb_truetype, and the font file loaded by ImGui itself.
//
//   plain_imgui_window --ready FILE   touch FILE after the first frame is on screen
//   plain_imgui_window --loop         keep drawing as the examples do (for the idle-CPU baseline)
//   plain_imgui_window --bare         no ImGui at all: an empty OpenGL window, the floor that
//                                     the GL driver alone costs
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
    const char* ready = nullptr;
    bool loop = false;
    bool bare = false;
    const char* font = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--ready") && i + 1 < argc)
            ready = argv[++i];
        if (!std::strcmp(argv[i], "--loop"))
            loop = true;
        if (!std::strcmp(argv[i], "--bare"))
            bare = true;
        if (!std::strcmp(argv[i], "--font") && i + 1 < argc)
            font = argv[++i];
    }
    if (!glfwInit())
        return 1;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    GLFWwindow* window = glfwCreateWindow(1080, 1920, "plain", nullptr, nullptr);
    if (!window)
        return 1;
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    if (bare) {
        glClear(GL_COLOR_BUFFER_BIT);
        glfwSwapBuffers(window);
        if (ready) {
            if (FILE* f = std::fopen(ready, "w"))
                std::fclose(f);
        }
        glfwTerminate();
        return 0;
    }
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    ImFontConfig cfg;
    cfg.FontNo = 2;  // Noto Sans CJK SC in the collection
    const ImWchar* ranges = io.Fonts->GetGlyphRangesChineseSimplifiedCommon();
    ImFont* body = io.Fonts->AddFontFromFileTTF(font, 40.0f, &cfg, ranges);
    ImFont* large = io.Fonts->AddFontFromFileTTF(font, 60.0f, &cfg, ranges);
    if (!body || !large)
        return 1;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    bool first = true;
    while (!glfwWindowShouldClose(window)) {
        glfwPollEvents();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::Begin("hall", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGui::PushFont(large);
        ImGui::TextUnformatted("和平社区综合服务大厅");
        ImGui::TextUnformatted("请点击您要办理的业务");
        ImGui::PopFont();
        for (const char* s :
             {"A 社保医保  等候 0 人", "B 民政救助  等候 0 人", "C 开具证明  等候 0 人",
              "D 养老服务  等候 0 人", "E 综合咨询  等候 0 人"}) {
            ImGui::Button(s, ImVec2(-1, 200));
        }
        ImGui::TextUnformatted("不会操作？请找前台工作人员帮忙");
        ImGui::End();
        ImGui::Render();
        int w = 0, h = 0;
        glfwGetFramebufferSize(window, &w, &h);
        glViewport(0, 0, w, h);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glfwSwapBuffers(window);
        if (first && ready) {
            if (FILE* f = std::fopen(ready, "w"))
                std::fclose(f);
            first = false;
        }
        if (!loop)
            break;
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwTerminate();
    return 0;
}
