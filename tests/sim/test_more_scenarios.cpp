// The bundled scenarios of issues 3 and 4 that compare designs on one load (thundering-herd,
// signal-driven-io, few-busy-connections, redis-event-loop, event-loop-big-handler): each one's
// point, asserted from its summary metrics and its trace.
#include "sim_test_util.h"
#include "sim/trace/state.h"

#include <algorithm>
#include <string>
#include <vector>

using namespace ioscope;
using namespace ioscope::testing;
using namespace ioscope::literals;

namespace {

nlohmann::json metrics_of(const std::string& ref) { return summary(run_scenario(bundled_ref(ref), {}))["metrics"]; }

uint64_t u(const nlohmann::json& m, const char* key) { return m[key].get<uint64_t>(); }

uint64_t calls(const nlohmann::json& m, const char* name) {
    return m["syscalls"].contains(name) ? m["syscalls"][name].get<uint64_t>() : 0;
}

uint64_t cpu_ns(const nlohmann::json& m, const char* mode) {
    uint64_t ns = 0;
    for (const auto& c : m["cpu_busy_ns"]) ns += c[mode].get<uint64_t>();
    return ns;
}

// CPU time the machine spent doing anything (user, kernel, interrupts), over every CPU.
uint64_t busy_ns(const nlohmann::json& m) {
    return cpu_ns(m, "user") + cpu_ns(m, "kernel") + cpu_ns(m, "irq") + cpu_ns(m, "softirq");
}

uint64_t latency(const nlohmann::json& m, const char* which) { return m["latency_ns"][which].get<uint64_t>(); }

// The largest number of events one epoll_wait returned: how long the ready list got.
int64_t max_epoll_wait_result(const Trace& t) {
    int64_t most = 0;
    for (const Record& r : t.records)
        if (r.kind == Kind::SyscallExit && t.str(r.name) == "epoll_wait") most = std::max(most, r.a);
    return most;
}

} // namespace

// Four Nginx-style workers, one shared listen socket: without EPOLLEXCLUSIVE every new
// connection wakes every worker's epoll (non-exclusive ep_poll_callback entries) and all but one
// find nothing; with it, one worker per connection. Same requests served either way.
TEST(MoreScenarios, ThunderingHerdExclusiveWakesFarFewerWorkers) {
    Scenario sc = bundled_ref("thundering-herd");
    auto herd = metrics_of("thundering-herd");
    auto excl = metrics_of("thundering-herd@exclusive");
    const uint64_t expected = uint64_t(sc.clients.count) * sc.clients.requests;
    EXPECT_EQ(u(herd, "requests_completed"), expected);
    EXPECT_EQ(u(excl, "requests_completed"), expected);
    // Every new connection wakes the other workers for nothing: at least one per connection.
    EXPECT_GE(u(herd, "spurious_wakeups"), uint64_t(sc.clients.count));
    EXPECT_LT(4 * u(excl, "spurious_wakeups"), u(herd, "spurious_wakeups")) << "far fewer, not just fewer";
    EXPECT_LT(u(excl, "wakeups"), u(herd, "wakeups"));
    EXPECT_LT(u(excl, "context_switches"), u(herd, "context_switches"));
}

// The forked workers inherit the master's comm ("server") and each names itself with
// prctl(PR_SET_NAME): a prctl system call whose __set_task_comm records the new name, and State
// (what the process table and the lane labels read) shows the old name before that record and
// the new one from it on. Only that worker is renamed; the master keeps its name.
TEST(MoreScenarios, ThunderingHerdWorkersNameThemselvesWithPrctl) {
    RunResult r = run_scenario(bundled_ref("thundering-herd"), {});
    const Trace& t = *r.trace;
    std::vector<size_t> renames;
    for (size_t i = 0; i < t.size(); ++i)
        if (t.records[i].kind == Kind::TaskRename) renames.push_back(i);
    ASSERT_EQ(renames.size(), 4u);
    Reconstructor rc(t);
    std::vector<std::string> names;
    uint32_t master = 0;
    for (size_t i : renames) {
        const Record& rec = t.records[i];
        // Inside the worker's own prctl call, after __set_task_comm ran.
        size_t enter = SIZE_MAX;
        for (size_t j = i; j-- > 0;)
            if (t.records[j].task == rec.task && t.records[j].kind == Kind::SyscallEnter) { enter = j; break; }
        ASSERT_NE(enter, SIZE_MAX);
        EXPECT_EQ(t.str(t.records[enter].name), "prctl");
        EXPECT_EQ(t.records[enter].a, 15) << "PR_SET_NAME";
        EXPECT_NE(find(t, Kind::KernelStep, enter, "__set_task_comm", rec.task), SIZE_MAX);
        EXPECT_LT(find(t, Kind::KernelStep, enter, "__set_task_comm", rec.task), i);
        EXPECT_EQ(t.records[find(t, Kind::SyscallExit, i, nullptr, rec.task)].a, 0);

        const State& before = rc.seek(i);
        ASSERT_TRUE(before.tasks.count(rec.task));
        EXPECT_EQ(t.str(before.tasks.at(rec.task).comm), "server") << "inherited at fork";
        master = before.tasks.at(rec.task).parent;
        const State& after = rc.seek(i + 1);
        EXPECT_EQ(t.str(after.tasks.at(rec.task).comm), t.str(rec.name));
        EXPECT_EQ(t.str(after.tasks.at(master).comm), "server") << "the master is not renamed";
        names.emplace_back(t.str(rec.name));
    }
    EXPECT_EQ(names, (std::vector<std::string> { "worker 1", "worker 2", "worker 3", "worker 4" }));
    // The summary's accepts_by_task names the workers by their comm, as ps would.
    // (The summary is kept in a local: a range-for over a member of a temporary would read freed memory.)
    auto sum = summary(r);
    for (auto& [who, n] : sum["metrics"]["accepts_by_task"].items())
        EXPECT_EQ(who.rfind("worker ", 0), 0u) << who;
}

static KCo<void> long_namer(Sys& sys) {
    co_await sys.set_name("a-name-longer-than-fifteen-bytes");
}

// TASK_COMM_LEN is 16: strncpy_from_user copies at most 15 bytes of the name.
TEST(MoreScenarios, PrctlSetNameKeepsFifteenBytes) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    Task& task = k.spawn("namer", 0_ns, [](Sys& s) { return long_namer(s); });
    k.run(1_ms);
    size_t i = find(tr, Kind::TaskRename, 0, nullptr, task.tid);
    ASSERT_NE(i, SIZE_MAX);
    EXPECT_EQ(tr.str(tr.records[i].name), "a-name-longer-t");
    EXPECT_EQ(task.name, "a-name-longer-t");
}

// Signal-driven I/O: the server never sleeps on a socket (pause(), no wait-queue entry); every
// request's data is read by the server's own recvfrom inside a SIGIO handler that a send_sigio
// from the softirq started — the signal only says "something happened", the copy is still the
// program's system call. Plain SIGIO names no fd, so the handler tries sockets that have nothing.
TEST(MoreScenarios, SignalDrivenIoEveryReadIsTheHandlersOwnRecvAfterASigio) {
    Scenario sc = bundled_ref("signal-driven-io");
    RunResult r = run_scenario(sc, {});
    const Trace& t = *r.trace;
    auto m = summary(r)["metrics"];
    const uint64_t expected = uint64_t(sc.clients.count) * sc.clients.requests;
    EXPECT_EQ(u(m, "requests_completed"), expected);
    EXPECT_EQ(u(m, "wait_queue_adds"), 0u) << "the server sleeps in pause(), on no wait queue";

    uint64_t data_reads = 0, raises = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        const Record& rec = t.records[i];
        if (rec.kind == Kind::SignalRaise && t.str(rec.name) == "send_sigio") {
            ++raises;
            // ... followed by a delivery to that task, whose handler then calls recvfrom itself.
            size_t d = find(t, Kind::SignalDeliver, i + 1, "handle_signal", rec.task);
            ASSERT_NE(d, SIZE_MAX) << "send_sigio at record " << i << " never delivered";
            EXPECT_NE(find(t, Kind::SyscallEnter, d + 1, "recvfrom", rec.task), SIZE_MAX);
        }
        if (rec.kind != Kind::SyscallExit || t.str(rec.name) != "recvfrom" || rec.a <= 0) continue;
        ++data_reads;
        // Walk back from a read that returned data: the latest of "handler started" and "entered
        // pause()" must be the handler (the read runs inside it), and a send_sigio came first.
        size_t k = i, deliver = SIZE_MAX;
        while (k-- > 0) {
            const Record& b = t.records[k];
            if (b.task != rec.task) continue;
            if (b.kind == Kind::SyscallEnter && t.str(b.name) == "pause") break;
            if (b.kind == Kind::SignalDeliver) { deliver = k; break; }
        }
        ASSERT_NE(deliver, SIZE_MAX) << "a read at record " << i << " outside a SIGIO handler";
        bool raised = false;
        for (size_t j = deliver; j-- > 0 && !raised;)
            raised = t.records[j].kind == Kind::SignalRaise && t.records[j].task == rec.task;
        EXPECT_TRUE(raised);
        // The copy happened in this recvfrom, synchronously: a copy_to_user inside the call.
        size_t enter = i;
        while (enter > 0 && !(t.records[enter].kind == Kind::SyscallEnter && t.records[enter].task == rec.task)) --enter;
        EXPECT_NE(find(t, Kind::CopyToUser, enter), SIZE_MAX);
        EXPECT_LT(find(t, Kind::CopyToUser, enter), i);
    }
    EXPECT_EQ(data_reads, expected) << "each request read exactly once, by the program";
    EXPECT_GE(raises, expected);
    // No fd in plain SIGIO: the handler tries every socket; epoll_wait names the ready one.
    auto ep = metrics_of("signal-driven-io@epoll");
    EXPECT_EQ(u(ep, "requests_completed"), expected);
    EXPECT_GT(u(m, "syscalls_returning_eagain"), expected);
    EXPECT_EQ(u(ep, "syscalls_returning_eagain"), 0u);
    EXPECT_GT(calls(m, "recvfrom"), 2 * calls(ep, "recvfrom"));
}

// Few connections, all busy: the CPU never idles, so requests served in the window measure CPU
// per request. select's and poll's O(n) pass over 9 fds, shared by several ready fds per call,
// costs less than epoll's ep_poll_callback on every request plus the LT re-polls; epoll_ctl MOD
// twice per request (@epoll-mod) costs more still. Nothing in the scenario says who wins.
TEST(MoreScenarios, FewBusyConnectionsSelectAndPollServeAtLeastAsManyAsEpoll) {
    Scenario sc = bundled_ref("few-busy-connections");
    auto sel = metrics_of("few-busy-connections");
    auto pol = metrics_of("few-busy-connections@poll");
    auto ep = metrics_of("few-busy-connections@epoll");
    auto mod = metrics_of("few-busy-connections@epoll-mod");
    for (const auto* m : {&sel, &pol, &ep, &mod}) {
        // The regime the point needs: the CPU busy (>= 98 %) and every connection still sending.
        EXPECT_LT(50 * cpu_ns(*m, "idle"), uint64_t(sc.duration.ns));
        EXPECT_LT(u(*m, "requests_completed"), uint64_t(sc.clients.count) * sc.clients.requests);
        EXPECT_GT(u(*m, "requests_completed"), 1000u);
    }
    // CPU per request, compared without division: busy_a / req_a <= busy_b / req_b.
    auto cheaper_or_equal = [](const nlohmann::json& a, const nlohmann::json& b) {
        return busy_ns(a) * u(b, "requests_completed") <= busy_ns(b) * u(a, "requests_completed");
    };
    EXPECT_GE(u(sel, "requests_completed"), u(ep, "requests_completed"));
    EXPECT_GE(u(pol, "requests_completed"), u(ep, "requests_completed"));
    EXPECT_TRUE(cheaper_or_equal(sel, ep));
    EXPECT_TRUE(cheaper_or_equal(pol, ep));
    // Why: epoll's callbacks run in the NET_RX softirq on every request; select's scan is short.
    EXPECT_GT(cpu_ns(ep, "softirq"), cpu_ns(sel, "softirq"));
    EXPECT_LT(u(sel, "fds_scanned"), 10 * calls(sel, "select")) << "n = 9: one short pass per call";
    EXPECT_LT(2 * calls(sel, "select"), u(sel, "requests_completed")) << "several ready fds per call";
    // The seeds' loop with epoll_ctl MOD on every request: two more syscalls each, fewer served.
    EXPECT_GE(calls(mod, "epoll_ctl"), 2 * u(mod, "requests_completed"));
    EXPECT_LT(u(mod, "requests_completed"), u(ep, "requests_completed"));
}

// One Redis-style loop for 200 clients: one task, every request served, and while the loop is
// busy epoll_wait returns batches from rdllist, so it switches far less than once per request —
// and only ever between itself and the idle task.
TEST(MoreScenarios, RedisEventLoopServesEveryoneFromOneTaskWithFewSwitches) {
    Scenario sc = bundled_ref("redis-event-loop");
    RunResult r = run_scenario(sc, {});
    const Trace& t = *r.trace;
    auto m = summary(r)["metrics"];
    const uint64_t expected = uint64_t(sc.clients.count) * sc.clients.requests;
    EXPECT_EQ(u(m, "requests_completed"), expected);
    EXPECT_EQ(u(m, "threads_peak"), 1u);
    EXPECT_LT(10 * u(m, "context_switches"), expected) << "fewer than one switch per ten requests";
    EXPECT_LT(4 * calls(m, "epoll_wait"), expected) << "epoll_wait harvests batches";
    EXPECT_GE(max_epoll_wait_result(t), 8);
    uint32_t server = 0;
    for (const Record& rec : t.records) {
        if (rec.kind != Kind::ContextSwitch) continue;
        uint32_t other = rec.task ? rec.task : rec.obj2;
        if (!server) server = other;
        EXPECT_TRUE(rec.task == 0 || rec.obj2 == 0) << "only loop <-> idle switches";
        EXPECT_EQ(other, server) << "one task serves everyone";
    }
}

// One slow handler in a single-threaded loop: commands that arrive meanwhile pile up on rdllist
// (ep_poll_callback still runs in the softirq) and are answered only afterwards, all in one
// epoll_wait batch. Most commands never meet a slow one, so the median holds; the tail explodes.
TEST(MoreScenarios, EventLoopBigHandlerBlowsUpTheTailNotTheMedian) {
    Scenario sc = bundled_ref("event-loop-big-handler");
    const int64_t slow_ns = sc.processes[0].options.at("slow_handler");
    RunResult slow_run = run_scenario(sc, {});
    RunResult fast_run = run_scenario(bundled_ref("event-loop-big-handler@fast"), {});
    auto slow = summary(slow_run)["metrics"];
    auto fast = summary(fast_run)["metrics"];
    const uint64_t expected = uint64_t(sc.clients.count) * sc.clients.requests;
    EXPECT_EQ(u(slow, "requests_completed"), expected);
    EXPECT_EQ(u(fast, "requests_completed"), expected);
    // The tail waits behind a slow command; without one, nothing waits nearly that long.
    EXPECT_GE(latency(slow, "p99"), uint64_t(slow_ns) / 2);
    EXPECT_GE(latency(slow, "max"), uint64_t(slow_ns) * 9 / 10);
    EXPECT_LT(20 * latency(fast, "p99"), latency(slow, "p99"));
    EXPECT_LT(10 * latency(fast, "max"), latency(slow, "max"));
    // ... while the median stays within 25 %.
    EXPECT_LE(4 * latency(slow, "p50"), 5 * latency(fast, "p50"));
    EXPECT_LE(4 * latency(fast, "p50"), 5 * latency(slow, "p50"));
    // The ready list grows during a slow command: one epoll_wait returns most of the clients.
    EXPECT_GE(max_epoll_wait_result(*slow_run.trace), int64_t(sc.clients.count) / 2);
    EXPECT_LE(4 * max_epoll_wait_result(*fast_run.trace), max_epoll_wait_result(*slow_run.trace));
}

// Every variant of these scenarios runs to the same summary twice (wall time aside).
TEST(MoreScenarios, Issue4ScenarioVariantsAreDeterministic) {
    for (const char* ref : {"signal-driven-io@epoll", "few-busy-connections@poll", "few-busy-connections@epoll",
                            "few-busy-connections@epoll-et", "few-busy-connections@epoll-mod",
                            "event-loop-big-handler@fast"}) {
        SCOPED_TRACE(ref);
        auto a = summary(run_scenario(bundled_ref(ref), {}));
        auto b = summary(run_scenario(bundled_ref(ref), {}));
        EXPECT_FALSE(a["crashed"].get<bool>());
        a.erase("wall_ns");
        b.erase("wall_ns");
        EXPECT_EQ(a.dump(), b.dump());
    }
}
