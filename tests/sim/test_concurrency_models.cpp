// The designs that come before multiplexing, on one workload (issue 3): each one's cost shows up
// in the metrics the kernel model produces — memory, threads, EAGAINs, CPU.
#include "sim_test_util.h"

using namespace ioscope;
using namespace ioscope::testing;

namespace {
Scenario with_model(const std::string& model, uint32_t clients) {
    Scenario sc = bundled("blocking-echo");
    sc.narration.clear();
    sc.processes[0].model = model;
    sc.processes[0].options = Options{};
    for (auto& o : find_model(model)->options) sc.processes[0].options[o.key] = o.def;
    sc.clients.count = clients;
    // Long enough for every design to finish; the busy poller never stops, so keep its run short.
    sc.duration = SimTime(model == "busy-poll-server" ? 10000000 : 200000000);
    return sc;
}
nlohmann::json metrics(const Scenario& sc) { return summary(run_scenario(sc, {}))["metrics"]; }
} // namespace

TEST(ConcurrencyModels, EveryDesignServesEveryRequest) {
    for (const char* m : {"blocking-echo-server", "process-per-connection-server", "thread-per-connection-server",
                          "thread-pool-server", "busy-poll-server"}) {
        Scenario sc = with_model(m, 20);
        EXPECT_EQ(metrics(sc)["requests_completed"].get<uint64_t>(), 20u * sc.clients.requests) << m;
    }
}

TEST(ConcurrencyModels, BlockingSingleProcessSerialisesClients) {
    int64_t p99_10 = metrics(with_model("blocking-echo-server", 10))["latency_ns"]["p99"].get<int64_t>();
    int64_t p99_100 = metrics(with_model("blocking-echo-server", 100))["latency_ns"]["p99"].get<int64_t>();
    EXPECT_GT(p99_100, 5 * p99_10) << "the 100th client waits for the 99 before it";
}

TEST(ConcurrencyModels, PerConnectionWorkersCostMemoryLinearInConnections) {
    for (const char* m : {"process-per-connection-server", "thread-per-connection-server"}) {
        auto small = metrics(with_model(m, 10)), big = metrics(with_model(m, 100));
        EXPECT_GT(big["threads_peak"].get<int64_t>(), 4 * small["threads_peak"].get<int64_t>()) << m;
        EXPECT_GT(big["memory_bytes"].get<int64_t>(), 4 * small["memory_bytes"].get<int64_t>()) << m;
        EXPECT_GT(big["memory"]["kernel_stacks"].get<int64_t>(), small["memory"]["kernel_stacks"].get<int64_t>()) << m;
    }
    // A process per connection also pays for an address space each; threads share one.
    auto procs = metrics(with_model("process-per-connection-server", 100));
    auto threads = metrics(with_model("thread-per-connection-server", 100));
    EXPECT_GT(procs["memory"]["address_spaces"].get<int64_t>(), 10 * threads["memory"]["address_spaces"].get<int64_t>());
}

TEST(ConcurrencyModels, ThreadPoolHasACeiling) {
    Scenario sc = with_model("thread-pool-server", 100);
    auto m = metrics(sc);
    EXPECT_EQ(m["threads_peak"].get<int64_t>(), sc.processes[0].options["workers"] + 1);
    // Connections queue when every worker is busy: the user-space queue grows beyond one.
    RunResult r = run_scenario(sc, {});
    int64_t max_queue = 0;
    for (const Record& rec : r.trace->records)
        if (rec.kind == Kind::Marker && r.trace->str(rec.name) == "pool queue") max_queue = std::max(max_queue, rec.a);
    EXPECT_GE(max_queue, 2);
    EXPECT_GE(count(*r.trace, Kind::WqAdd, "default_wake_function"), 1u) << "workers sleep on the futex";
}

// When requests need more CPU than there is (100 clients, 5 ms of handler each, one CPU), a
// thread or process per connection puts every one of them on the run queue and CFS time-slices
// them at the tick (involuntary switches); a pool of 4 caps the runnable workers, so it switches
// less and finishes requests sooner. (With light handlers the two switch about equally: a pool
// pays the acceptor -> worker futex hand-off instead — see threads-vs-event-loop.)
TEST(ConcurrencyModels, OversubscribedPerConnectionWorkersSwitchMoreThanAPool) {
    auto run = [](const char* model) {
        Scenario sc = with_model(model, 100);
        sc.processes[0].options["handler"] = 5000000;
        sc.duration = SimTime(3000000000);
        return metrics(sc);
    };
    auto pool = run("thread-pool-server");
    ASSERT_EQ(pool["requests_completed"].get<uint64_t>(), 300u);
    for (const char* m : {"thread-per-connection-server", "process-per-connection-server"}) {
        auto per = run(m);
        EXPECT_EQ(per["requests_completed"].get<uint64_t>(), 300u) << m;
        EXPECT_GT(per["threads_peak"].get<int64_t>(), 10 * pool["threads_peak"].get<int64_t>()) << m;
        EXPECT_GT(per["context_switches"].get<uint64_t>(), pool["context_switches"].get<uint64_t>() * 11 / 10) << m;
        EXPECT_GT(per["latency_ns"]["p50"].get<int64_t>(), 5 * pool["latency_ns"]["p50"].get<int64_t>())
            << m << ": every request shares the CPU with every other one";
    }
}

TEST(ConcurrencyModels, BusyPollingBurnsTheCpuOnEagain) {
    auto m = metrics(with_model("busy-poll-server", 10));
    auto c = m["cpu_busy_ns"][0];
    int64_t busy = c["user"].get<int64_t>() + c["kernel"].get<int64_t>() + c["irq"].get<int64_t>() + c["softirq"].get<int64_t>();
    EXPECT_GT(double(busy), 0.99 * double(busy + c["idle"].get<int64_t>()));
    uint64_t total = 0;
    for (auto& [name, n] : m["syscalls"].items()) total += n.get<uint64_t>();
    EXPECT_GT(m["syscalls_returning_eagain"].get<uint64_t>(), total / 2) << "most calls find nothing to do";
    EXPECT_EQ(m["context_switches"].get<uint64_t>(), m["cpu_busy_ns"][0]["context_switches"].get<uint64_t>());
}

TEST(ConcurrencyModels, ThreadsShareTheAddressSpaceSoSwitchesSkipSwitchMm) {
    RunResult r = run_scenario(with_model("thread-per-connection-server", 20), {});
    size_t thread_switches = 0, mm_switches = 0;
    for (const Record& rec : r.trace->records)
        if (rec.kind == Kind::ContextSwitch && rec.task && rec.obj2) { ++thread_switches; mm_switches += rec.b ? 1 : 0; }
    EXPECT_GT(thread_switches, 10u);
    EXPECT_EQ(mm_switches, 0u);
}

// User-level threads: many user threads, one kernel task. The library switches between them in
// user mode on EAGAIN and sleeps in poll() when all wait; the kernel never switches between them.
TEST(ConcurrencyModels, UserLevelThreadsAreOneKernelTask) {
    Scenario sc = with_model("user-level-threads-server", 20);
    RunResult r = run_scenario(sc, {});
    auto m = summary(r)["metrics"];
    EXPECT_EQ(m["requests_completed"].get<uint64_t>(), 20u * sc.clients.requests);
    EXPECT_EQ(m["threads_peak"].get<int64_t>(), 1);
    EXPECT_GT(m["syscalls_returning_eagain"].get<uint64_t>(), 20u);
    EXPECT_GT(m["syscalls"]["poll"].get<uint64_t>(), 0u);
    const Trace& t = *r.trace;
    uint32_t server = 0;
    for (const Record& rec : t.records) if (rec.kind == Kind::TaskNew) server = rec.task;
    for (const Record& rec : t.records)
        if (rec.kind == Kind::ContextSwitch) EXPECT_TRUE(rec.task == server || rec.task == 0) << "only server <-> idle";
    EXPECT_GT(count(t, Kind::UserStep, "user-level thread switch"), 20u);
}

TEST(ConcurrencyModels, AnUnwrappedBlockingCallStallsEveryUserThread) {
    Scenario quiet = with_model("user-level-threads-server", 10);
    Scenario stall = quiet;
    stall.processes[0].options["blocking_call"] = 2000000;          // 2 ms, e.g. a blocking lookup
    stall.processes[0].options["blocking_every"] = 2;
    auto a = metrics(quiet), b = metrics(stall);
    EXPECT_EQ(b["requests_completed"], a["requests_completed"]);
    // Requests that never made the call still waited behind the ones that did.
    EXPECT_GT(b["latency_ns"]["p50"].get<int64_t>(), 4 * a["latency_ns"]["p50"].get<int64_t>());
    EXPECT_GE(b["latency_ns"]["max"].get<int64_t>(), 2000000);
}

// ---------------------------------------------------------------------------------------------
// One shared workload at 10, 100 and 1,000 clients (issue 3's acceptance orderings). The clients
// are blocking-echo's (connects 50 µs apart, 3 requests each, 100 µs think time) on one CPU, with
// a CPU-heavy handler (5 ms of user-space work per request), so that at every count requests
// overlap: connections stay open while they wait for the CPU, and per-connection workers are
// alive at the same time. (`ioscope-cli run thread-per-connection --clients N` resizes a bundled
// scenario the same way.)
namespace {
constexpr uint32_t kCounts[] = { 10, 100, 1000 };
Scenario shared_workload(const std::string& model, uint32_t clients) {
    Scenario sc = with_model(model, clients);
    sc.processes[0].options["handler"] = 5000000;
    // listen(fd, 1024): a burst of 1,000 connects must fit the accept queue, or the clients'
    // SYN retransmissions (1 s, 3 s ...) would measure the backlog rather than the design.
    if (sc.processes[0].options.count("backlog")) sc.processes[0].options["backlog"] = 1024;
    sc.clients.requests = 3;
    // Every design finishes (3 x 5 ms per client of CPU on one CPU, plus slack); the busy
    // poller never exits, so it gets a short window (the loop's character shows at once).
    sc.duration = SimTime(model == "busy-poll-server" ? 5000000 : int64_t(clients) * 20000000 + 50000000);
    return sc;
}
} // namespace

TEST(SharedWorkload, BlockingSingleProcessSerialisesP99GrowsWithClients) {
    int64_t prev = 0;
    for (uint32_t n : kCounts) {
        auto m = metrics(shared_workload("blocking-echo-server", n));
        EXPECT_EQ(m["requests_completed"].get<uint64_t>(), 3u * n);
        int64_t p99 = m["latency_ns"]["p99"].get<int64_t>();
        // One client at a time: the last ones wait for everyone before them (about n x 15 ms).
        EXPECT_GT(p99, int64_t(n) * 15000000 / 4) << n;
        if (prev) EXPECT_GT(p99, 5 * prev) << n << " clients vs " << n / 10;
        prev = p99;
    }
}

TEST(SharedWorkload, PerConnectionWorkersCostMemoryAndSwitchesAPoolDoesNot) {
    nlohmann::json prev_tpc, prev_ppc;
    for (uint32_t n : kCounts) {
        auto tpc = metrics(shared_workload("thread-per-connection-server", n));
        auto ppc = metrics(shared_workload("process-per-connection-server", n));
        auto pool = metrics(shared_workload("thread-pool-server", n));
        for (auto* m : { &tpc, &ppc, &pool }) EXPECT_EQ((*m)["requests_completed"].get<uint64_t>(), 3u * n) << n;
        // A thread per connection: (almost) all n workers alive at once, memory linear in n. At
        // 1,000 the first few finish their three requests before the last one is accepted.
        EXPECT_GE(tpc["threads_peak"].get<int64_t>(), int64_t(n) * 9 / 10 + 1) << n;
        // The pool stays at its workers + the main thread, whatever n.
        EXPECT_EQ(pool["threads_peak"].get<int64_t>(), 5) << n;
        if (n >= 100) {
            EXPECT_GT(tpc["memory_bytes"].get<int64_t>(), 5 * pool["memory_bytes"].get<int64_t>()) << n;
        }
        if (!prev_tpc.is_null()) {
            double r = double(tpc["memory_bytes"].get<int64_t>()) / double(prev_tpc["memory_bytes"].get<int64_t>());
            EXPECT_GT(r, 7.0) << n << ": ten times the connections, about ten times the memory";
            EXPECT_GT(ppc["memory_bytes"].get<int64_t>(), 2 * prev_ppc["memory_bytes"].get<int64_t>()) << n;
        }
        // A process per connection: every connection alive at once at 10 and 100. At 1,000 the
        // parent is one runnable task among hundreds of children, and its fair share of the CPU
        // (60 µs of copy_process per fork) no longer keeps up with the children that finish: fewer
        // are alive at once, but still several times as many as at 100.
        if (n <= 100) EXPECT_EQ(ppc["threads_peak"].get<int64_t>(), int64_t(n) + 1) << n;
        // More runnable workers than CPUs: they are time-sliced (involuntary switches) on top of
        // the switches every request costs; the pool keeps at most 4 runnable and pays a futex
        // hand-off per connection instead. The margin is small at 10 clients (a few switches)
        // and largest at 100.
        EXPECT_GT(tpc["context_switches"].get<uint64_t>(), pool["context_switches"].get<uint64_t>()) << n;
        EXPECT_GT(ppc["context_switches"].get<uint64_t>(), pool["context_switches"].get<uint64_t>()) << n;
        prev_tpc = tpc;
        prev_ppc = ppc;
    }
}

TEST(SharedWorkload, BusyPollingBurnsTheCpuOnEagainAtEveryCount) {
    for (uint32_t n : kCounts) {
        auto m = metrics(shared_workload("busy-poll-server", n));
        auto c = m["cpu_busy_ns"][0];
        int64_t busy = c["user"].get<int64_t>() + c["kernel"].get<int64_t>() + c["irq"].get<int64_t>() + c["softirq"].get<int64_t>();
        EXPECT_GT(double(busy), 0.99 * double(busy + c["idle"].get<int64_t>())) << n;
        uint64_t total = 0;
        for (auto& [name, k] : m["syscalls"].items()) total += k.get<uint64_t>();
        EXPECT_GT(m["syscalls_returning_eagain"].get<uint64_t>(), total / 2) << n;
    }
}

TEST(SharedWorkload, UserLevelThreadsAreOneKernelTaskAtEveryCount) {
    for (uint32_t n : kCounts) {
        RunResult r = run_scenario(shared_workload("user-level-threads-server", n), {});
        auto m = summary(r)["metrics"];
        EXPECT_EQ(m["requests_completed"].get<uint64_t>(), 3u * n) << n;
        EXPECT_EQ(m["threads_peak"].get<int64_t>(), 1) << n;
        uint32_t server = 0;
        for (const Record& rec : r.trace->records) if (rec.kind == Kind::TaskNew) server = rec.task;
        size_t bad = 0;
        for (const Record& rec : r.trace->records)
            if (rec.kind == Kind::ContextSwitch && !(rec.task == server || rec.task == 0)) ++bad;
        EXPECT_EQ(bad, 0u) << n << ": the kernel only ever switches between the server task and idle";
        EXPECT_GT(count(*r.trace, Kind::UserStep, "user-level thread switch"), size_t(n)) << n;
    }
}
