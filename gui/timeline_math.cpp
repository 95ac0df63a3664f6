// timeline_math.cpp — see the header. Intermediate products use long double / __int128-free
// arithmetic that cannot overflow for any int64 view (spans are at most ~2^62 ns here).
#include "timeline_math.h"

#include <cmath>

namespace ioscope::gui {

//-----------------------------------------------------------------------------
// [SECTION] View
//-----------------------------------------------------------------------------

int64_t TimeView::to_ns(double x, float width_px) const {
    if (width_px <= 0) return start;
    long double t = (long double)start + (long double)x * (long double)span() / (long double)width_px;
    return (int64_t)std::llround(t);
}

TimeView clamp_view(TimeView v, const ViewLimits& lim) {
    const int64_t extent = std::max<int64_t>(lim.hi - lim.lo, 1);
    const int64_t max_span = std::max<int64_t>(extent + extent / 2, lim.min_span);
    int64_t span = std::clamp<int64_t>(v.end - v.start, std::max<int64_t>(lim.min_span, 1), max_span);
    if (v.end - v.start != span) {
        // Keep the centre when the span had to change.
        int64_t mid = v.start + (v.end - v.start) / 2;
        v.start = mid - span / 2;
    }
    v.end = v.start + span;
    // The view must keep at least a quarter of itself on the extent: panning past the end of the
    // trace into emptiness helps nobody.
    const int64_t keep = std::min<int64_t>(span / 4, extent);
    if (v.end < lim.lo + keep) { v.start = lim.lo + keep - span; v.end = v.start + span; }
    if (v.start > lim.hi - keep) { v.start = lim.hi - keep; v.end = v.start + span; }
    return v;
}

TimeView zoom_about(TimeView v, int64_t anchor, double factor, const ViewLimits& lim) {
    if (!(factor > 0)) return v;
    const long double old_span = (long double)v.span();
    long double new_span = old_span * factor;
    const long double max_span = (long double)std::max<int64_t>((lim.hi - lim.lo) * 3 / 2, lim.min_span);
    new_span = std::clamp(new_span, (long double)std::max<int64_t>(lim.min_span, 1), max_span);
    // The anchor keeps its fraction of the view.
    const long double frac = ((long double)anchor - (long double)v.start) / old_span;
    TimeView out;
    out.start = (int64_t)std::llround((long double)anchor - frac * new_span);
    out.end = out.start + std::max<int64_t>((int64_t)std::llround(new_span), 1);
    return clamp_view(out, lim);
}

TimeView pan_px(TimeView v, double dx_px, float width_px, const ViewLimits& lim) {
    if (width_px <= 0) return v;
    const int64_t dt = (int64_t)std::llround((long double)dx_px * (long double)v.span() / (long double)width_px);
    v.start -= dt;
    v.end -= dt;
    return clamp_view(v, lim);
}

TimeView fit_view(int64_t lo, int64_t hi, const ViewLimits& lim) {
    if (hi <= lo) hi = lo + std::max<int64_t>(lim.min_span, 1000);
    const int64_t margin = std::max<int64_t>((hi - lo) / 50, 1);
    TimeView v { lo - margin, hi + margin };
    ViewLimits l = lim;
    l.lo = std::min(l.lo, lo);
    l.hi = std::max(l.hi, hi);
    return clamp_view(v, l);
}

TimeView keep_in_view(TimeView v, int64_t t, double lo_frac, double hi_frac) {
    const int64_t span = v.span();
    const int64_t lo = v.start + (int64_t)(span * lo_frac);
    const int64_t hi = v.start + (int64_t)(span * hi_frac);
    int64_t shift = 0;
    if (t < lo) shift = t - lo;
    else if (t > hi) shift = t - hi;
    v.start += shift;
    v.end += shift;
    return v;
}

double wheel_zoom_factor(float wheel, bool fine, bool coarse) {
    const double step = fine ? 0.05 : coarse ? 0.5 : 0.25;
    // wheel > 0 (away from the user) zooms in; one notch in then one notch out returns exactly.
    return std::pow(1.0 - step, (double)wheel);
}

//-----------------------------------------------------------------------------
// [SECTION] Ruler ticks
//-----------------------------------------------------------------------------

RulerTicks ruler_ticks(const TimeView& v, float width_px, float min_px) {
    RulerTicks r;
    if (width_px <= 0 || min_px <= 0) return r;
    const long double ns_per_px = (long double)v.span() / width_px;
    const long double want = ns_per_px * min_px;
    int64_t base = 1;
    for (;;) {
        if (base >= want) { r.step = base; r.sub = 5; break; }
        if (base * 2 >= want) { r.step = base * 2; r.sub = 4; break; }
        if (base * 5 >= want) { r.step = base * 5; r.sub = 5; break; }
        if (base > INT64_MAX / 100) { r.step = base * 10; break; }
        base *= 10;
    }
    // First multiple of step at or after start (floor division for negative starts).
    int64_t q = v.start / r.step;
    if (v.start % r.step != 0 && v.start > 0) ++q;
    r.first = q * r.step;
    return r;
}

std::string format_tick(int64_t t, int64_t step) {
    struct Unit { int64_t ns; const char* name; };
    static constexpr Unit units[] = { { 1000000000, "s" }, { 1000000, "ms" }, { 1000, "us" }, { 1, "ns" } };
    const char* sign = t < 0 ? "-" : "";
    const uint64_t a = t < 0 ? uint64_t(0) - uint64_t(t) : uint64_t(t);
    if (a == 0) return "0";
    // Unit: the largest that keeps the value >= 1.
    const Unit* u = &units[3];
    for (const Unit& c : units) if (a >= uint64_t(c.ns)) { u = &c; break; }
    // Decimals: enough to tell ticks `step` apart in that unit.
    int decimals = 0;
    for (int64_t d = u->ns; d > 1 && step % d != 0 && decimals < 9; d /= 10) ++decimals;
    const uint64_t whole = a / uint64_t(u->ns);
    uint64_t frac = a % uint64_t(u->ns);
    std::string out = std::string(sign) + std::to_string(whole);
    if (decimals > 0) {
        uint64_t div = uint64_t(u->ns);
        for (int i = 0; i < decimals; ++i) div /= 10;
        std::string digits = std::to_string(frac / div);
        out += '.' + std::string(size_t(decimals) - std::min(digits.size(), size_t(decimals)), '0') + digits;
    }
    return out + ' ' + u->name;
}

//-----------------------------------------------------------------------------
// [SECTION] Lane layout
//-----------------------------------------------------------------------------

float layout_lanes(const std::vector<float>& heights, float gap, float scroll, float viewport_h,
                   std::vector<LaneSlot>& out) {
    out.clear();
    out.reserve(heights.size());
    float y = 0;
    for (size_t i = 0; i < heights.size(); ++i) {
        LaneSlot s;
        s.y0 = y - scroll;
        s.y1 = s.y0 + heights[i];
        s.visible = s.y1 > 0 && s.y0 < viewport_h;
        out.push_back(s);
        y += heights[i] + (i + 1 < heights.size() ? gap : 0);
    }
    return y;
}

} // namespace ioscope::gui
