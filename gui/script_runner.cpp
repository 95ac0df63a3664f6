// script_runner.cpp — see the header.
#include "script_runner.h"

#include "i18n.h"
#include "theme.h"

#include <imgui.h>

#include <cstdio>

namespace ioscope::gui {

namespace {
// Frames a step may take before the script is declared stuck (a test must fail, not hang):
// playing a bundled scenario to its end at the fastest speed takes well under this.
constexpr long kMaxFramesPerStep = 20000;
// A screenshot waits for auto-sized windows (hidden on their first frame) and a font rebuild
// after a language switch.
constexpr long kSettleFrames = 3;
} // namespace

ScriptRunner::ScriptRunner(std::vector<ScriptStep> steps, bool expect_nonblank, const float clear_rgb[3])
    : steps_(std::move(steps)), expect_nonblank_(expect_nonblank) {
    for (int k = 0; k < 3; ++k) clear_[k] = uint8_t(clear_rgb[k] * 255.0f + 0.5f);
}

void ScriptRunner::fail(int rc, const std::string& msg) {
    std::fprintf(stderr, "ioscope: script step %zu (column %zu): %s\n", i_ + 1, i_ < steps_.size() ? steps_[i_].column : 0,
                 msg.c_str());
    rc_ = rc;
    done_ = true;
}

void ScriptRunner::before_frame(App& app) {
    using Op = ScriptStep::Op;
    capture_ = false;
    while (!done_ && i_ < steps_.size()) {
        const ScriptStep& s = steps_[i_];
        const bool first = !started_;
        started_ = true;
        if (++frames_in_step_ > kMaxFramesPerStep) { fail(7, "did not finish in " + std::to_string(kMaxFramesPerStep) + " frames"); return; }
        Document* doc = app.document();
        bool finished = true;
        switch (s.op) {
        case Op::Action:
            for (long k = 0; k < s.count; ++k) app.run_action(s.action);
            break;
        case Op::PlayToEnd:
            if (!doc) { fail(2, "no document open"); return; }
            if (first) {
                app.playback().set_speed_index(int(speeds().size()) - 1);
                app.playback().seek(0);
                app.run_action(Action::TogglePlay);
            }
            finished = !app.playback().playing();
            break;
        case Op::BackToStart:
            if (!doc) { fail(2, "no document open"); return; }
            {
                // As a user holding the key: many steps per frame, every one through run_action.
                const Action back = s.unit == StepUnit::Record ? Action::StepBack
                                  : s.unit == StepUnit::Wakeup ? Action::WakeupBack
                                  : s.unit == StepUnit::Narration ? Action::NarrationBack
                                                                  : Action::SyscallBack;
                for (int k = 0; k < 2000 && app.playback().position() > 0; ++k) app.run_action(back);
                finished = app.playback().position() == 0;
            }
            break;
        case Op::Seek:
            if (!doc) { fail(2, "no document open"); return; }
            app.playback().pause();
            app.playback().seek(resolve_seek(s.seek, *doc->trace));
            app.view_around_playhead();
            break;
        case Op::Select:
            if (!doc || size_t(s.count) >= doc->trace->size()) { fail(2, "no record " + std::to_string(s.count)); return; }
            app.select_record(uint32_t(s.count));
            break;
        case Op::Lang:
            if ((s.arg == "zh") != chinese()) app.run_action(Action::ToggleLanguage);
            break;
        case Op::Open:
            if (first) { app.request_open(s.arg); finished = false; }
            else if (app.open_pending()) finished = false;
            else if (!app.open_errors().empty()) {
                std::string m = "cannot open " + s.arg;
                for (const std::string& e : app.open_errors()) m += "\n" + e;
                fail(2, m);
                return;
            }
            break;
        case Op::Sweep: {
            std::string err;
            if (!app.open_sweep(s.arg, err)) { fail(2, "cannot load the sweep chart: " + err); return; }
            break;
        }
        case Op::Wait:
            finished = frames_in_step_ > s.count;
            break;
        case Op::Screenshot:
            // Frames 1..kSettleFrames render; the one after is captured and checked in after_frame.
            finished = false;
            if (frames_in_step_ > kSettleFrames) capture_ = true;
            break;
        case Op::Type:
            // As the platform layer delivers typed characters: queued before a frame, which
            // handles them (App::handle_keys or a focused text field) before the next step.
            if (first) {
                for (unsigned char c : s.arg) ImGui::GetIO().AddInputCharacter(c);
                finished = false;
            }
            break;
        case Op::Expect: {
            std::string v;
            if (!app.probe(s.arg, v)) { fail(2, "nothing to expect called '" + s.arg + "'"); return; }
            if (v != s.value) { fail(6, s.arg + " is '" + v + "', expected '" + s.value + "'"); return; }
            break;
        }
        case Op::ExpectPosition: {
            const long p = long(app.playback().position());
            const bool ok = s.arg == "=" ? p == s.count : s.arg == "<" ? p < s.count : p > s.count;
            if (!ok) { fail(6, "position is " + std::to_string(p) + ", expected " + s.arg + " " + std::to_string(s.count)); return; }
            break;
        }
        }
        if (!finished) return;                   // this step needs another frame
        ++i_;
        frames_in_step_ = 0;
        started_ = false;
    }
    if (i_ >= steps_.size() && !done_) {
        app.set_status(tr(S::ScriptDone));
        done_ = true;
    }
}

void ScriptRunner::after_frame(App&, const Image& shot) {
    if (!capture_ || done_) return;
    const ScriptStep& s = steps_[i_];
    std::string err;
    if (!write_png(shot, s.arg, err)) { fail(5, err); return; }
    // The background of the theme in use now (a script may switch themes).
    for (int k = 0; k < 3; ++k) clear_[k] = uint8_t(theme().clear[k] * 255.0f + 0.5f);
    const size_t n = count_nonblank(shot, clear_);
    std::printf("ioscope: wrote %s (%dx%d, %zu non-background pixels)\n", s.arg.c_str(), shot.width, shot.height, n);
    if (expect_nonblank_ && n < kMinNonblankPixels) {
        fail(4, "screenshot " + s.arg + " is blank (" + std::to_string(n) + " pixels differ from the background)");
        return;
    }
    capture_ = false;
    ++i_;
    frames_in_step_ = 0;
    started_ = false;
}

} // namespace ioscope::gui
