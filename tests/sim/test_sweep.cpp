// The simulated sweep reproduces the shape of the classic select/poll/epoll measurements
// (COSTS.md §2) from per-step costs alone: select and poll linear in n, epoll flat in n.
#include "sim/programs/sweep_bench.h"

#include <gtest/gtest.h>

using namespace ioscope;

TEST(Sweep, SelectAndPollAreLinearInWatchedFds) {
    for (const char* m : {"select", "poll"}) {
        SweepPoint a = run_sweep_point(m, 50, 1, 5, 1), b = run_sweep_point(m, 500, 1, 5, 1);
        ASSERT_TRUE(a.supported && b.supported) << m;
        EXPECT_TRUE(a.reported_ok && b.reported_ok) << m << ": each call reports exactly the active fds";
        double ratio = double(b.median_ns) / double(a.median_ns);
        EXPECT_GT(ratio, 7.0) << m << ": 10x the fds, cost ratio " << ratio;
        EXPECT_LT(ratio, 11.0) << m;
        EXPECT_EQ(b.fds_scanned, 500.0) << m << ": every fd is polled on every call";
    }
}

TEST(Sweep, EpollIsFlatInWatchedFdsAndGrowsWithActiveOnes) {
    for (const char* m : {"epoll-lt", "epoll-et"}) {
        SweepPoint small = run_sweep_point(m, 50, 1, 5, 1), big = run_sweep_point(m, 5000, 1, 5, 1);
        EXPECT_TRUE(small.reported_ok && big.reported_ok) << m;
        EXPECT_LT(double(big.median_ns), 1.25 * double(small.median_ns)) << m;
        EXPECT_EQ(big.fds_scanned, 0.0) << m << ": epoll_wait never walks the interest set";
        SweepPoint busy = run_sweep_point(m, 5000, 50, 5, 1);
        EXPECT_GT(busy.median_ns, 10 * big.median_ns) << m << ": O(ready items)";
    }
    // LT re-polls the previous call's items (re-queued on rdllist): dearer than ET.
    EXPECT_GT(run_sweep_point("epoll-lt", 1000, 10, 5, 1).median_ns, run_sweep_point("epoll-et", 1000, 10, 5, 1).median_ns);
}

TEST(Sweep, EpollIsFarCheaperThanPollWithManyIdleFds) {
    SweepPoint poll = run_sweep_point("poll", 10000, 1, 3, 1);
    SweepPoint ep = run_sweep_point("epoll-lt", 10000, 1, 3, 1);
    ASSERT_TRUE(poll.supported && ep.supported);
    EXPECT_GT(poll.median_ns, 20 * ep.median_ns);
}

TEST(Sweep, SelectPassesAHandSizedBitmapBeyondFdSetsize) {
    // Read ends are the N lowest descriptors (4 .. N+3, like the live PairSet); select's bitmap is
    // sized to nfds by hand (libevent style), so N = 1100 is no longer stopped by glibc's
    // 1024-bit fd_set: the kernel clamps nfds only to the fd table.
    SweepPoint p = run_sweep_point("select", 1100, 1, 3, 1);
    ASSERT_TRUE(p.supported) << p.note;
    EXPECT_TRUE(p.reported_ok);
    EXPECT_EQ(p.fds_scanned, 1100.0);
    EXPECT_EQ(p.bytes_copied, 2.0 * ((1104 + 63) / 64 * 8)) << "FDS_BYTES(1104) in and out";
}
