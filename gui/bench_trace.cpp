// bench_trace.cpp — see the header.
#include "bench_trace.h"

#include <string>
#include <vector>

namespace ioscope::gui {

using ioscope::Kind;
using ioscope::Record;

namespace {

struct Gen {
    ioscope::Trace& tr;
    int64_t t { 0 };
    uint64_t seed { 0x9E3779B97F4A7C15ull };
    uint64_t next() { seed = seed * 6364136223846793005ull + 1442695040888963407ull; return seed >> 33; }
    Record& add(Kind k, uint8_t cpu, uint32_t task, int64_t dt) {
        t += dt;
        Record r;
        r.t = t; r.kind = k; r.cpu = cpu; r.task = task;
        tr.records.push_back(r);
        return tr.records.back();
    }
};

} // namespace

std::unique_ptr<ioscope::Trace> make_bench_trace(size_t records, unsigned cpus, unsigned tasks_per_cpu) {
    auto trp = std::make_unique<ioscope::Trace>();
    ioscope::Trace& tr = *trp;
    tr.meta.scenario = "bench-synthetic";
    tr.meta.title = "GUI benchmark: synthetic epoll server trace";
    tr.meta.title_zh = "GUI 基准测试: 合成的 epoll 服务器跟踪";
    tr.meta.source = "sim";
    tr.meta.cpus = cpus;
    tr.records.reserve(records + 64);
    Gen g { tr };
    const uint32_t n_recv = tr.intern("recv"), n_epoll = tr.intern("epoll_wait"), n_tcp = tr.intern("tcp_recvmsg"),
                   n_copy = tr.intern("skb_copy_datagram_iter"), n_ep = tr.intern("ep_poll"), n_user = tr.intern("handle request"),
                   n_wait = tr.intern("ep_poll: waiting for events"), n_irq = tr.intern("nic_irq_handler"),
                   n_cb = tr.intern("ep_poll_callback"), n_ctx = tr.intern("server.cpp:88 epoll_wait"),
                   n_req = tr.intern("request"), n_resp = tr.intern("response"), n_netrx = tr.intern("NET_RX");
    const uint32_t tasks = cpus * tasks_per_cpu;
    for (uint32_t k = 0; k < tasks; ++k) {
        Record& r = g.add(Kind::TaskNew, 0xff, 1000 + k, 0);
        r.a = 1000 + k;
        r.name = tr.intern("worker" + std::to_string(k));
    }
    // An eventpoll with a c10k-sized interest set (6,000 epitems, a valid red-black tree: a
    // complete binary tree of sorted fds, the deepest level red), so the epoll inspector the
    // benchmark keeps open draws a big tree; the loop below moves items on and off the ready
    // list and recolours nodes (the layout cache must absorb both).
    constexpr uint32_t kEp = 70000, kItem0 = 80000;
    constexpr int kEpItems = 6000;
    {
        Record& r = g.add(Kind::ObjectNew, 0, 1000, 0);
        r.obj = kEp; r.a = int64_t(ioscope::ObjType::EventPoll); r.name = tr.intern("eventpoll");
        int max_depth = 0;
        while ((2 << max_depth) - 1 < kEpItems) ++max_depth;
        // Node k of the sorted range [lo, hi) at depth d: the middle element, children the halves.
        struct Span { int lo, hi, depth; uint32_t parent; bool right; };
        std::vector<Span> todo { { 0, kEpItems, 0, 0, false } };
        while (!todo.empty()) {
            const Span sp = todo.back();
            todo.pop_back();
            if (sp.lo >= sp.hi) continue;
            const int mid = (sp.lo + sp.hi) / 2;
            Record& n = g.add(Kind::RbInsert, 0, 1000, 1);
            n.obj = kEp; n.obj2 = kItem0 + uint32_t(mid); n.a = 4 + mid; n.c = sp.parent;
            n.b = (sp.depth == max_depth ? 1 : 0) | (sp.right ? 2 : 0);
            todo.push_back({ sp.lo, mid, sp.depth + 1, kItem0 + uint32_t(mid), false });
            todo.push_back({ mid + 1, sp.hi, sp.depth + 1, kItem0 + uint32_t(mid), true });
        }
    }
    const uint32_t n_rb = tr.intern("ep_poll_callback");
    std::vector<uint32_t> curr(cpus, 0);
    int64_t req = 0;
    while (tr.records.size() < records) {
        for (uint8_t c = 0; c < cpus && tr.records.size() < records; ++c) {
            const uint32_t next = 1000 + c + cpus * uint32_t(g.next() % tasks_per_cpu);
            const uint32_t wq = 50000 + next;
            { Record& r = g.add(Kind::ContextSwitch, c, next, 40 + int64_t(g.next() % 60)); r.obj2 = curr[c]; r.name = n_ctx; r.c = (g.next() % 8) == 0; }
            curr[c] = next;
            { Record& r = g.add(Kind::StateChange, c, next, 0); r.a = int64_t(ioscope::TaskState::Running); }
            { Record& r = g.add(Kind::ModeSwitch, c, next, 10); r.a = int64_t(ioscope::CpuMode::User); r.b = int64_t(ioscope::CpuMode::Kernel); }
            { Record& r = g.add(Kind::Marker, c, next, 5); r.name = n_req; r.a = ++req; r.b = int64_t(ioscope::MarkerType::RequestStart); }
            { Record& r = g.add(Kind::UserStep, c, next, 5); r.name = n_user; r.a = 200 + int64_t(g.next() % 800); }
            { Record& r = g.add(Kind::SyscallEnter, c, next, 900); r.name = n_recv; r.a = 4 + int64_t(g.next() % 60); r.b = 4096; }
            { Record& r = g.add(Kind::ModeSwitch, c, next, 0); r.a = int64_t(ioscope::CpuMode::Kernel); r.b = int64_t(ioscope::CpuMode::User); }
            { Record& r = g.add(Kind::KernelStep, c, next, 5); r.name = n_tcp; r.a = 150; }
            { Record& r = g.add(Kind::KernelStep, c, next, 150); r.name = n_copy; r.a = 120; }
            { Record& r = g.add(Kind::CopyToUser, c, next, 120); r.a = 512; r.name = n_copy; }
            { Record& r = g.add(Kind::SockBuf, c, next, 10); r.obj = 60000 + next; r.obj2 = 0; r.a = 0; r.b = -512; }
            { Record& r = g.add(Kind::SyscallExit, c, next, 30); r.name = n_recv; r.a = 512; }
            { Record& r = g.add(Kind::Marker, c, next, 10); r.name = n_resp; r.a = req; r.b = int64_t(ioscope::MarkerType::RequestEnd); }
            { Record& r = g.add(Kind::SyscallEnter, c, next, 300); r.name = n_epoll; r.a = 3; r.b = 64; }
            { Record& r = g.add(Kind::KernelStep, c, next, 5); r.name = n_ep; r.a = 200; }
            { Record& r = g.add(Kind::WqAdd, c, next, 200); r.obj = wq; r.a = next; r.b = 1; r.c = 0; r.name = n_cb; }
            { Record& r = g.add(Kind::StateChange, c, next, 5); r.a = int64_t(ioscope::TaskState::Waiting); r.b = 1; r.name = n_wait; r.obj = wq; }
            // A packet for some other task of this CPU: IRQ, softirq, wakeup, back on the run queue.
            const uint32_t wakee = 1000 + c + cpus * uint32_t(g.next() % tasks_per_cpu);
            { Record& r = g.add(Kind::IrqEnter, c, next, 20); r.a = 33; r.name = n_irq; }
            { Record& r = g.add(Kind::PacketRx, c, 0, 50); r.obj = 60000 + wakee; r.a = 512; r.b = 8; r.c = uint32_t(req); }
            { Record& r = g.add(Kind::SoftirqEnter, c, next, 30); r.name = n_netrx; }
            { Record& r = g.add(Kind::SockBuf, c, 0, 100); r.obj = 60000 + wakee; r.obj2 = 0; r.a = 512; r.b = 512; }
            { Record& r = g.add(Kind::WqRemove, c, wakee, 20); r.obj = 50000 + wakee; r.a = wakee; }
            { Record& r = g.add(Kind::Wakeup, c, wakee, 10); r.obj2 = 0; r.a = c; }
            { Record& r = g.add(Kind::StateChange, c, wakee, 5); r.a = int64_t(ioscope::TaskState::Ready); }
            { Record& r = g.add(Kind::RunqEnqueue, c, wakee, 5); r.a = 1 + int64_t(g.next() % 4); }
            { Record& r = g.add(Kind::SoftirqExit, c, next, 30); (void)r; }
            { Record& r = g.add(Kind::IrqExit, c, next, 10); r.a = 33; }
            { Record& r = g.add(Kind::RunqDequeue, c, next, 40); r.a = int64_t(g.next() % 4); }
            // The epitem of the woken connection goes on the ready list and comes off again.
            const uint32_t item = kItem0 + uint32_t(g.next() % kEpItems);
            { Record& r = g.add(Kind::RdlAdd, c, wakee, 5); r.obj = kEp; r.obj2 = item; r.a = 4 + int64_t(item - kItem0); r.b = 1; r.name = n_rb; }
            { Record& r = g.add(Kind::RdlRemove, c, next, 20); r.obj = kEp; r.obj2 = item; r.a = 4 + int64_t(item - kItem0); }
        }
    }
    tr.records.resize(records);
    tr.meta.end_ns = tr.records.back().t + 1000;
    return trp;
}

} // namespace ioscope::gui
