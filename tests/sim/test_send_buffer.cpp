// The send buffer (net/core/stream.c, tcp_sendmsg's wait_for_space): a loopback peer that stops
// reading shuts its receive window once sk_rcvbuf bytes wait unread; then the sender's queue
// fills up to sk_sndbuf, a blocking send sleeps in sk_stream_wait_memory ("Sending") until the
// peer reads, a non-blocking one returns what it queued or -EAGAIN, and tcp_poll reports POLLOUT
// only when sk_stream_is_writeable (free space >= half the queued bytes).
#include "sim_test_util.h"
#include "sim/kernel/kernel.h"
#include "sim/kernel/eventpoll.h"
#include "sim/programs/programs.h"
#include "sim/programs/workload.h"

#include <cerrno>

using namespace ioscope;
using namespace ioscope::testing;
using namespace ioscope::literals;

namespace {

constexpr int kPort = 7300;

// What the server saw: each send's return value and when it returned; when the client read first.
struct Log {
    std::vector<int64_t> sent;            // send() return values, in order
    std::vector<int64_t> sent_at;         // sim time each returned
    int64_t poll_ret { 0 }, poll_revents { 0 }, poll_at { -1 };
    int64_t first_read_at { -1 };
    int64_t client_got { 0 };
};

// A client that connects, sleeps `pause` without reading, then reads until `want` bytes or EOF.
KCo<void> lazy_client(Sys& sys, Log* log, SimTime pause, int64_t want) {
    int64_t fd = co_await sys.socket();
    if (co_await sys.connect(int(fd), kPort) < 0) co_return;
    co_await sys.sleep(pause);
    log->first_read_at = sys.now().ns;    // its first recv starts now
    while (log->client_got < want) {
        int64_t n = co_await sys.recv(int(fd), 65536);
        if (n <= 0) break;
        log->client_got += n;
    }
    co_await sys.close(int(fd));
}

KCo<int64_t> accept_one(Sys& sys) {
    int64_t l = co_await sys.socket();
    co_await sys.bind(int(l), kPort);
    co_await sys.listen(int(l), 8);
    co_return co_await sys.accept(int(l));
}

// Blocking server: `count` sends of `size` bytes.
KCo<void> blocking_sender(Sys& sys, Log* log, int count, int64_t size) {
    int64_t c = co_await accept_one(sys);
    for (int i = 0; i < count; ++i) {
        log->sent.push_back(co_await sys.send(int(c), size));
        log->sent_at.push_back(sys.now().ns);
    }
}

// Non-blocking server: 4 KiB sends until -EAGAIN, one big send, one more small one; then (if
// `then_poll`) poll for POLLOUT and send once more.
KCo<void> nonblocking_sender(Sys& sys, Log* log, bool then_poll, bool use_epoll) {
    int64_t c = co_await accept_one(sys);
    co_await sys.set_nonblock(int(c), true);
    for (int i = 0; i < 1000; ++i) {
        int64_t n = co_await sys.send(int(c), 4096);
        log->sent.push_back(n);
        if (n < 0) break;
    }
    if (!then_poll) {
        co_await sys.sleep(1_ms);         // the client has not read yet: still full
        log->sent.push_back(co_await sys.send(int(c), 4096));
        co_return;
    }
    if (use_epoll) {
        int64_t ep = co_await sys.epoll_create1();
        co_await sys.epoll_ctl(int(ep), EPOLL_CTL_ADD, int(c), EPOLLOUT, uint64_t(c));
        std::vector<EpollEvent> ev;
        log->poll_ret = co_await sys.epoll_wait(int(ep), ev, 8, -1);
        log->poll_revents = ev.empty() ? 0 : ev[0].events;
    } else {
        std::vector<PollFd> fds { PollFd { int(c), POLLOUT, 0 } };
        log->poll_ret = co_await sys.poll(fds, -1);
        log->poll_revents = fds[0].revents;
    }
    log->poll_at = sys.now().ns;
    log->sent.push_back(co_await sys.send(int(c), 4096));
}

struct SendRun {
    Trace tr;
    Kernel k;
    Log log;
    Task* server { nullptr };
    Task* client { nullptr };
    explicit SendRun(MachineSpec m = machine(1)) : k(m, 1, &tr) {}
    void go(SimTime until) { k.run(until); }
};

// The highest SockBuf(Send) level recorded before record index `before`.
int64_t send_queue_at(const Trace& t, size_t before) {
    int64_t level = 0;
    for (size_t i = 0; i < before && i < t.size(); ++i) {
        const Record& r = t.records[i];
        if (r.kind == Kind::SockBuf && r.obj2 == uint32_t(SockQueue::Send)) level = std::max(level, r.a);
    }
    return level;
}

} // namespace

TEST(SendBuffer, BlockingSendSleepsInSkStreamWaitMemoryUntilTheClientReads) {
    SendRun run;
    const int count = 60;
    const int64_t size = 4096;
    run.server = &run.k.spawn("server", 0_ns, [&](Sys& s) { return blocking_sender(s, &run.log, count, size); });
    run.client = &run.k.spawn("client", 50_us, [&](Sys& s) { return lazy_client(s, &run.log, 2_ms, count * size); });
    run.go(20_ms);
    const Trace& t = run.tr;
    const CostModel& cm = run.k.cost();

    // Every byte arrives and every send returns its full length (a blocking send waits, it does
    // not return short).
    ASSERT_EQ(run.log.sent.size(), size_t(count));
    for (int64_t n : run.log.sent) EXPECT_EQ(n, size);
    EXPECT_EQ(run.log.client_got, count * size);

    // Before the client reads, the server gets exactly as far as the client's receive buffer
    // plus its own send buffer allow (the last skb may overshoot sk_sndbuf, never by a whole send).
    ASSERT_GT(run.log.first_read_at, 0);
    int64_t before_read = 0;
    for (size_t i = 0; i < run.log.sent.size(); ++i)
        if (run.log.sent_at[i] < run.log.first_read_at) before_read += run.log.sent[i];
    EXPECT_GE(before_read, cm.tcp_rmem_bytes + cm.tcp_wmem_bytes);
    EXPECT_LT(before_read, cm.tcp_rmem_bytes + cm.tcp_wmem_bytes + size);

    // The send that found no room slept: TASK_INTERRUPTIBLE, reason "Sending", on the socket's
    // wait queue through a woken_wake_function entry, woken by sk_stream_write_space after the
    // client's read, and returned only after that read.
    size_t sleep_idx = SIZE_MAX;
    for (size_t i = 0; i < t.size(); ++i) {
        const Record& r = t.records[i];
        if (r.kind == Kind::StateChange && r.task == run.server->tid && r.a == int64_t(TaskState::Waiting) &&
            t.str(r.name) == "Sending") { sleep_idx = i; break; }
    }
    ASSERT_NE(sleep_idx, SIZE_MAX) << "the server never slept in sk_stream_wait_memory";
    EXPECT_EQ(t.records[sleep_idx].b, int64_t(LinuxState::Interruptible));
    const uint32_t wq = t.records[sleep_idx].obj;
    size_t enter = SIZE_MAX;
    for (size_t i = sleep_idx; i-- > 0;)
        if (t.records[i].kind == Kind::SyscallEnter && t.records[i].task == run.server->tid) { enter = i; break; }
    ASSERT_NE(enter, SIZE_MAX);
    EXPECT_EQ(t.str(t.records[enter].name), "sendto");
    bool woken_entry = false;
    for (size_t i = enter; i < sleep_idx; ++i) {
        const Record& r = t.records[i];
        if (r.kind == Kind::WqAdd && r.obj == wq && r.task == run.server->tid && t.str(r.name) == "woken_wake_function") woken_entry = true;
    }
    EXPECT_TRUE(woken_entry);
    // The send queue was full while the server slept.
    EXPECT_GE(send_queue_at(t, sleep_idx), cm.tcp_wmem_bytes);
    // Who woke it: the client, from its read (tcp_cleanup_rbuf's window update -> sk_stream_write_space).
    size_t write_space = SIZE_MAX, wake = SIZE_MAX;
    for (size_t i = sleep_idx; i < t.size(); ++i) {
        const Record& r = t.records[i];
        if (write_space == SIZE_MAX && r.kind == Kind::KernelStep && t.str(r.name) == "sk_stream_write_space") write_space = i;
        if (r.kind == Kind::WqWake && r.obj == wq && r.task == run.server->tid && r.b == 1) { wake = i; break; }
    }
    ASSERT_NE(write_space, SIZE_MAX);
    ASSERT_NE(wake, SIZE_MAX);
    EXPECT_LT(write_space, wake);
    EXPECT_EQ(t.records[write_space].task, run.client->tid);
    EXPECT_GE(int64_t(t.records[wake].t), run.log.first_read_at);
}

TEST(SendBuffer, ALargerSendBufferLetsTheServerGetFurtherBeforeBlocking) {
    int64_t got[2] = {0, 0};
    int64_t sndbuf[2] = {16384, 65536};
    for (int v = 0; v < 2; ++v) {
        MachineSpec m = machine(1);
        m.costs.tcp_wmem_bytes = sndbuf[v];
        SendRun run(m);
        run.server = &run.k.spawn("server", 0_ns, [&](Sys& s) { return blocking_sender(s, &run.log, 80, 4096); });
        run.client = &run.k.spawn("client", 50_us, [&](Sys& s) { return lazy_client(s, &run.log, 2_ms, 80 * 4096); });
        run.go(20_ms);
        for (size_t i = 0; i < run.log.sent.size(); ++i)
            if (run.log.sent_at[i] < run.log.first_read_at) got[v] += run.log.sent[i];
        EXPECT_EQ(run.log.client_got, 80 * 4096);
    }
    EXPECT_EQ(got[1] - got[0], sndbuf[1] - sndbuf[0]);
}

TEST(SendBuffer, NonBlockingSendQueuesUntilFullThenReturnsEagain) {
    SendRun run;
    run.server = &run.k.spawn("server", 0_ns, [&](Sys& s) { return nonblocking_sender(s, &run.log, false, false); });
    run.client = &run.k.spawn("client", 50_us, [&](Sys& s) { return lazy_client(s, &run.log, 5_ms, 0); });
    run.go(20_ms);
    const CostModel& cm = run.k.cost();
    const auto& sent = run.log.sent;
    ASSERT_GE(sent.size(), 3u);
    EXPECT_EQ(sent[sent.size() - 2], -EAGAIN);
    EXPECT_EQ(sent.back(), -EAGAIN) << "still full a millisecond later: nobody read";
    int64_t total = 0;
    for (size_t i = 0; i + 2 < sent.size(); ++i) {
        EXPECT_GT(sent[i], 0);
        total += sent[i];
    }
    EXPECT_GE(total, cm.tcp_rmem_bytes + cm.tcp_wmem_bytes);
    // No sleeping anywhere in the server after accept.
    size_t accept_exit = find(run.tr, Kind::SyscallExit, 0, "accept4", run.server->tid);
    for (size_t i = accept_exit; i < run.tr.size(); ++i) {
        const Record& r = run.tr.records[i];
        if (r.task == run.server->tid && r.kind == Kind::StateChange && r.a == int64_t(TaskState::Waiting)) {
            EXPECT_EQ(run.tr.str(r.name), "Sleeping") << "only the nanosleep may wait";
        }
    }
}

// A send larger than the room left returns the bytes it queued (one skb), not an error.
KCo<void> partial_sender(Sys& sys, Log* log) {
    int64_t c = co_await accept_one(sys);
    co_await sys.set_nonblock(int(c), true);
    // Fill the client's receive window exactly (sk_rcvbuf / 4096 sends).
    const int64_t fill = sys.kernel().cost().tcp_rmem_bytes / 4096;
    for (int64_t i = 0; i < fill; ++i) log->sent.push_back(co_await sys.send(int(c), 4096));
    log->sent.push_back(co_await sys.send(int(c), 200000));
    log->sent.push_back(co_await sys.send(int(c), 4096));
}

TEST(SendBuffer, NonBlockingBigSendIsPartial) {
    SendRun run;
    run.server = &run.k.spawn("server", 0_ns, [&](Sys& s) { return partial_sender(s, &run.log); });
    run.client = &run.k.spawn("client", 50_us, [&](Sys& s) { return lazy_client(s, &run.log, 5_ms, 0); });
    run.go(20_ms);
    const auto& sent = run.log.sent;
    ASSERT_GE(sent.size(), 3u);
    for (size_t i = 0; i + 2 < sent.size(); ++i) EXPECT_EQ(sent[i], 4096);
    const int64_t partial = sent[sent.size() - 2];
    EXPECT_GE(partial, run.k.cost().tcp_wmem_bytes) << "copies while sk_wmem_queued < sk_sndbuf";
    EXPECT_LT(partial, 200000);
    EXPECT_EQ(sent.back(), -EAGAIN);
}

// poll/epoll on a full socket: the first pass finds no POLLOUT, the task sleeps, and the client's
// read makes sk_stream_write_space wake it (pollwake / ep_poll_callback) with POLLOUT set.
// DISABLED until tcp_poll (sim/kernel/select.cpp, another engineer's file) reports POLLOUT only
// when Kernel::sk_stream_is_writeable(sk): today it reports POLLOUT on every established socket.
TEST(SendBuffer, PollAndEpollReportPolloutOnlyOnceSpaceFrees) {
    for (bool use_epoll : {false, true}) {
        SendRun run;
        run.server = &run.k.spawn("server", 0_ns, [&](Sys& s) { return nonblocking_sender(s, &run.log, true, use_epoll); });
        run.client = &run.k.spawn("client", 50_us, [&](Sys& s) { return lazy_client(s, &run.log, 2_ms, 1 << 30); });
        run.go(20_ms);
        const Trace& t = run.tr;
        const char* how = use_epoll ? "epoll" : "poll";
        ASSERT_GT(run.log.poll_at, 0) << how;
        EXPECT_EQ(run.log.poll_ret, 1) << how;
        EXPECT_TRUE(run.log.poll_revents & POLLOUT) << how;
        EXPECT_GE(run.log.poll_at, run.log.first_read_at) << how << ": writable only after the client read";
        EXPECT_GT(run.log.sent.back(), 0) << how << ": the send after POLLOUT succeeds";
        const char* fn = use_epoll ? "ep_poll_callback" : "pollwake";
        bool woke = false;
        for (size_t i = find(t, Kind::KernelStep, 0, "sk_stream_write_space"); i < t.size(); ++i) {
            const Record& r = t.records[i];
            if (r.kind == Kind::WqWake && t.str(r.name) == fn) { woke = true; break; }
        }
        EXPECT_TRUE(woke) << how << ": " << fn << " fired on the write-space wakeup";
    }
}

// The epoll server's "read, then wait for EPOLLOUT, then write" loop still serves every request
// (the buffer never fills with 64-byte replies).
TEST(SendBuffer, EpollServerWritingOnEpolloutStillServesEveryRequest) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    Options o;
    for (auto& spec : find_model("epoll-server")->options) o[spec.key] = spec.def;
    o["write_on_epollout"] = 1;
    k.spawn("server", 0_ns, make_program("epoll-server", o));
    ClientSpec c;
    c.present = true;
    c.count = 4;
    c.requests = 5;
    c.placement = Placement::Local;
    c.port = o["port"];
    c.start = 100_us;
    c.connect_interval = 10_us;
    auto w = start_workload(k, c);
    k.run(50_ms);
    EXPECT_EQ(k.metrics().requests_completed, 20u);
    EXPECT_EQ(count(tr, Kind::KernelStep, "sk_stream_write_space"), 0u);
}
