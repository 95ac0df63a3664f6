// Signal-driven I/O (KERNEL.md §6, myth 16): SIGIO only says "something happened"; the handler
// runs on the return to user mode and still reads; SOCK_WAKE_WAITD is skipped while a reader
// already sleeps in sk_wait_data.
#include "sim_test_util.h"
#include "sim/kernel/kernel.h"
#include "sim/programs/workload.h"

#include <cerrno>
#include <memory>
#include <set>

using namespace ioscope;
using namespace ioscope::testing;
using namespace ioscope::literals;

TEST(SignalDrivenIo, HandlerRunsOnReturnToUserModeAndStillReads) {
    Scenario sc = bundled("blocking-echo");
    sc.narration.clear();
    sc.processes[0].model = "sigio-server";
    sc.processes[0].options = Options{};
    for (auto& o : find_model("sigio-server")->options) sc.processes[0].options[o.key] = o.def;
    sc.clients.count = 5;
    RunResult r = run_scenario(sc, {});
    const Trace& t = *r.trace;
    auto m = summary(r)["metrics"];
    EXPECT_EQ(m["requests_completed"].get<uint64_t>(), 5u * sc.clients.requests);
    EXPECT_EQ(m["wait_queue_adds"].get<uint64_t>(), 0u) << "nobody sleeps on a socket: the process sleeps in pause()";
    EXPECT_GE(count(t, Kind::SignalRaise, "send_sigio"), 5u);
    // Every delivery happens after a syscall exit (return to user mode), and the handler then
    // calls recvfrom itself: the signal carried no data.
    size_t deliveries = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        if (t.records[i].kind != Kind::SignalDeliver) continue;
        ++deliveries;
        ASSERT_GT(i, 0u);
        size_t k = i;
        while (k > 0 && t.records[k - 1].kind != Kind::SyscallExit && t.records[k - 1].kind != Kind::UserStep) --k;
        EXPECT_GT(k, 0u);
        EXPECT_NE(find(t, Kind::SyscallEnter, i, "recvfrom"), SIZE_MAX);
    }
    EXPECT_GE(deliveries, 3u);
    EXPECT_GT(m["syscalls_returning_eagain"].get<uint64_t>(), 0u) << "the handler must try sockets that had nothing";
}

static KCo<void> async_blocking_reader(Sys& sys, int64_t* got) {
    int64_t l = co_await sys.socket();
    co_await sys.bind(int(l), 7600);
    co_await sys.listen(int(l), 8);
    int64_t c = co_await sys.accept(int(l));
    co_await sys.fcntl_setown(int(c));
    co_await sys.fcntl_async(int(c), true);
    co_await sys.recv(int(c), 4096);                           // the first request: already there
    *got = co_await sys.recv(int(c), 4096);                    // the second: blocks in sk_wait_data
}

TEST(SignalDrivenIo, NoSigioWhileAReaderSleepsInSkWaitData) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    int64_t got = 0;
    k.spawn("reader", 0_ns, [&](Sys& s) { return async_blocking_reader(s, &got); });
    ClientSpec cs;
    cs.present = true;
    cs.port = 7600;
    cs.requests = 2;
    cs.think = 1_ms;
    cs.response_bytes = 0;
    auto w = start_workload(k, cs);
    k.run(20_ms);
    EXPECT_EQ(got, 64);
    // The second request arrived while the reader slept in sk_wait_data (SOCKWQ_ASYNC_WAITDATA):
    // the reader was woken through its wait-queue entry and no SIGIO was sent. (The first one
    // arrived before O_ASYNC was set.)
    EXPECT_GE(count(tr, Kind::WqWake, "woken_wake_function"), 1u);
    EXPECT_EQ(count(tr, Kind::SignalRaise), 0u);
}

// A signal delivered to a task asleep in select/poll/epoll_wait: signal_wake_up wakes it, the
// pass finds nothing ready, signal_pending makes the call fail (do_select: -ERESTARTNOHAND,
// do_poll / ep_poll: -EINTR), the wait entries are removed, and the handler runs on the way
// back to user mode — before the call's return value reaches the program.
namespace {
struct Interrupted {
    int64_t ret { 1 };
    bool handler_ran_before_return { false };
    int64_t returned_at { 0 };
    bool handler_ran { false };                   // set by the handler; owned by the test, outlives the run
};

KCo<void> sigio_writer(Sys& sys, int fd) {
    co_await sys.sleep(1_ms);
    co_await sys.send(fd, 10);                                // SIGIO to the owner of the peer
}

KCo<void> note_handler(Sys& sys, Interrupted* out) {
    out->handler_ran = true;
    co_await sys.compute(SimTime(100), "SIGIO handler");
}

KCo<void> sleep_in(Sys& sys, std::string call, Interrupted* out) {
    co_await sys.sigaction(29 /* SIGIO */, [out](Sys& s) { return note_handler(s, out); });
    int64_t l = co_await sys.socket();                        // watched: never becomes ready
    co_await sys.bind(int(l), 7800);
    co_await sys.listen(int(l), 8);
    int64_t c = co_await sys.socket();
    co_await sys.connect(int(c), 7800);
    int64_t a = co_await sys.accept(int(l));                  // not watched: O_ASYNC, owned by us
    co_await sys.fcntl_setown(int(a));
    co_await sys.fcntl_async(int(a), true);
    co_await sys.thread([c](Sys& s) { return sigio_writer(s, int(c)); });
    if (call == "select") {
        FdSet rd;
        rd.set(int(l));
        out->ret = co_await sys.select(int(l) + 1, &rd, nullptr, nullptr, 50000000);
    } else if (call == "poll") {
        std::vector<PollFd> fds { PollFd { int(l), POLLIN, 0 } };
        out->ret = co_await sys.poll(fds, 50);
    } else {
        int64_t ep = co_await sys.epoll_create1();
        co_await sys.epoll_ctl(int(ep), EPOLL_CTL_ADD, int(l), EPOLLIN, 0);
        std::vector<EpollEvent> ev;
        out->ret = co_await sys.epoll_wait(int(ep), ev, 8, 50);
    }
    out->handler_ran_before_return = out->handler_ran;
    out->returned_at = sys.now().ns;
}
} // namespace

TEST(SignalDrivenIo, ASignalInterruptsSelectPollAndEpollWaitWithEintr) {
    for (const char* call : { "select", "poll", "epoll_wait" }) {
        Trace tr;
        Interrupted r;                                        // declared first: outlives the kernel
        Kernel k(machine(1), 1, &tr);
        Task& main = k.spawn("waiter", 0_ns, [&](Sys& s) { return sleep_in(s, call, &r); });
        k.run(100_ms);
        EXPECT_EQ(r.ret, -EINTR) << call;
        EXPECT_TRUE(r.handler_ran_before_return) << call << ": the handler runs before the call returns to user code";
        EXPECT_LT(r.returned_at, 5000000) << call << ": woken by the signal, not by the 50 ms timeout";
        // The call's exit, then the delivery; every wait entry the call added is gone by its exit.
        size_t raise = find(tr, Kind::SignalRaise, 0, "send_sigio");
        ASSERT_NE(raise, SIZE_MAX) << call;
        size_t exit = find(tr, Kind::SyscallExit, raise, call, main.tid);
        ASSERT_NE(exit, SIZE_MAX) << call;
        EXPECT_EQ(tr.records[exit].a, -EINTR) << call;
        size_t deliver = find(tr, Kind::SignalDeliver, exit);
        ASSERT_NE(deliver, SIZE_MAX) << call;
        EXPECT_EQ(tr.records[deliver].a, 29) << call;
        EXPECT_EQ(find(tr, Kind::SyscallEnter, exit + 1, call, main.tid), SIZE_MAX) << call << ": not restarted";
        std::set<int64_t> linked;                             // the call's wait entries, by id
        size_t enter = find(tr, Kind::SyscallEnter, 0, call, main.tid);
        for (size_t i = enter; i < exit; ++i) {
            const Record& x = tr.records[i];
            if (x.kind == Kind::WqAdd && (tr.str(x.name) == "pollwake" || tr.str(x.name) == "autoremove_wake_function")) linked.insert(x.a);
            if (x.kind == Kind::WqRemove) linked.erase(x.a);
        }
        EXPECT_TRUE(linked.empty()) << call << ": poll_freewait / ep_poll removed every entry";
        if (std::string(call) != "epoll_wait")
            EXPECT_EQ(count(tr, Kind::KernelStep, "poll_freewait"), 1u) << call;
    }
}

// SIGIO's default action is to terminate the process: O_ASYNC without a handler is fatal.
static KCo<void> async_without_handler(Sys& sys) {
    int64_t l = co_await sys.socket();
    co_await sys.bind(int(l), 7810);
    co_await sys.listen(int(l), 8);
    int64_t c = co_await sys.socket();
    co_await sys.connect(int(c), 7810);
    int64_t a = co_await sys.accept(int(l));
    co_await sys.fcntl_setown(int(a));
    co_await sys.fcntl_async(int(a), true);
    co_await sys.send(int(c), 10);                            // SIGIO to ourselves, no handler
    co_await sys.sleep(1_ms);
    ADD_FAILURE() << "the process should have been killed by SIGIO";
}

TEST(SignalDrivenIo, SigioWithoutAHandlerTerminatesTheProcess) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    k.spawn("victim", 0_ns, [](Sys& s) { return async_without_handler(s); });
    k.run(10_ms);
    size_t exit = find(tr, Kind::TaskExit);
    ASSERT_NE(exit, SIZE_MAX);
    EXPECT_EQ(tr.records[exit].a, 128 + 29) << "killed by SIGIO";
    size_t kill = find(tr, Kind::KernelStep, 0, "kill_fasync");
    ASSERT_NE(kill, SIZE_MAX) << "sock_wake_async -> kill_fasync -> send_sigio";
    EXPECT_LT(kill, exit);
    EXPECT_LT(find(tr, Kind::SignalRaise, kill, "send_sigio"), exit);
}
