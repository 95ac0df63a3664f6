// test_sweep_writer.cpp — the simulated sweep's writer modes (sim/programs/sweep_bench.h), which
// mirror the live sweep's: `self` writes from the measuring task; `other-task` forks a writer
// process that writes on command while the measuring task, pinned to its CPU, blocks on the
// acknowledgement (on one CPU, where live's writer ran); `other-cpu` puts that writer on a second
// CPU. Its ep_poll_callback then runs there and the lines it writes (epitem, the eventpoll's ready
// list) are in that core's cache when epoll_wait reads them: the extra cost per call must come
// from cache misses charged on epoll_wait's own steps.
#include "sim_test_util.h"
#include "sim/programs/sweep_bench.h"

#include <algorithm>
#include <map>
#include <set>

using namespace ioscope;

namespace {

struct TimedCalls {
    uint32_t tid { 0 };                    // the measuring task
    std::set<uint8_t> cpus;                // where its epoll_waits ran
    std::vector<int64_t> ns, miss_ns;      // per call: duration, miss part of its kernel steps
    std::map<std::string, int64_t> miss_by_step;   // over all calls
    std::set<uint8_t> callback_cpus;       // where ep_poll_callback ran (after the first call)
};

// The epoll_wait calls in a recorded sweep: their durations and the misses charged on the
// KernelStep records inside them (record b; cache.cpp step_touch).
TimedCalls timed_calls(const Trace& tr) {
    TimedCalls out;
    const uint32_t ew = [&] { for (const Record& r : tr.records) if (r.kind == Kind::SyscallEnter && tr.str(r.name) == "epoll_wait") return r.task; return 0u; }();
    out.tid = ew;
    int64_t t0 = -1, miss = 0;
    bool seen_call = false;
    for (const Record& r : tr.records) {
        if (r.task == ew && r.kind == Kind::SyscallEnter && tr.str(r.name) == "epoll_wait") {
            t0 = r.t;
            miss = 0;
            out.cpus.insert(r.cpu);
        } else if (r.task == ew && r.kind == Kind::SyscallExit && tr.str(r.name) == "epoll_wait" && t0 >= 0) {
            out.ns.push_back(r.t - t0);
            out.miss_ns.push_back(miss);
            t0 = -1;
            seen_call = true;
        } else if (r.kind == Kind::KernelStep && t0 >= 0 && r.task == ew) {
            miss += r.b;
            out.miss_by_step[std::string(tr.str(r.name))] += r.b;
        } else if (r.kind == Kind::KernelStep && seen_call && tr.str(r.name) == "ep_poll_callback") {
            out.callback_cpus.insert(r.cpu);
        }
    }
    return out;
}

int64_t median(std::vector<int64_t> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

TEST(SweepWriter, NamesRoundTripAndAcceptLiveSpellings) {
    SweepWriter w {};
    EXPECT_TRUE(parse_sweep_writer("other-task", &w));
    EXPECT_EQ(w, SweepWriter::OtherTask);
    EXPECT_TRUE(parse_sweep_writer("writer-process", &w));        // live's JSON "writer"
    EXPECT_EQ(w, SweepWriter::OtherTask);
    EXPECT_TRUE(parse_sweep_writer("same-process", &w));
    EXPECT_EQ(w, SweepWriter::Self);
    EXPECT_STREQ(sweep_writer_name(SweepWriter::OtherTask), "other-task");
    EXPECT_TRUE(parse_sweep_writer("other-cpu", &w));
    EXPECT_EQ(w, SweepWriter::OtherCpu);
    EXPECT_STREQ(sweep_writer_name(w), "other-cpu");
    EXPECT_FALSE(parse_sweep_writer("nobody", &w));
}

// Every mode runs the same timed call with the same steps; every call reports K.
TEST(SweepWriter, EveryModeRunsTheSameTimedCall) {
    for (const char* m : {"select", "poll", "epoll-lt", "epoll-et"}) {
        SweepPoint a = run_sweep_point(m, 100, 10, 8, 1);
        for (SweepWriter w : {SweepWriter::OtherTask, SweepWriter::OtherCpu}) {
            SweepPoint b = run_sweep_point(m, 100, 10, 8, 1, CostModel {}, w);
            SCOPED_TRACE(std::string(m) + " " + sweep_writer_name(w));
            ASSERT_TRUE(b.supported) << b.note;
            EXPECT_TRUE(b.reported_ok);
            EXPECT_EQ(b.iterations, 8);
            EXPECT_EQ(b.cpus, w == SweepWriter::OtherCpu ? 2 : 1);
            EXPECT_EQ(a.fds_scanned, b.fds_scanned);
            EXPECT_EQ(a.wait_queue_adds, b.wait_queue_adds);
            EXPECT_EQ(a.bytes_copied, b.bytes_copied);
        }
    }
}

// other-task (live's writer-process placement): the writer's callbacks run on the measuring CPU,
// so the ready list's line is still in this core's cache when epoll_wait reads it.
TEST(SweepWriter, WriterOnTheSameCpuLeavesTheReadyListHot) {
    Trace tr;
    SweepPoint p = run_sweep_point("epoll-et", 1000, 1, 20, 1, CostModel {}, SweepWriter::OtherTask, &tr);
    ASSERT_TRUE(p.reported_ok) << p.note;
    TimedCalls o = timed_calls(tr);
    ASSERT_EQ(o.ns.size(), 21u);
    EXPECT_EQ(o.cpus, o.callback_cpus);
    EXPECT_EQ(o.miss_by_step["ep_poll"], 0);
}

// K = 1: with the writer on the other CPU, epoll_wait costs more per call, and the whole extra is
// cache misses charged on its kernel steps (ep_poll reading the ready list, ep_item_poll reading
// the epitem): the cost without the misses is the same in both modes.
TEST(SweepWriter, WriterOnTheOtherCpuAddsCrossCoreMissesToEpollWait) {
    for (const char* m : {"epoll-et", "epoll-lt"}) {
        for (int n : {100, 1000}) {
            SCOPED_TRACE(std::string(m) + " N=" + std::to_string(n));
            Trace ts, to;
            SweepPoint self = run_sweep_point(m, n, 1, 20, 1, CostModel {}, SweepWriter::Self, &ts);
            SweepPoint other = run_sweep_point(m, n, 1, 20, 1, CostModel {}, SweepWriter::OtherCpu, &to);
            ASSERT_TRUE(self.reported_ok && other.reported_ok) << other.note;
            EXPECT_GT(other.median_ns, self.median_ns);
            TimedCalls s = timed_calls(ts), o = timed_calls(to);
            ASSERT_EQ(o.ns.size(), 21u);                               // warm-up + 20
            EXPECT_EQ(o.cpus.size(), 1u);                              // pinned, as live
            ASSERT_FALSE(o.callback_cpus.empty());
            EXPECT_EQ(o.callback_cpus.count(*o.cpus.begin()), 0u);     // the callbacks ran on the other CPU
            std::vector<int64_t> s_rest, o_rest;
            for (size_t i = 1; i < s.ns.size(); ++i) s_rest.push_back(s.ns[i] - s.miss_ns[i]);
            for (size_t i = 1; i < o.ns.size(); ++i) o_rest.push_back(o.ns[i] - o.miss_ns[i]);
            EXPECT_EQ(median(o_rest), median(s_rest));                 // same steps, same constants
            const CostModel c;
            // Every call now misses the ready list's and the epitem's lines in L2 (at least).
            const int64_t cross = (c.eventpoll_lines + c.epitem_lines) * c.cache_l2_miss_ns;
            EXPECT_GE(median(std::vector<int64_t>(o.miss_ns.begin() + 1, o.miss_ns.end())),
                      median(std::vector<int64_t>(s.miss_ns.begin() + 1, s.miss_ns.end())) + cross - 1);
            EXPECT_GT(o.miss_by_step["ep_poll"], 0);
            EXPECT_EQ(s.miss_by_step["ep_poll"], 0);
            EXPECT_GT(o.miss_by_step["ep_item_poll"], s.miss_by_step["ep_item_poll"]);
        }
    }
}

// A cross-CPU touch is a full L2 miss whatever the reuse distance; with miss costs at zero both
// modes cost the same.
TEST(SweepWriter, WithoutMissCostsTheModesCostTheSame) {
    CostModel off;
    off.cache_l2_miss_ns = 0;
    off.cache_llc_miss_ns = 0;
    SweepPoint a = run_sweep_point("epoll-et", 500, 1, 10, 1, off), b = run_sweep_point("epoll-et", 500, 1, 10, 1, off, SweepWriter::OtherCpu);
    EXPECT_EQ(a.median_ns, b.median_ns);
}

TEST(SweepWriter, SameSeedSameTrace) {
    for (SweepWriter w : {SweepWriter::OtherTask, SweepWriter::OtherCpu}) {
        Trace a, b;
        run_sweep_point("epoll-lt", 300, 3, 6, 42, CostModel {}, w, &a);
        run_sweep_point("epoll-lt", 300, 3, 6, 42, CostModel {}, w, &b);
        ASSERT_GT(a.records.size(), 1000u);
        ASSERT_EQ(a.records.size(), b.records.size());
        EXPECT_TRUE(std::equal(a.records.begin(), a.records.end(), b.records.begin()));
    }
}
