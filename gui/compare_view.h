// compare_view.h — `ioscope A --compare B [--costs PROFILE]`: two traces (typically a simulation
// and a live run of the same design) on one shared time axis, aligned by request, with the
// differences highlighted: requests whose latencies differ by more than ±25 %, system calls whose
// median costs do (the same table as `ioscope-cli compare`), and the calibrated constants of a
// cost profile next to their defaults. The data comes from compare_model.h (GL-free, tested).
#pragma once
#include "compare_model.h"
#include "fonts.h"
#include "image.h"
#include "platform_glfw.h"

#include <string>

namespace ioscope::gui {

struct CompareInputs {
    const Trace* a { nullptr };
    const Trace* b { nullptr };
    std::string a_name, b_name;            // file names / scenario ids for the title
    std::string costs_path;                // optional [machine.costs] profile to list
};

// Runs the window until it is closed, or for exactly `frames` frames when frames > 0; the last
// frame is read back into *shot when shot != nullptr. Returns 2 (and prints why) when the costs
// profile cannot be read, else 0.
int run_compare_view(Platform& platform, Fonts& fonts, const CompareInputs& in, int frames, Image* shot);

} // namespace ioscope::gui
