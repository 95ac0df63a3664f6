// test_c10k.cpp — c10k-idle-connections and what it rests on: RLIMIT_NOFILE (EMFILE, `nofile`),
// descriptor reuse (__put_unused_fd), `clients.active`, and each mechanism's behaviour on 10,000
// mostly idle connections (KERNEL.md §1-3, myth 1): epoll's work follows the ready list, poll's
// follows n, select cannot hold descriptor 1024 in glibc's fd_set.
#include "sim_test_util.h"

#include <cerrno>
#include <set>

using namespace ioscope;
using namespace ioscope::testing;

namespace {

Scenario c10k(const std::string& variant = "") {
    LoadResult r = load_scenario_ref("c10k-idle-connections" + (variant.empty() ? "" : "@" + variant));
    for (auto& e : r.errors) ADD_FAILURE() << e.format();
    return r.ok() ? *r.scenario : Scenario{};
}

uint64_t syscalls(const nlohmann::json& s, const char* name) {
    const auto& m = s["metrics"]["syscalls"];
    return m.contains(name) ? m[name].get<uint64_t>() : 0;
}

KCo<void> open_sockets(Sys& sys, int n, std::vector<int64_t>* out) {
    for (int i = 0; i < n; ++i) out->push_back(co_await sys.socket());
}

} // namespace

TEST(C10k, EpollServesEveryActiveClientAndNeverScansTheIdleOnes) {
    Scenario sc = c10k();
    RunResult r = run_scenario(sc, {});
    auto s = summary(r);
    const auto& m = s["metrics"];
    EXPECT_EQ(syscalls(s, "epoll_ctl"), 10001u) << "one ADD per connection plus the listener";
    EXPECT_EQ(m["requests_completed"].get<uint64_t>(), uint64_t(sc.clients.active) * sc.clients.requests);
    EXPECT_EQ(m["fds_scanned"].get<uint64_t>(), 0u);
    // One ep_poll_callback entry per socket, added once, plus one ep->wq entry per sleep: nowhere
    // near one per idle connection per call.
    EXPECT_GE(m["wait_queue_adds"].get<uint64_t>(), 10001u);
    EXPECT_LT(m["wait_queue_adds"].get<uint64_t>(), 10001u + 2 * syscalls(s, "epoll_wait"));
    EXPECT_EQ(m["killed_by_signal"].get<uint64_t>(), 0u);
}

TEST(C10k, PollScansAllConnectionsOnEveryCallOnceTheyAreOpen) {
    Scenario sc = c10k("poll");
    RunOptions o;
    o.until = SimTime(225000000);          // connections are up by ~205 ms; a few requests follow
    RunResult r = run_scenario(sc, o);
    auto s = summary(r);
    // The last finished poll call polled all 10,001 entries: find it in the trace.
    const Trace& t = *r.trace;
    auto is = [&](size_t i, Kind k) { return t.records[i].kind == k && t.str(t.records[i].name) == "poll"; };
    size_t last_exit = SIZE_MAX, last_enter = SIZE_MAX;
    for (size_t i = t.size(); i-- > 0;)
        if (is(i, Kind::SyscallExit)) { last_exit = i; break; }
    ASSERT_NE(last_exit, SIZE_MAX);
    for (size_t i = last_exit; i-- > 0;)
        if (is(i, Kind::SyscallEnter)) { last_enter = i; break; }
    ASSERT_NE(last_enter, SIZE_MAX);
    EXPECT_EQ(t.records[last_enter].a, 10001) << "nfds: every connection and the listener";
    size_t polled = 0;
    for (size_t i = last_enter; i < last_exit; ++i)
        if (t.records[i].kind == Kind::FdPoll) ++polled;
    EXPECT_GE(polled, 10001u) << "do_poll visits every pollfd on a pass";
    EXPECT_GT(s["metrics"]["requests_completed"].get<uint64_t>(), 0u);
    EXPECT_GT(s["metrics"]["fds_scanned"].get<uint64_t>(), 100u * 10001u);
}

TEST(C10k, SelectServerDiesAtDescriptor1024WithSigabrt) {
    Scenario sc = c10k("select");
    RunResult r = run_scenario(sc, {});
    auto s = summary(r);
    EXPECT_EQ(s["metrics"]["killed_by_signal"].get<uint64_t>(), 1u);
    EXPECT_FALSE(r.crashed) << "a fortified abort is the program's death, not a simulator crash";
    const Trace& t = *r.trace;
    int64_t max_fd = -1;
    for (const Record& rec : t.records)
        if (rec.kind == Kind::FdInstall) max_fd = std::max(max_fd, rec.a);
    EXPECT_GE(max_fd, 1024) << "the kernel handed out descriptors beyond FD_SETSIZE";
    size_t exit_at = find(t, Kind::SyscallEnter, 0, "exit_group");
    ASSERT_NE(exit_at, SIZE_MAX);
    size_t abort_step = find(t, Kind::UserStep, 0, "FD_ISSET -> __fdelt_chk");
    if (abort_step == SIZE_MAX) abort_step = find(t, Kind::UserStep, 0, "FD_SET -> __fdelt_chk");
    ASSERT_NE(abort_step, SIZE_MAX);
    EXPECT_LT(abort_step, exit_at);
    EXPECT_EQ(t.records[find(t, Kind::SyscallEnter, exit_at)].a, 128 + 6) << "exit status 134: SIGABRT";
}

TEST(C10k, ActiveClientsAreSpreadEvenlyOverTheConnects) {
    Scenario sc = c10k();
    sc.clients.count = 100;
    sc.clients.active = 7;
    sc.clients.requests = 5;
    sc.duration = SimTime(300000000);
    RunResult r = run_scenario(sc, {});
    EXPECT_EQ(summary(r)["metrics"]["requests_completed"].get<uint64_t>(), 7u * sc.clients.requests);
    std::set<int64_t> clients;
    for (const Record& rec : r.trace->records)
        if (rec.kind == Kind::Marker && rec.b == int64_t(MarkerType::RequestStart)) clients.insert(rec.a / 1000000);
    ASSERT_EQ(clients.size(), 7u);
    EXPECT_GT(*clients.rbegin() - *clients.begin(), 70) << "spread over the connect order, not bunched";
}

TEST(Rlimit, SocketFailsWithEmfileAtTheSoftLimitAndClosedDescriptorsAreReused) {
    Trace tr;
    Kernel k(machine(), 1, &tr);
    std::vector<int64_t> fds;
    Task& t = k.spawn("p", SimTime(0), [&fds](Sys& sys) { return open_sockets(sys, 20, &fds); });
    t.rlimit_nofile = 10;
    k.run(SimTime(1000000000));
    ASSERT_EQ(fds.size(), 20u);
    for (int i = 0; i < 7; ++i) EXPECT_EQ(fds[size_t(i)], 3 + i) << "lowest free descriptors, 3..9";
    for (size_t i = 7; i < fds.size(); ++i) EXPECT_EQ(fds[i], -EMFILE);
}
