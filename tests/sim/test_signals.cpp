// Signal-driven I/O (KERNEL.md §6, myth 16): SIGIO only says "something happened"; the handler
// runs on the return to user mode and still reads; SOCK_WAKE_WAITD is skipped while a reader
// already sleeps in sk_wait_data.
#include "sim_test_util.h"
#include "sim/kernel/kernel.h"
#include "sim/programs/workload.h"

#include <cerrno>

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
