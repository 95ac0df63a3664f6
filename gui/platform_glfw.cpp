// platform_glfw.cpp — GLFW window + glad GL 3.3 core + ImGui GLFW/OpenGL3 backends.
//
// Notes:
//  - glad is included before GLFW, and GLFW_INCLUDE_NONE keeps GLFW from pulling GL headers
//    (TOOLCHAIN.md §3). ImGui's OpenGL3 backend has its own loader; both need a current context.
//  - Screenshots read the BACK buffer before glfwSwapBuffers (its contents are undefined after
//    a swap) and flip the rows, since GL's origin is bottom-left (TOOLCHAIN.md §6).
#include "platform_glfw.h"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <cstring>

namespace ioscope::gui {

namespace {
std::string g_glfw_error;
void on_glfw_error(int code, const char* msg) {
    g_glfw_error = "GLFW error " + std::to_string(code) + ": " + (msg ? msg : "?");
}
} // namespace

struct Platform::Impl {
    GLFWwindow* window { nullptr };
    float clear[3] { 0, 0, 0 };
    bool imgui_glfw { false }, imgui_gl { false };
    int windowed[4] { 0, 0, 0, 0 };       // x, y, width, height before going full screen
};

std::unique_ptr<Platform> Platform::create(const PlatformConfig& cfg, std::string& error) {
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        error = "cannot open a window: " + (g_glfw_error.empty() ? std::string("glfwInit failed") : g_glfw_error) +
                " (no display? run under a desktop session or `xvfb-run -a`)";
        return nullptr;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    GLFWwindow* w = glfwCreateWindow(cfg.width, cfg.height, cfg.title.c_str(), nullptr, nullptr);
    if (!w) {
        error = "cannot create an OpenGL 3.3 core window: " + (g_glfw_error.empty() ? std::string("unknown error") : g_glfw_error);
        glfwTerminate();
        return nullptr;
    }
    glfwMakeContextCurrent(w);
    if (!gladLoadGL(glfwGetProcAddress)) {
        error = "cannot load OpenGL 3.3 functions";
        glfwDestroyWindow(w);
        glfwTerminate();
        return nullptr;
    }
    glfwSwapInterval(cfg.vsync ? 1 : 0);

    std::unique_ptr<Platform> p(new Platform());
    p->impl_ = std::make_unique<Impl>();
    p->impl_->window = w;
    std::memcpy(p->impl_->clear, cfg.clear_rgb, sizeof p->impl_->clear);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    p->impl_->imgui_glfw = ImGui_ImplGlfw_InitForOpenGL(w, true);
    p->impl_->imgui_gl = ImGui_ImplOpenGL3_Init("#version 330 core");
    if (!p->impl_->imgui_glfw || !p->impl_->imgui_gl) {
        error = "cannot initialise the Dear ImGui GLFW/OpenGL3 backends";
        return nullptr;                    // the destructor cleans up
    }
    return p;
}

Platform::~Platform() {
    if (!impl_) return;
    if (impl_->imgui_gl) ImGui_ImplOpenGL3_Shutdown();
    if (impl_->imgui_glfw) ImGui_ImplGlfw_Shutdown();
    if (ImGui::GetCurrentContext()) ImGui::DestroyContext();
    if (impl_->window) glfwDestroyWindow(impl_->window);
    glfwTerminate();
}

bool Platform::should_close() const { return glfwWindowShouldClose(impl_->window); }
void Platform::request_close() { glfwSetWindowShouldClose(impl_->window, GLFW_TRUE); }
double Platform::time() const { return glfwGetTime(); }
bool Platform::iconified() const { return glfwGetWindowAttrib(impl_->window, GLFW_ICONIFIED) != 0; }
void Platform::set_title(const std::string& title) { glfwSetWindowTitle(impl_->window, title.c_str()); }
void Platform::set_clear_color(const float rgb[3]) { std::memcpy(impl_->clear, rgb, sizeof impl_->clear); }

bool Platform::fullscreen() const { return glfwGetWindowMonitor(impl_->window) != nullptr; }

void Platform::set_fullscreen(bool on) {
    GLFWwindow* w = impl_->window;
    if (on == fullscreen()) return;
    if (!on) {
        const int* r = impl_->windowed;
        glfwSetWindowMonitor(w, nullptr, r[0], r[1], r[2], r[3], 0);
        return;
    }
    glfwGetWindowPos(w, &impl_->windowed[0], &impl_->windowed[1]);
    glfwGetWindowSize(w, &impl_->windowed[2], &impl_->windowed[3]);
    // The monitor holding the window's centre; the primary one when none does.
    GLFWmonitor* target = glfwGetPrimaryMonitor();
    int count = 0;
    GLFWmonitor** mons = glfwGetMonitors(&count);
    const int cx = impl_->windowed[0] + impl_->windowed[2] / 2, cy = impl_->windowed[1] + impl_->windowed[3] / 2;
    for (int i = 0; i < count; ++i) {
        int mx = 0, my = 0;
        glfwGetMonitorPos(mons[i], &mx, &my);
        const GLFWvidmode* m = glfwGetVideoMode(mons[i]);
        if (m && cx >= mx && cx < mx + m->width && cy >= my && cy < my + m->height) { target = mons[i]; break; }
    }
    const GLFWvidmode* mode = target ? glfwGetVideoMode(target) : nullptr;
    if (!mode) return;                    // no monitor to fill: stay windowed
    glfwSetWindowMonitor(w, target, 0, 0, mode->width, mode->height, mode->refreshRate);
}

void Platform::wait_events(double timeout_s) {
    if (timeout_s < 0) glfwWaitEvents();
    else if (timeout_s == 0) glfwPollEvents();
    else glfwWaitEventsTimeout(timeout_s);
}

void Platform::new_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
}

void Platform::render(Image* capture) {
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(impl_->window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(impl_->clear[0], impl_->clear[1], impl_->clear[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (capture && w > 0 && h > 0) {
        capture->width = w;
        capture->height = h;
        capture->rgba.assign(size_t(w) * size_t(h) * 4, 0);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadBuffer(GL_BACK);
        glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, capture->rgba.data());
        const size_t row = size_t(w) * 4;
        std::vector<uint8_t> tmp(row);
        for (int y = 0; y < h / 2; ++y) {
            uint8_t* a = &capture->rgba[size_t(y) * row];
            uint8_t* b = &capture->rgba[size_t(h - 1 - y) * row];
            std::memcpy(tmp.data(), a, row);
            std::memcpy(a, b, row);
            std::memcpy(b, tmp.data(), row);
        }
    }
    glfwSwapBuffers(impl_->window);
}

void Platform::rebuild_font_texture() {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

} // namespace ioscope::gui
