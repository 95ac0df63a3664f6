// epoll's delivery rules, each checked the way fs/eventpoll.c behaves (KERNEL.md §3.3-3.6, §4):
// edge-triggered re-reporting only on new data, EPOLLONESHOT disarming (ep_poll_callback queues
// nothing) until EPOLL_CTL_MOD, maxevents leftovers spliced back to the front of rdllist,
// exclusive epoll_wait sleepers woken LIFO, and ovflist catching callbacks during a transfer.
// The connections are loopback pairs made inside the test program, so every byte is sent at a
// known point of the program.
#include "sim_test_util.h"
#include "sim/kernel/kernel.h"

#include <algorithm>
#include <cerrno>
#include <set>

using namespace ioscope;
using namespace ioscope::testing;
using namespace ioscope::literals;

namespace {

struct Pairs {
    int listener { -1 };
    std::vector<int> client, server;     // client[i] -> server[i] over loopback
};

// n loopback connections to one listener; the accepted (server) ends are non-blocking.
KCo<void> make_pairs(Sys& sys, int port, int n, Pairs* p) {
    p->listener = int(co_await sys.socket());
    co_await sys.bind(p->listener, port);
    co_await sys.listen(p->listener, n + 8);
    for (int i = 0; i < n; ++i) {
        int c = int(co_await sys.socket());
        co_await sys.connect(c, port);
        int a = int(co_await sys.accept(p->listener));
        co_await sys.set_nonblock(a, true);
        p->client.push_back(c);
        p->server.push_back(a);
    }
}

size_t count_between(const Trace& t, size_t from, size_t to, Kind k, const char* name = nullptr) {
    size_t n = 0;
    for (size_t i = from; i < to && i < t.size(); ++i)
        if (t.records[i].kind == k && (!name || t.str(t.records[i].name) == name)) ++n;
    return n;
}

} // namespace

// ET: the partial read leaves 136 bytes queued, yet nothing is reported until new data makes
// sock_def_readable call ep_poll_callback again; LT keeps reporting the same bytes.
static KCo<void> et_prog(Sys& sys, uint32_t flags, std::vector<int64_t>* got) {
    Pairs p;
    co_await make_pairs(sys, 7700, 1, &p);
    int ep = int(co_await sys.epoll_create1());
    co_await sys.epoll_ctl(ep, EPOLL_CTL_ADD, p.server[0], EPOLLIN | flags, 7);
    std::vector<EpollEvent> ev;
    got->push_back(co_await sys.epoll_wait(ep, ev, 8, 0));    // nothing sent yet
    co_await sys.send(p.client[0], 200);
    got->push_back(co_await sys.epoll_wait(ep, ev, 8, 0));    // the arrival
    got->push_back(co_await sys.recv(p.server[0], 64));       // partial read: 136 B left
    got->push_back(co_await sys.epoll_wait(ep, ev, 8, 0));
    got->push_back(co_await sys.epoll_wait(ep, ev, 8, 0));
    co_await sys.send(p.client[0], 10);                       // new data: a new callback
    got->push_back(co_await sys.epoll_wait(ep, ev, 8, 0));
    got->push_back(co_await sys.epoll_wait(ep, ev, 8, 0));
}

static std::vector<int64_t> run_et(uint32_t flags, size_t* rdl_adds) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    std::vector<int64_t> got;
    k.spawn("et", 0_ns, [&](Sys& s) { return et_prog(s, flags, &got); });
    k.run(10_ms);
    *rdl_adds = count(tr, Kind::RdlAdd);
    return got;
}

TEST(EpollSemantics, EdgeTriggeredReportsAgainOnlyWhenNewDataArrives) {
    size_t q_et = 0, q_lt = 0;
    EXPECT_EQ(run_et(EPOLLET, &q_et), (std::vector<int64_t>{0, 1, 64, 0, 0, 1, 0}))
        << "ET: the 136 unread bytes are not reported again; the next arrival is";
    EXPECT_EQ(run_et(0, &q_lt), (std::vector<int64_t>{0, 1, 64, 1, 1, 1, 1}))
        << "LT: ep_send_events re-queues the item while it stays readable";
    EXPECT_GE(q_et, 2u) << "ET: rdllist gets the item from each arrival's ep_poll_callback";
    EXPECT_GT(q_lt, q_et);
}

// ONESHOT: after one report the item's events are cut to EP_PRIVATE_BITS; a later arrival
// still runs ep_poll_callback (the entry stays on the socket's queue) but it queues nothing;
// EPOLL_CTL_MOD re-arms it and, the data being there, ep_modify queues it at once.
static KCo<void> oneshot_prog(Sys& sys, const Trace* tr, std::vector<int64_t>* got, std::vector<size_t>* marks) {
    Pairs p;
    co_await make_pairs(sys, 7710, 1, &p);
    int fd = p.server[0];
    int ep = int(co_await sys.epoll_create1());
    co_await sys.epoll_ctl(ep, EPOLL_CTL_ADD, fd, EPOLLIN | EPOLLONESHOT, 9);
    std::vector<EpollEvent> ev;
    co_await sys.send(p.client[0], 100);
    got->push_back(co_await sys.epoll_wait(ep, ev, 8, 0));    // 1: reported, now disarmed
    got->push_back(ev.empty() ? -1 : int64_t(ev[0].data));
    got->push_back(co_await sys.recv(fd, 4096));              // drained
    marks->push_back(tr->size());
    co_await sys.send(p.client[0], 50);                       // callback on a disarmed item
    got->push_back(co_await sys.epoll_wait(ep, ev, 8, 0));    // 0
    marks->push_back(tr->size());
    got->push_back(co_await sys.epoll_ctl(ep, EPOLL_CTL_MOD, fd, EPOLLIN | EPOLLONESHOT, 10));
    got->push_back(co_await sys.epoll_wait(ep, ev, 8, 0));    // 1: re-armed, 50 B waiting
    got->push_back(ev.empty() ? -1 : int64_t(ev[0].data));
    got->push_back(co_await sys.epoll_wait(ep, ev, 8, 0));    // 0: disarmed again
}

TEST(EpollSemantics, OneshotCallbackOnADisarmedItemQueuesNothingAndModRearms) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    std::vector<int64_t> got;
    std::vector<size_t> marks;
    k.spawn("oneshot", 0_ns, [&](Sys& s) { return oneshot_prog(s, &tr, &got, &marks); });
    k.run(10_ms);
    EXPECT_EQ(got, (std::vector<int64_t>{1, 9, 100, 0, 0, 1, 10, 0}));
    ASSERT_EQ(marks.size(), 2u);
    EXPECT_GE(count_between(tr, marks[0], marks[1], Kind::WqWake, "ep_poll_callback"), 1u)
        << "the eppoll_entry is still on the socket's wait queue: the callback runs";
    EXPECT_EQ(count_between(tr, marks[0], marks[1], Kind::RdlAdd), 0u) << "…and queues nothing on rdllist";
    EXPECT_EQ(count_between(tr, marks[0], marks[1], Kind::OvfAdd), 0u) << "…nor on ovflist";
    EXPECT_EQ(count_between(tr, marks[1], tr.size(), Kind::RdlAdd), 1u) << "ep_modify queues the re-armed, ready item";
}

// maxevents = 1 with three ready level-triggered items: the harvested item goes to the tail
// (re-queued), the two not reached go back to the *front* (ep_done_scan's list_splice), so
// successive calls take turns: 0 1 2 0 1 2. With leftovers at the back it would be 0 0 0 ...
static KCo<void> leftovers_prog(Sys& sys, std::vector<int64_t>* got) {
    Pairs p;
    co_await make_pairs(sys, 7720, 3, &p);
    int ep = int(co_await sys.epoll_create1());
    for (int i = 0; i < 3; ++i) {
        co_await sys.send(p.client[size_t(i)], 10);
        co_await sys.epoll_ctl(ep, EPOLL_CTL_ADD, p.server[size_t(i)], EPOLLIN, uint64_t(i));   // ready: rdllist tail
    }
    std::vector<EpollEvent> ev;
    for (int i = 0; i < 6; ++i) {
        int64_t n = co_await sys.epoll_wait(ep, ev, 1, 0);
        got->push_back(n == 1 ? int64_t(ev[0].data) : -1);
    }
}

TEST(EpollSemantics, MaxeventsLeftoversGoBackToTheFrontOfTheReadyList) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    std::vector<int64_t> got;
    k.spawn("lt", 0_ns, [&](Sys& s) { return leftovers_prog(s, &got); });
    k.run(10_ms);
    EXPECT_EQ(got, (std::vector<int64_t>{0, 1, 2, 0, 1, 2}));
    size_t heads = 0;
    for (const Record& r : tr.records)
        if (r.kind == Kind::RdlAdd && r.b == 0) ++heads;
    EXPECT_EQ(heads, 6u * 2u) << "each call splices its two leftovers back at the head";
}

// Two threads sleep in epoll_wait on one epfd: ep_poll adds each with __add_wait_queue_exclusive
// (head insertion), and wake_up(&ep->wq) wakes one exclusive waiter — the one that came last.
static KCo<void> waiter(Sys& sys, int ep, const char* who, std::vector<std::pair<std::string, int64_t>>* out) {
    std::vector<EpollEvent> ev;
    int64_t n = co_await sys.epoll_wait(ep, ev, 8, 5);
    out->push_back({who, n});
}

static KCo<void> lifo_prog(Sys& sys, std::vector<std::pair<std::string, int64_t>>* out) {
    Pairs p;
    co_await make_pairs(sys, 7730, 1, &p);
    int ep = int(co_await sys.epoll_create1());
    co_await sys.epoll_ctl(ep, EPOLL_CTL_ADD, p.server[0], EPOLLIN | EPOLLET, 1);
    co_await sys.thread([ep, out](Sys& s) { return waiter(s, ep, "first", out); });
    co_await sys.sleep(200_us);                               // "first" is asleep in ep_poll
    co_await sys.thread([ep, out](Sys& s) { return waiter(s, ep, "second", out); });
    co_await sys.sleep(200_us);                               // so is "second", in front of it
    co_await sys.send(p.client[0], 10);
    co_await sys.sleep(10_ms);
}

TEST(EpollSemantics, ExclusiveWaitersOnEpWqAreWokenLastInFirstOut) {
    Trace tr;
    Kernel k(machine(1), 1, &tr);
    std::vector<std::pair<std::string, int64_t>> out;
    k.spawn("lifo", 0_ns, [&](Sys& s) { return lifo_prog(s, &out); });
    k.run(20_ms);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0], (std::pair<std::string, int64_t>{"second", 1})) << "the last to call epoll_wait is woken";
    EXPECT_EQ(out[1], (std::pair<std::string, int64_t>{"first", 0})) << "the other sleeps on until its timeout";
}

// While ep_send_events walks its transfer list (ep_start_scan set ovflist = NULL), callbacks
// for newly readable sockets go onto ovflist; ep_done_scan moves them to rdllist, and the next
// epoll_wait reports them — each exactly once.
static KCo<void> sender(Sys& sys, const Pairs* p, int from, int n) {
    for (int j = 0; j < n; ++j) {
        co_await sys.compute(2_us, "between sends");
        co_await sys.send(p->client[size_t(from + j)], 10);
    }
}

static KCo<void> ovf_prog(Sys& sys, Pairs* pp, std::vector<std::vector<uint64_t>>* calls) {
    constexpr int kReady = 400, kLate = 40;
    Pairs& p = *pp;
    co_await make_pairs(sys, 7740, kReady + kLate, &p);
    int ep = int(co_await sys.epoll_create1());
    for (int i = 0; i < kReady; ++i) co_await sys.send(p.client[size_t(i)], 10);
    for (int i = 0; i < kReady + kLate; ++i)
        co_await sys.epoll_ctl(ep, EPOLL_CTL_ADD, p.server[size_t(i)], EPOLLIN | EPOLLET, uint64_t(i));
    co_await sys.thread([pp](Sys& s) { return sender(s, pp, kReady, kLate); });
    std::vector<EpollEvent> ev;
    for (int c = 0; c < 3; ++c) {
        co_await sys.epoll_wait(ep, ev, 1000, 0);
        calls->emplace_back();
        for (auto& e : ev) calls->back().push_back(e.data);
        co_await sys.sleep(1_ms);
    }
}

TEST(EpollSemantics, CallbacksDuringTheTransferLandInOvflistAndAreSplicedBack) {
    Trace tr;
    Kernel k(machine(2), 1, &tr);
    std::vector<std::vector<uint64_t>> calls;
    Pairs pairs;
    k.spawn("ovf", 0_ns, [&](Sys& s) { return ovf_prog(s, &pairs, &calls); });
    k.run(50_ms);
    ASSERT_EQ(calls.size(), 3u);
    // The transfer windows: from each ep_send_events step to the end of its epoll_wait.
    std::vector<std::pair<size_t, size_t>> scans;
    for (size_t i = 0; i < tr.size(); ++i) {
        if (tr.records[i].kind != Kind::KernelStep || tr.str(tr.records[i].name) != "ep_send_events") continue;
        size_t x = find(tr, Kind::SyscallExit, i, "epoll_wait", tr.records[i].task);
        scans.push_back({i, x});
    }
    size_t ovf = 0;
    std::set<uint32_t> ovf_items;
    for (size_t i = 0; i < tr.size(); ++i) {
        const Record& r = tr.records[i];
        if (r.kind != Kind::OvfAdd) continue;
        ++ovf;
        ovf_items.insert(r.obj2);
        bool inside = std::any_of(scans.begin(), scans.end(), [&](auto& s) { return i > s.first && i < s.second; });
        EXPECT_TRUE(inside) << "an OvfAdd outside a transfer at record " << i;
        // ep_done_scan: off ovflist, onto rdllist's head.
        size_t rm = SIZE_MAX;
        for (size_t j = i + 1; j < tr.size(); ++j)
            if (tr.records[j].kind == Kind::OvfRemove && tr.records[j].obj2 == r.obj2) { rm = j; break; }
        ASSERT_NE(rm, SIZE_MAX);
        ASSERT_LT(rm + 1, tr.size());
        EXPECT_EQ(tr.records[rm + 1].kind, Kind::RdlAdd);
        EXPECT_EQ(tr.records[rm + 1].obj2, r.obj2);
        EXPECT_EQ(tr.records[rm + 1].b, 0) << "list_add: the head of rdllist";
    }
    EXPECT_GT(ovf, 0u) << "the sender must hit the harvest window at least once";
    EXPECT_GE(calls[0].size(), 400u);
    // Every late socket is reported exactly once across the three calls (ET: no re-queueing).
    std::multiset<uint64_t> late;
    for (auto& c : calls)
        for (uint64_t d : c)
            if (d >= 400) late.insert(d);
    EXPECT_EQ(late.size(), 40u);
    EXPECT_EQ(std::set<uint64_t>(late.begin(), late.end()).size(), 40u);
}
