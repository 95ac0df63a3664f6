// main.cpp — `ioscope [SCENARIO|TRACE.jsonl] [--seek T|--step K] [--screenshot PNG] [--frames N]
//                     [--lang en|zh] [--expect-nonblank] [--play] [--font-size PX]
//                     [--script "STEP; STEP; ..."] [--bench [--json] [--window] [--bench-records N]]
//                     [--presentation|--no-presentation]
//                     [--compare B [--costs PROFILE]] [--sweep SWEEP.json]`
//
// Exit codes (tests rely on them):
//   0 ok · 2 bad arguments or input file (FILE:LINE:COL on stderr) · 3 no display / no OpenGL 3.3
//   4 --expect-nonblank and the screenshot is (nearly) empty · 5 the screenshot could not be written
//   6 a script's expect-position failed · 7 a script step never finished
//
// Order matters: arguments and the document are checked before any window opens, so bad input
// fails fast and the same way with or without a display.
#include "app.h"
#include "bench.h"
#include "compare_view.h"
#include "i18n.h"
#include "image.h"
#include "platform_glfw.h"
#include "script_runner.h"
#include "sweep_data.h"
#include "theme.h"
#include "user_settings.h"
#include "sim/compare/cost_profile.h"

#include <CLI/CLI.hpp>
#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>

namespace {

enum Exit { kOk = 0, kUsage = 2, kNoDisplay = 3, kBlank = 4, kScreenshotFailed = 5 };

// Dear ImGui keeps window settings in imgui.ini in the working directory by default; ioscope's
// layout is fixed, so nothing is worth persisting and nothing may be written into the cwd.
void no_ini_file() { ImGui::GetIO().IniFilename = nullptr; }

// The window every mode (app, compare view, benchmark) opens: ImGui set up without imgui.ini,
// in the dark theme. nullptr, with the reason printed, when there is no display.
std::unique_ptr<ioscope::gui::Platform> open_window(const ioscope::gui::PlatformConfig& pc) {
    std::string error;
    auto platform = ioscope::gui::Platform::create(pc, error);
    if (!platform) {
        std::fprintf(stderr, "ioscope: %s\n", error.c_str());
        return nullptr;
    }
    no_ini_file();
    ioscope::gui::set_theme(false);
    return platform;
}

// Writes --screenshot and checks --expect-nonblank (shared by the app and the compare view).
int write_screenshot(const ioscope::gui::Image& shot, const std::string& screenshot, bool expect_nonblank) {
    using namespace ioscope::gui;
    if (!screenshot.empty()) {
        std::string err;
        if (!write_png(shot, screenshot, err)) {
            std::fprintf(stderr, "ioscope: %s\n", err.c_str());
            return kScreenshotFailed;
        }
        uint8_t clear[3];
        for (int i = 0; i < 3; ++i) clear[i] = uint8_t(theme().clear[i] * 255.0f + 0.5f);
        const size_t n = count_nonblank(shot, clear);
        std::printf("ioscope: wrote %s (%dx%d, %zu non-background pixels)\n", screenshot.c_str(), shot.width, shot.height, n);
        if (expect_nonblank && n < kMinNonblankPixels) {
            std::fprintf(stderr, "ioscope: screenshot %s is blank (%zu pixels differ from the background, need %zu)\n",
                         screenshot.c_str(), n, kMinNonblankPixels);
            return kBlank;
        }
    }
    return kOk;
}

} // namespace

int main(int argc, char** argv) {
    using namespace ioscope::gui;
    CLI::App cli { "ioscope - watch the Linux kernel do I/O, step by step", "ioscope" };
    std::string source = "blocking-echo";
    std::string seek_text, screenshot, lang = "en";
    long step = -1;
    int frames = 0;
    bool expect_nonblank = false;
    float font_px = 18.0f;
    bool play = false;
    std::string script_text;
    bool bench = false, bench_json = false;
    size_t bench_records = 5000000;
    cli.add_option("input", source, "bundled scenario id, a .toml scenario, or a .jsonl trace")
        ->capture_default_str();
    auto* o_seek = cli.add_option("--seek", seek_text, "start at 50% (of the records), 1.5ms (a time) or 1234 (a record index)");
    auto* o_step = cli.add_option("--step", step, "start after K records")->check(CLI::NonNegativeNumber);
    o_seek->excludes(o_step);
    cli.add_option("--screenshot", screenshot, "write the last frame to this PNG (implies --frames 5 if not given)");
    cli.add_option("--frames", frames, "render exactly N frames, then exit")->check(CLI::PositiveNumber);
    cli.add_option("--lang", lang, "user interface language")->check(CLI::IsMember({ "en", "zh" }))->capture_default_str();
    cli.add_option("--font-size", font_px, "text size in pixels (bigger for a projector)")
        ->check(CLI::Range(10.0f, 48.0f))->capture_default_str();
    cli.add_flag("--play", play, "start playing (one record per second)");
    std::string inspector, window_size;
    cli.add_option("--window-size", window_size, "initial window size WIDTHxHEIGHT (default 1280x800; e.g. 1024x768 for a projector)");
    cli.add_option("--inspector", inspector, "show this kernel-object inspector instead of following the record")
        ->check(CLI::IsMember({ "processes", "cpus", "waitqueues", "select", "poll", "epoll", "sockets", "signals" }));
    cli.add_flag("--expect-nonblank", expect_nonblank, "exit 4 if the screenshot is (nearly) empty");
    auto* o_script = cli.add_option("--script", script_text,
                   "run these steps, then exit: e.g. \"play-to-end; back-to-start; lang zh; seek 50%; screenshot a.png\" "
                   "(see docs/GUI.md)");
    bool script_saves = false;
    cli.add_flag("--script-saves-settings", script_saves,
                 "--script: remember the script's language/presentation changes as a user's key presses would "
                 "(tests of the settings file)")->needs(o_script);
    auto* o_bench = cli.add_flag("--bench", bench, "measure frame build and seek times on a big synthetic trace, then exit");
    cli.add_flag("--json", bench_json, "--bench: print the results as JSON")->needs(o_bench);
    bool bench_window = false;
    cli.add_flag("--window", bench_window, "--bench: in a real window (needs a display; adds GL submission and the idle check)")
        ->needs(o_bench);
    cli.add_option("--bench-records", bench_records, "--bench: records in the synthetic trace")
        ->check(CLI::Range(size_t(1000), size_t(50000000)))->needs(o_bench)->capture_default_str();
    bool presentation = false;
    auto* o_pres = cli.add_flag("--presentation,!--no-presentation", presentation,
                                "start in (or out of) presentation mode for this session; M toggles it and is remembered");
    std::string compare_with, costs_path;
    auto* o_cmp = cli.add_option("--compare", compare_with, "show the input and this trace (or scenario) on one time axis, aligned by request");
    cli.add_option("--costs", costs_path, "--compare: list this cost profile's calibrated constants")->needs(o_cmp);
    std::string sweep_path;
    cli.add_option("--sweep", sweep_path, "show this `ioscope-cli sweep --json` output in the plots window's sweep chart");
    cli.set_version_flag("--version", std::string("ioscope ") + IOSCOPE_VERSION);
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = cli.exit(e);
        return rc == 0 ? kOk : kUsage;
    }
    if (expect_nonblank && screenshot.empty() && script_text.empty()) {
        std::fprintf(stderr, "ioscope: --expect-nonblank needs --screenshot PNG or a --script with screenshots\n");
        return kUsage;
    }
    // View settings remembered from earlier sessions; this run's options win over them.
    UserSettings settings;
    const std::string settings_path = UserSettings::default_path();
    for (const std::string& w : settings.load(settings_path)) std::fprintf(stderr, "ioscope: warning: %s\n", w.c_str());
    if (cli.count("--lang") == 0) lang = settings.language;
    if (cli.count("--font-size") == 0) font_px = settings.text_size;
    if (o_pres->count() == 0) presentation = settings.presentation;
    if (!screenshot.empty() && frames == 0) frames = 5;
    // Auto-sized ImGui windows are hidden on their first frame: never capture before frame 3.
    if (!screenshot.empty() && frames < 3) frames = 3;
    set_language(lang == "zh" ? Lang::Zh : Lang::En);
    std::vector<ScriptStep> script;
    if (!script_text.empty()) {
        std::string err;
        if (!parse_script(script_text, script, err)) {
            std::fprintf(stderr, "ioscope: --script: %s\n", err.c_str());
            return kUsage;
        }
    }
    if (bench) {
        // The benchmark makes its own trace: no scenario is loaded or simulated. Without
        // --window it needs no display and no GPU (bench.h).
        Fonts fonts;
        fonts.set_size(cli.count("--font-size") ? font_px : 18.0f);   // not the user's saved size: comparable runs
        if (!bench_window) return run_gui_bench(nullptr, fonts, bench_records, bench_json);
        PlatformConfig pc;
        pc.title = "ioscope --bench";
        pc.vsync = false;
        auto platform = open_window(pc);
        if (!platform) return kNoDisplay;
        return run_gui_bench(platform.get(), fonts, bench_records, bench_json);
    }

    std::optional<SeekSpec> seek;
    if (!seek_text.empty()) {
        SeekSpec s;
        std::string err;
        if (!parse_seek(seek_text, s, err)) {
            std::fprintf(stderr, "ioscope: --seek %s\n", err.c_str());
            return kUsage;
        }
        seek = s;
    }

    // --sweep: a file that is not sweep JSON is a usage error (FILE:LINE:COL), before any window.
    if (!sweep_path.empty()) {
        SweepData check;
        std::string err;
        if (!read_sweep_file(sweep_path, check, err)) {
            std::fprintf(stderr, "ioscope: --sweep: %s\n", err.c_str());
            return kUsage;
        }
    }

    LoadOutcome lo = load_document(source);
    if (!lo.doc) {
        for (const std::string& e : lo.errors) std::fprintf(stderr, "%s\n", e.c_str());
        return kUsage;
    }

    if (!compare_with.empty()) {
        // The compare view: its own window loop, no App (docs/GUI.md "Compare view").
        LoadOutcome lb = load_document(compare_with);
        if (!lb.doc) {
            for (const std::string& e : lb.errors) std::fprintf(stderr, "%s\n", e.c_str());
            return kUsage;
        }
        if (!costs_path.empty()) {
            ioscope::CostModel check;
            std::string err;
            if (!ioscope::compare::load_cost_profile(costs_path, check, &err)) {
                std::fprintf(stderr, "ioscope: --costs: %s\n", err.c_str());
                return kUsage;
            }
        }
        PlatformConfig pc;
        pc.title = "ioscope - compare " + lo.doc->name + " / " + lb.doc->name;
        pc.vsync = frames == 0;
        auto platform = open_window(pc);
        if (!platform) return kNoDisplay;
        Fonts fonts;
        fonts.set_size(font_px);
        CompareInputs in { lo.doc->trace.get(), lb.doc->trace.get(), lo.doc->name, lb.doc->name, costs_path };
        Image shot;
        if (int rc = run_compare_view(*platform, fonts, in, frames, screenshot.empty() ? nullptr : &shot); rc != 0) return rc;
        return screenshot.empty() ? kOk : write_screenshot(shot, screenshot, expect_nonblank);
    }

    PlatformConfig pc;
    pc.title = std::string(tr(S::AppTitle)) + " - " + lo.doc->name;
    pc.vsync = frames == 0 && script.empty();   // test runs go as fast as the driver allows
    if (!window_size.empty()) {
        int w = 0, h = 0;
        if (std::sscanf(window_size.c_str(), "%dx%d", &w, &h) != 2 || w < 320 || h < 240 || w > 8192 || h > 8192) {
            std::fprintf(stderr, "ioscope: --window-size wants WIDTHxHEIGHT (e.g. 1024x768), got '%s'\n", window_size.c_str());
            return kUsage;
        }
        pc.width = w;
        pc.height = h;
    }
    std::memcpy(pc.clear_rgb, theme().clear, sizeof pc.clear_rgb);
    auto platform = open_window(pc);
    if (!platform) return kNoDisplay;

    Fonts fonts;
    fonts.set_size(font_px);
    App app(fonts);
    // A --script (tests, screenshots) reads the user's settings but never writes them: its
    // `lang zh` or `presentation` is for this run only — unless --script-saves-settings asks for
    // the real persistence path (the presentation-mode test).
    app.use_settings(settings, script_text.empty() || script_saves ? settings_path : std::string(), font_px, presentation);
    app.set_document(std::move(lo.doc));
    if (InspectorId id; !inspector.empty() && inspector_from_key(inspector, id)) app.inspectors().show(id);
    if (seek) app.playback().seek(resolve_seek(*seek, *app.document()->trace));
    else if (step >= 0) app.playback().seek(size_t(step));
    if (seek || step >= 0) {
        app.view_around_playhead();
        char buf[128];
        std::snprintf(buf, sizeof buf, "%s %zu", tr(S::Seeked), app.playback().position());
        app.set_status(buf);
    }

    if (!sweep_path.empty()) {
        std::string err;
        if (!app.open_sweep(sweep_path, err)) {       // changed since the check above
            std::fprintf(stderr, "ioscope: --sweep: %s\n", err.c_str());
            return kUsage;
        }
    }
    if (play) app.playback().play();
    std::unique_ptr<ScriptRunner> runner;
    if (!script.empty()) runner = std::make_unique<ScriptRunner>(std::move(script), expect_nonblank, theme().clear);

    int rendered = 0;
    int settle = 3;                         // frames to keep drawing after the last input (Tracy)
    double last = platform->time();
    Image shot;
    while (!platform->should_close() && !app.quit_requested()) {
        // Idle: block in the event wait, so an idle window costs no CPU (STYLE.md 2.7). Input,
        // playback and the few settling frames after input keep the loop running.
        const bool busy = frames > 0 || runner || (app.animating() && !platform->iconified()) || settle > 0;
        platform->wait_events(busy ? 0.0 : -1.0);
        if (app.presentation() != platform->fullscreen()) {
            platform->set_fullscreen(app.presentation());
            settle = 3;                        // the new size arrives over the next frames
        }
        app.process_requests();
        if (runner) {
            runner->before_frame(app);
            if (runner->done()) break;
            app.process_requests();            // an `open` step is loaded before its frame
        }
        if (fonts.dirty()) {
            fonts.build();
            platform->rebuild_font_texture();
        }
        const double now = platform->time();
        const double dt = std::min(now - last, 0.25);   // a long sleep is not playback time
        last = now;

        platform->new_frame();
        app.frame(dt);
        const ImGuiIO& io = ImGui::GetIO();
        const bool input = io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 ||
                           ImGui::IsAnyMouseDown() || io.InputQueueCharacters.Size > 0 || ImGui::IsAnyItemActive();
        settle = input ? 3 : std::max(0, settle - 1);
        ++rendered;
        const bool last_frame = !runner && frames > 0 && rendered >= frames;
        platform->set_clear_color(theme().clear);
        const bool capture = runner ? runner->capture() : last_frame && !screenshot.empty();
        platform->render(capture ? &shot : nullptr);
        if (runner) runner->after_frame(app, shot);
        if (last_frame) break;
    }
    if (runner) {
        if (!runner->done()) {
            std::fprintf(stderr, "ioscope: the window closed before the script finished\n");
            return 7;
        }
        return runner->exit_code();
    }

    return write_screenshot(shot, screenshot, expect_nonblank);
}
