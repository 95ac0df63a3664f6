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
