// epoll as fs/eventpoll.c does it (KERNEL.md §3; myths 3, 4, 5, 6, 10, 20).
#include "sim_test_util.h"
#include "sim/kernel/kernel.h"
#include "sim/programs/workload.h"

#include <algorithm>
#include <cerrno>
#include <map>

using namespace ioscope;
using namespace ioscope::testing;
using namespace ioscope::literals;

namespace {

// A server that accepts one connection, watches it with `flags`, and reads only 64 bytes per
// reported event: the client sends 200 bytes once.
KCo<void> partial_reader(Sys& sys, uint32_t flags, std::vector<int64_t>* waits) {
    int64_t l = co_await sys.socket();
    co_await sys.bind(int(l), 7500);
    co_await sys.listen(int(l), 8);
    int64_t c = co_await sys.accept(int(l));
    co_await sys.set_nonblock(int(c), true);
    int64_t ep = co_await sys.epoll_create1();
    co_await sys.epoll_ctl(int(ep), EPOLL_CTL_ADD, int(c), EPOLLIN | flags, 42);
    std::vector<EpollEvent> evs;
    for (int i = 0; i < 4; ++i) {
        int64_t n = co_await sys.epoll_wait(int(ep), evs, 8, 2);
        waits->push_back(n);
        if (n > 0) co_await sys.recv(int(c), 64);
        if (n > 0 && i == 0) EXPECT_EQ(evs[0].data, 42u) << "the user data comes back, not a pointer to it";
    }
}

std::vector<int64_t> run_partial(uint32_t flags) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    std::vector<int64_t> waits;
    k.spawn("server", 0_ns, [&](Sys& s) { return partial_reader(s, flags, &waits); });
    ClientSpec cs;
    cs.present = true;
    cs.port = 7500;
    cs.request_bytes = 200;
    cs.response_bytes = 0;
    auto w = start_workload(k, cs);
    k.run(100_ms);
    return waits;
}

} // namespace

TEST(Epoll, LevelTriggeredRepeatsWhileDataRemains) {
    EXPECT_EQ(run_partial(0), (std::vector<int64_t>{1, 1, 1, 1})) << "200 B read 64 B at a time: still readable";
}

TEST(Epoll, EdgeTriggeredReportsOnce) {
    EXPECT_EQ(run_partial(EPOLLET), (std::vector<int64_t>{1, 0, 0, 0}))
        << "no new data arrived, so no new ep_poll_callback: the remaining bytes are stranded";
}

TEST(Epoll, OneshotDisarmsUntilMod) {
    EXPECT_EQ(run_partial(EPOLLONESHOT), (std::vector<int64_t>{1, 0, 0, 0}));
}

static KCo<void> ctl_errors(Sys& sys, std::map<std::string, int64_t>* r) {
    int64_t s = co_await sys.socket();
    int64_t ep = co_await sys.epoll_create1();
    std::vector<EpollEvent> evs;
    (*r)["add"] = co_await sys.epoll_ctl(int(ep), EPOLL_CTL_ADD, int(s), EPOLLIN, 0);
    (*r)["add_again"] = co_await sys.epoll_ctl(int(ep), EPOLL_CTL_ADD, int(s), EPOLLIN, 0);
    (*r)["mod"] = co_await sys.epoll_ctl(int(ep), EPOLL_CTL_MOD, int(s), EPOLLIN | EPOLLOUT, 0);
    (*r)["del"] = co_await sys.epoll_ctl(int(ep), EPOLL_CTL_DEL, int(s), 0, 0);
    (*r)["del_again"] = co_await sys.epoll_ctl(int(ep), EPOLL_CTL_DEL, int(s), 0, 0);
    (*r)["self"] = co_await sys.epoll_ctl(int(ep), EPOLL_CTL_ADD, int(ep), EPOLLIN, 0);
    (*r)["badfd"] = co_await sys.epoll_ctl(int(ep), EPOLL_CTL_ADD, 999, EPOLLIN, 0);
    (*r)["excl_mod"] = co_await sys.epoll_ctl(int(ep), EPOLL_CTL_MOD, int(s), EPOLLIN | EPOLLEXCLUSIVE, 0);
    (*r)["maxevents0"] = co_await sys.epoll_wait(int(ep), evs, 0, 0);
    (*r)["not_epoll"] = co_await sys.epoll_wait(int(s), evs, 8, 0);
}

TEST(Epoll, CtlAndWaitErrorsMatchTheKernel) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    std::map<std::string, int64_t> r;
    k.spawn("t", 0_ns, [&](Sys& s) { return ctl_errors(s, &r); });
    k.run(10_ms);
    EXPECT_EQ(r["add"], 0);
    EXPECT_EQ(r["add_again"], -EEXIST);
    EXPECT_EQ(r["mod"], 0);
    EXPECT_EQ(r["del"], 0);
    EXPECT_EQ(r["del_again"], -ENOENT);
    EXPECT_EQ(r["self"], -EINVAL);
    EXPECT_EQ(r["badfd"], -EBADF);
    EXPECT_EQ(r["excl_mod"], -EINVAL);
    EXPECT_EQ(r["maxevents0"], -EINVAL);
    EXPECT_EQ(r["not_epoll"], -EINVAL);
}

// The heart of it: epoll_wait's cost does not grow with idle connections (registration happened
// once, in epoll_ctl), while the wakeup path goes softirq -> ep_poll_callback -> ep->wq.
TEST(Epoll, WaitCostIsFlatInIdleConnections) {
    auto wait_cpu = [](uint32_t idle) {
        Trace tr;
        Kernel k(machine(1), 1, &tr);
        Options o;
        for (auto& spec : find_model("epoll-server")->options) o[spec.key] = spec.def;
        Task& server = k.spawn("server", 0_ns, make_program("epoll-server", o));
        ClientSpec idle_clients;
        idle_clients.present = true;
        idle_clients.count = idle;
        idle_clients.requests = 0;
        idle_clients.start = 100_us;
        idle_clients.connect_interval = 5_us;
        auto a = start_workload(k, idle_clients);
        ClientSpec active;
        active.present = true;
        active.requests = 5;
        active.think = 500_us;
        active.start = 100_us + SimTime(5000 * int64_t(idle)) + 300_us;
        auto b = start_workload(k, active);
        k.run(20_ms);
        // CPU spent inside the last completed epoll_wait that slept.
        int64_t best = -1;
        for (size_t i = 0; i < tr.size(); ++i) {
            const Record& e = tr.records[i];
            if (e.kind != Kind::SyscallEnter || e.task != server.tid || tr.str(e.name) != "epoll_wait") continue;
            size_t x = find(tr, Kind::SyscallExit, i + 1, "epoll_wait", server.tid);
            if (x == SIZE_MAX) break;
            bool slept = false;
            int64_t ns = 0;
            for (size_t j = i; j < x; ++j) {
                const Record& r = tr.records[j];
                if (r.kind == Kind::StateChange && r.task == server.tid && r.a == int64_t(TaskState::Waiting)) slept = true;
                if (r.kind == Kind::KernelStep && r.task == server.tid && r.cpu != kNoCpu) ns += r.a;
            }
            if (slept) best = ns;
        }
        EXPECT_GT(count(tr, Kind::WqWake, "ep_poll_callback"), 0u);
        EXPECT_EQ(count(tr, Kind::WqAdd, "pollwake"), 0u);
        return best;
    };
    int64_t small = wait_cpu(10), big = wait_cpu(200);
    ASSERT_GT(small, 0);
    EXPECT_LT(double(big), 1.2 * double(small)) << small << " vs " << big;
}

// Several workers, each with its own epoll watching one shared listening socket: without
// EPOLLEXCLUSIVE every new connection wakes every worker (non-exclusive ep_poll_callback
// entries), all but one find nothing; EPOLLEXCLUSIVE makes the entries exclusive.
TEST(Epoll, ThunderingHerdAndEpollExclusive) {
    auto herd = [](bool exclusive) {
        Scenario sc = bundled("blocking-echo");
        sc.narration.clear();
        sc.machine.cpus = 2;
        sc.processes[0].model = "epoll-workers-server";
        sc.processes[0].options = Options{};
        for (auto& o : find_model("epoll-workers-server")->options) sc.processes[0].options[o.key] = o.def;
        sc.processes[0].options["exclusive"] = exclusive;
        sc.processes[0].options["workers"] = 4;
        sc.clients.count = 20;
        RunResult r = run_scenario(sc, {});
        auto m = summary(r)["metrics"];
        EXPECT_EQ(m["requests_completed"].get<uint64_t>(), 20u * sc.clients.requests);
        return std::make_pair(m["wakeups"].get<int64_t>(), m["spurious_wakeups"].get<int64_t>());
    };
    auto [w_herd, s_herd] = herd(false);
    auto [w_excl, s_excl] = herd(true);
    EXPECT_GE(s_herd, 5) << "workers woken for connections another worker accepted";
    EXPECT_LT(s_excl, s_herd);
    EXPECT_LT(w_excl, w_herd);
}

// What the GUI draws: the interest set rebuilt from the trace alone is a valid red-black tree
// holding every watched fd, at every point where it changes.
#include "sim/trace/state.h"

TEST(Epoll, InterestSetRebuiltFromTheTraceIsAValidRedBlackTree) {
    Scenario sc = bundled("blocking-echo");
    sc.narration.clear();
    sc.processes[0].model = "epoll-server";
    sc.processes[0].options = Options{};
    for (auto& o : find_model("epoll-server")->options) sc.processes[0].options[o.key] = o.def;
    sc.clients.count = 40;
    sc.clients.connect_interval = SimTime(2000);                 // overlapping connections
    RunResult r = run_scenario(sc, {});
    const Trace& t = *r.trace;
    Reconstructor rec(t);
    size_t checked = 0, max_items = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        Kind k = t.records[i].kind;
        // A tree change is complete after its RbErase/RbInsert record and the rebalancing after it.
        auto is_rb = [](Kind x) { return x == Kind::RbInsert || x == Kind::RbErase || x == Kind::RbRecolor || x == Kind::RbRotate; };
        bool last_of_change = is_rb(k) && (i + 1 == t.size() || !is_rb(t.records[i + 1].kind));
        if (!last_of_change) continue;
        const State& s = rec.seek(i + 1);
        for (auto& [ep, info] : s.epolls) {
            std::map<uint32_t, std::pair<uint32_t, uint32_t>> kids;   // node -> (left, right)
            uint32_t root = 0;
            for (auto& [id, n] : info.items) {
                if (!n.parent) { EXPECT_EQ(root, 0u) << "two roots at record " << i; root = id; continue; }
                auto& slot = n.right ? kids[n.parent].second : kids[n.parent].first;
                EXPECT_EQ(slot, 0u) << "two children on one side at record " << i;
                slot = id;
            }
            if (info.items.empty()) continue;
            ASSERT_NE(root, 0u);
            EXPECT_EQ(info.items.at(root).colour, 0) << "root is black";
            std::function<int(uint32_t, int64_t, int64_t)> check = [&](uint32_t n, int64_t lo, int64_t hi) -> int {
                if (!n) return 1;
                const EpItemInfo& x = info.items.at(n);
                EXPECT_GT(int64_t(x.fd), lo);
                EXPECT_LT(int64_t(x.fd), hi);
                auto [l, rgt] = kids[n];
                if (x.colour) {
                    if (l) EXPECT_EQ(info.items.at(l).colour, 0) << "red-red";
                    if (rgt) EXPECT_EQ(info.items.at(rgt).colour, 0) << "red-red";
                }
                int bl = check(l, lo, int64_t(x.fd)), br = check(rgt, int64_t(x.fd), hi);
                EXPECT_EQ(bl, br) << "black height at record " << i;
                return bl + (x.colour ? 0 : 1);
            };
            check(root, -1, INT64_MAX);
            max_items = std::max(max_items, info.items.size());
            ++checked;
        }
    }
    EXPECT_GT(checked, 40u);
    EXPECT_GE(max_items, 8u) << "the load should keep several connections registered at once";
    EXPECT_GT(count(t, Kind::RbRotate), 0u);
}
