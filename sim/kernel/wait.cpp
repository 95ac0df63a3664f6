// wait.cpp — wait queues (include/linux/wait.h, kernel/sched/wait.c): add/remove and
// __wake_up_common with the wake functions, each recorded so the GUI can draw the entries.
#include "kernel.h"

namespace ioscope {

const char* wake_fn_name(WakeFn f) {
    switch (f) {
    case WakeFn::Default: return "default_wake_function";
    case WakeFn::Autoremove: return "autoremove_wake_function";
    case WakeFn::Woken: return "woken_wake_function";
    case WakeFn::Pollwake: return "pollwake";
    case WakeFn::EpCallback: return "ep_poll_callback";
    }
    return "?";
}

void Kernel::init_waitqueue(WaitQueueHead& wq, uint32_t owner, std::string_view label) {
    wq.id = new_object(ObjType::WaitQueue, label, owner);
}

// add_wait_queue: non-exclusive entries go to the head; add_wait_queue_exclusive: to the tail.
KCo<void> Kernel::add_wait_queue(Cpu& c, WaitQueueHead& wq, WaitEntry& e, bool exclusive) {
    co_await cpu_step(c, exclusive ? nm("add_wait_queue_exclusive") : nm("add_wait_queue"), cost_.wq_add_ns);
    if (!e.id) e.id = next_entry_++;
    if (exclusive) { e.flags |= WQ_FLAG_EXCLUSIVE; wq.entries.push_back(&e); }
    else { e.flags &= ~WQ_FLAG_EXCLUSIVE; wq.entries.push_front(&e); }
    e.linked = true;
    metrics_.wait_queue_adds++;
    Record& r = emit(Kind::WqAdd, c.id, e.task ? e.task->tid : 0);
    r.obj = wq.id;
    r.a = e.id;
    r.b = e.flags;
    r.c = exclusive ? 1 : 0;
    r.name = nm(wake_fn_name(e.func));
    r.obj2 = e.owner;
}

static void unlink(Kernel& k, Cpu& c, WaitQueueHead& wq, WaitEntry& e) {
    wq.entries.remove(&e);
    e.linked = false;
    Record& r = k.emit(Kind::WqRemove, c.id, e.task ? e.task->tid : 0);
    r.obj = wq.id;
    r.a = e.id;
}

KCo<void> Kernel::remove_wait_queue(Cpu& c, WaitQueueHead& wq, WaitEntry& e) {
    if (!e.linked) co_return;                          // autoremove already unlinked it
    co_await cpu_step(c, nm("remove_wait_queue"), cost_.wq_remove_ns);
    if (e.linked) unlink(*this, c, wq, e);
}

// __wake_up_common: walk the entries in list order calling each wake function; stop after
// nr_exclusive exclusive entries that woke something. The walk holds wq_head->lock, so it is
// atomic with respect to other CPUs: the state changes happen at once, then the CPU time of the
// walk and of each try_to_wake_up is charged.
KCo<int> Kernel::wake_up(Cpu& c, WaitQueueHead& wq, int nr_exclusive, uint32_t key) {
    co_await cpu_step(c, nm("__wake_up_common"), cost_.wq_walk_base_ns);
    int woken = 0;
    int visited = 0;
    uint32_t waker = (c.curr && (c.mode == CpuMode::Kernel || c.mode == CpuMode::User)) ? c.curr->tid : 0;
    std::vector<WaitEntry*> snapshot(wq.entries.begin(), wq.entries.end());
    for (WaitEntry* e : snapshot) {
        if (!e->linked) continue;
        ++visited;
        int ret = 0;
        switch (e->func) {
        case WakeFn::Woken:
            e->flags |= WQ_FLAG_WOKEN;                     // seen by wait_woken(): do not sleep
            ret = e->task && ttwu(c, *e->task) ? 1 : 0;
            break;
        case WakeFn::Default:
            ret = e->task && ttwu(c, *e->task) ? 1 : 0;
            break;
        case WakeFn::Autoremove:
            ret = e->task && ttwu(c, *e->task) ? 1 : 0;
            if (ret) unlink(*this, c, wq, *e);             // list_del_init on success
            break;
        case WakeFn::Pollwake: {
            // pollwake: ignore events the entry did not ask for; otherwise mark the poll table
            // triggered and wake the polling task — without saying which fd it was.
            auto* pwq = static_cast<PollWqueues*>(e->priv);
            if (key && !(key & e->key)) { ret = 0; break; }
            pwq->triggered = true;
            ret = pwq->polling_task && ttwu(c, *pwq->polling_task) ? 1 : 0;
            break;
        }
        case WakeFn::EpCallback:
            ret = 0;                                        // modelled with epoll
            break;
        }
        Record& r = emit(Kind::WqWake, c.id, e->task ? e->task->tid : 0);
        r.obj = wq.id;
        r.a = e->id;
        r.b = ret;
        r.name = nm(wake_fn_name(e->func));
        r.obj2 = waker;
        woken += ret;
        if (ret < 0) break;
        if (ret && (e->flags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive) break;
    }
    co_await cpu_step(c, nm("__wake_up_common"), cost_.wq_walk_per_entry_ns * visited);
    co_await cpu_step(c, nm("try_to_wake_up"), cost_.try_to_wake_up_ns * woken);
    co_return woken;
}

} // namespace ioscope
