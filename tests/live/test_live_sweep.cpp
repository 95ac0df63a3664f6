// The live sweep on this machine's kernel has the classic shape (COSTS.md §2): select and poll
// grow with the number of watched descriptors, epoll_wait does not. Ratios measured in one run,
// with generous margins — never absolute times (shared, noisy machines; ASan builds). The shapes
// compare the fastest call of each point (min_ns): noise on a shared machine only ever adds time,
// so the minimum is the estimate a neighbour's load cannot inflate — a median can be (a CI run
// saw every call of one point slowed 40x), and one inflated point turns a ratio upside down.
#include "sim/live/live_sweep.h"
#include "sim/live/rlimit.h"

#include <gtest/gtest.h>
#include <sys/select.h>

using namespace ioscope::live;

namespace {
LiveSweepPoint point(const char* m, int n, int k) {
    LiveSweepPoint p = run_live_sweep_point(m, n, k, 40, 3, 7);
    EXPECT_TRUE(p.supported) << m << " n=" << n << ": " << p.note;
    EXPECT_TRUE(p.reported_ok) << m << " n=" << n << " k=" << k << ": every call reports exactly the active fds";
    // Every timed call is kept or counted as preempted and left out (live_sweep.h); most are kept.
    EXPECT_EQ(p.iterations + p.preempted_dropped, 120);
    EXPECT_GE(p.iterations, 60);
    EXPECT_EQ(p.repetitions, 3);
    EXPECT_LE(p.min_ns, p.median_ns);
    EXPECT_LE(p.median_ns, p.max_ns);
    return p;
}
} // namespace

TEST(LiveSweep, SelectAndPollGrowWithWatchedFds) {
    // select: 400 pairs keep every descriptor below FD_SETSIZE (both ends live here).
    for (auto [m, big] : {std::pair{"select", 400}, std::pair{"poll", 1000}}) {
        LiveSweepPoint a = point(m, 10, 1), b = point(m, big, 1);
        double ratio = double(b.min_ns) / double(a.min_ns);
        // The kernel polls every descriptor on every call: ~40-100x more fds costs far more
        // than 4x (typically 15-50x; the fixed syscall cost dilutes it at n=10).
        EXPECT_GT(ratio, 4.0) << m << ": fastest call n=10 " << a.min_ns << " ns, n=" << big << " " << b.min_ns << " ns";
    }
}

TEST(LiveSweep, EpollWaitIsFlatInWatchedFds) {
    for (const char* m : {"epoll-lt", "epoll-et"}) {
        LiveSweepPoint a = point(m, 10, 1), b = point(m, 1000, 1);
        double ratio = double(b.min_ns) / double(a.min_ns);
        EXPECT_LT(ratio, 3.0) << m << ": fastest call n=10 " << a.min_ns << " ns, n=1000 " << b.min_ns << " ns";
    }
    // At n = 1000 with one active fd epoll_wait beats poll by a wide margin.
    LiveSweepPoint poll = point("poll", 1000, 1), ep = point("epoll-et", 1000, 1);
    EXPECT_GT(poll.min_ns, 4 * ep.min_ns) << "fastest calls: poll " << poll.min_ns << " ns, epoll_wait " << ep.min_ns << " ns";
}

TEST(LiveSweep, SelectGoesBeyondFdSetsizeWithAHandSizedBitmap) {
    // libevent's select backend: the bitmap is howmany(nfds, NFDBITS) words allocated and set by
    // hand (glibc's FD_SET would abort in __fdelt_chk, or overrun its 1024-bit fd_set); the kernel
    // takes nfds up to the fd table size. Both ends of 2048 pairs live here (4096 + spare fds).
    int before = count_open_fds();
    LiveSweepPoint small = run_live_sweep_point("select", 100, 1, 20, 2, 1);
    LiveSweepPoint big = run_live_sweep_point("select", 2048, 1, 20, 2, 1);
    ASSERT_TRUE(small.supported) << small.note;
    ASSERT_TRUE(big.supported) << big.note;
    EXPECT_GE(big.max_fd, FD_SETSIZE) << "the watched descriptors reach past glibc's fd_set";
    EXPECT_GE(big.max_fd, 2048) << "N read ends need N descriptor numbers";
    EXPECT_TRUE(big.reported_ok) << "every call reports exactly the active read end, also above fd 1024";
    EXPECT_NE(big.fd_set.find("hand-sized"), std::string::npos) << big.fd_set;
    // ~20x the fds: the kernel walks and polls every one (typically 10-30x; generous margin).
    EXPECT_GT(double(big.min_ns), 4.0 * double(small.min_ns))
        << "fastest call n=100 " << small.min_ns << " ns, n=2048 " << big.min_ns << " ns";
    EXPECT_EQ(count_open_fds(), before) << "every socket pair is closed again";
}

TEST(LiveSweep, WriterProcessHoldsTheWriteEnds) {
    // The path that lets N approach the hard RLIMIT_NOFILE: write ends in a forked process.
    int before = count_open_fds();
    LiveSweepPoint same = point("epoll-lt", 200, 10);
    EXPECT_EQ(same.writer, "same-process");
    EXPECT_NEAR(same.ready_per_call, 10.0, 1e-9);
    LiveSweepPoint split = run_live_sweep_point("poll", 300, 10, 20, 2, 3, true);
    ASSERT_TRUE(split.supported) << split.note;
    EXPECT_EQ(split.writer, "writer-process");
    EXPECT_TRUE(split.reported_ok);
    EXPECT_LT(split.max_fd, 2 * 300) << "only the read ends (and one batch of write ends in flight) live here";
    EXPECT_EQ(count_open_fds(), before) << "every descriptor is closed and the writer reaped";
}

TEST(LiveSweep, ActiveAboveFdsIsRefused) {
    LiveSweepPoint p = run_live_sweep_point("poll", 5, 10, 5, 1, 1);
    EXPECT_FALSE(p.supported);
}
