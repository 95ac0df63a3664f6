// Counters over time: step functions rebuilt from the trace, downsampled per pixel column.
#include "gui/counters.h"

#include <gtest/gtest.h>

using namespace ioscope;
using namespace ioscope::gui;

namespace {
Record rec(int64_t t, Kind k, int64_t a = 0, uint32_t obj = 0, uint32_t obj2 = 0, uint8_t cpu = 0) {
    Record r; r.t = t; r.kind = k; r.a = a; r.obj = obj; r.obj2 = obj2; r.cpu = cpu; return r;
}
} // namespace

TEST(Counters, RunQueueSumsCpusAndWaitQueueCountsEntries) {
    Trace t;
    t.push(rec(10, Kind::RunqEnqueue, 1, 0, 0, 0));
    t.push(rec(20, Kind::RunqEnqueue, 1, 0, 0, 1));
    t.push(rec(30, Kind::RunqEnqueue, 2, 0, 0, 0));
    t.push(rec(40, Kind::RunqDequeue, 0, 0, 0, 1));
    t.push(rec(50, Kind::WqAdd));
    t.push(rec(60, Kind::WqAdd));
    t.push(rec(70, Kind::WqRemove));
    t.push(rec(80, Kind::SockBuf, 100, 5, uint32_t(SockQueue::Receive)));
    t.push(rec(90, Kind::SockBuf, 64, 6, uint32_t(SockQueue::Receive)));
    t.push(rec(95, Kind::SockBuf, 999, 6, uint32_t(SockQueue::Accept)));     // not a receive queue
    t.push(rec(99, Kind::SockBuf, 0, 5, uint32_t(SockQueue::Receive)));
    Counters c = Counters::build(t);
    const CounterSeries& rq = c[Counter::RunQueue];
    EXPECT_EQ(rq.value_at(5), 0);
    EXPECT_EQ(rq.value_at(25), 2);
    EXPECT_EQ(rq.value_at(35), 3);
    EXPECT_EQ(rq.value_at(45), 2);
    EXPECT_EQ(rq.max, 3);
    EXPECT_EQ(c[Counter::WaitQueue].value_at(65), 2);
    EXPECT_EQ(c[Counter::WaitQueue].value_at(75), 1);
    EXPECT_EQ(c[Counter::ReceiveBuffers].value_at(92), 164);
    EXPECT_EQ(c[Counter::ReceiveBuffers].value_at(100), 64);
    EXPECT_TRUE(c[Counter::ReadyList].t.empty());
}

TEST(Counters, DownsampleKeepsPeaksInsideAColumn) {
    CounterSeries s;
    s.t = { 0, 10, 11, 50 };
    s.v = { 1, 9, 2, 4 };
    auto cols = downsample(s, 0, 100, 4);            // columns of 25 ns
    ASSERT_EQ(cols.size(), 4u);
    EXPECT_EQ(cols[0].lo, 1);                        // the value set at t=0
    EXPECT_EQ(cols[0].hi, 9);                        // the short peak at 10..11 is not lost
    EXPECT_EQ(cols[1].lo, 2);
    EXPECT_EQ(cols[1].hi, 2);
    EXPECT_EQ(cols[2].lo, 2);
    EXPECT_EQ(cols[2].hi, 4);
    EXPECT_EQ(cols[3].lo, 4);
    EXPECT_TRUE(downsample(s, 100, 100, 4).empty());
}
