// test_cache_model.cpp — the working-set model of the memory hierarchy (sim/kernel/cache.h): the
// steps a call executes never depend on the idle fds, what they cost does once the set no longer
// fits in the cache; the cost shows on the step that touches the lines; runs stay deterministic.
#include "sim_test_util.h"
#include "sim/kernel/cache.h"
#include "sim/programs/sweep_bench.h"
#include "sim/trace/jsonl.h"

#include <sstream>

using namespace ioscope;
using namespace ioscope::testing;

namespace {

CostModel no_misses() {
    CostModel m;
    m.cache_l2_miss_ns = 0;
    m.cache_llc_miss_ns = 0;
    return m;
}

double per_fd(const SweepPoint& p) { return double(p.median_ns) / p.fds; }

} // namespace

TEST(CacheModel, MissFractionIsZeroWhileTheSetFitsThenApproachesOne) {
    EXPECT_EQ(cache_miss_ps_per_line(1000, 4096, 10), 0);                 // fits
    EXPECT_EQ(cache_miss_ps_per_line(4096, 4096, 10), 0);
    EXPECT_EQ(cache_miss_ps_per_line(8192, 4096, 10), 5000);              // half the lines gone: 5 ns
    EXPECT_EQ(cache_miss_ps_per_line(40960, 4096, 10), 9000);             // 90 %
    EXPECT_EQ(cache_miss_ps_per_line(UINT64_MAX, 4096, 10), 10000);       // never touched: cold
    EXPECT_EQ(cache_miss_ps_per_line(40960, 4096, 0), 0);                 // model off
}

// The acceptance "epoll_wait's work does not depend on the number of idle fds", counted in steps:
// with miss costs at 0 the per-call cost is identical for 50 and 5,000 watched fds; with them,
// the whole difference is what the K ready items' lines can cost when every one is missed.
TEST(CacheModel, EpollWorkIsIndependentOfIdleFdsOnlyItsLinesGetColder) {
    const CostModel off = no_misses(), on;
    const int64_t per_item_max = (on.epitem_lines + on.sock_poll_lines) * (on.cache_l2_miss_ns + on.cache_llc_miss_ns);
    // (LT with K = N re-polls no stale item, with K < N it re-polls the previous call's K: that
    // depends on K and N, so LT is held to K = 1 here; ET to both.)
    for (const char* m : {"epoll-lt", "epoll-et"}) {
        for (int k : {1, 50}) {
            if (k > 1 && std::string(m) == "epoll-lt") continue;
            SweepPoint a = run_sweep_point(m, 50, k, 9, 1, off), b = run_sweep_point(m, 5000, k, 9, 1, off);
            EXPECT_EQ(a.median_ns, b.median_ns) << m << " K=" << k << ": same steps, same cost, when no line is ever missed";
            EXPECT_EQ(b.fds_scanned, 0.0) << m;
            SweepPoint c = run_sweep_point(m, 50, k, 9, 1, on), d = run_sweep_point(m, 5000, k, 9, 1, on);
            // LT re-polls the previous call's items too: at most 2K item polls per call.
            const int64_t polls = (std::string(m) == "epoll-lt" ? 2 : 1) * k;
            EXPECT_GE(d.median_ns, c.median_ns) << m << " K=" << k;
            EXPECT_LE(d.median_ns - c.median_ns, polls * per_item_max) << m << " K=" << k;
        }
    }
}

// K random ready sockets out of a large set were last touched ~N/K calls ago, with the I/O of
// ~N other sockets in between: cold (COSTS.md §2: 300-450 ns per event at N >= 1000 vs ~100).
TEST(CacheModel, RandomReadyItemsOutOfALargeSetAreColdPerEvent) {
    SweepPoint small = run_sweep_point("epoll-et", 100, 100, 20, 1), big = run_sweep_point("epoll-et", 10000, 100, 20, 1);
    SweepPoint small1 = run_sweep_point("epoll-et", 100, 1, 20, 1), big1 = run_sweep_point("epoll-et", 10000, 1, 20, 1);
    const double ev_small = double(small.median_ns - small1.median_ns) / 99, ev_big = double(big.median_ns - big1.median_ns) / 99;
    const CostModel d;
    EXPECT_NEAR(ev_small, double(d.ep_item_poll_ns + 2 * d.put_user_ns), 5.0) << "100 sockets stay cache-resident";
    EXPECT_GT(ev_big, 1.5 * ev_small) << "per event at N=10000: " << ev_big << " ns, at N=100: " << ev_small;
}

// poll touches every watched socket on every call: hot while N sockets' poll lines fit in L2,
// dearer per fd beyond; exactly linear when no line is missed.
TEST(CacheModel, PollPerFdCostRisesOnceTheSetLeavesTheCache) {
    const CostModel off = no_misses();
    SweepPoint a = run_sweep_point("poll", 500, 1, 5, 1, off), b = run_sweep_point("poll", 5000, 1, 5, 1, off);
    EXPECT_NEAR(per_fd(a), per_fd(b), 1.0) << "the steps per fd do not change with N";
    SweepPoint c = run_sweep_point("poll", 500, 1, 5, 1), d = run_sweep_point("poll", 5000, 1, 5, 1);
    EXPECT_EQ(c.median_ns, a.median_ns) << "500 sockets x 4 lines fit in the default 1 MiB L2";
    EXPECT_GT(per_fd(d), per_fd(b) + 3.0) << "5,000 sockets x 4 lines do not";
}

// The miss cost is charged on the step that touched the lines: the KernelStep record's b is that
// part of its duration, c the lines it read; and a run is byte-for-byte repeatable.
TEST(CacheModel, MissesShowOnTheTouchingStepAndRunsAreDeterministic) {
    LoadResult lr = load_scenario_ref("poll-server");
    ASSERT_TRUE(lr.ok());
    Scenario sc = *lr.scenario;
    RunResult r1 = run_scenario(sc, {}), r2 = run_scenario(sc, {});
    const Trace& t = *r1.trace;
    size_t vfs = 0, cold = 0;
    for (const Record& r : t.records) {
        if (r.kind != Kind::KernelStep || t.str(r.name) != "vfs_poll") continue;
        ++vfs;
        EXPECT_EQ(r.c, uint32_t(sc.machine.costs.sock_poll_lines));
        EXPECT_GE(r.a, r.b);
        cold += r.b > 0;
    }
    EXPECT_GT(vfs, 10u);
    EXPECT_GT(cold, 0u) << "a socket's first vfs_poll finds its lines cold";
    std::ostringstream a, b;
    write_jsonl(*r1.trace, a);
    write_jsonl(*r2.trace, b);
    EXPECT_EQ(a.str(), b.str());
}
