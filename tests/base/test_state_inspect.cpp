// test_state_inspect.cpp — the State fields the GUI inspectors read (issue 5): the select/poll
// scan cursor, the select copy-in/copy-out marks, the running signal handler and AIO queues.
#include "sim/trace/state.h"

#include <gtest/gtest.h>

using namespace ioscope;

namespace {

struct Apply {
    Trace tr;
    State st { 1 };
    Record& add(Kind k, uint32_t task = 7) {
        Record r;
        r.t = int64_t(tr.records.size()) * 10;
        r.kind = k;
        r.cpu = 0;
        r.task = task;
        tr.records.push_back(r);
        return tr.records.back();
    }
    void go() { while (st.position < tr.records.size()) st.apply(tr.records[st.position], tr.strings); }
    const TaskInfo& t(uint32_t tid = 7) const { return st.tasks.at(tid); }
};

} // namespace

TEST(StateInspect, SelectScanCursorAndCopies) {
    Apply x;
    x.add(Kind::SyscallEnter).name = x.tr.intern("select");
    x.go();
    EXPECT_EQ(x.t().scan_fd, -1);
    EXPECT_EQ(x.t().fdset_in, 0);
    Record& in = x.add(Kind::FdSetCopyIn);
    in.a = 70; in.b = 16; in.c = 0;
    x.go();
    EXPECT_EQ(x.t().fdset_in, 1);
    EXPECT_EQ(x.t().fdset_n, 70);
    EXPECT_EQ(x.t().fdset_bytes, 16);
    Record& p = x.add(Kind::FdPoll);
    p.a = 4; p.c = 1;
    x.go();
    EXPECT_EQ(x.t().scan_fd, 4);
    EXPECT_EQ(x.t().scan_pass, 1u);
    Record& p2 = x.add(Kind::FdPoll);
    p2.a = 65; p2.c = 2;
    x.go();
    EXPECT_EQ(x.t().scan_fd, 65);
    EXPECT_EQ(x.t().scan_pass, 2u);
    x.add(Kind::FdSetCopyOut).c = 0;
    x.add(Kind::FdSetCopyOut).c = 9;       // out of range: ignored, never a crash
    x.go();
    EXPECT_EQ(x.t().fdset_out, 1);
    x.add(Kind::SyscallExit).name = x.tr.intern("select");
    x.go();
    EXPECT_EQ(x.t().scan_fd, -1);          // no cursor outside a call
    EXPECT_EQ(x.t().fdset_in, 1);          // the last call's copies stay visible until the next select
    x.add(Kind::SyscallEnter).name = x.tr.intern("recvfrom");
    x.go();
    EXPECT_EQ(x.t().fdset_out, 1);
    x.add(Kind::SyscallEnter).name = x.tr.intern("select");
    x.go();
    EXPECT_EQ(x.t().fdset_in, 0);
    EXPECT_EQ(x.t().fdset_out, 0);
}

TEST(StateInspect, SignalHandlerRunsFromFrameToSigreturn) {
    Apply x;
    x.add(Kind::SignalRaise).a = 29;
    x.go();
    EXPECT_EQ(x.t().pending_signals, uint64_t(1) << 29);
    x.add(Kind::SignalDeliver).a = 29;
    x.go();
    EXPECT_EQ(x.t().pending_signals, 0u);
    EXPECT_EQ(x.t().last_signal, 29u);
    EXPECT_EQ(x.t().handler_signo, 0u);    // delivered, handler not entered yet
    x.add(Kind::UserStep).name = x.tr.intern("handle request");
    x.go();
    EXPECT_EQ(x.t().handler_signo, 0u);
    x.add(Kind::UserStep).name = x.tr.intern("setup_rt_frame");
    x.go();
    EXPECT_EQ(x.t().handler_signo, 29u);
    x.add(Kind::SyscallEnter).name = x.tr.intern("rt_sigreturn");
    x.go();
    EXPECT_EQ(x.t().handler_signo, 0u);
}

TEST(StateInspect, AioSubmissionAndCompletionQueues) {
    Apply x;
    for (int i = 1; i <= 3; ++i) {
        Record& s = x.add(Kind::AioSubmit);
        s.obj = 50; s.a = i; s.b = 4096;
    }
    x.go();
    ASSERT_EQ(x.st.aio.at(50).inflight.size(), 3u);
    Record& c = x.add(Kind::AioComplete);
    c.obj = 50; c.a = 2; c.b = 4096;
    x.go();
    const AioInfo& q = x.st.aio.at(50);
    ASSERT_EQ(q.inflight.size(), 2u);
    EXPECT_EQ(q.inflight[0].id, 1);
    EXPECT_EQ(q.inflight[1].id, 3);
    ASSERT_EQ(q.completed.size(), 1u);
    EXPECT_EQ(q.completed[0].id, 2);
    EXPECT_EQ(q.submitted, 3u);
    EXPECT_EQ(q.completions, 1u);
    // Only the most recent completions are kept.
    for (int i = 100; i < 100 + int(AioInfo::kAioKeep) + 5; ++i) {
        Record& s = x.add(Kind::AioComplete);
        s.obj = 50; s.a = i;
    }
    x.go();
    EXPECT_EQ(x.st.aio.at(50).completed.size(), AioInfo::kAioKeep);
    EXPECT_EQ(x.st.aio.at(50).completed.back().id, 100 + int(AioInfo::kAioKeep) + 4);
    x.add(Kind::ObjectFree).obj = 50;
    x.go();
    EXPECT_EQ(x.st.aio.count(50), 0u);
}
