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
    // The kernel reads FDS_BYTES(1033) = 136 bytes: the fd_set plus the overrun neighbour. Word
    // 16 (fds 1024..1087) is 'requests_served' = 42 (0b101010) with FD_SET's bit 1032 % 64 = 8
    // or-ed in, so besides fd 3 the kernel polls fds 1025, 1027, 1029 (the 42) and 1032.
    size_t last_word = SIZE_MAX;
    for (size_t i = in; i < b.records.size(); ++i)
        if (b.records[i].kind == Kind::FdSetWord && b.records[i].c == 0 && b.records[i].a == 16) last_word = i;
    ASSERT_NE(last_word, SIZE_MAX) << "word 16 (fds 1024-1087) is copied in";
    EXPECT_EQ(uint64_t(b.records[last_word].b), uint64_t(42) | uint64_t(1) << (1032 % 64)) << "the neighbour's bytes, overflowed bit included";
    std::vector<int64_t> polled;
    for (const Record& r : b.records)
        if (r.kind == Kind::FdPoll && b.str(r.name) == "tcp_poll") polled.push_back(r.a);
    EXPECT_EQ(polled, (std::vector<int64_t>{3, 1025, 1027, 1029, 1032})) << "bits 1024..1032 come from the memory after the fd_set";
    EXPECT_EQ(count(b, Kind::Marker, "select wrote its results back over 'requests_served': it is now 0"), 1u)
        << "set_fd_set writes 136 bytes back (no fd ready at timeout 0)";
}

// do_select builds res_in as it polls: the bit is or-ed into its local res_in when tcp_poll
// reports the fd readable ('res |= bit', right after that FdPoll), each non-zero word is stored
// to fds->res_in[i] at the end of its word's loop ('fds->res'), set_fd_set copies out last.
TEST(SelectPoll, ResultBitsAreSetAsEachFdIsFoundReadyThenCopiedOut) {
    IdlePlusOne run("select-server", 40);
    const Trace& t = run.tr;
    const uint32_t tid = run.server->tid;
    size_t ready_polls = 0, checked_calls = 0;
    size_t enter = SIZE_MAX;
    uint64_t res_in_word[64] = {};
    for (size_t j = 0; j < t.records.size(); ++j) {
        const Record& r = t.records[j];
        if (r.task != tid) continue;
        if (r.kind == Kind::SyscallEnter && t.str(r.name) == "select") { enter = j; std::fill(std::begin(res_in_word), std::end(res_in_word), 0); }
        if (enter == SIZE_MAX) continue;
        if (r.kind == Kind::FdSetWord && r.c == 3 && t.str(r.name) == "zero_fd_set") EXPECT_EQ(r.b, 0);
        if (r.kind == Kind::FdPoll && (r.b & POLLIN)) {
            ++ready_polls;
            // The next record of this task sets the bit in res_in's word.
            size_t k = j + 1;
            while (k < t.records.size() && t.records[k].task != tid) ++k;
            ASSERT_LT(k, t.records.size());
            const Record& w = t.records[k];
            EXPECT_EQ(w.kind, Kind::FdSetWord) << "record " << k;
            EXPECT_EQ(w.c, 3u) << "res_in";
            EXPECT_EQ(t.str(w.name), "res |= bit");
            EXPECT_EQ(w.a, r.a / 64);
            EXPECT_TRUE((uint64_t(w.b) >> (r.a % 64)) & 1) << "fd " << r.a << "'s bit";
        }
        if (r.kind == Kind::FdSetWord && r.c == 3 && t.str(r.name) == "fds->res" && r.a < 64) res_in_word[r.a] = uint64_t(r.b);
        if (r.kind == Kind::FdSetCopyIn && r.c == 0) {
            // get_fd_set comes before any result word of the call.
            for (size_t k = enter; k < j; ++k) EXPECT_FALSE(t.records[k].kind == Kind::FdSetWord && t.records[k].c == 3);
        }
        if (r.kind == Kind::FdSetCopyOut && r.c == 0) {
            // Copy-out comes after the stores, and no result word is written after it.
            ++checked_calls;
            uint64_t any = 0;
            for (uint64_t w : res_in_word) any |= w;
            if (run.server->tid && t.records[j].a > 0) {
                size_t k = j + 1;
                for (; k < t.records.size() && !(t.records[k].task == tid && t.records[k].kind == Kind::SyscallExit); ++k)
                    EXPECT_FALSE(t.records[k].task == tid && t.records[k].kind == Kind::FdSetWord) << "record " << k;
                if (k < t.records.size() && t.records[k].a > 0) EXPECT_NE(any, 0u) << "a select returning > 0 stored a result word";
            }
        }
    }
    EXPECT_GE(ready_polls, 5u);
    EXPECT_GE(checked_calls, 5u);
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
