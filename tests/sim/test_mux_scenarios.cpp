// The bundled I/O-multiplexing scenarios (select-server, poll-server, epoll-lt, epoll-et,
// epoll-et-partial-read-bug): each one's point, asserted from its summary and its trace
// (KERNEL.md §1-3 and myths 2, 4, 8, 9, 10).
#include "sim_test_util.h"
#include "sim/trace/jsonl.h"

#include <bit>
#include <cerrno>
#include <map>
#include <set>
#include <sstream>

using namespace ioscope;
using namespace ioscope::testing;

namespace {

const char* const kMuxScenarios[] = {"select-server", "poll-server", "epoll-lt", "epoll-et", "epoll-et-partial-read-bug"};

uint32_t task_named(const Trace& t, const char* name) {
    for (const Record& r : t.records)
        if (r.kind == Kind::TaskNew && t.str(r.name) == name) return r.task;
    return 0;
}

uint64_t expected_requests(const Scenario& sc) { return uint64_t(sc.clients.count) * sc.clients.requests; }

// One select() or poll() call of the server, from its SyscallEnter to its SyscallExit.
struct MuxCall {
    int64_t nfds_arg { 0 };                 // SyscallEnter.a: select's n, poll's nfds
    int watched { 0 };                      // select: bits set in readfds as copied in
    std::map<uint32_t, int> polls_per_pass; // FdPoll records by pass number
    int pollwake_adds { 0 };
    int removes { 0 };
    int64_t poll_list_bytes { 0 };          // poll: bytes of the poll_list chunk copies
    int64_t ret { 0 };
    bool finished { false };                // false: still blocked when the run ended
};

std::vector<MuxCall> mux_calls(const Trace& t, const char* syscall) {
    const uint32_t server = task_named(t, "server");
    std::vector<MuxCall> calls;
    bool in = false;
    for (const Record& r : t.records) {
        if (r.kind == Kind::SyscallEnter && r.task == server && t.str(r.name) == syscall) {
            calls.emplace_back();
            calls.back().nfds_arg = r.a;
            in = true;
            continue;
        }
        if (!in) continue;
        MuxCall& c = calls.back();
        switch (r.kind) {
        case Kind::FdSetWord:
            if (r.c == 0) c.watched += std::popcount(uint64_t(r.b));   // kernel copy of readfds
            break;
        case Kind::FdPoll:
            if (r.task == server) c.polls_per_pass[r.c]++;
            break;
        case Kind::WqAdd:
            if (t.str(r.name) == "pollwake") c.pollwake_adds++;
            break;
        case Kind::WqRemove: c.removes++; break;
        case Kind::CopyFromUser:
            if (t.str(r.name) == "poll_list chunk") c.poll_list_bytes += r.a;
            break;
        case Kind::SyscallExit:
            if (r.task == server && t.str(r.name) == syscall) {
                c.ret = r.a;
                c.finished = true;
                in = false;
            }
            break;
        default: break;
        }
    }
    return calls;
}

// FdPoll records named ep_item_poll: every re-poll epoll_wait does at harvest (b = mask found).
struct EpItemPolls { size_t total { 0 }, empty { 0 }; };
EpItemPolls ep_item_polls(const Trace& t) {
    EpItemPolls p;
    for (const Record& r : t.records) {
        if (r.kind != Kind::FdPoll || t.str(r.name) != "ep_item_poll") continue;
        ++p.total;
        if (r.b == 0) ++p.empty;
    }
    return p;
}

} // namespace

TEST(MuxScenarios, AllValidateAreBilingualAndRunDeterministically) {
    for (const char* id : kMuxScenarios) {
        SCOPED_TRACE(id);
        Scenario sc = bundled(id);
        EXPECT_EQ(sc.id, id);
        EXPECT_FALSE(sc.title.zh.empty());
        EXPECT_FALSE(sc.explanation.zh.empty());
        EXPECT_FALSE(sc.look_at.zh.empty());
        EXPECT_GE(sc.narration.size(), 4u);
        for (const NarrationNote& n : sc.narration) {
            EXPECT_FALSE(n.text.zh.empty()) << n.text.en;
            EXPECT_LE(n.at.ns, sc.duration.ns);
        }
        RunResult a = run_scenario(sc, {});
        RunResult b = run_scenario(sc, {});
        EXPECT_FALSE(a.crashed);
        EXPECT_LT(a.wall_ns, 1000000000) << "a bundled lesson should run in well under a second";
        std::ostringstream ja, jb;
        write_jsonl(*a.trace, ja);
        write_jsonl(*b.trace, jb);
        EXPECT_EQ(ja.str(), jb.str());
    }
}

// select: every call polls every watched fd on every pass, and a call that sleeps hangs one
// pollwake entry per fd and removes them all (poll_freewait); after a wakeup that does not say
// which fd, the whole set is polled again. The work follows the set, not the ready fds.
TEST(MuxScenarios, SelectPollsAndRegistersEveryWatchedFdOnEveryCall) {
    Scenario sc = bundled("select-server");
    RunResult r = run_scenario(sc, {});
    const Trace& t = *r.trace;
    auto m = summary(r)["metrics"];
    EXPECT_EQ(m["requests_completed"].get<uint64_t>(), expected_requests(sc));

    std::vector<MuxCall> calls = mux_calls(t, "select");
    ASSERT_FALSE(calls.empty());
    const size_t entered = m["syscalls"]["select"].get<size_t>();
    EXPECT_EQ(calls.size(), entered);
    EXPECT_FALSE(calls.back().finished) << "the run ends with the server blocked in select";
    uint64_t scanned = 0, slept_watched = 0, ready_total = 0;
    size_t slept = 0, full_set_calls = 0;
    for (size_t i = 0; i < calls.size(); ++i) {
        const MuxCall& c = calls[i];
        SCOPED_TRACE("select call " + std::to_string(i));
        ASSERT_GT(c.watched, 0);
        ASSERT_FALSE(c.polls_per_pass.empty());
        for (auto [pass, n] : c.polls_per_pass) {
            EXPECT_EQ(n, c.watched) << "pass " << pass << " polls every fd in the set";
            scanned += uint64_t(n);
        }
        EXPECT_LE(c.pollwake_adds, c.watched);
        if (!c.finished) continue;                          // blocked at the end: counted above
        EXPECT_EQ(c.removes, c.pollwake_adds) << "poll_freewait removes every entry the call added";
        if (c.polls_per_pass.size() == 2) {                 // slept: registered all, rescanned all
            ++slept;
            slept_watched += uint64_t(c.watched);
            EXPECT_EQ(c.pollwake_adds, c.watched);
        }
        EXPECT_GE(c.ret, 1);
        ready_total += uint64_t(c.ret);
        if (c.watched == int(sc.clients.count) + 1) ++full_set_calls;
    }
    EXPECT_EQ(m["fds_scanned"].get<uint64_t>(), scanned);
    EXPECT_GE(m["wait_queue_adds"].get<uint64_t>(), slept_watched);
    EXPECT_GT(slept, calls.size() / 2) << "mostly idle connections: most calls sleep";
    EXPECT_GT(full_set_calls, calls.size() / 3) << "most calls watch all connections plus the listener";
    // Nearly one ready fd per call, yet many fds polled and registered per call.
    double per_call_ready = double(ready_total) / double(calls.size());
    double per_call_scanned = double(scanned) / double(calls.size());
    double per_call_adds = double(m["wait_queue_adds"].get<uint64_t>()) / double(calls.size());
    EXPECT_LT(per_call_ready, 1.1);
    EXPECT_GT(per_call_scanned, 10.0);
    EXPECT_GT(per_call_adds, 5.0);
    // select copies one 8-byte bitmap word in and out per call (n <= 64): bytes beyond the
    // requests and responses themselves.
    uint64_t payload = expected_requests(sc) * uint64_t(sc.clients.response_bytes);
    EXPECT_EQ(m["bytes_copied_from_user"].get<uint64_t>(), payload + 8 * entered);
}

// poll: the same load gives exactly the same scanning and registration as select; only the
// copying differs (8 bytes per pollfd in one poll_list chunk, 2 bytes of revents back).
TEST(MuxScenarios, PollScansAndRegistersExactlyLikeSelect) {
    Scenario sc = bundled("poll-server");
    RunResult r = run_scenario(sc, {});
    auto m = summary(r)["metrics"];
    auto sel = summary(run_scenario(bundled("select-server"), {}))["metrics"];
    EXPECT_EQ(m["requests_completed"].get<uint64_t>(), expected_requests(sc));
    EXPECT_EQ(m["fds_scanned"], sel["fds_scanned"]);
    EXPECT_EQ(m["wait_queue_adds"], sel["wait_queue_adds"]);
    EXPECT_EQ(m["syscalls"]["poll"], sel["syscalls"]["select"]);
    EXPECT_GT(m["bytes_copied_from_user"].get<uint64_t>(), sel["bytes_copied_from_user"].get<uint64_t>());

    std::vector<MuxCall> calls = mux_calls(*r.trace, "poll");
    ASSERT_FALSE(calls.empty());
    uint64_t scanned = 0;
    for (size_t i = 0; i < calls.size(); ++i) {
        const MuxCall& c = calls[i];
        SCOPED_TRACE("poll call " + std::to_string(i));
        ASSERT_LE(c.nfds_arg, 30) << "this load fits in the on-stack poll_list chunk";
        EXPECT_EQ(c.poll_list_bytes, 8 * c.nfds_arg) << "one copy_from_user of 8 bytes per pollfd";
        for (auto [pass, n] : c.polls_per_pass) {
            EXPECT_EQ(n, c.nfds_arg) << "pass " << pass << " polls every entry";
            scanned += uint64_t(n);
        }
        if (!c.finished) continue;
        if (c.polls_per_pass.size() == 2) {
            EXPECT_EQ(c.pollwake_adds, c.nfds_arg);
        }
        EXPECT_EQ(c.removes, c.pollwake_adds);
    }
    EXPECT_EQ(m["fds_scanned"].get<uint64_t>(), scanned);
}

// epoll LT: registration once per fd (one ep_poll_callback entry each), epoll_wait never polls
// the whole set, and it re-polls level-triggered items it put back, dropping the empty ones.
TEST(MuxScenarios, EpollLtRegistersOnceAndHarvestsOnlyTheReadyList) {
    Scenario sc = bundled("epoll-lt");
    RunResult r = run_scenario(sc, {});
    const Trace& t = *r.trace;
    auto m = summary(r)["metrics"];
    auto sel = summary(run_scenario(bundled("select-server"), {}))["metrics"];
    EXPECT_EQ(m["requests_completed"].get<uint64_t>(), expected_requests(sc));
    EXPECT_EQ(m["fds_scanned"].get<uint64_t>(), 0u);
    EXPECT_EQ(count(t, Kind::FdPoll, "tcp_poll"), 0u);

    const uint64_t watched = sc.clients.count + 1;          // connections + the listening socket
    EXPECT_EQ(m["syscalls"]["epoll_ctl"].get<uint64_t>(), watched);
    size_t callback_entries = 0, ep_wq_entries = 0;
    for (const Record& rec : t.records) {
        if (rec.kind != Kind::WqAdd) continue;
        if (t.str(rec.name) == "ep_poll_callback") ++callback_entries;
        else if (t.str(rec.name) == "autoremove_wake_function") ++ep_wq_entries;   // epoll_wait sleeping
    }
    EXPECT_EQ(callback_entries, watched) << "one ep_poll_callback entry per registered fd, installed once";
    EXPECT_EQ(m["wait_queue_adds"].get<uint64_t>(), callback_entries + ep_wq_entries);
    EXPECT_LT(m["wait_queue_adds"].get<uint64_t>() * 5, sel["wait_queue_adds"].get<uint64_t>());
    EXPECT_GE(count(t, Kind::RbErase), uint64_t(sc.clients.count)) << "close() -> ep_remove erases each epitem";
    EXPECT_GT(count(t, Kind::RbRotate), 0u) << "ten inserts rebalance the interest tree";

    // Each epoll_wait polls only a few items (the new one and the one LT put back), never 11.
    EpItemPolls polls = ep_item_polls(t);
    size_t waits = m["syscalls"]["epoll_wait"].get<size_t>();
    EXPECT_LE(polls.total, 3 * waits);
    EXPECT_GE(polls.empty, expected_requests(sc)) << "LT items re-queued, re-polled, found empty, dropped";
}

// epoll ET with the drain loop: every data event ends with a recv() that returns EAGAIN, and
// epoll_wait does not re-poll stale connection items.
TEST(MuxScenarios, EpollEtDrainsEachEventUntilEagain) {
    Scenario sc = bundled("epoll-et");
    RunResult r = run_scenario(sc, {});
    const Trace& t = *r.trace;
    auto m = summary(r)["metrics"];
    EXPECT_EQ(m["requests_completed"].get<uint64_t>(), expected_requests(sc));
    EXPECT_EQ(m["fds_scanned"].get<uint64_t>(), 0u);

    const uint32_t server = task_named(t, "server");
    uint64_t data_reads = 0, eagain = 0;
    std::map<int64_t, int64_t> last_recv_on_fd;            // fd -> last result
    int64_t fd = -1;
    for (const Record& rec : t.records) {
        if (rec.task != server) continue;
        if (rec.kind == Kind::SyscallEnter && t.str(rec.name) == "recvfrom") fd = rec.a;
        if (rec.kind != Kind::SyscallExit || t.str(rec.name) != "recvfrom") continue;
        if (rec.a > 0) ++data_reads;
        if (rec.a == -EAGAIN) {
            ++eagain;
            EXPECT_GT(last_recv_on_fd[fd], 0) << "EAGAIN only after draining data on the same fd";
        }
        last_recv_on_fd[fd] = rec.a;
    }
    EXPECT_EQ(data_reads, expected_requests(sc));
    EXPECT_GE(eagain, data_reads) << "one EAGAIN per drained data event";
    EXPECT_EQ(m["syscalls_returning_eagain"].get<uint64_t>(), eagain);

    // Compared with LT on the same load: more recv() calls, fewer re-polls in epoll_wait.
    RunResult lt = run_scenario(bundled("epoll-lt"), {});
    auto lm = summary(lt)["metrics"];
    EXPECT_EQ(m["syscalls"]["recvfrom"].get<uint64_t>(), lm["syscalls"]["recvfrom"].get<uint64_t>() + eagain);
    EXPECT_LT(ep_item_polls(t).total, ep_item_polls(*lt.trace).total);
    EXPECT_LT(ep_item_polls(t).empty, ep_item_polls(*lt.trace).empty);
}

// The ET partial-read bug: one 16-byte read per event leaves the rest of each request in the
// socket, nothing new arrives, no ep_poll_callback runs, and every connection stalls.
TEST(MuxScenarios, EpollEtPartialReadStallsWithDataLeftInTheSocket) {
    Scenario sc = bundled("epoll-et-partial-read-bug");
    ASSERT_EQ(sc.processes.size(), 1u);
    ASSERT_LT(sc.processes[0].options["read_size"], sc.clients.request_bytes);
    RunResult r = run_scenario(sc, {});
    const Trace& t = *r.trace;
    auto m = summary(r)["metrics"];
    EXPECT_LT(m["requests_completed"].get<uint64_t>(), expected_requests(sc));
    EXPECT_EQ(m["requests_completed"].get<uint64_t>(), 0u);
    EXPECT_EQ(m["syscalls_returning_eagain"].get<uint64_t>(), 0u);
    EXPECT_EQ(m["syscalls"]["recvfrom"].get<uint64_t>(), sc.clients.count) << "one read per connection, ever";

    // Receive queues: each connection's last state is bytes left behind, and after its last
    // change no ep_poll_callback ran on that socket's wait queue.
    std::map<uint32_t, uint32_t> wq_of_sock;
    for (const Record& rec : t.records) {
        if (rec.kind == Kind::ObjectNew && rec.obj2 != 0 && t.str(rec.name).ends_with(" wq")) wq_of_sock[rec.obj2] = rec.obj;
    }
    std::map<uint32_t, std::pair<int64_t, size_t>> last_rx;   // socket -> (queue length, record index)
    for (size_t i = 0; i < t.size(); ++i) {
        const Record& rec = t.records[i];
        if (rec.kind == Kind::SockBuf && rec.obj2 == uint32_t(SockQueue::Receive)) last_rx[rec.obj] = {rec.a, i};
    }
    ASSERT_EQ(last_rx.size(), sc.clients.count);
    const int64_t left = sc.clients.request_bytes - sc.processes[0].options["read_size"];
    for (auto [sock, st] : last_rx) {
        SCOPED_TRACE("socket object " + std::to_string(sock));
        EXPECT_EQ(st.first, left) << "the rest of the request is still in the receive queue";
        ASSERT_TRUE(wq_of_sock.count(sock));
        const uint32_t wq = wq_of_sock[sock];
        for (size_t i = st.second + 1; i < t.size(); ++i) {
            const Record& rec = t.records[i];
            EXPECT_FALSE(rec.kind == Kind::WqWake && rec.obj == wq && t.str(rec.name) == "ep_poll_callback")
                << "no new wakeup on a stalled socket";
        }
    }

    // The same 16-byte reads work level-triggered: the item is re-queued and reported again.
    Scenario lt = sc;
    lt.processes[0].options["edge_triggered"] = 0;
    auto lm = summary(run_scenario(lt, {}))["metrics"];
    EXPECT_EQ(lm["requests_completed"].get<uint64_t>(), expected_requests(sc));
}
