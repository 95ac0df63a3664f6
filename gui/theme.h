// theme.h — colours and ImGui style. The state colours follow UI.md §5 (Tracy: running green,
// ready bronze, waiting red); everything is chosen to survive a washed-out projector: saturated
// fills, text on fills picked for contrast, no thin light-grey-on-white.
#pragma once
#include <imgui.h>

#include <cstdint>

namespace ioscope::gui {

struct Theme {
    bool light { false };
    bool high_contrast { false };         // presentation mode: pure black/white, brighter lines
    float clear[3] { 0.09f, 0.10f, 0.12f };
    ImU32 lane_bg, lane_bg_alt, label_bg, text, text_dim, text_on_fill, grid, ruler_bg, ruler_text,
          playhead, hover_line, fold, fold_stripe, flow, selection, syscall, kernel_step, user_step,
          tick, irq, softirq, border;
};

const Theme& theme();
// Also applies the ImGui style. High contrast (presentation mode, for projectors that wash out
// greys) keeps the light/dark choice but goes to pure black or white backgrounds, full-strength
// text and borders, and a brighter grid and playhead.
void set_theme(bool light, bool high_contrast = false);
void apply_imgui_style(bool light, bool high_contrast = false);

ImU32 state_color(int task_state);            // TaskState as int
ImU32 mode_color(int cpu_mode);               // CpuMode as int
ImU32 task_color(uint32_t lane_index);        // distinct colours for the first lanes
// Black or white, whichever reads better on `fill`.
ImU32 text_color_on(ImU32 fill);
ImU32 with_alpha(ImU32 c, float a);

} // namespace ioscope::gui
