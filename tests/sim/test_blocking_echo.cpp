// The default scenario end to end: a blocking one-question-one-answer server and its clients.
#include "sim_test_util.h"
#include "sim/trace/jsonl.h"

#include <sstream>

using namespace ioscope;
using namespace ioscope::testing;

TEST(BlockingEcho, SummaryHasTheDocumentedKeys) {
    RunResult r = run_scenario(bundled("blocking-echo"), {});
    auto j = summary(r);
    for (const char* k : {"scenario", "seed", "sim_time_ns", "records", "wall_ns", "metrics"}) EXPECT_TRUE(j.contains(k)) << k;
    for (const char* k : {"syscalls", "context_switches", "wakeups", "spurious_wakeups", "fds_scanned", "wait_queue_adds",
                          "bytes_copied_from_user", "bytes_copied_to_user", "cpu_busy_ns", "requests_completed", "latency_ns"})
        EXPECT_TRUE(j["metrics"].contains(k)) << k;
    for (const char* k : {"p50", "p99", "max"}) EXPECT_TRUE(j["metrics"]["latency_ns"].contains(k)) << k;
    for (const char* k : {"user", "kernel", "irq"}) EXPECT_TRUE(j["metrics"]["cpu_busy_ns"][0].contains(k)) << k;
    EXPECT_EQ(j["scenario"], "blocking-echo");
    EXPECT_EQ(j["records"].get<size_t>(), r.trace->size());
}

TEST(BlockingEcho, EveryRequestIsAnsweredAndBytesAddUp) {
    Scenario sc = bundled("blocking-echo");
    RunResult r = run_scenario(sc, {});
    auto m = summary(r)["metrics"];
    uint64_t expected = uint64_t(sc.clients.count) * sc.clients.requests;
    EXPECT_EQ(m["requests_completed"].get<uint64_t>(), expected);
    EXPECT_EQ(m["syscalls"]["sendto"].get<uint64_t>(), expected);
    // An echo server copies each request in and each response out exactly once.
    EXPECT_EQ(m["bytes_copied_to_user"].get<uint64_t>(), expected * uint64_t(sc.clients.request_bytes));
    EXPECT_EQ(m["bytes_copied_from_user"].get<uint64_t>(), expected * uint64_t(sc.clients.response_bytes));
    EXPECT_EQ(m["syscalls"]["accept4"].get<uint64_t>(), sc.clients.count + 1);   // + the one still waiting
}

TEST(BlockingEcho, SameSeedGivesByteIdenticalTraces) {
    Scenario sc = bundled("blocking-echo");
    sc.clients.arrival = Arrival::Exponential;          // make the seed matter
    std::ostringstream a, b, c;
    write_jsonl(*run_scenario(sc, {}).trace, a);
    write_jsonl(*run_scenario(sc, {}).trace, b);
    RunOptions other;
    other.seed = sc.seed + 1;
    write_jsonl(*run_scenario(sc, other).trace, c);
    EXPECT_EQ(a.str(), b.str());
    EXPECT_NE(a.str(), c.str());
}

// Later clients wait in the accept queue while the first is served: their first request takes
// longer, and the listener's accept queue holds more than one established connection at once.
TEST(BlockingEcho, LaterClientsQueueBehindTheFirst) {
    RunResult r = run_scenario(bundled("blocking-echo"), {});
    const Trace& t = *r.trace;
    int64_t max_accept_q = 0;
    for (const Record& rec : t.records)
        if (rec.kind == Kind::SockBuf && rec.obj2 == uint32_t(SockQueue::Accept)) max_accept_q = std::max(max_accept_q, rec.a);
    EXPECT_GE(max_accept_q, 2);
    // Request ids are client*1e6 + n: compare the first request of the first and last client.
    std::map<int64_t, int64_t> start, end;
    for (const Record& rec : t.records) {
        if (rec.kind != Kind::Marker) continue;
        if (rec.b == int64_t(MarkerType::RequestStart)) start[rec.a] = rec.t;
        if (rec.b == int64_t(MarkerType::RequestEnd)) end[rec.a] = rec.t;
    }
    int64_t first = end[1] - start[1];
    int64_t last = end[3000001] - start[3000001];
    EXPECT_GT(last, 3 * first) << "client 4 should wait for clients 1-3 to be served";
}

// The two phases of blocking I/O are separate steps: the wait (sk_wait_data puts a
// woken_wake_function entry on the socket and the task sleeps) and the copy (after the wakeup,
// skb_copy_datagram_msg -> copy_to_user), both inside one recvfrom.
TEST(BlockingEcho, RecvShowsWaitThenCopy) {
    RunResult r = run_scenario(bundled("blocking-echo"), {});
    const Trace& t = *r.trace;
    bool found = false;
    for (size_t i = 0; i < t.size() && !found; ++i) {
        const Record& e = t.records[i];
        if (e.kind != Kind::SyscallEnter || t.str(e.name) != "recvfrom") continue;
        size_t exit = find(t, Kind::SyscallExit, i + 1, "recvfrom", e.task);
        size_t add = find(t, Kind::WqAdd, i + 1, "woken_wake_function", e.task);
        if (add > exit) continue;                                   // this recv found data at once
        size_t sleep = SIZE_MAX;
        for (size_t k = add; k < exit; ++k)
            if (t.records[k].kind == Kind::StateChange && t.records[k].task == e.task &&
                t.records[k].a == int64_t(TaskState::Waiting)) { sleep = k; break; }
        ASSERT_NE(sleep, SIZE_MAX);
        EXPECT_EQ(t.str(t.records[sleep].name), "Reading");
        EXPECT_EQ(t.records[sleep].b, int64_t(LinuxState::Interruptible));
        size_t wake = find(t, Kind::Wakeup, sleep, nullptr, e.task);
        size_t copy = find(t, Kind::KernelStep, sleep, "skb_copy_datagram_msg", e.task);
        size_t to_user = find(t, Kind::CopyToUser, sleep, nullptr, e.task);
        EXPECT_LT(wake, copy);
        EXPECT_LT(copy, to_user);
        EXPECT_LT(to_user, exit);
        // The waker is the NET_RX softirq, not a clock tick.
        size_t softirq = SIZE_MAX;
        for (size_t k = wake; k-- > sleep;)
            if (t.records[k].kind == Kind::SoftirqEnter) { softirq = k; break; }
        EXPECT_NE(softirq, SIZE_MAX);
        EXPECT_EQ(t.records[wake].obj2, 0u) << "woken from interrupt context";
        found = true;
    }
    EXPECT_TRUE(found) << "no recvfrom in the trace slept";
}

// Latency is a consequence of modelled steps: a costlier context switch makes requests slower,
// and CPU time spent in the kernel grows with it.
TEST(BlockingEcho, RaisingContextSwitchCostRaisesLatency) {
    Scenario sc = bundled("blocking-echo");
    RunResult base = run_scenario(sc, {});
    sc.machine.costs.switch_to_ns *= 20;
    sc.machine.costs.switch_mm_ns *= 20;
    RunResult slow = run_scenario(sc, {});
    auto b = summary(base)["metrics"], s = summary(slow)["metrics"];
    EXPECT_GT(s["latency_ns"]["p50"].get<int64_t>(), b["latency_ns"]["p50"].get<int64_t>());
    EXPECT_GT(s["latency_ns"]["max"].get<int64_t>(), b["latency_ns"]["max"].get<int64_t>());
    EXPECT_GT(s["cpu_busy_ns"][0]["kernel"].get<int64_t>(), b["cpu_busy_ns"][0]["kernel"].get<int64_t>());
    EXPECT_EQ(s["requests_completed"], b["requests_completed"]);
}

// CPU time adds up: busy + idle = simulated time on every CPU.
TEST(BlockingEcho, CpuTimeAddsUp) {
    RunResult r = run_scenario(bundled("blocking-echo"), {});
    auto j = summary(r);
    int64_t sim = j["sim_time_ns"].get<int64_t>();
    for (auto& c : j["metrics"]["cpu_busy_ns"]) {
        int64_t total = c["user"].get<int64_t>() + c["kernel"].get<int64_t>() + c["irq"].get<int64_t>() +
                        c["softirq"].get<int64_t>() + c["idle"].get<int64_t>();
        EXPECT_EQ(total, sim);
    }
}
