// SO_REUSEPORT (KERNEL.md §3.6, the third step of thundering-herd): several listening sockets on
// one port, one reuseport group, and the listener of each connection chosen in the SYN's softirq
// by inet_lookup_listener -> lookup_reuseport (inet_ehashfn of the 4-tuple) ->
// reuseport_select_sock (socks[reciprocal_scale(hash, num_socks)]). Asserted: the bind rules
// (EADDRINUSE unless every socket set SO_REUSEPORT), the group's socks[] order and its
// swap-with-last removal, the listener a connection gets is the one its 4-tuple hashes to (and
// not a rotation), no spurious wakeups with a socket per worker, queued connections reset when
// their listener closes, a busy worker's queue waiting while another worker idles, determinism.
#include "sim_test_util.h"
#include "sim/kernel/kernel.h"
#include "sim/programs/programs.h"
#include "sim/programs/workload.h"
#include "sim/trace/jsonl.h"

#include <algorithm>
#include <cerrno>
#include <map>
#include <set>
#include <sstream>

using namespace ioscope;
using namespace ioscope::testing;
using namespace ioscope::literals;

namespace {

// Listener object id -> the task that called listen() on it (the reuseport_alloc /
// reuseport_add_sock step of its listen()), and the group's socks[] as listen() built it.
struct Group { std::map<uint32_t, uint32_t> owner; std::vector<uint32_t> socks; };
Group group_of(const Trace& t) {
    Group g;
    for (const Record& r : t.records) {
        if (r.kind != Kind::KernelStep) continue;
        const std::string_view fn = t.str(r.name);
        if (fn != "reuseport_alloc" && fn != "reuseport_add_sock") continue;
        g.owner[r.obj] = r.task;
        EXPECT_EQ(r.c, g.socks.size()) << "__reuseport_add_sock appends: socks[num_socks++] = sk";
        g.socks.push_back(r.obj);
    }
    return g;
}

// Successful accept4 calls per task.
std::map<uint32_t, uint64_t> accepts_by_tid(const Trace& t) {
    std::map<uint32_t, uint64_t> n;
    for (const Record& r : t.records)
        if (r.kind == Kind::SyscallExit && t.str(r.name) == "accept4" && r.a >= 0) n[r.task]++;
    return n;
}

// --- programs for the bind/listen/close tests ------------------------------------------------

struct BindResults { int64_t plain_a, plain_b, reuse_on_plain, reuse_a, reuse_b, listen_a, listen_b, rebind_after_close;
                     size_t group_8001; bool group_8000; };

KCo<void> binder(Sys& sys, BindResults* out) {
    // Port 8000: a socket without SO_REUSEPORT holds it; nobody else may bind, with or without.
    int64_t a = co_await sys.socket();
    out->plain_a = co_await sys.bind(int(a), 8000);
    int64_t b = co_await sys.socket();
    out->plain_b = co_await sys.bind(int(b), 8000);
    int64_t c = co_await sys.socket();
    co_await sys.set_reuseport(int(c), true);
    out->reuse_on_plain = co_await sys.bind(int(c), 8000);
    // Port 8001: both set SO_REUSEPORT before bind, so both bind and both listen.
    int64_t d = co_await sys.socket();
    int64_t e = co_await sys.socket();
    co_await sys.set_reuseport(int(d), true);
    co_await sys.set_reuseport(int(e), true);
    out->reuse_a = co_await sys.bind(int(d), 8001);
    out->reuse_b = co_await sys.bind(int(e), 8001);
    out->listen_a = co_await sys.listen(int(d), 16);
    out->listen_b = co_await sys.listen(int(e), 16);
    co_await sys.listen(int(b), 16);                          // b never bound: EADDRINUSE, no group
    const SockReuseport* g = sys.kernel().reuseport_group(8001);
    out->group_8001 = g ? g->socks.size() : 0;
    out->group_8000 = sys.kernel().reuseport_group(8000) != nullptr;
    // Closing the holder of 8000 frees the port (inet_put_port).
    co_await sys.close(int(a));
    out->rebind_after_close = co_await sys.bind(int(b), 8000);
}

struct GroupProbe { std::vector<Sock*> before, after; const Sock* s[3] {}; };

KCo<void> three_then_close_first(Sys& sys, GroupProbe* p) {
    int fds[3];
    for (int i = 0; i < 3; ++i) {
        fds[i] = int(co_await sys.socket());
        co_await sys.set_reuseport(fds[i], true);
        co_await sys.bind(fds[i], 8100);
        co_await sys.listen(fds[i], 16);
        p->s[i] = sys.kernel().fd_get(sys.task(), fds[i])->sock;
    }
    p->before = sys.kernel().reuseport_group(8100)->socks;
    co_await sys.close(fds[0]);
    p->after = sys.kernel().reuseport_group(8100)->socks;
}

// A listener that never accepts and closes at `close_at`; a second one that accepts everything.
KCo<void> reuse_listener(Sys& sys, int port, bool accepts, SimTime close_at) {
    int64_t l = co_await sys.socket();
    co_await sys.set_reuseport(int(l), true);
    co_await sys.bind(int(l), port);
    co_await sys.listen(int(l), 64);
    if (!accepts) {
        co_await sys.sleep(SimTime(close_at.ns - sys.now().ns));
        co_await sys.close(int(l));
        co_return;
    }
    for (;;) {
        int64_t c = co_await sys.accept(int(l));
        if (c < 0) continue;
        int64_t n = co_await sys.recv(int(c), 4096);
        if (n > 0) co_await sys.send(int(c), n);
        co_await sys.close(int(c));
    }
}

} // namespace

// -----------------------------------------------------------------------------------------------
// bind / listen / close: who may share a port
// -----------------------------------------------------------------------------------------------

TEST(Reuseport, BindSharesAPortOnlyWhenEverySocketSetSoReuseport) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    BindResults r {};
    k.spawn("binder", 0_ns, [&](Sys& s) { return binder(s, &r); });
    k.run(10_ms);
    EXPECT_EQ(r.plain_a, 0);
    EXPECT_EQ(r.plain_b, -EADDRINUSE) << "two sockets without SO_REUSEPORT";
    EXPECT_EQ(r.reuse_on_plain, -EADDRINUSE) << "SO_REUSEPORT on the newcomer only is not enough";
    EXPECT_EQ(r.reuse_a, 0);
    EXPECT_EQ(r.reuse_b, 0);
    EXPECT_EQ(r.listen_a, 0);
    EXPECT_EQ(r.listen_b, 0);
    EXPECT_EQ(r.rebind_after_close, 0) << "close() releases the port";
    EXPECT_EQ(r.group_8001, 2u) << "both listeners in one reuseport group";
    EXPECT_FALSE(r.group_8000) << "plain sockets form no group";
    EXPECT_EQ(k.reuseport_group(8001), nullptr) << "the program exited: its listeners left the group";
    // setsockopt(SOL_SOCKET = 1, SO_REUSEPORT = 15) is a system call of its own, in the trace.
    size_t so = find(tr, Kind::SyscallEnter, 0, "setsockopt");
    ASSERT_NE(so, SIZE_MAX);
    EXPECT_EQ(tr.records[so].b, 1);
    EXPECT_EQ(tr.records[so].c, 15u);
    EXPECT_EQ(count(tr, Kind::KernelStep, "reuseport_alloc"), 1u);
    EXPECT_EQ(count(tr, Kind::KernelStep, "reuseport_add_sock"), 1u);
}

// __reuseport_detach_sock: socks[i] = socks[num_socks - 1]; num_socks--. The last listener moves
// into the hole, so after a close the same hash can pick a different socket.
TEST(Reuseport, ClosingAListenerMovesTheLastMemberIntoItsSlot) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    GroupProbe p;
    k.spawn("server", 0_ns, [&](Sys& s) { return three_then_close_first(s, &p); });
    k.run(10_ms);
    ASSERT_EQ(p.before.size(), 3u);
    EXPECT_EQ(p.before[0], p.s[0]);
    EXPECT_EQ(p.before[1], p.s[1]);
    EXPECT_EQ(p.before[2], p.s[2]);
    ASSERT_EQ(p.after.size(), 2u);
    EXPECT_EQ(p.after[0], p.s[2]) << "the last socket took slot 0";
    EXPECT_EQ(p.after[1], p.s[1]);
}

// -----------------------------------------------------------------------------------------------
// thundering-herd@reuseport: the third step of the scenario
// -----------------------------------------------------------------------------------------------

// One listen socket per worker: every connection wakes exactly the worker whose socket it was
// hashed to. Nobody is woken for nothing, no accept() loses a race, and every worker serves.
TEST(Reuseport, ThunderingHerdVariantWakesOnlyTheChosenWorker) {
    Scenario sc = bundled_ref("thundering-herd@reuseport");
    RunResult r = run_scenario(sc, {});
    const Trace& t = *r.trace;
    auto m = summary(r)["metrics"];
    auto herd = summary(run_scenario(bundled_ref("thundering-herd"), {}))["metrics"];
    const uint64_t conns = sc.clients.count;
    EXPECT_EQ(m["requests_completed"].get<uint64_t>(), conns * sc.clients.requests);
    EXPECT_EQ(m["spurious_wakeups"].get<uint64_t>(), 0u);
    EXPECT_EQ(m["syscalls_returning_eagain"].get<uint64_t>(), 0u) << "no accept() and no recv() came up empty";
    EXPECT_EQ(m["syscalls"]["accept4"].get<uint64_t>(), conns) << "one accept per connection, each successful";
    EXPECT_EQ(m["syscalls"]["listen"].get<uint64_t>(), uint64_t(sc.processes[0].options.at("workers")));
    EXPECT_EQ(count(t, Kind::Marker, "lost the accept race"), 0u);
    EXPECT_LT(m["wakeups"].get<uint64_t>(), herd["wakeups"].get<uint64_t>());
    EXPECT_LT(m["context_switches"].get<uint64_t>(), herd["context_switches"].get<uint64_t>());

    // Every worker has its own listener in the group and accepted connections from it.
    Group g = group_of(t);
    ASSERT_EQ(g.socks.size(), 4u);
    auto accepts = accepts_by_tid(t);
    ASSERT_EQ(accepts.size(), 4u);
    uint64_t total = 0;
    for (auto& [tid, n] : accepts) { EXPECT_GT(n, 0u) << "worker " << tid; total += n; }
    EXPECT_EQ(total, conns);
    EXPECT_EQ(m["accepts_by_task"].size(), 4u);

    // Each listener's readiness wakes one epoll instance: its wait queue only ever holds its
    // own worker's ep_poll_callback entry.
    for (const Record& rec : t.records) {
        if (rec.kind == Kind::WqWake && t.str(rec.name) == "ep_poll_callback") {
            EXPECT_EQ(rec.b, 1) << "a callback that woke no one";
        }
    }
}

// The listener is a function of the 4-tuple, as Linux computes it: the hash in each
// lookup_reuseport step is inet_ehashfn(secret, 10.0.0.1:7000, client address:port) — client i
// is 10.1.0.(i+2) with the i-th ephemeral port of the run — and reuseport_select_sock takes
// socks[reciprocal_scale(hash, num_socks)]. Each connection is then accepted by the worker that
// owns that socket. The result is the hash's, not a rotation over the workers.
TEST(Reuseport, EachConnectionGoesToTheListenerItsFourTupleHashesTo) {
    Scenario sc = bundled_ref("thundering-herd@reuseport");
    RunResult r = run_scenario(sc, {});
    const Trace& t = *r.trace;
    const uint16_t port = uint16_t(sc.processes[0].options.at("port"));
    const uint32_t secret = uint32_t(RngStream(sc.seed, "inet_ehash_secret").next_u64());
    RngStream ports(sc.seed, "ip_local_port_range");
    Group g = group_of(t);

    // The hash of every client's 4-tuple, computed here from the run's inputs alone.
    std::map<uint32_t, uint32_t> conn_of_hash;
    for (uint32_t i = 0; i < sc.clients.count; ++i) {
        FlowKey flow{ 0x0a010002u + i, uint16_t(ports.uniform(kEphemeralLow, kEphemeralHigh)), kServerAddr, port };
        conn_of_hash[inet_ehashfn(secret, flow)] = i;
    }
    ASSERT_EQ(conn_of_hash.size(), size_t(sc.clients.count));

    // Group membership over time, rebuilt from the listen() steps.
    std::vector<uint32_t> socks;
    std::map<uint32_t, uint32_t> expected_owner_of_conn;     // connection index -> worker tid
    uint32_t lookups = 0;
    std::vector<uint32_t> chosen_index;                      // per connection, after the group is full
    for (const Record& rec : t.records) {
        if (rec.kind != Kind::KernelStep) continue;
        const std::string_view fn = t.str(rec.name);
        if (fn == "reuseport_alloc" || fn == "reuseport_add_sock") socks.push_back(rec.obj);
        if (fn != "reuseport_select_sock") continue;
        ++lookups;
        const uint32_t hash = uint32_t(rec.b);
        ASSERT_TRUE(conn_of_hash.count(hash)) << "a hash that is no client's 4-tuple: " << hash;
        const uint32_t conn = conn_of_hash[hash];
        const uint32_t i = reciprocal_scale(hash, uint32_t(socks.size()));
        EXPECT_EQ(rec.c, i) << "connection " << conn;
        EXPECT_EQ(rec.obj, socks[i]) << "connection " << conn;
        expected_owner_of_conn[conn] = g.owner[rec.obj];
        if (socks.size() == g.socks.size()) chosen_index.push_back(i);
    }
    EXPECT_EQ(lookups, sc.clients.count) << "one listener lookup per SYN";
    EXPECT_EQ(expected_owner_of_conn.size(), size_t(sc.clients.count));

    // The worker that accepted each connection: the child "conn N" leaves its listener's
    // accept queue in that worker's accept4. Compare the per-worker totals.
    std::map<uint32_t, uint64_t> expected;
    for (auto& [c, tid] : expected_owner_of_conn) expected[tid]++;
    EXPECT_EQ(accepts_by_tid(t), expected);

    // Not round robin: somewhere two consecutive connections land on the same listener, and
    // the split is uneven — a hash spreads flows only on average.
    bool repeat = false;
    for (size_t k = 1; k < chosen_index.size(); ++k) repeat = repeat || chosen_index[k] == chosen_index[k - 1];
    EXPECT_TRUE(repeat);
    uint64_t lo = UINT64_MAX, hi = 0;
    for (auto& [tid, n] : expected) { lo = std::min(lo, n); hi = std::max(hi, n); }
    EXPECT_GE(hi - lo, 2u) << "40 connections over 4 workers, split by the hash";
}

// Same seed: byte-identical trace. Another seed: another per-boot secret and other ephemeral
// ports, so the hash sends the connections elsewhere.
TEST(Reuseport, SameSeedSameTraceAnotherSeedAnotherSplit) {
    Scenario sc = bundled_ref("thundering-herd@reuseport");
    RunResult a = run_scenario(sc, {});
    RunResult b = run_scenario(sc, {});
    EXPECT_TRUE(trace_jsonl(*a.trace) == trace_jsonl(*b.trace)) << "same scenario and seed => byte-identical JSONL";
    RunOptions other;
    other.seed = sc.seed + 1;
    RunResult c = run_scenario(sc, other);
    auto split = [](const RunResult& r) { return summary(r)["metrics"]["accepts_by_task"]; };
    EXPECT_EQ(split(a), split(b));
    EXPECT_NE(split(a), split(c));
    EXPECT_EQ(summary(c)["metrics"]["spurious_wakeups"].get<uint64_t>(), 0u);
}

// The hash does not look at load: with slow handlers, a connection sits in a busy worker's
// accept queue while another worker sleeps in epoll_wait with nothing to do. (One shared socket
// would have let the idle worker take it.)
TEST(Reuseport, ABusyWorkersQueueWaitsWhileAnotherWorkerIdles) {
    Scenario sc = bundled_ref("thundering-herd@reuseport");
    sc.narration.clear();
    sc.processes[0].options["handler"] = 1000000;           // 1 ms of user CPU per request
    sc.clients.count = 16;
    sc.clients.requests = 1;
    sc.clients.start = SimTime(500000);                      // every worker listens by then
    sc.clients.connect_interval = SimTime(20000);
    RunResult r = run_scenario(sc, {});
    const Trace& t = *r.trace;
    Group g = group_of(t);
    ASSERT_EQ(g.socks.size(), 4u);

    std::map<uint32_t, int64_t> queue;                       // listener -> accept queue length
    std::map<uint32_t, bool> idle;                           // worker -> asleep in epoll_wait
    bool seen = false;
    for (const Record& rec : t.records) {
        if (rec.kind == Kind::StateChange) {
            bool waiting = rec.a == int64_t(TaskState::Waiting) && t.str(rec.name) == "epoll_wait";
            for (auto& [l, tid] : g.owner) if (tid == rec.task) idle[tid] = waiting;
        }
        if (rec.kind == Kind::SockBuf && rec.obj2 == uint32_t(SockQueue::Accept) && g.owner.count(rec.obj)) {
            queue[rec.obj] = rec.a;
            if (rec.b <= 0 || rec.a < 1) continue;
            const uint32_t busy = g.owner[rec.obj];
            if (idle[busy]) continue;                        // its worker will take it at once
            for (auto& [tid, asleep] : idle) seen = seen || (tid != busy && asleep);
        }
    }
    EXPECT_TRUE(seen) << "a queued connection on a busy worker's listener while another worker slept";
    EXPECT_EQ(summary(r)["metrics"]["requests_completed"].get<uint64_t>(), 16u);
}

// -----------------------------------------------------------------------------------------------
// A listener closes with connections in its accept queue
// -----------------------------------------------------------------------------------------------

// Two listeners in a group; one never accepts and closes at 2 ms. inet_csk_listen_stop resets
// every connection still in its accept queue (an RST from the child socket); connections whose
// SYN had already picked it but whose ACK comes after the close are reset too. After the close
// every SYN goes to the survivor. Nothing is lost silently: each connection is served or reset.
TEST(Reuseport, ClosingAListenerResetsItsQueuedConnections) {
    Scenario sc;
    sc.clients.present = true;
    sc.clients.count = 30;
    sc.clients.port = 8200;
    sc.clients.requests = 1;
    sc.clients.start = SimTime(200000);
    sc.clients.connect_interval = SimTime(100000);
    Trace tr;
    Kernel k(machine(2), 1, &tr);
    Task& lazy = k.spawn("lazy", 0_ns, [](Sys& s) { return reuse_listener(s, 8200, false, SimTime(2000000)); });
    k.spawn("worker", 0_ns, [](Sys& s) { return reuse_listener(s, 8200, true, SimTime(0)); });
    auto w = start_workload(k, sc.clients);
    k.run(20_ms);

    uint32_t lazy_sock = 0;
    for (const Record& r : tr.records)
        if (r.kind == Kind::KernelStep && r.task == lazy.tid && tr.str(r.name).starts_with("reuseport_")) lazy_sock = r.obj;
    ASSERT_NE(lazy_sock, 0u);
    const size_t closed_at = find(tr, Kind::SyscallEnter, 0, "close", lazy.tid);
    ASSERT_NE(closed_at, SIZE_MAX);

    uint64_t to_lazy = 0, after_close_to_lazy = 0, rst_from_children = 0;
    for (size_t i = 0; i < tr.size(); ++i) {
        const Record& r = tr.records[i];
        if (r.kind == Kind::KernelStep && tr.str(r.name) == "reuseport_select_sock" && r.obj == lazy_sock) {
            ++to_lazy;
            if (i > closed_at) ++after_close_to_lazy;
        }
        if (r.kind == Kind::PacketTx && (r.b & TCP_RST) && r.obj) ++rst_from_children;
    }
    const uint64_t reset = k.metrics().connections_reset;
    EXPECT_GT(to_lazy, 0u);
    EXPECT_GT(reset, 0u) << "queued connections were reset";
    EXPECT_EQ(rst_from_children, reset) << "one RST per forgotten child (inet_child_forget)";
    EXPECT_EQ(after_close_to_lazy, 0u) << "a closed listener is out of the group";
    EXPECT_EQ(k.reuseport_group(8200)->socks.size(), 1u);
    EXPECT_EQ(k.metrics().requests_completed + to_lazy, sc.clients.count) << "served, or hashed to the closed listener and reset";
}
