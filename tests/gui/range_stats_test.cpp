// Range statistics against the hand-made trace (synthetic_trace.h documents its timeline).
#include "gui/range_stats.h"
#include "synthetic_trace.h"

#include <gtest/gtest.h>

using namespace ioscope;
using namespace ioscope::gui;

TEST(RangeStats, WholeTrace) {
    Trace t = gui_test::make_small_trace();
    TimelineModel m = TimelineModel::build(t);
    RangeStats s = compute_range_stats(t, m, 0, 10000);
    EXPECT_EQ(s.records, t.size());
    ASSERT_EQ(s.syscalls.size(), 1u);
    EXPECT_EQ(s.syscalls[0].name, "recv");
    EXPECT_EQ(s.syscalls[0].count, 1u);
    EXPECT_EQ(s.syscalls[0].total_ns, 5000);       // 2000 .. 7000
    EXPECT_EQ(s.switches, 4u);                      // 1000, 3000, 6000, 9000
    EXPECT_EQ(s.wakeups, 1u);
    ASSERT_EQ(s.wake_latency_n, 1u);
    EXPECT_EQ(s.wake_latency_max, 6000 - 5100);     // woken at 5100, runs at 6000
    ASSERT_EQ(s.cpu.size(), 1u);
    int64_t sum = 0;
    for (int64_t v : s.cpu[0].ns) sum += v;
    EXPECT_EQ(sum, 10000);                          // modes + idle cover the range exactly
    EXPECT_EQ(s.cpu[0].ns[size_t(CpuMode::Kernel)], 1000);   // 2000 .. 3000
    EXPECT_EQ(s.cpu[0].ns[size_t(CpuMode::Irq)], 200);       // 5000 .. 5200
}

TEST(RangeStats, PartialRangeClipsModesAndCountsOnlyInside) {
    Trace t = gui_test::make_small_trace();
    TimelineModel m = TimelineModel::build(t);
    RangeStats s = compute_range_stats(t, m, 2500, 5100);    // reversed order is accepted too
    RangeStats r = compute_range_stats(t, m, 5100, 2500);
    EXPECT_EQ(s.records, r.records);
    EXPECT_TRUE(s.syscalls.empty());                // recv started at 2000, before the range
    EXPECT_EQ(s.switches, 1u);                      // 3000
    EXPECT_EQ(s.wakeups, 0u);                       // the wakeup is at 5100: end is exclusive
    EXPECT_EQ(s.cpu[0].ns[size_t(CpuMode::Kernel)], 500);    // 2500 .. 3000
    EXPECT_EQ(s.cpu[0].ns[size_t(CpuMode::Irq)], 100);       // 5000 .. 5100
}

TEST(RangeStats, RequestLatencyFromMarkers) {
    Trace t;
    auto marker = [&](int64_t time, int64_t id, MarkerType type) {
        Record r; r.t = time; r.kind = Kind::Marker; r.a = id; r.b = int64_t(type); t.push(r);
    };
    marker(100, 1, MarkerType::RequestStart);
    marker(150, 2, MarkerType::RequestStart);
    marker(1100, 1, MarkerType::RequestEnd);        // 1000 ns
    marker(5150, 2, MarkerType::RequestEnd);        // 5000 ns
    marker(6000, 3, MarkerType::RequestEnd);        // no start: ignored
    t.meta.end_ns = 7000;
    TimelineModel m = TimelineModel::build(t);
    RangeStats s = compute_range_stats(t, m, 0, 7000);
    ASSERT_EQ(s.requests.size(), 2u);
    EXPECT_EQ(s.requests[0], 1000);
    EXPECT_EQ(s.requests[1], 5000);
    EXPECT_EQ(s.request_hist.total(), 2u);
    EXPECT_EQ(s.request_hist.first, 9);             // 1000 in [512, 1024)
    ASSERT_EQ(s.request_hist.counts.size(), 4u);    // .. 5000 in [4096, 8192)
    EXPECT_EQ(s.request_hist.counts[3], 1u);
}
