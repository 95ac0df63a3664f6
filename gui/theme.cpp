// theme.cpp — see the header.
#include "theme.h"

namespace ioscope::gui {

namespace {

constexpr ImU32 rgb(uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) { return IM_COL32(r, g, b, a); }

Theme make(bool light, bool high_contrast) {
    Theme t;
    t.light = light;
    t.high_contrast = high_contrast;
    if (!light) {
        t.clear[0] = 0.09f; t.clear[1] = 0.10f; t.clear[2] = 0.12f;
        t.lane_bg = rgb(30, 33, 40);       t.lane_bg_alt = rgb(36, 40, 48);
        t.label_bg = rgb(26, 28, 34);      t.text = rgb(235, 238, 242);
        t.text_dim = rgb(160, 168, 180);   t.grid = rgb(255, 255, 255, 28);
        t.ruler_bg = rgb(22, 24, 29);      t.ruler_text = rgb(200, 206, 214);
        t.playhead = rgb(80, 210, 255);    t.hover_line = rgb(255, 255, 255, 90);
        t.fold = rgb(95, 100, 112);        t.fold_stripe = rgb(140, 146, 160);
        t.flow = rgb(255, 214, 90);        t.selection = rgb(255, 255, 255);
        t.syscall = rgb(86, 120, 200);     t.kernel_step = rgb(196, 110, 40);
        t.user_step = rgb(70, 150, 200);   t.tick = rgb(220, 220, 220);
        t.irq = rgb(255, 200, 40);         t.softirq = rgb(190, 140, 230);
        t.border = rgb(0, 0, 0, 120);
    } else {
        t.clear[0] = 0.96f; t.clear[1] = 0.96f; t.clear[2] = 0.97f;
        t.lane_bg = rgb(250, 250, 252);    t.lane_bg_alt = rgb(238, 240, 244);
        t.label_bg = rgb(230, 232, 237);   t.text = rgb(20, 22, 26);
        t.text_dim = rgb(80, 86, 96);      t.grid = rgb(0, 0, 0, 30);
        t.ruler_bg = rgb(222, 225, 231);   t.ruler_text = rgb(30, 32, 38);
        t.playhead = rgb(0, 110, 200);     t.hover_line = rgb(0, 0, 0, 90);
        t.fold = rgb(150, 155, 165);       t.fold_stripe = rgb(110, 115, 125);
        t.flow = rgb(200, 120, 0);         t.selection = rgb(0, 0, 0);
        t.syscall = rgb(70, 105, 190);     t.kernel_step = rgb(200, 110, 30);
        t.user_step = rgb(50, 130, 190);   t.tick = rgb(60, 60, 60);
        t.irq = rgb(210, 150, 0);          t.softirq = rgb(140, 80, 190);
        t.border = rgb(0, 0, 0, 90);
    }
    t.text_on_fill = rgb(255, 255, 255);
    if (high_contrast && !light) {
        t.clear[0] = t.clear[1] = t.clear[2] = 0.0f;
        t.lane_bg = rgb(0, 0, 0);          t.lane_bg_alt = rgb(26, 26, 26);
        t.label_bg = rgb(0, 0, 0);         t.text = rgb(255, 255, 255);
        t.text_dim = rgb(225, 225, 225);   t.grid = rgb(255, 255, 255, 70);
        t.ruler_bg = rgb(0, 0, 0);         t.ruler_text = rgb(255, 255, 255);
        t.playhead = rgb(0, 235, 255);     t.hover_line = rgb(255, 255, 255, 160);
        t.border = rgb(255, 255, 255, 150);
    } else if (high_contrast) {
        t.clear[0] = t.clear[1] = t.clear[2] = 1.0f;
        t.lane_bg = rgb(255, 255, 255);    t.lane_bg_alt = rgb(232, 232, 232);
        t.label_bg = rgb(255, 255, 255);   t.text = rgb(0, 0, 0);
        t.text_dim = rgb(30, 30, 30);      t.grid = rgb(0, 0, 0, 80);
        t.ruler_bg = rgb(255, 255, 255);   t.ruler_text = rgb(0, 0, 0);
        t.playhead = rgb(0, 70, 220);      t.hover_line = rgb(0, 0, 0, 160);
        t.border = rgb(0, 0, 0, 200);
    }
    return t;
}

Theme g_theme = make(false, false);

} // namespace

const Theme& theme() { return g_theme; }

void set_theme(bool light, bool high_contrast) {
    g_theme = make(light, high_contrast);
    apply_imgui_style(light, high_contrast);
}

void apply_imgui_style(bool light, bool high_contrast) {
    ImGuiStyle& s = ImGui::GetStyle();
    if (light) ImGui::StyleColorsLight(&s);
    else ImGui::StyleColorsDark(&s);
    s.WindowRounding = 0;
    s.FrameRounding = 3;
    s.GrabRounding = 3;
    s.WindowBorderSize = 1;
    s.FramePadding = ImVec2(8, 5);
    s.ItemSpacing = ImVec2(8, 6);
    s.WindowPadding = ImVec2(10, 8);
    s.ScrollbarSize = 16;
    if (!light) {
        s.Colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.0f);
        s.Colors[ImGuiCol_ChildBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.0f);
        s.Colors[ImGuiCol_Text] = ImVec4(0.93f, 0.94f, 0.96f, 1.0f);
        s.Colors[ImGuiCol_TextDisabled] = ImVec4(0.62f, 0.65f, 0.70f, 1.0f);
    }
    if (!high_contrast) return;
    // Text at full strength, backgrounds pure, every border drawn: what survives a projector.
    const ImVec4 fg = light ? ImVec4(0, 0, 0, 1) : ImVec4(1, 1, 1, 1);
    const ImVec4 bg = light ? ImVec4(1, 1, 1, 1) : ImVec4(0, 0, 0, 1);
    const ImVec4 dim = light ? ImVec4(0.15f, 0.15f, 0.15f, 1) : ImVec4(0.85f, 0.85f, 0.85f, 1);
    s.Colors[ImGuiCol_Text] = fg;
    s.Colors[ImGuiCol_TextDisabled] = dim;
    s.Colors[ImGuiCol_WindowBg] = bg;
    s.Colors[ImGuiCol_ChildBg] = bg;
    s.Colors[ImGuiCol_PopupBg] = bg;
    s.Colors[ImGuiCol_MenuBarBg] = bg;
    s.Colors[ImGuiCol_Border] = ImVec4(fg.x, fg.y, fg.z, 0.6f);
    s.Colors[ImGuiCol_Separator] = ImVec4(fg.x, fg.y, fg.z, 0.6f);
    s.Colors[ImGuiCol_FrameBg] = light ? ImVec4(0.88f, 0.88f, 0.88f, 1) : ImVec4(0.16f, 0.16f, 0.16f, 1);
    s.Colors[ImGuiCol_TitleBg] = s.Colors[ImGuiCol_TitleBgActive] = s.Colors[ImGuiCol_TitleBgCollapsed] =
        light ? ImVec4(0.85f, 0.85f, 0.85f, 1) : ImVec4(0.12f, 0.12f, 0.12f, 1);
    s.WindowBorderSize = 2;
    s.FrameBorderSize = 1;
}

ImU32 state_color(int st) {
    // New, Ready, Running, Waiting, Terminated
    switch (st) {
    case 0: return rgb(128, 132, 140);
    case 1: return rgb(205, 127, 50);     // bronze
    case 2: return rgb(46, 170, 80);      // green
    case 3: return rgb(200, 55, 55);      // red
    case 4: return rgb(110, 112, 118);
    default: return rgb(128, 128, 128);
    }
}

ImU32 mode_color(int m) {
    // Idle, User, Kernel, Softirq, Irq
    switch (m) {
    case 1: return rgb(80, 160, 230);     // user: blue
    case 2: return rgb(230, 126, 34);     // kernel: orange
    case 3: return rgb(175, 122, 210);    // softirq: violet
    case 4: return rgb(240, 200, 40);     // irq: yellow
    default: return rgb(90, 94, 102);
    }
}

ImU32 task_color(uint32_t i) {
    // Tableau-like palette, reordered so neighbours differ; avoids the exact state colours.
    static constexpr ImU32 palette[] = {
        rgb(78, 121, 167), rgb(176, 122, 161), rgb(118, 183, 178), rgb(237, 201, 72),
        rgb(255, 157, 167), rgb(156, 117, 95), rgb(242, 142, 43), rgb(89, 161, 79),
        rgb(186, 176, 172), rgb(225, 87, 89),
    };
    return palette[i % (sizeof palette / sizeof palette[0])];
}

ImU32 text_color_on(ImU32 fill) {
    const float r = float((fill >> IM_COL32_R_SHIFT) & 0xFF), g = float((fill >> IM_COL32_G_SHIFT) & 0xFF),
                b = float((fill >> IM_COL32_B_SHIFT) & 0xFF);
    const float lum = 0.299f * r + 0.587f * g + 0.114f * b;
    return lum > 150 ? rgb(15, 15, 18) : rgb(255, 255, 255);
}

ImU32 with_alpha(ImU32 c, float a) {
    const uint32_t alpha = uint32_t(a * float((c >> IM_COL32_A_SHIFT) & 0xFF));
    return (c & ~IM_COL32_A_MASK) | (alpha << IM_COL32_A_SHIFT);
}

} // namespace ioscope::gui
