// select(2) and poll(2) as fs/select.c does them (KERNEL.md §1-2, myths 1, 2, 7, 8, 9).
#include "sim_test_util.h"
#include "sim/kernel/kernel.h"
#include "sim/programs/workload.h"

#include <cerrno>

using namespace ioscope;
using namespace ioscope::testing;
using namespace ioscope::literals;

namespace {

// N idle connections and one that sends a request every 500 µs, all to one multiplexing server.
struct IdlePlusOne {
    Trace tr;
    Kernel k { machine(1), 1, &tr };
    std::vector<std::unique_ptr<Workload>> loads;
    Task* server { nullptr };
    IdlePlusOne(const std::string& model, uint32_t idle) {
        Options o;
        for (auto& spec : find_model(model)->options) o[spec.key] = spec.def;
        server = &k.spawn("server", 0_ns, make_program(model, o));
        ClientSpec idle_clients;
        idle_clients.present = true;
        idle_clients.count = idle;
        idle_clients.requests = 0;
        idle_clients.start = 100_us;
        idle_clients.connect_interval = 5_us;
        loads.push_back(start_workload(k, idle_clients));
        ClientSpec active;
        active.present = true;
        active.count = 1;
        active.requests = 5;
        active.think = 500_us;
        active.start = 100_us + SimTime(5000 * int64_t(idle)) + 200_us;
        loads.push_back(start_workload(k, active));
        k.run(20_ms);
    }
};

// The calls of `name` by `task` that slept: [enter, exit] record index pairs.
std::vector<std::pair<size_t, size_t>> sleeping_calls(const Trace& t, const char* name, uint32_t task) {
    std::vector<std::pair<size_t, size_t>> out;
    for (size_t i = 0; i < t.size(); ++i) {
        const Record& r = t.records[i];
        if (r.kind != Kind::SyscallEnter || r.task != task || t.str(r.name) != name) continue;
        size_t exit = find(t, Kind::SyscallExit, i + 1, name, task);
        if (exit == SIZE_MAX) break;                  // still waiting when the run ended
        bool slept = false;
        for (size_t j = i; j < exit; ++j)
            if (t.records[j].kind == Kind::StateChange && t.records[j].task == task && t.records[j].a == int64_t(TaskState::Waiting)) slept = true;
        if (slept) out.push_back({i, exit});
    }
    return out;
}

} // namespace

TEST(SelectPoll, EverySleepingCallRegistersOnEveryFdThenRescansThemAll) {
    for (const char* model : {"select-server", "poll-server"}) {
        IdlePlusOne run(model, 40);
        const Trace& t = run.tr;
        const char* call = std::string(model) == "select-server" ? "select" : "poll";
        auto calls = sleeping_calls(t, call, run.server->tid);
        ASSERT_GE(calls.size(), 4u) << model;
        auto [enter, exit] = calls.back();                       // all 41 connections open by now
        size_t adds = 0, removes = 0, pass1 = 0, pass2 = 0, pollwakes = 0;
        for (size_t j = enter; j < exit; ++j) {
            const Record& r = t.records[j];
            if (r.kind == Kind::WqAdd && t.str(r.name) == "pollwake") ++adds;
            if (r.kind == Kind::WqRemove && r.task == 0) ++removes;
            if (r.kind == Kind::FdPoll) (r.c == 1 ? pass1 : pass2)++;
            if (r.kind == Kind::WqWake && t.str(r.name) == "pollwake" && r.b == 1) ++pollwakes;
        }
        size_t nfds = 42;                                        // listener + 40 idle + 1 active
        EXPECT_EQ(pass1, nfds) << model << ": first pass polls every fd";
        EXPECT_EQ(adds, nfds) << model << ": __pollwait registers one entry per fd, per call";
        EXPECT_EQ(pass2, nfds) << model << ": after pollwake, every fd is polled again";
        EXPECT_EQ(removes, nfds) << model << ": poll_freewait removes every entry";
        EXPECT_EQ(pollwakes, 1u) << model;
    }
}

TEST(SelectPoll, PerCallCostGrowsWithIdleConnections) {
    for (const char* model : {"select-server", "poll-server"}) {
        IdlePlusOne small(model, 10), big(model, 100);
        const char* call = std::string(model) == "select-server" ? "select" : "poll";
        auto cpu_of_last = [&](IdlePlusOne& r) {
            auto calls = sleeping_calls(r.tr, call, r.server->tid);
            int64_t ns = 0;
            for (size_t j = calls.back().first; j < calls.back().second; ++j) {
                const Record& rec = r.tr.records[j];
                if (rec.kind == Kind::KernelStep && rec.task == r.server->tid) ns += rec.a;
            }
            return ns;
        };
        int64_t a = cpu_of_last(small), b = cpu_of_last(big);
        EXPECT_GT(b, 5 * a) << model << ": O(n) in the watched fds, idle or not (" << a << " vs " << b << ")";
    }
}

static KCo<void> select_closed_fd(Sys& sys, int64_t* ret) {
    int64_t fd = co_await sys.socket();
    co_await sys.close(int(fd));
    FdSet rd;
    rd.set(int(fd));
    *ret = co_await sys.select(int(fd) + 1, &rd, nullptr, nullptr, 0);
}

static KCo<void> poll_closed_and_negative(Sys& sys, std::vector<PollFd>* fds, int64_t* ret) {
    int64_t fd = co_await sys.socket();
    co_await sys.close(int(fd));
    *fds = {PollFd{int(fd), POLLIN, 0}, PollFd{-1, POLLIN, 0}};
    *ret = co_await sys.poll(*fds, 0);
}

static KCo<void> poll_too_many(Sys& sys, int64_t* ret) {
    std::vector<PollFd> fds(2000, PollFd{-1, POLLIN, 0});
    *ret = co_await sys.poll(fds, 0);
}

TEST(SelectPoll, BadDescriptorsAndLimits) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    int64_t sel = 0, pol = 0, many = 0;
    std::vector<PollFd> fds;
    k.spawn("a", 0_ns, [&](Sys& s) { return select_closed_fd(s, &sel); });
    k.spawn("b", 0_ns, [&](Sys& s) { return poll_closed_and_negative(s, &fds, &pol); });
    k.spawn("c", 0_ns, [&](Sys& s) { return poll_too_many(s, &many); });
    k.run(10_ms);
    EXPECT_EQ(sel, -EBADF) << "select: a closed fd in the set is an error for the whole call";
    EXPECT_EQ(pol, 1) << "poll: the closed fd is reported per entry";
    ASSERT_EQ(fds.size(), 2u);
    EXPECT_EQ(fds[0].revents, uint32_t(POLLNVAL));
    EXPECT_EQ(fds[1].revents, 0u) << "a negative fd is ignored";
    EXPECT_EQ(many, -EINVAL) << "nfds above RLIMIT_NOFILE (1024 here) is EINVAL: the only limit poll has";
}

static KCo<void> select_timeout(Sys& sys, int64_t* ret, int64_t* waited, int64_t* remaining) {
    int64_t l = co_await sys.socket();
    co_await sys.bind(int(l), 7400);
    co_await sys.listen(int(l), 8);
    FdSet rd;
    rd.set(int(l));
    int64_t t0 = sys.now().ns;
    *remaining = -1;
    *ret = co_await sys.select(int(l) + 1, &rd, nullptr, nullptr, 10000000, remaining);
    *waited = sys.now().ns - t0;
}

TEST(SelectPoll, TimeoutIsAnHrtimerWithSlackAndTheRemainderIsWrittenBack) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    int64_t ret = -1, waited = 0, remaining = 0;
    k.spawn("s", 0_ns, [&](Sys& s) { return select_timeout(s, &ret, &waited, &remaining); });
    k.run(50_ms);
    EXPECT_EQ(ret, 0);
    EXPECT_GE(waited, 10000000);
    EXPECT_LE(waited, 10000000 + 50000 + 20000) << "slack = max(0.1%, 50 us)";
    EXPECT_EQ(remaining, 0) << "Linux writes the remaining time back";
    EXPECT_EQ(count(tr, Kind::TimerArm, "hrtimer"), 1u);
    size_t fire = find(tr, Kind::TimerFire);
    ASSERT_NE(fire, SIZE_MAX);
    EXPECT_NE(tr.records[fire].t % 4000000, 0) << "not a tick: an hrtimer";
}

// Myth 1: select's 1024 limit is glibc's fd_set type (fortify aborts FD_SET), not the kernel.
TEST(SelectPoll, FdSetSizeIsGlibcsLimitNotTheKernels) {
    Scenario sc = bundled("select-fd-setsize");
    RunResult fortified = run_scenario(sc, {});
    const Trace& a = *fortified.trace;
    EXPECT_FALSE(fortified.crashed) << "an abort is the program dying by SIGABRT, not a simulator crash";
    size_t exit = find(a, Kind::TaskExit);
    ASSERT_NE(exit, SIZE_MAX);
    EXPECT_EQ(a.records[exit].a, 134) << "128 + SIGABRT";
    EXPECT_EQ(count(a, Kind::SignalDeliver), 1u);
    EXPECT_EQ(count(a, Kind::Marker, "*** bit out of range 0 - FD_SETSIZE on fd_set ***: terminated"), 1u);
    EXPECT_EQ(count(a, Kind::SyscallEnter, "select"), 0u);

    sc.processes[0].options["fortify"] = 0;
    RunResult plain = run_scenario(sc, {});
    const Trace& b = *plain.trace;
    size_t in = find(b, Kind::FdSetCopyIn);
    ASSERT_NE(in, SIZE_MAX) << "without fortify, select() runs";
    EXPECT_EQ(b.records[in].a, 1033) << "the kernel took nfds = 1033 (clamped only to the fd table)";
    EXPECT_EQ(b.records[in].b, 136) << "FDS_BYTES(1033): more than glibc's 128-byte fd_set";
    bool corrupted = false;
    for (const Record& r : b.records)
        if (r.kind == Kind::Marker && std::string(b.str(r.name)).find("wrote past the 128-byte fd_set") != std::string::npos) corrupted = true;
    EXPECT_TRUE(corrupted);
}

// struct poll_list: the first 30 pollfds in the on-stack chunk (POLL_STACK_ALLOC), then chunks
// of POLLFD_PER_PAGE = 510, each filled by one copy_from_user — array chunks, not a list of fds.
static KCo<void> poll_n(Sys& sys, int n) {
    std::vector<PollFd> fds(size_t(n), PollFd { -1, POLLIN, 0 });
    co_await sys.poll(fds, 0);
}

TEST(SelectPoll, PollListIsStackChunkThenPageChunks) {
    auto chunks = [](int n) {
        Trace tr;
        Kernel k(machine(1), 1, &tr);
        k.spawn("p", 0_ns, [n](Sys& s) { return poll_n(s, n); });
        k.run(10_ms);
        std::vector<int64_t> bytes;
        for (const Record& r : tr.records)
            if (r.kind == Kind::CopyFromUser && tr.str(r.name) == "poll_list chunk") bytes.push_back(r.a);
        return bytes;
    };
    EXPECT_EQ(chunks(30), (std::vector<int64_t>{240})) << "30 pollfds fit the stack chunk";
    EXPECT_EQ(chunks(31), (std::vector<int64_t>{240, 8})) << "the 31st goes into a page chunk";
    EXPECT_EQ(chunks(540), (std::vector<int64_t>{240, 4080})) << "510 per page";
    EXPECT_EQ(chunks(541), (std::vector<int64_t>{240, 4080, 8}));
}
