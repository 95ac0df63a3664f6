// script_runner.h — runs a parsed --script (script.h) against the live app, one step at a time
// between frames. Steps that need the screen (screenshot, wait, play-to-end, back-to-start,
// open) span several frames; everything else runs at once through App::run_action or the same
// calls the keys, the scrubber and --seek use.
#pragma once
#include "app.h"
#include "image.h"
#include "script.h"

#include <string>
#include <vector>

namespace ioscope::gui {

class ScriptRunner {
public:
    ScriptRunner(std::vector<ScriptStep> steps, bool expect_nonblank, const float clear_rgb[3]);
    // Before a frame: advance through the steps that need no more frames.
    void before_frame(App& app);
    // Whether this frame's image should be read back (a screenshot step has settled).
    bool capture() const { return capture_; }
    // After the frame was rendered (with `shot` filled if capture()).
    void after_frame(App& app, const Image& shot);
    bool done() const { return done_; }
    int exit_code() const { return rc_; }

private:
    void fail(int rc, const std::string& msg);
    std::vector<ScriptStep> steps_;
    size_t i_ { 0 };
    long frames_in_step_ { 0 };
    bool started_ { false };
    bool capture_ { false };
    bool done_ { false };
    bool expect_nonblank_;
    uint8_t clear_[3];
    int rc_ { 0 };
};

} // namespace ioscope::gui
