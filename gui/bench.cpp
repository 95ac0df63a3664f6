// bench.cpp — see the header.
#include "bench.h"

#include "app.h"
#include "bench_trace.h"
#include "navigate.h"
#include "theme.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cfloat>
#include <memory>
#include <chrono>
#include <cstdio>
#include <sys/resource.h>
#include <vector>

namespace ioscope::gui {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

struct Summary { double median { 0 }, p99 { 0 }, max { 0 }; size_t n { 0 }; };

Summary summarize(std::vector<double> v) {
    Summary s;
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    s.n = v.size();
    s.median = v[v.size() / 2];
    s.p99 = v[std::min(v.size() - 1, size_t(double(v.size()) * 0.99))];
    s.max = v.back();
    return s;
}

double cpu_seconds() {
    rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

nlohmann::json to_json(const Summary& s) { return { { "median", s.median }, { "p99", s.p99 }, { "max", s.max }, { "n", s.n } }; }

// Without a window: an ImGui context of our own with a fixed virtual display. NewFrame only needs
// a built font atlas and a display size; Render produces the draw lists a GPU backend would
// submit, and nothing submits them.
class HeadlessImGui {
public:
    HeadlessImGui() {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1280, 800);
        io.DisplayFramebufferScale = ImVec2(1, 1);
        io.DeltaTime = 1.0f / 60;
        // As the OpenGL3 backend declares: draw lists may pass 64 K vertices (ImDrawCmd::VtxOffset).
        io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);   // no pointer: nothing hovered, as in the windowed run
        set_theme(false);
    }
    ~HeadlessImGui() { ImGui::DestroyContext(); }
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;
    // After Fonts::build: rasterise the atlas as a backend would before uploading it.
    static void bake_font_atlas() {
        unsigned char* px = nullptr;
        int w = 0, h = 0;
        ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&px, &w, &h);
        ImGui::GetIO().Fonts->SetTexID(ImTextureID(intptr_t(1)));
    }
};

} // namespace

int run_gui_bench(Platform* platform, Fonts& fonts, size_t records, bool json) {
    std::unique_ptr<HeadlessImGui> headless;
    if (!platform) headless = std::make_unique<HeadlessImGui>();
    auto t_gen = Clock::now();
    auto trace = make_bench_trace(records);
    const double gen_ms = ms_since(t_gen);
    auto t_load = Clock::now();
    auto doc = make_document(std::move(trace), "bench-synthetic");
    const double load_ms = ms_since(t_load);

    App app(fonts);
    app.set_document(std::move(doc));
    Document& d = *app.document();
    const size_t n = d.trace->size();
    const int64_t t_end = d.trace->end_ns();

    // One frame of the real loop; returns the build time (new frame + App::frame) in ms.
    auto frame = [&]() {
        app.process_requests();
        if (fonts.dirty()) {
            fonts.build();
            if (platform) platform->rebuild_font_texture();
            else HeadlessImGui::bake_font_atlas();
        }
        const auto t0 = Clock::now();
        if (platform) platform->new_frame();
        else ImGui::NewFrame();
        app.frame(1.0 / 60);
        const double build = ms_since(t0);
        if (platform) {
            platform->set_clear_color(theme().clear);
            platform->render(nullptr);
        } else {
            ImGui::Render();
        }
        return build;
    };
    // The windows a user has open while working: event list, statistics (with a range), plots.
    app.run_action(Action::ToggleEvents);
    app.run_action(Action::TogglePlots);
    app.run_action(Action::ToggleStats);
    // And the epoll inspector (a 6,000-epitem tree, bench_trace.cpp).
    app.inspectors().show(InspectorId::Epoll);
    for (int i = 0; i < 5; ++i) frame();

    // Zoom levels: the whole trace, then 10x closer each level down to ~2 us, at five places.
    nlohmann::json levels = nlohmann::json::array();
    std::vector<double> all;
    for (int64_t span = t_end; span >= 2000; span /= 10) {
        std::vector<double> v;
        for (double frac : { 0.1, 0.3, 0.5, 0.7, 0.9 }) {
            const int64_t c = int64_t(double(t_end) * frac);
            app.playback().pause();
            app.playback().seek_time(c);
            app.timeline().mark_a = c - span / 4;          // a range for the statistics window
            app.timeline().mark_b = c + span / 4;
            app.timeline().set_view(TimeView { c - span / 2, c - span / 2 + span });
            app.timeline().following = false;
            frame();                                       // the first frame after a jump: not steady state
            for (int k = 0; k < 4; ++k) v.push_back(frame());
        }
        const Summary s = summarize(v);
        all.insert(all.end(), v.begin(), v.end());
        levels.push_back({ { "span_ns", span }, { "frame_build_ms", to_json(s) } });
    }
    const Summary frames = summarize(all);

    // Seeks to random positions (fixed seed), as the scrubber or a click on the ruler does.
    std::vector<double> seeks;
    uint64_t seed = 12345;
    for (int i = 0; i < 200; ++i) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        const size_t p = size_t((seed >> 33) % (n + 1));
        const auto t0 = Clock::now();
        app.playback().seek(p);
        d.playhead->seek(p);
        seeks.push_back(ms_since(t0));
    }
    const Summary seek = summarize(seeks);
    // Step search worst case: a step to a kind that does not occur scans the whole trace.
    const auto t_scan = Clock::now();
    const size_t none = step_position(*d.trace, StepUnit::Narration, 0, true);
    const double scan_ms = ms_since(t_scan);
    (void)none;

    // Idle: nothing changes for a second; the loop waits for events as main.cpp does.
    nlohmann::json idle_cpu = nullptr;
    int idle_frames = 0;
    if (platform) {
        for (int i = 0; i < 3; ++i) frame();
        const double cpu0 = cpu_seconds();
        const auto t_idle = Clock::now();
        while (ms_since(t_idle) < 1000.0) {
            platform->wait_events(std::max(0.0, 1.0 - ms_since(t_idle) / 1000.0));
            if (ms_since(t_idle) < 1000.0) { frame(); ++idle_frames; }   // an event arrived: draw it
        }
        idle_cpu = 100.0 * (cpu_seconds() - cpu0) / (ms_since(t_idle) / 1000.0);
    }

    const bool frame_ok = frames.median <= 8.0;
    const bool seek_ok = seek.max <= 50.0;
    if (json) {
        nlohmann::json j = {
            { "bench", "gui" }, { "window", platform != nullptr }, { "records", n }, { "trace_ns", t_end }, { "generate_ms", gen_ms }, { "load_ms", load_ms },
            { "zoom_levels", levels }, { "frame_build_ms", to_json(frames) }, { "seek_ms", to_json(seek) },
            { "step_search_full_scan_ms", scan_ms }, { "idle_cpu_percent", idle_cpu }, { "idle_frames", idle_frames },
            { "targets", { { "frame_build_median_le_8ms", frame_ok }, { "seek_le_50ms", seek_ok } } },
        };
        std::printf("%s\n", j.dump(2).c_str());
    } else {
        std::printf("ioscope GUI benchmark (%s): %zu records (%.1f ms generated, %.1f ms model + reconstructor)\n",
                    platform ? "window" : "no window, frames built by Dear ImGui only", n, gen_ms, load_ms);
        std::printf("  %-14s %10s %10s %10s\n", "view span", "median ms", "p99 ms", "max ms");
        for (const auto& l : levels)
            std::printf("  %-14lld %10.2f %10.2f %10.2f\n", (long long)l["span_ns"].get<int64_t>(),
                        l["frame_build_ms"]["median"].get<double>(), l["frame_build_ms"]["p99"].get<double>(),
                        l["frame_build_ms"]["max"].get<double>());
        std::printf("  frame build: median %.2f ms, p99 %.2f ms (target median <= 8 ms: %s)\n", frames.median, frames.p99,
                    frame_ok ? "met" : "MISSED");
        std::printf("  seek: median %.2f ms, p99 %.2f ms, max %.2f ms (target <= 50 ms: %s)\n", seek.median, seek.p99, seek.max,
                    seek_ok ? "met" : "MISSED");
        std::printf("  step search, full scan: %.2f ms\n", scan_ms);
        if (platform) std::printf("  idle: %.1f%% CPU over 1 s (%d frames drawn)\n", idle_cpu.get<double>(), idle_frames);
        else std::printf("  idle: needs a window (ioscope --bench --window)\n");
    }
    return 0;
}

} // namespace ioscope::gui
