// timeline_math.h — the timeline's arithmetic, with no GL and no ImGui, so it is unit-tested.
//
//  [SECTION] View (two int64 ns bounds: zoom about a point, pan, fit, clamp)
//  [SECTION] Ruler ticks (1-2-5 steps)
//  [SECTION] LOD folding (Tracy's MinVisSize: runs of spans narrower than ~3 px become one block)
//  [SECTION] Lane layout (stacking, vertical culling)
//
// The view is two integer-nanosecond bounds, never floating-point seconds (UI.md §3, STYLE.md
// 2.6): a double of seconds cannot hold nanoseconds of a long run, and integer bounds make zoom
// and pan exactly reversible in tests. Pixels-per-ns is derived each frame.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace ioscope::gui {

//-----------------------------------------------------------------------------
// [SECTION] View
//-----------------------------------------------------------------------------

struct TimeView {
    int64_t start { 0 };
    int64_t end { 1 };                      // exclusive; always > start

    int64_t span() const { return end - start; }
    double px_per_ns(float width_px) const { return width_px / double(span()); }
    // Pixel offset of time t from the view's left edge (may be negative or beyond width).
    double to_px(int64_t t, float width_px) const { return double(t - start) * width_px / double(span()); }
    // Time under pixel offset x (rounded to the nearest ns).
    int64_t to_ns(double x, float width_px) const;
    bool operator==(const TimeView&) const = default;
};

struct ViewLimits {
    int64_t min_span { 50 };                // ns: zooming in stops at 50 ns across the whole lane
    int64_t lo { 0 }, hi { 1 };             // the trace's extent; the view may overhang by a margin
};

// Keep span within [min_span, 1.5 x extent] and the view overlapping the extent.
TimeView clamp_view(TimeView v, const ViewLimits& lim);
// Zoom by factor (< 1 zooms in) keeping the time at `anchor` at the same pixel.
TimeView zoom_about(TimeView v, int64_t anchor, double factor, const ViewLimits& lim);
// Pan by dx pixels (positive dx = drag right = earlier times come into view).
TimeView pan_px(TimeView v, double dx_px, float width_px, const ViewLimits& lim);
// The extent plus a small margin on both sides.
TimeView fit_view(int64_t lo, int64_t hi, const ViewLimits& lim);
// Shift the view (keeping its span) so t lies within [lo_frac, hi_frac] of it; used to follow
// the playhead during playback.
TimeView keep_in_view(TimeView v, int64_t t, double lo_frac, double hi_frac);
// Wheel zoom factor for `wheel` notches: step 0.25, fine 0.05 (Ctrl), coarse 0.5 (Shift) (UI.md §3).
double wheel_zoom_factor(float wheel, bool fine, bool coarse);

//-----------------------------------------------------------------------------
// [SECTION] Ruler ticks
//-----------------------------------------------------------------------------

struct RulerTicks {
    int64_t step { 1 };                     // ns between major ticks (1, 2 or 5 x 10^k)
    int64_t first { 0 };                    // first major tick >= view.start (multiple of step)
    int sub { 5 };                          // minor ticks per major step
};
// Major steps at least min_px apart.
RulerTicks ruler_ticks(const TimeView& v, float width_px, float min_px);
// Tick label with just enough decimals for the step: "1.25 ms", "40 us", "3 s".
std::string format_tick(int64_t t, int64_t step);

//-----------------------------------------------------------------------------
// [SECTION] LOD folding
//-----------------------------------------------------------------------------

// One thing to draw: a single span (count == 1, index = the span) or a folded run of `count`
// spans starting at `index`, covering [t0, t1).
struct DrawSpan {
    int64_t t0 { 0 }, t1 { 0 };
    uint32_t index { 0 };
    uint32_t count { 1 };
    bool folded() const { return count > 1; }
    bool operator==(const DrawSpan&) const = default;
};

// Spans must be sorted by t0, non-overlapping (so also sorted by t1), each with t0 <= t1.
// Emits what lies in [v0, v1): spans at least min_ns wide as themselves; every run of narrower
// spans (with gaps under min_ns between them) as one folded block. Binary searches jump over a
// run, so the cost grows with the number of pixels, not with the number of spans (Tracy 2.5).
template <class SpanT>
void fold_spans(const std::vector<SpanT>& spans, int64_t v0, int64_t v1, int64_t min_ns,
                std::vector<DrawSpan>& out) {
    if (min_ns < 1) min_ns = 1;
    auto by_end = [](const SpanT& s, int64_t t) { return s.t1 < t; };
    auto by_start = [](const SpanT& s, int64_t t) { return s.t0 < t; };
    // First span that ends after v0 (an instant exactly at v0 counts), last that starts before v1.
    auto it = std::lower_bound(spans.begin(), spans.end(), v0, by_end);
    auto stop = std::lower_bound(it, spans.end(), v1, by_start);
    while (it < stop) {
        const SpanT& s = *it;
        if (s.t1 - s.t0 >= min_ns) {
            out.push_back({ s.t0, s.t1, uint32_t(it - spans.begin()), 1 });
            ++it;
            continue;
        }
        auto first = it;
        int64_t run_end = s.t1;
        for (;;) {
            // Swallow every span that ends before run_end + min_ns: all of them lie within the
            // same few pixels.
            auto prev = it;
            it = std::lower_bound(it, stop, run_end + min_ns, by_end);
            if (it == prev) ++it;
            run_end = std::max(run_end, std::prev(it)->t1);
            if (it == stop) break;
            // The next span starts a new visible item if it is wide, or if a visible gap
            // separates it from the run.
            if (it->t1 - it->t0 >= min_ns || it->t0 - run_end >= min_ns) break;
        }
        uint32_t n = uint32_t(it - first);
        out.push_back({ first->t0, run_end, uint32_t(first - spans.begin()), n });
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Lane layout
//-----------------------------------------------------------------------------

struct LaneSlot {
    float y0 { 0 }, y1 { 0 };               // content-relative
    bool visible { false };                 // intersects the viewport
};
// Stack lanes of the given heights with `gap` between them, starting at 0, scrolled by
// `scroll` pixels, and mark those intersecting [0, viewport_h). Returns the total height.
float layout_lanes(const std::vector<float>& heights, float gap, float scroll, float viewport_h,
                   std::vector<LaneSlot>& out);

} // namespace ioscope::gui
