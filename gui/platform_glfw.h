// platform_glfw.h — the window, the GL context and the ImGui backends, behind one small header.
//
// The only part of gui/ that includes GLFW or GL (STYLE.md 1.4): a web build swaps this file.
// Supports: one window, ImGui GLFW + OpenGL3 backends, vsync on/off, idle waiting, font texture
// rebuilds, full screen (presentation mode), and reading the frame back for --screenshot.
#pragma once
#include "image.h"

#include <memory>
#include <string>

namespace ioscope::gui {

struct PlatformConfig {
    int width { 1280 }, height { 800 };
    std::string title { "ioscope" };
    bool vsync { true };
    float clear_rgb[3] { 0.09f, 0.10f, 0.12f };
};

class Platform {
public:
    // Creates the window and initialises ImGui (context, backends). nullptr + error on failure
    // (no display, no GL 3.3).
    static std::unique_ptr<Platform> create(const PlatformConfig& cfg, std::string& error);
    ~Platform();
    Platform(const Platform&) = delete;
    Platform& operator=(const Platform&) = delete;

    bool should_close() const;
    void request_close();
    // Sleep until an input event arrives (or `timeout_s` passes); 0 polls without waiting,
    // a negative timeout waits for as long as it takes.
    void wait_events(double timeout_s);
    double time() const;                   // seconds, monotonic
    bool iconified() const;
    void set_title(const std::string& title);
    void set_clear_color(const float rgb[3]);
    // Full screen on the monitor the window is on (the primary one if unknown), at its current
    // video mode; leaving restores the window's previous position and size.
    void set_fullscreen(bool on);
    bool fullscreen() const;

    void new_frame();                      // backends + ImGui::NewFrame()
    // ImGui::Render(), draw, optionally read the back buffer into *capture, swap.
    void render(Image* capture);
    // After the font atlas changed (language, scenario text, size): re-upload it.
    void rebuild_font_texture();

private:
    Platform() = default;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace ioscope::gui
