// Timeline maths: zoom about the cursor, pan, fit, ruler ticks, LOD folding, lane layout.
#include "gui/timeline_math.h"

#include <gtest/gtest.h>

using namespace ioscope::gui;

namespace {
struct S { int64_t t0, t1; };
ViewLimits limits(int64_t hi) { ViewLimits l; l.lo = 0; l.hi = hi; l.min_span = 50; return l; }
}

TEST(TimelineMath, PixelTimeRoundTrip) {
    TimeView v { 1000, 3000 };
    EXPECT_DOUBLE_EQ(v.to_px(2000, 1000.f), 500.0);
    EXPECT_EQ(v.to_ns(500.0, 1000.f), 2000);
    EXPECT_EQ(v.to_ns(0.0, 1000.f), 1000);
    EXPECT_EQ(v.to_ns(1000.0, 1000.f), 3000);
}

TEST(TimelineMath, ZoomKeepsTimeUnderCursor) {
    const float w = 1000.f;
    TimeView v { 0, 1000000 };
    const double mouse_x = 730.0;
    const int64_t anchor = v.to_ns(mouse_x, w);
    TimeView z = zoom_about(v, anchor, 0.75, limits(1000000));
    EXPECT_LT(z.span(), v.span());
    EXPECT_NEAR(double(z.to_ns(mouse_x, w)), double(anchor), double(z.span()) / w);
    // And back out: the same anchor stays put again.
    TimeView back = zoom_about(z, anchor, 1.0 / 0.75, limits(1000000));
    EXPECT_NEAR(double(back.to_ns(mouse_x, w)), double(anchor), double(back.span()) / w);
    EXPECT_NEAR(double(back.span()), double(v.span()), 2.0);
}

TEST(TimelineMath, ZoomStopsAtMinimumSpan) {
    TimeView v { 0, 1000 };
    for (int i = 0; i < 100; ++i) v = zoom_about(v, 500, 0.5, limits(1000000));
    EXPECT_EQ(v.span(), 50);
    EXPECT_LE(v.start, 500);
    EXPECT_GE(v.end, 500);
}

TEST(TimelineMath, ZoomOutIsBoundedByTheTrace) {
    TimeView v { 0, 1000 };
    for (int i = 0; i < 100; ++i) v = zoom_about(v, 500, 2.0, limits(10000));
    EXPECT_LE(v.span(), 15000);
}

TEST(TimelineMath, WheelFactorIsReversible) {
    EXPECT_LT(wheel_zoom_factor(1, false, false), 1.0);
    EXPECT_GT(wheel_zoom_factor(-1, false, false), 1.0);
    EXPECT_NEAR(wheel_zoom_factor(1, false, false) * wheel_zoom_factor(-1, false, false), 1.0, 1e-12);
    EXPECT_DOUBLE_EQ(wheel_zoom_factor(1, true, false), 0.95);
    EXPECT_DOUBLE_EQ(wheel_zoom_factor(1, false, true), 0.5);
}

TEST(TimelineMath, PanMovesByPixels) {
    TimeView v { 10000, 20000 };
    TimeView p = pan_px(v, 100.0, 1000.f, limits(100000));   // drag right: earlier times
    EXPECT_EQ(p.start, 9000);
    EXPECT_EQ(p.end, 19000);
    EXPECT_EQ(pan_px(p, -100.0, 1000.f, limits(100000)), v);
}

TEST(TimelineMath, PanCannotLeaveTheTrace) {
    TimeView v { 0, 1000 };
    for (int i = 0; i < 50; ++i) v = pan_px(v, 100000.0, 1000.f, limits(5000));
    EXPECT_GT(v.end, 0);
    for (int i = 0; i < 50; ++i) v = pan_px(v, -100000.0, 1000.f, limits(5000));
    EXPECT_LT(v.start, 5000);
}

TEST(TimelineMath, FitCoversTheExtentWithAMargin) {
    TimeView v = fit_view(0, 4000000, limits(4000000));
    EXPECT_LT(v.start, 0);
    EXPECT_GT(v.end, 4000000);
    EXPECT_LT(v.span(), 4400000);
}

TEST(TimelineMath, KeepInViewShiftsOnlyWhenNeeded) {
    TimeView v { 0, 1000 };
    EXPECT_EQ(keep_in_view(v, 500, 0.1, 0.9), v);
    TimeView k = keep_in_view(v, 2000, 0.1, 0.9);
    EXPECT_EQ(k.span(), 1000);
    EXPECT_EQ(k.end, 2100);
}

TEST(TimelineMath, RulerStepsAreOneTwoFive) {
    TimeView v { 0, 4000000 };          // 4 ms over 1000 px, labels >= 100 px apart
    RulerTicks r = ruler_ticks(v, 1000.f, 100.f);
    EXPECT_EQ(r.step, 500000);
    EXPECT_EQ(r.first, 0);
    TimeView v2 { 1234, 1234 + 1000 };
    RulerTicks r2 = ruler_ticks(v2, 1000.f, 100.f);
    EXPECT_EQ(r2.step, 100);
    EXPECT_EQ(r2.first, 1300);
}

TEST(TimelineMath, TickLabels) {
    EXPECT_EQ(format_tick(0, 1000), "0");
    EXPECT_EQ(format_tick(1250000, 250000), "1.25 ms");
    EXPECT_EQ(format_tick(1500000000, 500000000), "1.5 s");
    EXPECT_EQ(format_tick(40000, 10000), "40 us");
    EXPECT_EQ(format_tick(3000000, 1000000), "3 ms");
    EXPECT_EQ(format_tick(750, 50), "750 ns");
}

TEST(TimelineFold, WideSpansAreDrawnOneByOne) {
    std::vector<S> v { { 0, 100 }, { 100, 200 }, { 300, 400 } };
    std::vector<DrawSpan> out;
    fold_spans(v, 0, 1000, 10, out);
    ASSERT_EQ(out.size(), 3u);
    for (size_t i = 0; i < 3; ++i) { EXPECT_EQ(out[i].index, i); EXPECT_EQ(out[i].count, 1u); }
}

TEST(TimelineFold, NarrowRunsFoldIntoOneBlock) {
    std::vector<S> v;
    for (int i = 0; i < 1000; ++i) v.push_back({ i * 2, i * 2 + 1 });   // 1000 spans of 1 ns
    v.push_back({ 5000, 9000 });                                         // then a wide one
    std::vector<DrawSpan> out;
    fold_spans(v, 0, 10000, 30, out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_TRUE(out[0].folded());
    EXPECT_EQ(out[0].count, 1000u);
    EXPECT_EQ(out[0].t0, 0);
    EXPECT_EQ(out[0].t1, 1999);
    EXPECT_EQ(out[1].index, 1000u);
    EXPECT_FALSE(out[1].folded());
}

TEST(TimelineFold, AVisibleGapSplitsFolds) {
    std::vector<S> v { { 0, 1 }, { 2, 3 }, { 500, 501 }, { 502, 503 } };
    std::vector<DrawSpan> out;
    fold_spans(v, 0, 1000, 10, out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].count, 2u);
    EXPECT_EQ(out[1].count, 2u);
    EXPECT_EQ(out[1].index, 2u);
}

TEST(TimelineFold, OnlyTheVisibleRangeIsEmitted) {
    std::vector<S> v;
    for (int i = 0; i < 100; ++i) v.push_back({ i * 100, i * 100 + 90 });
    std::vector<DrawSpan> out;
    fold_spans(v, 1050, 1500, 1, out);
    ASSERT_FALSE(out.empty());
    EXPECT_EQ(out.front().index, 10u);      // [1000,1090) overlaps 1050
    EXPECT_EQ(out.back().index, 14u);       // [1400,1490); [1500,...) starts at the edge
    EXPECT_EQ(out.size(), 5u);
}

TEST(TimelineFold, CountCoversEverySpanExactlyOnce) {
    std::vector<S> v;
    int64_t t = 0;
    for (int i = 0; i < 5000; ++i) { int64_t w = (i % 7 == 0) ? 400 : (i % 3); v.push_back({ t, t + w }); t += w + (i % 5); }
    std::vector<DrawSpan> out;
    fold_spans(v, 0, t, 50, out);
    uint64_t n = 0; uint32_t next = 0;
    for (const DrawSpan& d : out) { EXPECT_EQ(d.index, next); next += d.count; n += d.count; }
    EXPECT_EQ(n, v.size());
    // Folding made far fewer items than spans: cost follows pixels.
    EXPECT_LT(out.size(), v.size() / 3);
}

TEST(TimelineLayout, StacksAndCulls) {
    std::vector<LaneSlot> s;
    float total = layout_lanes({ 40, 60, 40 }, 4, 50, 60, s);
    EXPECT_FLOAT_EQ(total, 148);
    ASSERT_EQ(s.size(), 3u);
    EXPECT_FLOAT_EQ(s[0].y0, -50);
    EXPECT_FALSE(s[0].visible);               // [-50,-10)
    EXPECT_TRUE(s[1].visible);                // [-6, 54)
    EXPECT_TRUE(s[2].visible);                // [58, 98)
    EXPECT_FLOAT_EQ(s[2].y0, 58);
}
