// Slice extraction: records -> per-lane interval lists.
#include "gui/timeline_math.h"
#include "gui/timeline_model.h"
#include "inspect_test_util.h"
#include "synthetic_trace.h"

#include <gtest/gtest.h>

using namespace ioscope;
using namespace ioscope::gui;

TEST(TimelineModel, CpuLaneShowsWhoRuns) {
    Trace tr = gui_test::make_small_trace();
    TimelineModel m = TimelineModel::build(tr);
    ASSERT_EQ(m.cpus.size(), 1u);
    const auto& run = m.cpus[0].run;
    ASSERT_EQ(run.size(), 4u);
    EXPECT_EQ(run[0].value, 100u); EXPECT_EQ(run[0].t0, 1000); EXPECT_EQ(run[0].t1, 3000);
    EXPECT_EQ(run[1].value, 200u); EXPECT_EQ(run[1].t0, 3000); EXPECT_EQ(run[1].t1, 6000);
    EXPECT_EQ(run[2].value, 100u); EXPECT_EQ(run[2].t1, 9000);
    EXPECT_EQ(run[3].value, 200u); EXPECT_EQ(run[3].t1, 10000);   // open until the end
    EXPECT_EQ(run[3].rec_end, UINT32_MAX);
    // Mode strip includes the IRQ.
    bool saw_irq = false;
    for (const Span& s : m.cpus[0].mode) if (CpuMode(s.value) == CpuMode::Irq) { saw_irq = true; EXPECT_EQ(s.t0, 5000); EXPECT_EQ(s.t1, 5200); }
    EXPECT_TRUE(saw_irq);
    ASSERT_EQ(m.cpus[0].marks.size(), 2u);
    EXPECT_EQ(m.cpus[0].marks[0].value, Instant::Tick);
    EXPECT_EQ(m.cpus[0].marks[1].value, Instant::Irq);
}

TEST(TimelineModel, TaskLaneHasStatesAndSyscalls) {
    Trace tr = gui_test::make_small_trace();
    TimelineModel m = TimelineModel::build(tr);
    const TaskLaneData* s = m.task(100);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(tr.str(s->comm), "server");
    // New [0,1000), Ready at 1000 has no duration (dropped), Running, Waiting, Ready, Running, Terminated.
    std::vector<TaskState> want { TaskState::New, TaskState::Running, TaskState::Waiting, TaskState::Ready,
                                  TaskState::Running, TaskState::Terminated };
    ASSERT_EQ(s->state.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(TaskState(s->state[i].value), want[i]) << i;
    EXPECT_EQ(tr.str(s->state[2].label), "Reading");
    EXPECT_EQ(s->state[2].t0, 3000); EXPECT_EQ(s->state[2].t1, 5100);
    ASSERT_EQ(s->syscalls.size(), 1u);
    EXPECT_EQ(tr.str(s->syscalls[0].label), "recv");
    EXPECT_EQ(s->syscalls[0].t0, 2000); EXPECT_EQ(s->syscalls[0].t1, 7000);
    EXPECT_EQ(tr.records[s->syscalls[0].rec_end].kind, Kind::SyscallExit);
    ASSERT_EQ(s->steps.size(), 1u);
    EXPECT_EQ(s->steps[0].t1 - s->steps[0].t0, 500);
    // Lists are sorted and non-overlapping (what fold_spans needs).
    for (const auto& t : m.tasks)
        for (size_t i = 1; i < t.state.size(); ++i) EXPECT_LE(t.state[i - 1].t1, t.state[i].t0);
}

TEST(TimelineModel, WakeupFlowEndsWhenTheWakeeRuns) {
    Trace tr = gui_test::make_small_trace();
    TimelineModel m = TimelineModel::build(tr);
    ASSERT_EQ(m.flows.size(), 1u);
    EXPECT_EQ(m.flows[0].from_task, 0u);      // interrupt context
    EXPECT_EQ(m.flows[0].to_task, 100u);
    EXPECT_EQ(m.flows[0].t0, 5100);
    EXPECT_EQ(m.flows[0].t1, 6000);
    EXPECT_EQ(m.max_flow_ns, 900);
}

TEST(TimelineModel, FindSpanAt) {
    Trace tr = gui_test::make_small_trace();
    TimelineModel m = TimelineModel::build(tr);
    EXPECT_EQ(find_span_at(m.cpus[0].run, 500), -1);
    EXPECT_EQ(find_span_at(m.cpus[0].run, 1000), 0);
    EXPECT_EQ(find_span_at(m.cpus[0].run, 5999), 1);
    EXPECT_EQ(find_span_at(m.cpus[0].run, 6000), 2);
}

TEST(TimelineModel, EmptyTraceIsFine) {
    Trace tr;
    TimelineModel m = TimelineModel::build(tr);
    EXPECT_EQ(m.cpus.size(), 1u);
    EXPECT_TRUE(m.tasks.empty());
    EXPECT_GT(m.t_end, m.t_begin);
}

TEST(TimelineModel, ManySwitchesFoldToFewItems) {
    Trace tr = gui_test::make_round_robin_trace(3, 100000, 100);
    TimelineModel m = TimelineModel::build(tr);
    EXPECT_EQ(m.cpus[0].run.size(), 100000u);
    std::vector<DrawSpan> out;
    // Whole trace across 1000 px, 3 px minimum: at most a few hundred items.
    const int64_t span = m.t_end - m.t_begin;
    fold_spans(m.cpus[0].run, m.t_begin, m.t_end, span * 3 / 1000, out);
    EXPECT_LE(out.size(), 400u);
    EXPECT_GE(out.size(), 1u);
}

namespace {
Record task_rec(int64_t t, Kind k, uint32_t tid, int64_t a = 0) {
    Record r;
    r.t = t; r.kind = k; r.task = tid; r.cpu = kNoCpu; r.a = a;
    return r;
}
} // namespace

// A master that forks and exits early (prefork servers) must not take the first task lane: the
// lanes that do the work come first. A process that lives on keeps (pid, tid) order.
TEST(TimelineModel, ProcessesThatExitedEarlyGoLast) {
    Trace tr;
    tr.meta.cpus = 1;
    tr.meta.end_ns = 10000;
    for (uint32_t tid : { 100u, 101u, 102u, 103u }) {
        Record r = task_rec(0, Kind::TaskNew, tid, tid);
        r.name = tr.intern(tid == 100 ? "master" : "worker");
        tr.push(r);
    }
    for (uint32_t tid : { 100u, 101u, 102u, 103u }) tr.push(task_rec(10, Kind::StateChange, tid, int64_t(TaskState::Running)));
    tr.push(task_rec(500, Kind::TaskExit, 100));          // the master: gone at 5 % of the trace
    tr.push(task_rec(9000, Kind::TaskExit, 103));         // a worker that exits late keeps its place
    TimelineModel m = TimelineModel::build(tr);
    ASSERT_EQ(m.tasks.size(), 4u);
    EXPECT_EQ(m.tasks[0].tid, 101u);
    EXPECT_EQ(m.tasks[1].tid, 102u);
    EXPECT_EQ(m.tasks[2].tid, 103u);
    EXPECT_EQ(m.tasks[3].tid, 100u);
    for (uint32_t k = 0; k < m.tasks.size(); ++k) EXPECT_EQ(m.task_index.at(m.tasks[k].tid), k);
}

// thundering-herd: the four epoll workers, the point of the scenario, get the first task lanes;
// the master that only forked them comes after.
TEST(TimelineModel, ThunderingHerdWorkersComeBeforeTheMaster) {
    auto tr = ioscope::gui::testing::run_bundled("thundering-herd");
    ASSERT_TRUE(tr);
    TimelineModel m = TimelineModel::build(*tr);
    ASSERT_EQ(m.tasks.size(), 5u);
    const uint32_t master = m.tasks.back().tid;
    for (size_t k = 0; k + 1 < m.tasks.size(); ++k) {
        EXPECT_NE(m.tasks[k].tid, master) << k;
        EXPECT_FALSE(m.tasks[k].syscalls.empty()) << k;                  // workers that did work
        if (k > 0) { EXPECT_LT(m.tasks[k - 1].tid, m.tasks[k].tid); }   // in tid order among themselves
    }
    // Each worker's lane is named "server" (inherited at fork) until its prctl(PR_SET_NAME), then
    // "worker N"; the master keeps "server".
    for (size_t k = 0; k + 1 < m.tasks.size(); ++k) {
        const TaskLaneData& w = m.tasks[k];
        ASSERT_EQ(w.renames.size(), 1u) << k;
        const int64_t at = w.renames[0].first;
        EXPECT_EQ(tr->str(w.comm_at(at - 1)), "server") << k;
        EXPECT_EQ(tr->str(w.comm_at(at)), "worker " + std::to_string(k + 1)) << k;
        EXPECT_EQ(tr->str(w.comm_at(m.t_end)), "worker " + std::to_string(k + 1)) << k;
    }
    EXPECT_EQ(tr->str(m.tasks.back().comm_at(m.t_end)), "server");
    // The last lane is the master: the parent of every worker (TaskNew b = parent tid).
    for (const Record& r : tr->records) {
        if (r.kind == Kind::TaskNew && r.task != master) { EXPECT_EQ(uint32_t(r.b), master); }
    }
}
