// test_state.cpp — State::apply semantics per kind, and the Reconstructor's keyframes + replay:
// any seek, and N steps forward then N back, must give exactly the State a plain replay gives.
#include "sim/trace/state.h"
#include "synthetic_trace.h"

#include <gtest/gtest.h>

#include <random>

using namespace ioscope;

namespace {

// Builds records one by one and applies them to a State, for the per-kind tests.
struct Apply {
    Trace tr;
    State st { 1 };
    Record& add(int64_t t, Kind k, uint8_t cpu = kNoCpu, uint32_t task = 0) {
        Record r;
        r.t = t;
        r.kind = k;
        r.cpu = cpu;
        r.task = task;
        tr.records.push_back(r);
        return tr.records.back();
    }
    void go() {
        while (st.position < tr.records.size()) st.apply(tr.records[st.position], tr.strings);
    }
};

State replay(const Trace& tr, size_t p) {
    State s(tr.meta.cpus);
    for (size_t i = 0; i < p; ++i) s.apply(tr.records[i], tr.strings);
    return s;
}

} // namespace

TEST(StateApply, TaskNewAndExit) {
    Apply x;
    Record& r = x.add(10, Kind::TaskNew, kNoCpu, 7);
    r.a = 5; r.b = 1; r.c = 1; r.name = x.tr.intern("worker");
    x.go();
    const TaskInfo& t = x.st.tasks.at(7);
    EXPECT_EQ(t.tid, 7u);
    EXPECT_EQ(t.pid, 5u);
    EXPECT_EQ(t.parent, 1u);
    EXPECT_TRUE(t.thread);
    EXPECT_EQ(x.tr.str(t.comm), "worker");
    EXPECT_EQ(t.state, TaskState::New);
    EXPECT_EQ(t.lstate, LinuxState::New);
    EXPECT_EQ(t.state_since, 10);
    x.add(20, Kind::TaskCrash, kNoCpu, 7).name = x.tr.intern("boom");
    x.add(30, Kind::TaskExit, kNoCpu, 7).a = 3;
    x.go();
    EXPECT_TRUE(x.st.tasks.at(7).crashed);
    EXPECT_EQ(x.tr.str(x.st.tasks.at(7).crash_msg), "boom");
    EXPECT_EQ(x.st.tasks.at(7).state, TaskState::Terminated);
    EXPECT_EQ(x.st.tasks.at(7).lstate, LinuxState::Zombie);
    EXPECT_EQ(x.st.tasks.at(7).exit_code, 3);
    EXPECT_EQ(x.st.now, 30);
    EXPECT_EQ(x.st.position, 3u);
}

// TaskRename (prctl PR_SET_NAME): the comm changes at the record, nothing else of the task does.
TEST(StateApply, TaskRenameChangesTheComm) {
    Apply x;
    x.add(10, Kind::TaskNew, kNoCpu, 7).name = x.tr.intern("server");
    x.go();
    const TaskInfo before = x.st.tasks.at(7);
    x.add(20, Kind::TaskRename, 0, 7).name = x.tr.intern("worker 1");
    x.go();
    const TaskInfo& after = x.st.tasks.at(7);
    EXPECT_EQ(x.tr.str(before.comm), "server");
    EXPECT_EQ(x.tr.str(after.comm), "worker 1");
    TaskInfo same = after;
    same.comm = before.comm;
    EXPECT_EQ(same, before);
    // A task the trace never announced (cut by --until, imported): created on first mention, as
    // for every kind, and known by the name it gave itself.
    x.add(30, Kind::TaskRename, 0, 99).name = x.tr.intern("ghost");
    x.go();
    ASSERT_EQ(x.st.tasks.count(99), 1u);
    EXPECT_EQ(x.tr.str(x.st.tasks.at(99).comm), "ghost");
}

TEST(StateApply, ModeAndContextSwitchAccounting) {
    Apply x;
    x.add(0, Kind::TaskNew, kNoCpu, 5).a = 5;
    Record& cs = x.add(100, Kind::ContextSwitch, 0, 5);   // idle -> 5, still in idle mode
    cs.obj2 = 0;
    Record& m1 = x.add(150, Kind::ModeSwitch, 0, 5);
    m1.a = int64_t(CpuMode::User);
    Record& m2 = x.add(400, Kind::ModeSwitch, 0, 5);
    m2.a = int64_t(CpuMode::Kernel);
    m2.b = int64_t(CpuMode::User);
    x.add(450, Kind::NeedResched, 0, 5);
    Record& out = x.add(500, Kind::ContextSwitch, 0, 0);   // 5 -> idle, voluntary
    out.obj2 = 5;
    out.name = x.tr.intern("echo.cpp:41 recv");
    x.go();
    const CpuInfo& c = x.st.cpus[0];
    const TaskInfo& t = x.st.tasks.at(5);
    EXPECT_EQ(c.busy_ns[size_t(CpuMode::Idle)], 150);
    EXPECT_EQ(c.busy_ns[size_t(CpuMode::User)], 250);
    EXPECT_EQ(c.busy_ns[size_t(CpuMode::Kernel)], 100);
    EXPECT_EQ(t.user_ns, 250);
    EXPECT_EQ(t.kernel_ns, 100);
    EXPECT_EQ(t.nvcsw, 1u);
    EXPECT_EQ(t.nivcsw, 0u);
    EXPECT_EQ(x.tr.str(t.saved_context), "echo.cpp:41 recv");
    EXPECT_EQ(c.curr, 0u);
    EXPECT_EQ(c.mode, CpuMode::Kernel);
    EXPECT_EQ(c.switches, 2u);
    EXPECT_EQ(x.st.context_switches, 2u);
    EXPECT_FALSE(c.need_resched);          // __schedule cleared it
    EXPECT_EQ(t.state, TaskState::New);    // ContextSwitch never invents a state change

    Record& pre = x.add(600, Kind::ContextSwitch, 0, 5);   // back to 5, then preempted
    pre.obj2 = 0;
    Record& inv = x.add(700, Kind::ContextSwitch, 0, 0);
    inv.obj2 = 5;
    inv.c = 1;
    x.go();
    EXPECT_EQ(x.st.tasks.at(5).nivcsw, 1u);
    EXPECT_EQ(x.st.tasks.at(5).kernel_ns, 200);
}

TEST(StateApply, RunQueueWaitQueueAndStateChange) {
    Apply x;
    x.add(1, Kind::RunqEnqueue, 0, 3).a = 1;
    x.add(2, Kind::RunqEnqueue, 0, 4).a = 2;
    x.add(3, Kind::RunqEnqueue, 0, 5).a = 3;
    x.add(4, Kind::RunqDequeue, 0, 4).a = 2;
    auto wq_add = [&](int64_t t, uint32_t task, uint32_t id, uint32_t tail) {
        Record& r = x.add(t, Kind::WqAdd, 0, task);
        r.obj = 40; r.a = id; r.b = WQ_FLAG_EXCLUSIVE; r.c = tail; r.obj2 = 9;
        r.name = x.tr.intern("autoremove_wake_function");
    };
    wq_add(5, 3, 1, 1);
    wq_add(6, 4, 2, 1);
    wq_add(7, 5, 3, 0);   // head
    Record& rm = x.add(8, Kind::WqRemove, 0, 4);
    rm.obj = 40; rm.a = 2;
    Record& sc = x.add(9, Kind::StateChange, kNoCpu, 3);
    sc.a = int64_t(TaskState::Waiting); sc.b = int64_t(LinuxState::Interruptible);
    sc.name = x.tr.intern("Accepting"); sc.obj = 40;
    x.go();
    EXPECT_EQ(x.st.cpus[0].runq, (std::vector<uint32_t> { 3, 5 }));
    const ObjectInfo& q = x.st.objects.at(40);
    EXPECT_EQ(q.type, ObjType::WaitQueue);   // created by the first WqAdd
    ASSERT_EQ(q.waiters.size(), 2u);
    EXPECT_EQ(q.waiters[0].id, 3u);
    EXPECT_EQ(q.waiters[1].id, 1u);
    EXPECT_EQ(q.waiters[1].task, 3u);
    EXPECT_EQ(q.waiters[1].flags, uint32_t(WQ_FLAG_EXCLUSIVE));
    EXPECT_EQ(q.waiters[1].owner, 9u);
    EXPECT_EQ(x.tr.str(q.waiters[1].func), "autoremove_wake_function");
    const TaskInfo& t = x.st.tasks.at(3);
    EXPECT_EQ(t.state, TaskState::Waiting);
    EXPECT_EQ(t.lstate, LinuxState::Interruptible);
    EXPECT_EQ(x.tr.str(t.wait_reason), "Accepting");
    EXPECT_EQ(t.wait_queue, 40u);
    EXPECT_EQ(t.state_since, 9);

    Record& back = x.add(20, Kind::StateChange, kNoCpu, 3);
    back.a = int64_t(TaskState::Ready); back.b = int64_t(LinuxState::Running); back.c = uint32_t(WaitEnd::Woken);
    x.add(20, Kind::Wakeup, 0, 3);
    x.go();
    EXPECT_EQ(x.st.tasks.at(3).last_wait_end, WaitEnd::Woken);
    EXPECT_EQ(x.st.tasks.at(3).wait_reason, 0u);
    EXPECT_EQ(x.st.tasks.at(3).wakeups, 1u);
    EXPECT_EQ(x.st.wakeups, 1u);
}

TEST(StateApply, SyscallsSocketsFds) {
    Apply x;
    Record& on = x.add(1, Kind::ObjectNew, kNoCpu, 2);
    on.obj = 12; on.a = int64_t(ObjType::Socket); on.name = x.tr.intern("conn");
    Record& fd = x.add(2, Kind::FdInstall, kNoCpu, 2);
    fd.a = 4; fd.obj = 12; fd.b = 2;
    Record& se = x.add(3, Kind::SyscallEnter, 0, 2);
    se.name = x.tr.intern("recvfrom"); se.a = 4; se.b = 4096; se.c = 64;
    x.go();
    EXPECT_EQ(x.tr.str(x.st.tasks.at(2).syscall), "recvfrom");
    EXPECT_EQ(x.st.tasks.at(2).syscall_args[1], 4096);
    EXPECT_EQ(x.st.tasks.at(2).syscall_args[2], 64);
    EXPECT_EQ(x.st.tasks.at(2).syscall_since, 3);
    EXPECT_EQ(x.st.fds.at(2).at(4), 12u);
    EXPECT_TRUE(x.st.sockets.count(12));
    Record& sb = x.add(4, Kind::SockBuf);
    sb.obj = 12; sb.obj2 = uint32_t(SockQueue::Receive); sb.a = 100; sb.b = 100;
    Record& ss = x.add(4, Kind::SockState);
    ss.obj = 12; ss.a = int64_t(TcpState::CloseWait); ss.b = 1;
    x.add(5, Kind::SyscallExit, 0, 2).a = -11;
    Record& fc = x.add(6, Kind::FdClose, kNoCpu, 2);
    fc.a = 4; fc.obj = 12; fc.b = 2;
    x.add(7, Kind::ObjectFree).obj = 12;
    x.go();
    EXPECT_EQ(x.st.tasks.at(2).syscall, 0u);
    EXPECT_EQ(x.st.tasks.at(2).last_ret, -11);
    EXPECT_EQ(x.st.tasks.at(2).syscalls, 1u);
    EXPECT_EQ(x.st.syscalls, 1u);
    EXPECT_FALSE(x.st.fds.count(2));
    EXPECT_FALSE(x.st.objects.at(12).alive);
    EXPECT_FALSE(x.st.sockets.count(12));
}

TEST(StateApply, EpollSelectPollSignals) {
    Apply x;
    auto ep = [&](Kind k, uint32_t item, int64_t a = 0, int64_t b = 0) -> Record& {
        Record& r = x.add(1, k);
        r.obj = 30; r.obj2 = item; r.a = a; r.b = b;
        return r;
    };
    ep(Kind::RbInsert, 501, 5, 1).c = 0;
    ep(Kind::RbInsert, 502, 6, 1).c = 501;
    ep(Kind::RbRecolor, 501, 0, 0);
    ep(Kind::RbRotate, 501);
    ep(Kind::RdlAdd, 501, 5, 1);
    ep(Kind::RdlAdd, 502, 6, 0);
    ep(Kind::OvfAdd, 501, 5);
    ep(Kind::OvfAdd, 502, 6);
    ep(Kind::RbErase, 502);
    ep(Kind::RdlRemove, 501, 5);
    Record& w = x.add(2, Kind::FdSetWord, 0, 9);
    w.obj = 1; w.c = 8; w.a = 2; w.b = -1;
    Record& p = x.add(2, Kind::PollfdWrite, 0, 9);
    p.obj = 60; p.a = 1; p.b = 0x123;
    x.add(3, Kind::SignalRaise, kNoCpu, 9).a = 29;
    x.add(3, Kind::SignalRaise, kNoCpu, 9).a = 10;
    x.add(4, Kind::SignalDeliver, kNoCpu, 9).a = 29;
    x.go();
    const EpollInfo& e = x.st.epolls.at(30);
    ASSERT_EQ(e.items.size(), 1u);
    EXPECT_EQ(e.items.at(501).fd, 5u);
    EXPECT_EQ(e.items.at(501).colour, 0);
    EXPECT_EQ(e.rotations, 1u);
    EXPECT_EQ(e.rdllist, (std::vector<uint32_t> { 502 }));
    EXPECT_EQ(e.ovflist, (std::vector<uint32_t> { 502, 501 }));   // a LIFO like the kernel's
    const auto& words = x.st.fdsets.at((uint64_t(9) << 8) | 8);
    ASSERT_EQ(words.size(), 3u);
    EXPECT_EQ(words[2], ~uint64_t(0));
    EXPECT_EQ(x.st.pollfds.at(60), (std::vector<uint64_t> { 0, 0x123 }));
    EXPECT_EQ(x.st.tasks.at(9).pending_signals, uint64_t(1) << 10);
}

TEST(StateApply, GarbageIsToleratedAndCpusGrow) {
    Apply x;
    x.add(1, Kind::ModeSwitch, 3, 0).a = int64_t(CpuMode::Kernel);
    EXPECT_NO_THROW(x.go());
    EXPECT_EQ(x.st.cpus.size(), 4u);
    EXPECT_EQ(x.st.cpus[3].mode, CpuMode::Kernel);
    x.add(2, Kind::ModeSwitch, 0, 0).a = 99;                   // bad mode: ignored
    x.add(2, Kind::StateChange, kNoCpu, 8).a = 1000;          // bad state: ignored
    Record& sb = x.add(2, Kind::SockBuf);
    sb.obj = 5; sb.obj2 = 17;                                  // bad queue: ignored
    x.add(3, Kind::FdSetWord, 0, 1).a = int64_t(1) << 40;     // absurd index: ignored
    x.add(3, Kind::PollfdWrite, 0, 1).a = -5;
    x.add(3, Kind::WqRemove).obj = 999;                         // unknown queue
    x.add(3, Kind::RbErase).obj = 999;
    x.add(3, Kind::RunqDequeue, 0, 42);
    x.add(4, Kind::ContextSwitch, 254, 77).obj2 = 78;          // unknown tasks, far CPU
    x.add(4, Kind::SyscallExit, 0, 0);                          // task 0
    Record bogus;
    bogus.kind = Kind(999);
    x.tr.records.push_back(bogus);
    EXPECT_NO_THROW(x.go());
    EXPECT_EQ(x.st.cpus[0].mode, CpuMode::Idle);
    EXPECT_EQ(x.st.cpus.size(), 255u);
    EXPECT_EQ(x.st.cpus[254].curr, 77u);
    EXPECT_TRUE(x.st.fdsets.empty());
    EXPECT_TRUE(x.st.pollfds.empty());
}

TEST(StateApply, BusyTimeAddsUpOnSyntheticTrace) {
    Trace tr = synth::make_synthetic_trace(3000);
    State s = replay(tr, tr.size());
    EXPECT_GT(s.context_switches, 100u);
    EXPECT_GT(s.wakeups, 50u);
    for (const CpuInfo& c : s.cpus) {
        int64_t sum = 0;
        for (int64_t b : c.busy_ns) sum += b;
        EXPECT_EQ(sum, c.mode_since);   // every ns up to the last charge is in exactly one mode
    }
    for (auto& [tid, t] : s.tasks) {
        EXPECT_GT(t.user_ns, 0) << tid;
        EXPECT_GT(t.kernel_ns, 0) << tid;
        EXPECT_GT(t.nvcsw, 0u) << tid;
    }
}

TEST(Reconstructor, SeekMatchesPlainReplay) {
    Trace tr = synth::make_synthetic_trace(3000);
    Reconstructor rc(tr, 16);
    EXPECT_EQ(rc.keyframe_interval(), 16u);
    EXPECT_EQ(rc.position(), 0u);
    std::mt19937 rng(7);
    for (int i = 0; i < 60; ++i) {
        size_t p = rng() % (tr.size() + 1);
        EXPECT_EQ(rc.seek(p), replay(tr, p)) << "p=" << p;
    }
    EXPECT_EQ(rc.seek(tr.size() + 100).position, tr.size());   // clamped
    EXPECT_EQ(rc.seek(0), State(tr.meta.cpus));
}

TEST(Reconstructor, StepForwardThenBackAcrossKeyframes) {
    Trace tr = synth::make_synthetic_trace(4000);
    for (size_t interval : { size_t(16), size_t(0) }) {
        Reconstructor rc(tr, interval);
        for (size_t start : { size_t(0), size_t(5), size_t(1000), tr.size() - 300 }) {
            const State origin = rc.seek(start);
            const size_t n = 200;   // crosses 12+ keyframes at interval 16
            std::vector<State> fwd;
            for (size_t i = 0; i < n; ++i) fwd.push_back(rc.step_forward());
            EXPECT_EQ(rc.position(), start + n);
            EXPECT_EQ(rc.current(), replay(tr, start + n));
            for (size_t i = n; i-- > 0;) {
                EXPECT_EQ(rc.current(), fwd[i]) << "start=" << start << " i=" << i;
                rc.step_back();
            }
            EXPECT_EQ(rc.position(), start);
            EXPECT_EQ(rc.current(), origin) << "interval=" << interval << " start=" << start;
        }
        rc.seek(0);
        EXPECT_EQ(rc.step_back().position, 0u);
    }
}

TEST(Reconstructor, AutoIntervalBoundsKeyframeCost) {
    Trace tr = synth::make_synthetic_trace(20000, 2, 40);
    Reconstructor rc(tr);
    EXPECT_GE(rc.keyframe_interval(), 1024u);
    const State final_state = replay(tr, tr.size());
    // Keyframes never cost more than 8 bytes per record (plus the initial, empty keyframe).
    EXPECT_LE(rc.keyframe_bytes(), tr.size() * 8 + State(tr.meta.cpus).approx_bytes());
    // Nothing is shared between keyframes here and the State outgrows 8 bytes x 1024 records,
    // so they cannot be 1024 records apart.
    ASSERT_GT(final_state.approx_bytes(), 8 * 1024u);
    EXPECT_GE(rc.keyframe_interval(), 2048u);
    EXPECT_EQ(rc.seek(tr.size()), final_state);
    EXPECT_EQ(rc.seek(12345), replay(tr, 12345));
}

// A c10k-sized interest tree that stays the same is one copy for all keyframes (cow_map.h): they
// stay ~1024 records apart instead of tree-size / 8, and a change to the current State (a seek,
// then replaying a tree record) never leaks into a keyframe.
TEST(Reconstructor, UnchangedEpollTreeIsSharedByKeyframes) {
    Trace tr;
    tr.meta.cpus = 1;
    auto add = [&](Kind k, uint32_t obj2, int64_t a = 0, int64_t b = 0, uint32_t c = 0) {
        Record r;
        r.t = int64_t(tr.records.size());
        r.kind = k; r.cpu = 0; r.task = 7; r.obj = 30; r.obj2 = obj2; r.a = a; r.b = b; r.c = c;
        tr.records.push_back(r);
    };
    add(Kind::ObjectNew, 0, int64_t(ObjType::EventPoll));
    constexpr uint32_t kItems = 3000;                  // a chain of right children is enough for State
    for (uint32_t i = 1; i <= kItems; ++i) add(Kind::RbInsert, i, 4 + i, 2, i - 1);
    for (uint32_t i = 0; tr.records.size() < 200000; ++i) {
        add(Kind::RdlAdd, 1 + i % kItems, 5 + i % kItems, 1);
        add(Kind::RdlRemove, 1 + i % kItems, 5 + i % kItems);
        if (i % 30000 == 29999) add(Kind::RbRecolor, 1 + i % kItems, 0, 1);   // the tree changes now and then
    }
    Reconstructor rc(tr);
    const size_t n = tr.size();
    EXPECT_LE(rc.keyframe_bytes(), n * 8 + State(1).approx_bytes());
    // Unshared, each keyframe would hold the ~200 KB tree: at most n * 8 / 200 KB = 8 of them.
    const size_t tree_bytes = replay(tr, kItems + 1).approx_bytes();
    ASSERT_GT(tree_bytes, 150'000u);
    EXPECT_GT(rc.keyframe_count(), n / 2048) << "tree " << tree_bytes << " B, largest gap " << rc.keyframe_interval();
    std::mt19937 rng(11);
    for (int i = 0; i < 40; ++i) {
        const size_t p = rng() % (n + 1);
        ASSERT_EQ(rc.seek(p), replay(tr, p)) << "p=" << p;
    }
    // Back and forth over a recolour: the keyframe before it keeps the old colour.
    size_t recolor = 0;
    while (tr.records[recolor].kind != Kind::RbRecolor) ++recolor;
    for (size_t p : { recolor + 1, recolor - 600, recolor + 1, recolor - 1 }) ASSERT_EQ(rc.seek(p), replay(tr, p)) << "p=" << p;
}

TEST(CowMap, CopiesShareUntilEditedAndVersionsTellChanges) {
    CowMap<int, int> a;
    EXPECT_TRUE(a.empty());
    a.edit()[1] = 10;
    CowMap<int, int> b = a;
    EXPECT_TRUE(b.shares_with(a));
    EXPECT_EQ(b.version(), a.version());
    b.edit()[1] = 20;                                  // b gets its own nodes
    EXPECT_FALSE(b.shares_with(a));
    EXPECT_NE(b.version(), a.version());
    EXPECT_EQ(a.at(1), 10);
    EXPECT_EQ(b.at(1), 20);
    EXPECT_FALSE(a == b);
    b.edit()[1] = 10;
    EXPECT_TRUE(a == b);                               // equal contents, different versions
    EXPECT_EQ(a.find(2), a.end());
}
