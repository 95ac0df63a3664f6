// Kernel behaviours a student should be able to see: clock-tick preemption, wakeups that are
// not tick-driven, non-blocking EAGAIN without sleeping, wake-one accept, threads skipping the
// mm switch, loopback connections, and crashes recorded rather than swallowed.
#include "sim_test_util.h"
#include "sim/kernel/kernel.h"
#include "sim/programs/workload.h"

#include <cerrno>

using namespace ioscope;
using namespace ioscope::testing;
using namespace ioscope::literals;

static KCo<void> spin(Sys& sys, SimTime total) {
    co_await sys.compute(total, "spin");
}

TEST(Scheduler, ClockTickPreemptsCpuHogsAtSliceEnd) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    Task& a = k.spawn("hog-a", 0_ns, [](Sys& s) { return spin(s, 20_ms); });
    Task& b = k.spawn("hog-b", 0_ns, [](Sys& s) { return spin(s, 20_ms); });
    k.run(100_ms);
    int64_t period = 1000000000 / 250;
    size_t involuntary = 0;
    for (size_t i = 0; i < tr.size(); ++i) {
        const Record& r = tr.records[i];
        if (r.kind != Kind::ContextSwitch || r.c != 1) continue;
        ++involuntary;
        // The switch happens right after a timer interrupt (on its return), never mid-slice.
        size_t tick = SIZE_MAX;
        for (size_t j = i; j-- > 0;) if (tr.records[j].kind == Kind::ClockTick) { tick = j; break; }
        ASSERT_NE(tick, SIZE_MAX);
        EXPECT_EQ(tr.records[tick].t % period, 0);
        EXPECT_LT(r.t - tr.records[tick].t, 10000) << "switch long after the tick";
    }
    EXPECT_GE(involuntary, 5u);
    EXPECT_EQ(a.user_ns, 20000000);             // preemption loses no work
    EXPECT_EQ(b.user_ns, 20000000);
    EXPECT_GT(a.nivcsw + b.nivcsw, 4u);
    EXPECT_TRUE(a.exited && b.exited);
}

TEST(Scheduler, IoWakeupsAreNotTickDriven) {
    RunResult r = run_scenario(bundled("basics-states-and-tick"), {});
    const Trace& t = *r.trace;
    int64_t period = 1000000000 / 250;
    size_t wakeups = 0;
    for (const Record& rec : t.records) {
        if (rec.kind != Kind::Wakeup) continue;
        ++wakeups;
        EXPECT_NE(rec.t % period, 0) << "a wakeup coincided with a tick";
    }
    EXPECT_GE(wakeups, 5u);
    // The woken reader preempts the running hog (check_preempt_wakeup), it does not wait for
    // the hog's slice to end.
    EXPECT_GE(count(t, Kind::NeedResched, "check_preempt_wakeup"), 3u);
}

TEST(Scheduler, TaskGoesThroughTheFiveTextbookStates) {
    RunResult r = run_scenario(bundled("basics-states-and-tick"), {});
    const Trace& t = *r.trace;
    std::set<int64_t> seen;
    for (const Record& rec : t.records) if (rec.kind == Kind::StateChange) seen.insert(rec.a);
    for (TaskState s : {TaskState::New, TaskState::Ready, TaskState::Running, TaskState::Waiting, TaskState::Terminated})
        EXPECT_TRUE(seen.count(int64_t(s))) << task_state_name(s);
}

// A non-blocking recv on an empty socket returns -EAGAIN at once: no wait-queue entry, no sleep.
static KCo<void> nonblocking_reader(Sys& sys, std::vector<int64_t>* results) {
    int64_t l = co_await sys.socket();
    co_await sys.bind(int(l), 7100);
    co_await sys.listen(int(l), 8);
    int64_t c = co_await sys.accept(int(l));
    co_await sys.set_nonblock(int(c), true);
    for (int i = 0; i < 3; ++i) results->push_back(co_await sys.recv(int(c), 4096));
}

TEST(Sockets, NonBlockingRecvReturnsEagainWithoutSleeping) {
    Scenario sc;
    sc.clients.present = true;
    sc.clients.count = 1;
    sc.clients.port = 7100;
    sc.clients.requests = 0;          // connect only
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    std::vector<int64_t> results;
    Task& t = k.spawn("reader", 0_ns, [&](Sys& s) { return nonblocking_reader(s, &results); });
    auto w = start_workload(k, sc.clients);
    k.run(50_ms);
    ASSERT_EQ(results.size(), 3u);
    for (int64_t v : results) EXPECT_EQ(v, -EAGAIN);
    // After accept returned, the task never waited again and added no wait-queue entry.
    size_t accept_exit = find(tr, Kind::SyscallExit, 0, "accept4", t.tid);
    ASSERT_NE(accept_exit, SIZE_MAX);
    for (size_t i = accept_exit; i < tr.size(); ++i) {
        const Record& r = tr.records[i];
        if (r.task != t.tid) continue;
        EXPECT_FALSE(r.kind == Kind::WqAdd);
        EXPECT_FALSE(r.kind == Kind::StateChange && r.a == int64_t(TaskState::Waiting));
    }
}

// Two threads block in accept() on one listening socket; one connection arrives. The accept
// wait is exclusive (prepare_to_wait_exclusive), so exactly one thread is woken.
static KCo<void> listener_then_idle(Sys& sys, int* lfd) {
    int64_t l = co_await sys.socket();
    co_await sys.bind(int(l), 7200);
    co_await sys.listen(int(l), 8);
    *lfd = int(l);
}
static KCo<void> acceptor(Sys& sys, int* lfd) {
    co_await sys.accept(*lfd);
}

TEST(Sockets, BlockingAcceptWakesOneWaiter) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    int lfd = -1;
    Task& main = k.spawn("main", 0_ns, [&](Sys& s) { return listener_then_idle(s, &lfd); });
    Task& t1 = k.spawn("acceptor-1", 200_us, [&](Sys& s) { return acceptor(s, &lfd); }, &main, true);
    Task& t2 = k.spawn("acceptor-2", 200_us, [&](Sys& s) { return acceptor(s, &lfd); }, &main, true);
    ClientSpec cs;
    cs.present = true;
    cs.count = 1;
    cs.port = 7200;
    cs.requests = 0;
    cs.start = 1_ms;
    auto w = start_workload(k, cs);
    k.run(20_ms);
    size_t woken = 0;
    for (const Record& r : tr.records) if (r.kind == Kind::Wakeup && (r.task == t1.tid || r.task == t2.tid)) ++woken;
    EXPECT_EQ(woken, 1u);
    EXPECT_NE(t1.exited, t2.exited) << "exactly one acceptor got the connection";
    EXPECT_GE(count(tr, Kind::WqAdd, "autoremove_wake_function"), 2u);
}

// Switching between threads of one process skips switch_mm (same address space).
TEST(Scheduler, ThreadSwitchSkipsSwitchMm) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    Task& p = k.spawn("proc", 0_ns, [](Sys& s) { return spin(s, 10_ms); });
    k.spawn("thread", 0_ns, [](Sys& s) { return spin(s, 10_ms); }, &p, true);
    k.run(50_ms);
    size_t switches = 0, with_mm = 0;
    for (const Record& r : tr.records) {
        if (r.kind == Kind::ContextSwitch && r.task && r.obj2) { ++switches; with_mm += r.b ? 1 : 0; }
    }
    EXPECT_GE(switches, 2u);
    EXPECT_EQ(with_mm, 0u);
}

TEST(Sockets, LocalClientsTalkOverLoopback) {
    Scenario sc = bundled("blocking-echo");
    sc.clients.placement = Placement::Local;
    RunResult r = run_scenario(sc, {});
    auto m = summary(r)["metrics"];
    // Thinking clients sleep in nanosleep and are woken by hrtimer_wakeup, never by the tick.
    EXPECT_EQ(m["syscalls"]["nanosleep"].get<uint64_t>(), uint64_t(sc.clients.count) * (sc.clients.requests - 1));
    EXPECT_GE(count(*r.trace, Kind::KernelStep, "hrtimer_wakeup"), 1u);
    EXPECT_EQ(m["requests_completed"].get<uint64_t>(), uint64_t(sc.clients.count) * sc.clients.requests);
    EXPECT_EQ(m["syscalls"]["connect"].get<uint64_t>(), sc.clients.count);
    EXPECT_EQ(m["packets_rx"].get<uint64_t>(), 0u) << "loopback never touches the NIC";
}

static KCo<void> crasher(Sys& sys) {
    co_await sys.compute(10_us, "work");
    throw std::runtime_error("null pointer dereference in the handler");
}

TEST(Programs, AThrowingProgramIsRecordedAsACrash) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    Task& t = k.spawn("buggy", 0_ns, [](Sys& s) { return crasher(s); });
    k.run(10_ms);
    EXPECT_TRUE(k.any_crash());
    size_t crash = find(tr, Kind::TaskCrash, 0, "null pointer dereference in the handler", t.tid);
    ASSERT_NE(crash, SIZE_MAX);
    size_t exit = find(tr, Kind::TaskExit, crash, nullptr, t.tid);
    ASSERT_NE(exit, SIZE_MAX);
    EXPECT_EQ(tr.records[exit].a, 139);
    EXPECT_TRUE(t.exited);
}

// SO_RCVTIMEO: a blocking recv with a timeout returns -EAGAIN when no data comes. The timeout is
// a timer_list timer: it fires from the TIMER softirq on a clock tick (jiffy granularity), and
// process_timeout wakes the task — unlike select/poll/nanosleep, which use hrtimers.
static KCo<void> timed_reader(Sys& sys, int64_t* ret, int64_t* waited, int reads = 1) {
    int64_t l = co_await sys.socket();
    co_await sys.bind(int(l), 7300);
    co_await sys.listen(int(l), 8);
    int64_t c = co_await sys.accept(int(l));
    co_await sys.set_rcvtimeo(int(c), 10_ms);
    for (int i = 0; i < reads; ++i) {
        int64_t t0 = sys.now().ns;
        *ret = co_await sys.recv(int(c), 4096);
        *waited = sys.now().ns - t0;
    }
}

TEST(Sockets, RecvTimeoutExpiresOnATickViaTheTimerWheel) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    int64_t ret = 0, waited = 0;
    k.spawn("reader", 0_ns, [&](Sys& s) { return timed_reader(s, &ret, &waited); });
    ClientSpec cs;
    cs.present = true;
    cs.port = 7300;
    cs.requests = 0;                   // connects, then stays silent
    auto w = start_workload(k, cs);
    k.run(100_ms);
    EXPECT_EQ(ret, -EAGAIN);
    EXPECT_GE(waited, 10000000);
    EXPECT_LT(waited, 10000000 + 2 * 4000000) << "rounded up to jiffies, fired at a tick";
    size_t fire = find(tr, Kind::TimerFire);
    ASSERT_NE(fire, SIZE_MAX);
    EXPECT_EQ(tr.records[fire].t / 1000000 % 4, 0) << "timer_list timers fire from the tick";
    EXPECT_GE(count(tr, Kind::KernelStep, "process_timeout"), 1u);
    EXPECT_GE(count(tr, Kind::SoftirqEnter, "TIMER"), 1u);
}

TEST(Sockets, RecvTimeoutIsCancelledWhenDataArrives) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    int64_t ret = 0, waited = 0;
    k.spawn("reader", 0_ns, [&](Sys& s) { return timed_reader(s, &ret, &waited, 2); });
    ClientSpec cs;
    cs.present = true;
    cs.port = 7300;
    cs.requests = 2;                   // the second arrives 1 ms after the first
    cs.think = 1_ms;
    cs.response_bytes = 0;
    cs.request_bytes = 100;
    auto w = start_workload(k, cs);
    k.run(100_ms);
    EXPECT_EQ(ret, 100);
    EXPECT_LT(waited, 1200000);
    EXPECT_GE(waited, 900000);
    EXPECT_EQ(count(tr, Kind::TimerArm, "timer_list"), 1u);
    EXPECT_EQ(count(tr, Kind::TimerCancel), 1u) << "woken by data first: del_timer_sync";
    EXPECT_EQ(count(tr, Kind::TimerFire), 0u);
}
