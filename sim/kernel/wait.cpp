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
    case WakeFn::IoPollWake: return "io_poll_wake";
    }
    return "?";
}

void Kernel::init_waitqueue(WaitQueueHead& wq, uint32_t owner, std::string_view label) {
    wq.id = new_object(ObjType::WaitQueue, label, owner);
}

// add_wait_queue: non-exclusive entries go to the head; add_wait_queue_exclusive: to the tail.
KCo<void> Kernel::add_wait_queue(Cpu& c, WaitQueueHead& wq, WaitEntry& e, bool exclusive, bool head) {
    co_await cpu_step(c, exclusive ? nm("add_wait_queue_exclusive") : nm("add_wait_queue"), cost_.wq_add_ns);
    if (!e.id) e.id = next_entry_++;
    if (exclusive) e.flags |= WQ_FLAG_EXCLUSIVE;
    else e.flags &= ~WQ_FLAG_EXCLUSIVE;
    head = head || !exclusive;
    if (head) wq.entries.push_front(&e);
    else wq.entries.push_back(&e);
    e.linked = true;
    metrics_.wait_queue_adds++;
    Record& r = emit(Kind::WqAdd, c.id, e.task ? e.task->tid : 0);
    r.obj = wq.id;
    r.a = e.id;
    r.b = e.flags;
    r.c = head ? 0 : 1;
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
// walk, of each try_to_wake_up and of each callback is charged (wake_up below).
int Kernel::wake_walk(Cpu& c, WaitQueueHead& wq, int nr_exclusive, uint32_t key, WakeCost& cost) {
    cost.walk += cost_.wq_walk_base_ns;
    int woken = 0;
    uint32_t waker = (c.curr && (c.mode == CpuMode::Kernel || c.mode == CpuMode::User)) ? c.curr->tid : 0;
    std::vector<WaitEntry*> snapshot(wq.entries.begin(), wq.entries.end());
    for (WaitEntry* e : snapshot) {
        if (!e->linked) continue;
        cost.walk += cost_.wq_walk_per_entry_ns;
        int ret = 0;
        bool woke_task = false;
        switch (e->func) {
        case WakeFn::Woken:
            e->flags |= WQ_FLAG_WOKEN;                     // seen by wait_woken(): do not sleep
            ret = woke_task = e->task && ttwu(c, *e->task);
            break;
        case WakeFn::Default:
            ret = woke_task = e->task && ttwu(c, *e->task);
            break;
        case WakeFn::Autoremove:
            ret = woke_task = e->task && ttwu(c, *e->task);
            if (ret) unlink(*this, c, wq, *e);             // list_del_init on success
            break;
        case WakeFn::Pollwake: {
            // pollwake: ignore events the entry did not ask for; otherwise mark the poll table
            // triggered and wake the polling task — without saying which fd it was.
            auto* pwq = static_cast<PollWqueues*>(e->priv);
            if (key && !(key & e->key)) { ret = 0; break; }
            pwq->triggered = true;
            ret = woke_task = pwq->polling_task && ttwu(c, *pwq->polling_task);
            break;
        }
        case WakeFn::EpCallback:
            ret = ep_poll_callback(c, *e, key, cost);
            break;
        case WakeFn::IoPollWake:
            ret = io_poll_wake(c, wq, *e, cost);
            woke_task = ret > 1;
            ret = ret ? 1 : 0;
            break;
        }
        if (woke_task) { cost.ttwu += cost_.try_to_wake_up_ns; ++woken; }
        Record& r = emit(Kind::WqWake, c.id, e->task ? e->task->tid : 0);
        r.obj = wq.id;
        r.a = e->id;
        r.b = ret;
        r.name = nm(wake_fn_name(e->func));
        r.obj2 = waker;
        if (ret < 0) break;
        if (ret && (e->flags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive) break;
    }
    return woken;
}

KCo<int> Kernel::wake_up(Cpu& c, WaitQueueHead& wq, int nr_exclusive, uint32_t key) {
    WakeCost cost;
    int woken = wake_walk(c, wq, nr_exclusive, key, cost);
    co_await cpu_step(c, nm("__wake_up_common"), cost.walk);
    co_await cpu_step(c, nm("ep_poll_callback"), cost.ep_callbacks);
    co_await cpu_step(c, nm("io_poll_wake"), cost.io_callbacks);
    co_await cpu_step(c, nm("try_to_wake_up"), cost.ttwu);
    co_return woken;
}

} // namespace ioscope
