// bench.h — `ioscope --bench [--json]`: the real app, under the current display (Xvfb in CI),
// on a synthetic trace of N records (default 5 M). Measures
//   * frame build time (ImGui new frame + App::frame: every window, lane, list and plot is
//     built, nothing is skipped) at zoom levels from the whole trace down to a few microseconds,
//     at several positions per level;
//   * seek time (playback position + the reconstructor's state at that record) at random
//     positions, and the step-search worst case (a full scan that finds nothing);
//   * idle CPU: the main loop's wait for events over one second with nothing changing.
// Prints a table, or JSON with --json (ioscope-cli bench gui --json runs this).
#pragma once
#include "fonts.h"
#include "platform_glfw.h"

#include <cstddef>

namespace ioscope::gui {

int run_gui_bench(Platform& platform, Fonts& fonts, size_t records, bool json);

} // namespace ioscope::gui
