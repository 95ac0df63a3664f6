// bench.h — `ioscope --bench [--json] [--window]`: the real app on a synthetic trace of N records
// (default 5 M). By default no window and no GPU: Dear ImGui builds every frame into draw lists
// against a 1280x800 virtual display (the font atlas is rasterised on the CPU, nothing is drawn),
// so it runs on any machine. --window opens a real one under the current display (Xvfb in CI)
// and adds GL submission, vsync off, and the idle measurement. Measures
//   * frame build time (ImGui new frame + App::frame: every window, lane, list and plot is
//     built, nothing is skipped) at zoom levels from the whole trace down to a few microseconds,
//     at several positions per level;
//   * seek time (playback position + the reconstructor's state at that record) at random
//     positions, and the step-search worst case (a full scan that finds nothing);
//   * idle CPU (--window only): the main loop's wait for events over one second with nothing
//     changing — without a window there are no events to wait for.
// Prints a table, or JSON with --json (ioscope-cli bench gui --json runs this).
#pragma once
#include "fonts.h"
#include "platform_glfw.h"

#include <cstddef>

namespace ioscope::gui {

// With a window (`platform` non-null): the real loop. Without: creates and destroys its own
// ImGui context.
int run_gui_bench(Platform* platform, Fonts& fonts, size_t records, bool json);

} // namespace ioscope::gui
