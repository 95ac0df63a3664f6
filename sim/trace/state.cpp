// state.cpp — State::apply (one record at a time) and the keyframe Reconstructor.
//
// apply() follows the per-Kind field comments in record.h exactly. It never derives a change the
// trace does not record (e.g. a ContextSwitch does not set the next task's state: the simulator
// emits a StateChange for that). Records naming unknown tasks/objects, out-of-range enum values
// or absurd indexes are tolerated: the record is ignored or the entry is created on first use,
// so a cut, imported or hand-edited trace always loads.
#include "state.h"

#include <algorithm>

namespace ioscope {

namespace {

// Upper bound for vectors indexed by record arguments (fd-set words, pollfd slots): 2^16 words
// is 4 Mi fds, far beyond any scenario, and keeps a garbage index from allocating gigabytes.
constexpr int64_t kMaxIndex = 1 << 16;

template <class V, class T>
void erase_first(V& v, const T& x) {
    auto it = std::find(v.begin(), v.end(), x);
    if (it != v.end()) v.erase(it);
}

// The epoll interest tree (record.h: RbInsert .. RbRotate), on the map EpollInfo::items.edit()
// returned (the tree records change it; reading it through edit() would unshare it needlessly).
using RbNodes = std::map<uint32_t, EpItemInfo>;

// A node by id, or null.
EpItemInfo* rb_node(RbNodes& m, uint32_t id) {
    if (!id) return nullptr;
    auto it = m.find(id);
    return it == m.end() ? nullptr : &it->second;
}

// Hang `id` (0: nothing) in `parent`'s slot on side `right`; parent 0 makes it a root.
void rb_link(RbNodes& m, uint32_t parent, bool right, uint32_t id) {
    if (EpItemInfo* p = rb_node(m, parent)) p->child[right] = id;
    if (EpItemInfo* n = rb_node(m, id)) {
        n->parent = parent;
        n->right = parent && right ? 1 : 0;
    }
}

// Bytes a std::map node costs beyond its value (three pointers, colour, allocator slack).
constexpr size_t kNodeOverhead = 48;

} // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] State::apply
// ---------------------------------------------------------------------------------------------

void State::apply(const Record& r, const StringTable& strings) {
    now = r.t;
    ++position;

    // Grow the CPU array on demand: an imported trace may not say how many CPUs it had.
    CpuInfo* cpu = nullptr;
    if (r.cpu != kNoCpu) {
        if (r.cpu >= cpus.size()) cpus.resize(size_t(r.cpu) + 1);
        cpu = &cpus[r.cpu];
    }
    // The task a record describes; created on first mention (tid 0 is the idle task: no entry).
    auto task_of = [&](uint32_t tid) -> TaskInfo* {
        if (tid == 0) return nullptr;
        TaskInfo& t = tasks[tid];
        t.tid = tid;
        return &t;
    };
    // Charge the time since the CPU's last mode change to that mode and, for user/kernel time,
    // to the task on the CPU. Called before anything that changes the mode or the current task.
    auto charge = [&](CpuInfo& c) {
        int64_t dt = r.t - c.mode_since;
        if (dt > 0) {
            c.busy_ns[size_t(c.mode)] += dt;
            if (c.curr != 0 && (c.mode == CpuMode::User || c.mode == CpuMode::Kernel)) {
                TaskInfo* t = task_of(c.curr);
                (c.mode == CpuMode::User ? t->user_ns : t->kernel_ns) += dt;
            }
        }
        c.mode_since = r.t;
    };

    switch (r.kind) {
    // --- run metadata and objects -----------------------------------------------------------
    case Kind::TaskNew: {
        if (r.task == 0) break;
        TaskInfo t;
        t.tid = r.task;
        t.pid = uint32_t(r.a);
        t.parent = uint32_t(r.b);
        t.comm = r.name;
        t.thread = (r.c & 1) != 0;
        t.state_since = r.t;
        tasks[r.task] = t;
        break;
    }
    case Kind::TaskExit: {
        TaskInfo* t = task_of(r.task);
        if (!t) break;
        t->exit_code = r.a;
        if (t->state != TaskState::Terminated) t->state_since = r.t;
        t->state = TaskState::Terminated;
        t->lstate = LinuxState::Zombie;
        t->syscall = 0;                    // exit never returns to user mode
        break;
    }
    case Kind::TaskCrash: {
        TaskInfo* t = task_of(r.task);
        if (!t) break;
        t->crashed = true;
        t->crash_msg = r.name;
        break;
    }
    case Kind::TaskRename: {
        // __set_task_comm: the name every later look at the task shows (ps, top, /proc/PID/comm).
        TaskInfo* t = task_of(r.task);
        if (t) t->comm = r.name;
        break;
    }
    case Kind::ObjectNew: {
        // Keep waiters an earlier record may have attached to a not-yet-announced id.
        ObjectInfo& o = objects[r.obj];
        o.id = r.obj;
        o.type = ObjType(uint8_t(r.a));
        o.owner = r.obj2;
        o.task = r.task;
        o.label = r.name;
        o.alive = true;
        if (o.type == ObjType::Socket || o.type == ObjType::ListenSocket) sockets[r.obj];
        if (o.type == ObjType::EventPoll) epolls[r.obj];
        break;
    }
    case Kind::ObjectFree: {
        // The object stays listed (dead) so inspectors can still name it; its contents go.
        auto it = objects.find(r.obj);
        if (it != objects.end()) {
            it->second.alive = false;
            it->second.waiters.clear();
        }
        sockets.erase(r.obj);
        epolls.erase(r.obj);
        pollfds.erase(r.obj);
        aio.erase(r.obj);
        break;
    }
    case Kind::FdInstall:
        fds[uint32_t(r.b)][r.a] = r.obj;
        break;
    case Kind::FdClose: {
        auto it = fds.find(uint32_t(r.b));
        if (it == fds.end()) break;
        it->second.erase(r.a);
        if (it->second.empty()) fds.erase(it);
        break;
    }

    // --- CPU, scheduler ----------------------------------------------------------------------
    case Kind::ModeSwitch: {
        if (!cpu || r.a < 0 || r.a > int64_t(CpuMode::Irq)) break;
        charge(*cpu);
        cpu->mode = CpuMode(r.a);
        // Returning to user mode passes the kernel's resched check (exit_to_user_mode_loop):
        // either schedule() ran (and cleared the flag) or there was nothing to do.
        if (cpu->mode == CpuMode::User) cpu->need_resched = false;
        if (TaskInfo* t = task_of(r.task)) t->cpu = r.cpu;
        break;
    }
    case Kind::StateChange: {
        TaskInfo* t = task_of(r.task);
        if (!t || r.a < 0 || r.a > int64_t(TaskState::Terminated)) break;
        if (r.b < 0 || r.b > int64_t(LinuxState::New)) break;
        t->state = TaskState(r.a);
        t->lstate = LinuxState(r.b);
        t->last_wait_end = WaitEnd(uint8_t(r.c));
        t->wait_reason = r.name;
        t->wait_queue = r.obj;
        t->state_since = r.t;
        break;
    }
    case Kind::RunqEnqueue:
        if (cpu && r.task != 0) cpu->runq.push_back(r.task);
        break;
    case Kind::RunqDequeue:
        if (cpu) erase_first(cpu->runq, r.task);
        break;
    case Kind::ContextSwitch: {
        if (!cpu) break;
        charge(*cpu);                      // time so far belongs to the outgoing task
        if (TaskInfo* prev = task_of(r.obj2)) {
            (r.c == 1 ? prev->nivcsw : prev->nvcsw)++;
            prev->saved_context = r.name;
        }
        cpu->curr = r.task;
        cpu->need_resched = false;         // __schedule() clears TIF_NEED_RESCHED
        cpu->switches++;
        context_switches++;
        if (TaskInfo* next = task_of(r.task)) next->cpu = r.cpu;
        break;
    }
    case Kind::ClockTick:
        if (cpu) cpu->jiffies = uint64_t(r.a);
        break;
    case Kind::NeedResched:
        if (cpu) cpu->need_resched = true;
        break;
    case Kind::IrqEnter:
    case Kind::SoftirqEnter:
    case Kind::KernelStep:
    case Kind::CopyFromUser:
    case Kind::CopyToUser:
        if (cpu && r.name) cpu->last_fn = r.name;
        break;
    case Kind::IrqExit:
    case Kind::SoftirqExit:
        break;
    case Kind::UserStep:
        // deliver_signals: setup_rt_frame builds the signal frame, then the handler runs in
        // user mode until rt_sigreturn (handle_signal in arch/x86/kernel/signal.c).
        if (TaskInfo* t = task_of(r.task); t && t->last_signal && strings.get(r.name) == "setup_rt_frame")
            t->handler_signo = t->last_signal;
        break;
    case Kind::Wakeup: {
        wakeups++;
        if (TaskInfo* t = task_of(r.task)) t->wakeups++;
        break;
    }

    // --- system calls --------------------------------------------------------------------------
    case Kind::SyscallEnter: {
        TaskInfo* t = task_of(r.task);
        if (!t) break;
        t->syscall = r.name;
        t->syscall_since = r.t;
        t->syscall_args[0] = r.a;
        t->syscall_args[1] = r.b;
        t->syscall_args[2] = int64_t(r.c);
        t->syscalls++;
        syscalls++;
        if (r.cpu != kNoCpu) t->cpu = r.cpu;
        t->scan_fd = -1;
        t->scan_pass = 0;
        const std::string_view call = strings.get(r.name);
        if (call == "select" || call == "pselect6") t->fdset_in = t->fdset_out = 0;
        if (call == "rt_sigreturn") t->handler_signo = 0;
        break;
    }
    case Kind::SyscallExit: {
        TaskInfo* t = task_of(r.task);
        if (!t) break;
        t->syscall = 0;
        t->syscall_since = 0;
        t->syscall_args[0] = t->syscall_args[1] = t->syscall_args[2] = 0;
        t->last_ret = r.a;
        t->scan_fd = -1;
        t->scan_pass = 0;
        break;
    }

    // --- network -----------------------------------------------------------------------------
    case Kind::PacketRx:
        if (r.obj) sockets[r.obj].packets_rx++;
        break;
    case Kind::PacketTx:
        if (r.obj) sockets[r.obj].packets_tx++;
        break;
    case Kind::SockBuf:
        if (r.obj && r.obj2 <= uint32_t(SockQueue::Backlog)) sockets[r.obj].queue[r.obj2] = r.a;
        break;
    case Kind::SockState: {
        if (!r.obj || r.a < 0 || r.a > int64_t(TcpState::TimeWait)) break;
        SocketInfo& s = sockets[r.obj];
        s.state = TcpState(r.a);
        s.rcv_shutdown = r.b != 0;
        break;
    }

    // --- wait queues -------------------------------------------------------------------------
    case Kind::WqAdd: {
        auto [it, fresh] = objects.try_emplace(r.obj);
        ObjectInfo& o = it->second;
        if (fresh) { o.id = r.obj; o.type = ObjType::WaitQueue; }
        WaitEntryInfo e;
        e.id = uint32_t(r.a);
        e.task = r.task;
        e.func = r.name;
        e.flags = uint32_t(r.b);
        e.owner = r.obj2;
        if (r.c == 1) o.waiters.push_back(e);
        else o.waiters.insert(o.waiters.begin(), e);
        break;
    }
    case Kind::WqRemove: {
        auto it = objects.find(r.obj);
        if (it == objects.end()) break;
        auto& w = it->second.waiters;
        auto e = std::find_if(w.begin(), w.end(),
                              [&](const WaitEntryInfo& x) { return x.id == uint32_t(r.a); });
        if (e != w.end()) w.erase(e);
        break;
    }
    case Kind::WqWake:
        // The wake function's effects are recorded separately (Wakeup, WqRemove for
        // autoremove_wake_function), so the wake itself changes nothing here.
        break;

    // --- select / poll -------------------------------------------------------------------------
    case Kind::FdSetCopyIn:
    case Kind::FdSetCopyOut: {
        TaskInfo* t = task_of(r.task);
        if (!t || r.c > 2) break;
        (r.kind == Kind::FdSetCopyIn ? t->fdset_in : t->fdset_out) |= uint8_t(1u << r.c);
        t->fdset_n = r.a;
        t->fdset_bytes = r.b;
        break;
    }
    case Kind::FdPoll:
        if (TaskInfo* t = task_of(r.task)) { t->scan_fd = r.a; t->scan_pass = r.c; }
        break;
    case Kind::FdSetWord: {
        if (r.a < 0 || r.a >= kMaxIndex) break;
        auto& words = fdsets[(uint64_t(r.task) << 8) | (r.c & 0xff)];
        if (size_t(r.a) >= words.size()) words.resize(size_t(r.a) + 1, 0);
        words[size_t(r.a)] = uint64_t(r.b);
        break;
    }
    case Kind::PollfdWrite: {
        if (r.a < 0 || r.a >= kMaxIndex) break;
        auto& slots = pollfds[r.obj];
        if (size_t(r.a) >= slots.size()) slots.resize(size_t(r.a) + 1, 0);
        slots[size_t(r.a)] = uint64_t(r.b);
        break;
    }

    // --- epoll -------------------------------------------------------------------------------
    case Kind::RbInsert: {
        RbNodes& m = epolls[r.obj].items.edit();
        auto [it, fresh] = m.try_emplace(r.obj2);
        EpItemInfo& n = it->second;
        // A node already in the tree (a hand-made trace restating it) leaves its old slot first.
        if (!fresh)
            if (EpItemInfo* p = rb_node(m, n.parent); p && p->child[n.right] == r.obj2) p->child[n.right] = 0;
        n.fd = uint32_t(r.a);
        n.colour = uint8_t(r.b & 1);
        rb_link(m, r.c, (r.b >> 1) & 1, r.obj2);
        break;
    }
    case Kind::RbErase: {
        // __rb_erase_augmented, on State's copy of the links.
        auto eit = epolls.find(r.obj);
        if (eit == epolls.end() || !eit->second.items.count(r.obj2)) break;
        RbNodes& m = eit->second.items.edit();
        auto zit = m.find(r.obj2);
        const EpItemInfo z = zit->second;
        m.erase(zit);
        const uint32_t l = rb_node(m, z.child[0]) ? z.child[0] : 0;
        const uint32_t rt = rb_node(m, z.child[1]) ? z.child[1] : 0;
        if (!l || !rt) {                     // a lone child (or nothing) takes its place and colour
            const uint32_t c = l ? l : rt;
            rb_link(m, z.parent, z.right, c);
            if (c) rb_node(m, c)->colour = z.colour;
            break;
        }
        uint32_t s = rt, gap = rt;           // the successor, and where it leaves a hole
        size_t guard = m.size();             // a cycle in a hand-edited trace ends the walk
        for (EpItemInfo* n = rb_node(m, s); guard-- && rb_node(m, n->child[0]); n = rb_node(m, s)) {
            gap = s;
            s = n->child[0];
        }
        EpItemInfo& sn = *rb_node(m, s);
        const uint32_t moved = rb_node(m, sn.child[1]) ? sn.child[1] : 0;
        if (gap != s) {
            rb_link(m, gap, false, moved);
            rb_link(m, s, true, rt);
        }
        rb_link(m, s, false, l);
        rb_link(m, z.parent, z.right, s);
        sn.colour = z.colour;
        if (moved) rb_node(m, moved)->colour = 0;
        break;
    }
    case Kind::RbRecolor: {
        auto it = epolls.find(r.obj);
        if (it == epolls.end() || !it->second.items.count(r.obj2)) break;
        it->second.items.edit().at(r.obj2).colour = uint8_t(r.b & 1);
        break;
    }
    case Kind::RbRotate: {
        // The pivot's child on the far side comes up into its place; the pivot becomes that
        // child's near child and takes over its inner subtree.
        EpollInfo& e = epolls[r.obj];
        e.rotations++;
        const bool right = (r.b & 1) != 0;
        auto pit = e.items.find(r.obj2);
        if (pit == e.items.end()) break;
        const uint32_t up = pit->second.child[!right];
        if (!up || up == r.obj2 || !e.items.count(up)) break;
        RbNodes& m = e.items.edit();
        EpItemInfo* p = rb_node(m, r.obj2);
        EpItemInfo* u = rb_node(m, up);
        const uint32_t gp = p->parent;
        const bool side = p->right != 0;
        const uint32_t inner = rb_node(m, u->child[right]) ? u->child[right] : 0;
        rb_link(m, r.obj2, !right, inner);
        rb_link(m, gp, side, up);
        rb_link(m, up, right, r.obj2);
        break;
    }
    case Kind::RdlAdd: {
        auto& l = epolls[r.obj].rdllist;
        if (r.b == 1) l.push_back(r.obj2);
        else l.insert(l.begin(), r.obj2);
        break;
    }
    case Kind::RdlRemove: {
        auto it = epolls.find(r.obj);
        if (it != epolls.end()) erase_first(it->second.rdllist, r.obj2);
        break;
    }
    case Kind::OvfAdd: {
        // The kernel's ovflist is a singly linked stack: ep_poll_callback pushes at the head.
        auto& l = epolls[r.obj].ovflist;
        l.insert(l.begin(), r.obj2);
        break;
    }
    case Kind::OvfRemove: {
        auto it = epolls.find(r.obj);
        if (it != epolls.end()) erase_first(it->second.ovflist, r.obj2);
        break;
    }

    // --- signals, AIO, timers, user level ------------------------------------------------------
    case Kind::SignalRaise:
        if (r.a >= 1 && r.a < 64)
            if (TaskInfo* t = task_of(r.task)) t->pending_signals |= uint64_t(1) << r.a;
        break;
    case Kind::SignalDeliver:
        if (r.a >= 1 && r.a < 64)
            if (TaskInfo* t = task_of(r.task)) {
                t->pending_signals &= ~(uint64_t(1) << r.a);
                t->last_signal = uint32_t(r.a);
            }
        break;
    case Kind::AioSubmit: {
        AioInfo& q = aio[r.obj];
        q.inflight.push_back(AioRequestInfo { r.task, r.a, r.b, r.t });
        q.submitted++;
        break;
    }
    case Kind::AioComplete: {
        AioInfo& q = aio[r.obj];
        auto it = std::find_if(q.inflight.begin(), q.inflight.end(),
                               [&](const AioRequestInfo& x) { return x.id == r.a && x.task == r.task; });
        if (it != q.inflight.end()) q.inflight.erase(it);
        q.completed.push_back(AioRequestInfo { r.task, r.a, r.b, r.t });
        if (q.completed.size() > AioInfo::kAioKeep) q.completed.erase(q.completed.begin());
        q.completions++;
        break;
    }
    case Kind::TimerArm:
    case Kind::TimerFire:
    case Kind::TimerCancel:
    case Kind::Marker:
    case Kind::Narration:
    case Kind::Count_:
        break;
    }
}

size_t State::approx_bytes(const State* shared_with) const {
    size_t n = sizeof(State);
    n += tasks.size() * (sizeof(TaskInfo) + sizeof(uint32_t) + kNodeOverhead);
    for (auto& c : cpus) n += sizeof(CpuInfo) + c.runq.capacity() * sizeof(uint32_t);
    for (auto& [id, o] : objects)
        n += sizeof(ObjectInfo) + kNodeOverhead + o.waiters.capacity() * sizeof(WaitEntryInfo);
    n += sockets.size() * (sizeof(SocketInfo) + kNodeOverhead);
    for (auto& [pid, table] : fds)
        n += kNodeOverhead + sizeof(table) + table.size() * (kNodeOverhead + 16);
    for (auto& [id, e] : epolls) {
        n += kNodeOverhead + sizeof(EpollInfo) + (e.rdllist.capacity() + e.ovflist.capacity()) * sizeof(uint32_t);
        // The tree's nodes are not ours to count when `shared_with` holds the very same ones.
        if (shared_with)
            if (auto o = shared_with->epolls.find(id); o != shared_with->epolls.end() && e.items.shares_with(o->second.items))
                continue;
        n += e.items.size() * (kNodeOverhead + sizeof(EpItemInfo));
    }
    for (auto& [k, w] : fdsets) n += kNodeOverhead + sizeof(w) + w.capacity() * sizeof(uint64_t);
    for (auto& [k, w] : pollfds) n += kNodeOverhead + sizeof(w) + w.capacity() * sizeof(uint64_t);
    for (auto& [k, q] : aio)
        n += kNodeOverhead + sizeof(AioInfo) + (q.inflight.capacity() + q.completed.capacity()) * sizeof(AioRequestInfo);
    return n;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Reconstructor
// ---------------------------------------------------------------------------------------------

namespace {

uint32_t initial_cpus(const Trace& trace) {
    return std::clamp<uint32_t>(trace.meta.cpus, 1, 255);
}

} // namespace

// One forward pass. Automatic mode measures a candidate keyframe (approx_bytes walks the whole
// State) only when the budget left could pay for the last one measured: after a keyframe is
// stored the next candidate is always measured; a rejected one is not measured again before the
// budget has grown by its size. So a big State is measured about twice per keyframe, not every
// 1024 records.
Reconstructor::Reconstructor(const Trace& trace, size_t keyframe_interval)
    : trace_(trace), step_(keyframe_interval ? keyframe_interval : 1024), cur_(initial_cpus(trace)) {
    constexpr size_t kBytesPerRecord = 8;
    const bool automatic = keyframe_interval == 0;
    const size_t n = trace_.records.size();
    State s(initial_cpus(trace_));
    keyframes_.push_back(s);
    kf_pos_.push_back(0);
    size_t total = s.approx_bytes();
    size_t last_cost = 0;                        // the last candidate's cost, 0 after a keyframe
    for (size_t i = 0; i < n; ++i) {
        s.apply(trace_.records[i], trace_.strings);
        const size_t pos = i + 1;
        if (pos % step_ != 0) continue;
        if (automatic) {
            const size_t budget = kBytesPerRecord * pos;
            if (total + last_cost > budget) continue;
            last_cost = s.approx_bytes(&keyframes_.back());
            if (total + last_cost > budget) continue;
            total += last_cost;
            last_cost = 0;
        }
        keyframes_.push_back(s);
        kf_pos_.push_back(pos);
    }
    for (size_t k = 0; k < kf_pos_.size(); ++k)
        max_gap_ = std::max(max_gap_, (k + 1 < kf_pos_.size() ? kf_pos_[k + 1] : n) - kf_pos_[k]);
    cur_ = keyframes_.front();
}

const State& Reconstructor::seek(size_t position) {
    const size_t n = trace_.records.size();
    position = std::min(position, n);
    if (position == cur_.position) return cur_;
    // The nearest keyframe at or before the target.
    const size_t k = size_t(std::upper_bound(kf_pos_.begin(), kf_pos_.end(), position) - kf_pos_.begin()) - 1;
    // Replaying forward from where we are is cheapest when no keyframe lies in between, or when the
    // target is close ahead (a step across a keyframe copies no State).
    const bool forward = position > cur_.position && (kf_pos_[k] <= cur_.position || position - cur_.position <= step_);
    if (!forward) cur_ = keyframes_[k];
    while (cur_.position < position) cur_.apply(trace_.records[cur_.position], trace_.strings);
    return cur_;
}

size_t Reconstructor::keyframe_bytes() const {
    size_t n = 0;
    for (size_t k = 0; k < keyframes_.size(); ++k) n += keyframes_[k].approx_bytes(k ? &keyframes_[k - 1] : nullptr);
    return n;
}

} // namespace ioscope
