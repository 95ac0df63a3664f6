// The live sweep's method (live_sweep.h): cells measured in interleaved rounds, and a writer
// process pinned to the measuring CPU. Behaviour the kernel shows from outside (/proc, affinity
// masks, CLOCK_MONOTONIC order) — never absolute times.
#include "sim/live/live_sweep.h"
#include "sim/live/pair_set.h"
#include "sim/live/rlimit.h"

#include <fstream>
#include <gtest/gtest.h>
#include <sched.h>
#include <sstream>
#include <string>
#include <unistd.h>

using namespace ioscope::live;

namespace {

// /proc/PID/stat field 39, "processor": the CPU the task last ran on.
int last_cpu_of(pid_t pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    size_t close = s.rfind(')');                 // comm may hold spaces: count fields after it
    if (close == std::string::npos) return -1;
    std::istringstream in(s.substr(close + 2));  // field 3 (state) onwards
    std::string field;
    for (int i = 3; i <= 39 && (in >> field); ++i)
        if (i == 39) return std::stoi(field);
    return -1;
}

} // namespace

TEST(LiveSweepRounds, WriterProcessRunsOnTheMeasuringCpu) {
    // Left to the scheduler, a loaded machine sometimes wakes the writer on the other CPU
    // (docs/LIVE.md); pinned, it can only run where the timed call runs.
    const int cpu = sched_getcpu();
    ASSERT_GE(cpu, 0);
    PairSet pairs;
    std::string err;
    ASSERT_TRUE(pairs.open(20, true, &err)) << err;
    ASSERT_TRUE(pairs.pin_writer(cpu));
    cpu_set_t mask;
    CPU_ZERO(&mask);
    ASSERT_EQ(sched_getaffinity(pairs.writer_pid(), sizeof mask, &mask), 0);
    EXPECT_EQ(CPU_COUNT(&mask), 1);
    EXPECT_TRUE(CPU_ISSET(cpu, &mask)) << "the writer's affinity mask is the measuring CPU";
    const int idx[] = {3, 7};
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(pairs.poke(idx, 2));   // acknowledged: the writer ran
    EXPECT_EQ(last_cpu_of(pairs.writer_pid()), cpu) << "/proc/PID/stat: the writer last ran on the measuring CPU";
    char buf[64];
    EXPECT_EQ(read(pairs.read_ends()[3], buf, sizeof buf), 20) << "one byte per poke reached pair 3";

    LiveSweepPoint p = run_live_sweep_point("epoll-et", 50, 1, 20, 2, 1, true);
    ASSERT_TRUE(p.supported) << p.note;
    EXPECT_EQ(p.writer, "writer-process");
    EXPECT_GE(p.cpu, 0);
    EXPECT_EQ(p.writer_cpu, p.cpu);
    LiveSweepPoint same = run_live_sweep_point("epoll-et", 50, 1, 20, 2, 1);
    EXPECT_EQ(same.writer, "same-process");
    EXPECT_EQ(same.writer_cpu, -1);
}

TEST(LiveSweepRounds, RepetitionsAreInterleavedAcrossCells) {
    // Two N (reopened per round) and two cells at one N (sharing the round's pairs, and — poll and
    // select — one loop): repetition r of every cell starts before repetition r + 1 of any, in
    // the order the cells were given.
    const int before = count_open_fds();
    const std::vector<LiveCellSpec> specs = {{"poll", 20, 1}, {"select", 20, 2}, {"epoll-lt", 40, 1}, {"poll", 5, 10}};
    std::vector<LiveSweepPoint> r = run_live_sweep_rounds(specs, 10, 3, 5);
    ASSERT_EQ(r.size(), specs.size());
    for (size_t i = 0; i < 3; ++i) {
        ASSERT_TRUE(r[i].supported) << r[i].mechanism << ": " << r[i].note;
        EXPECT_EQ(r[i].mechanism, specs[i].mechanism);
        EXPECT_EQ(r[i].fds, specs[i].fds);
        EXPECT_EQ(r[i].active, specs[i].active);
        EXPECT_TRUE(r[i].reported_ok);
        EXPECT_EQ(r[i].repetitions, 3);
        ASSERT_EQ(r[i].rep_start_ns.size(), 3u);
        EXPECT_EQ(r[i].iterations + r[i].preempted_dropped, 30) << "every timed call kept or counted";
    }
    EXPECT_FALSE(r[3].supported) << "more active than watched fds is refused, the other cells still run";
    for (int rep = 0; rep < 3; ++rep) {
        EXPECT_EQ(r[0].rep_start_ns[size_t(rep)], r[1].rep_start_ns[size_t(rep)]) << "poll and select at one N alternate in one loop";
        EXPECT_LT(r[1].rep_start_ns[size_t(rep)], r[2].rep_start_ns[size_t(rep)]);
        if (rep + 1 < 3) EXPECT_LT(r[2].rep_start_ns[size_t(rep)], r[0].rep_start_ns[size_t(rep + 1)]) << "round " << rep << " ends before the next";
    }
    EXPECT_EQ(count_open_fds(), before) << "every round's pairs are closed";
}

TEST(LiveSweepRounds, CellsDifferingOnlyInKAlternateCallByCall) {
    // One mechanism at one N with K = 1 and K = 8: measured in the same loop (one start per
    // round), and each call still reports exactly its own K — the other cell's ready fds were
    // drained before its writes (level-triggered: an undrained fd would be reported again).
    std::vector<LiveSweepPoint> r = run_live_sweep_rounds({{"epoll-lt", 30, 1}, {"epoll-lt", 30, 8}, {"poll", 30, 8}}, 15, 2, 9);
    ASSERT_EQ(r.size(), 3u);
    for (const auto& p : r) {
        ASSERT_TRUE(p.supported) << p.note;
        EXPECT_TRUE(p.reported_ok) << p.mechanism << " K=" << p.active;
        EXPECT_NEAR(p.ready_per_call, double(p.active), 1e-9);
        ASSERT_EQ(p.rep_start_ns.size(), 2u);
    }
    EXPECT_EQ(r[0].rep_start_ns, r[1].rep_start_ns) << "K = 1 and K = 8 share their rounds' loops";
    EXPECT_LT(r[1].rep_start_ns[0], r[2].rep_start_ns[0]) << "another mechanism runs after, in its own loop";
}

TEST(LiveSweepRounds, EpollLtK1NextToALargeKMeasuresItsOwnReadyList) {
    // Level-triggered: ep_send_events puts every reported item back on the ready list, and the
    // next epoll_wait re-polls (and drops) them. Were a K = 1 call to follow a K = 200 call, it
    // would walk the stale items before its own; the settling call of its own cell (maxevents
    // large enough for every item: ep_send_events splices what it did not reach back onto the
    // list) leaves it one. N = 200, so K = 200 makes every item stale. Medians (a walk ends early
    // when the chosen fd happens to be near the front, so the fastest call says little), with a
    // wide margin: ~1 us alone here, ~10 us with a settling call of maxevents = 1, ~20 us without.
    LiveSweepPoint alone = run_live_sweep_point("epoll-lt", 200, 1, 30, 2, 3);
    std::vector<LiveSweepPoint> r = run_live_sweep_rounds({{"epoll-lt", 200, 1}, {"epoll-lt", 200, 200}}, 30, 2, 3);
    ASSERT_TRUE(alone.supported && r[0].supported && r[1].supported);
    EXPECT_LT(double(r[0].median_ns), 4.0 * double(alone.median_ns))
        << "K=1 beside K=200: median " << r[0].median_ns << " ns, alone " << alone.median_ns << " ns (K=200: " << r[1].median_ns << " ns)";
    EXPECT_GT(r[1].min_ns, 3 * r[0].min_ns) << "K=200 harvests 200 items per call";
}
