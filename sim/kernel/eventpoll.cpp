// eventpoll.cpp — epoll as fs/eventpoll.c does it (KERNEL.md §3): epoll_create1, epoll_ctl with
// ep_find / ep_insert / ep_modify / ep_remove on a red-black tree, ep_poll_callback pushing the
// epitem onto rdllist (or ovflist during a transfer), and epoll_wait -> ep_poll -> ep_send_events
// re-polling each ready item and copying events out one by one with __put_user (no mmap).
#include "sys.h"

#include <cerrno>

namespace ioscope {

static EpItem* as_item(RbNode* n) { return reinterpret_cast<EpItem*>(n); }

// The interest tree's records, one per step of lib/rbtree.c, in its order (record.h: RbInsert,
// RbErase, RbRecolor, RbRotate), attributed to the task changing the tree.
RbTree::Observer Kernel::ep_tree_observer(EventPoll& ep, uint8_t cpu, uint32_t task) {
    return [this, &ep, cpu, task](const RbChange& ch) {
        static constexpr Kind kKinds[] = { Kind::RbInsert, Kind::RbErase, Kind::RbRotate, Kind::RbRecolor };   // by Op
        EpItem* it = as_item(ch.node);
        Record& r = emit(kKinds[size_t(ch.op)], cpu, task);
        r.obj = ep.id;
        r.obj2 = it->id;
        r.a = it->fd;
        switch (ch.op) {
        case RbChange::Op::Link:                   // rb_link_node: always a red leaf
            r.b = (ch.node->red ? 1 : 0) | (ch.right ? 2 : 0);
            r.c = ch.other ? as_item(ch.other)->id : 0;
            break;
        case RbChange::Op::Erase:
            r.c = ch.other ? as_item(ch.other)->id : 0;
            break;
        case RbChange::Op::Rotate:
            r.b = ch.right ? 1 : 0;
            r.c = uint32_t(ch.step);
            break;
        case RbChange::Op::Recolor:
            r.b = ch.node->red ? 1 : 0;
            r.c = uint32_t(ch.step);
            break;
        }
    };
}

KCo<int64_t> Kernel::sys_epoll_create1(Task& t) {
    uint32_t name = nm("epoll_create1");
    co_await syscall_enter(t, name, 0);
    if (t.files->peek() >= t.rlimit_nofile) co_return co_await syscall_exit(t, name, -EMFILE);   // get_unused_fd_flags
    co_await step(t, nm("ep_alloc"), cost_.ep_alloc_ns);
    auto ep = std::make_unique<EventPoll>();
    ep->id = new_object(ObjType::EventPoll, "eventpoll", 0, t.tid);
    cache_touch(t.cpu, ep->id, cost_.eventpoll_lines, true);   // ep_alloc wrote it: hot
    init_waitqueue(ep->wq, ep->id, "ep->wq");
    EventPoll& e = *ep;
    eventpolls_.push_back(std::move(ep));
    auto f = std::make_unique<File>();
    f->id = e.id;
    f->ep = &e;
    files_.push_back(std::move(f));
    int fd = fd_install(t, *files_.back());
    co_return co_await syscall_exit(t, name, fd);
}

// ep_item_poll with ep_ptable_queue_proc: hook ep_poll_callback on the socket's wait queue.
static uint32_t item_poll_mask(const Kernel& k, const EpItem& epi) {
    uint32_t mask = epi.file->sock ? k.tcp_poll(*epi.file->sock) : 0;
    return mask & epi.event.events & ~EP_PRIVATE_BITS;
}

KCo<int64_t> Kernel::sys_epoll_ctl(Task& t, int epfd, int op, int fd, EpollEvent ev) {
    uint32_t name = nm("epoll_ctl");
    co_await syscall_enter(t, name, epfd, op, fd);
    cache_account_syscalls(t.cpu);
    co_await step(t, nm("do_epoll_ctl"), cost_.epoll_ctl_base_ns);
    if (op != EPOLL_CTL_DEL) metrics_.bytes_copied_from_user += 12;
    File* f = fd_get(t, epfd);
    File* tf = fd_get(t, fd);
    if (!f || !tf) co_return co_await syscall_exit(t, name, -EBADF);
    if (!f->ep || f == tf) co_return co_await syscall_exit(t, name, -EINVAL);
    if (!tf->sock) co_return co_await syscall_exit(t, name, tf->ep ? -EINVAL : -EPERM);   // nesting: not modelled
    if ((ev.events & EPOLLEXCLUSIVE) && op != EPOLL_CTL_ADD) co_return co_await syscall_exit(t, name, -EINVAL);
    EventPoll& ep = *f->ep;
    int steps = 0;
    RbNode* found = ep.rbr.find([&](const RbNode* n) {                 // ep_find: O(log n)
        const EpItem* it = reinterpret_cast<const EpItem*>(n);
        if (fd != it->fd) return fd < it->fd ? -1 : 1;
        return tf == it->file ? 0 : (tf < it->file ? -1 : 1);
    }, &steps);
    co_await step(t, nm("ep_find"), cost_.ep_rb_step_ns * (steps + 1));
    EpItem* epi = found ? as_item(found) : nullptr;
    if (op == EPOLL_CTL_ADD) {
        if (epi) co_return co_await syscall_exit(t, name, -EEXIST);
        ev.events |= EPOLLERR | EPOLLHUP;
        // ep_insert, in the kernel's order: allocate, attach, rbtree insert, then the poll hook.
        co_await step(t, nm("ep_insert"), cost_.ep_insert_ns);
        auto owned = std::make_unique<EpItem>();
        EpItem& it = *owned;
        ep.items.push_back(std::move(owned));
        it.ep = &ep;
        it.file = tf;
        it.fd = fd;
        it.event = ev;
        it.id = new_object(ObjType::EpItem, "epitem fd " + std::to_string(fd), ep.id, t.tid);
        tf->f_ep.push_back(&it);
        int depth = ep.rbr.insert(&it.rbn, ep_tree_observer(ep, t.cpu, t.tid));   // + rb_insert_color
        co_await step(t, nm("ep_rbtree_insert"), cost_.ep_rb_step_ns * (depth + 1));
        cache_touch(t.cpu, it.id, cost_.epitem_lines, true);   // kmem_cache_zalloc wrote it: hot
        co_await step_touch(t, nm("ep_item_poll"), cost_.vfs_poll_ns, CacheTouch{tf->sock->id, cost_.sock_poll_lines});
        co_await step(t, nm("ep_ptable_queue_proc"), cost_.ep_ptable_queue_proc_ns);
        it.pwq.func = WakeFn::EpCallback;
        it.pwq.priv = &it;
        it.pwq.owner = it.id;
        it.pwq.key = ev.events;
        it.whead = &tf->sock->wq;
        co_await add_wait_queue(cpu_of(t), tf->sock->wq, it.pwq, (ev.events & EPOLLEXCLUSIVE) != 0);
        uint32_t revents = item_poll_mask(*this, it);
        if (revents && !it.on_rdllist) {                 // already ready: queue it now
            ep.rdllist.push_back(&it);
            it.on_rdllist = true;
            Record& r = emit(Kind::RdlAdd, t.cpu, t.tid);
            r.obj = ep.id; r.obj2 = it.id; r.a = fd; r.b = 1;
            if (ep.wq.has_sleeper()) co_await wake_up(cpu_of(t), ep.wq, 1, 0);
        }
    } else if (op == EPOLL_CTL_DEL) {
        if (!epi) co_return co_await syscall_exit(t, name, -ENOENT);
        co_await ep_remove(t, ep, *epi);
    } else if (op == EPOLL_CTL_MOD) {
        if (!epi) co_return co_await syscall_exit(t, name, -ENOENT);
        if (epi->event.events & EPOLLEXCLUSIVE) co_return co_await syscall_exit(t, name, -EINVAL);
        // ep_modify: new mask (this re-arms EPOLLONESHOT), re-poll without registering.
        epi->event.events = ev.events | EPOLLERR | EPOLLHUP;
        epi->event.data = ev.data;
        epi->pwq.key = epi->event.events;
        co_await step_touch(t, nm("ep_item_poll"), cost_.vfs_poll_ns,
                            CacheTouch{epi->id, cost_.epitem_lines}, CacheTouch{tf->sock->id, cost_.sock_poll_lines});
        if (item_poll_mask(*this, *epi) && !epi->on_rdllist) {
            ep.rdllist.push_back(epi);
            epi->on_rdllist = true;
            Record& r = emit(Kind::RdlAdd, t.cpu, t.tid);
            r.obj = ep.id; r.obj2 = epi->id; r.a = epi->fd; r.b = 1;
            if (ep.wq.has_sleeper()) co_await wake_up(cpu_of(t), ep.wq, 1, 0);
        }
    } else {
        co_return co_await syscall_exit(t, name, -EINVAL);
    }
    co_return co_await syscall_exit(t, name, 0);
}

// ep_remove: unhook ep_poll_callback, erase from the tree, unlink from the ready lists.
KCo<void> Kernel::ep_remove(Task& t, EventPoll& ep, EpItem& epi) {
    if (epi.whead) co_await remove_wait_queue(cpu_of(t), *epi.whead, epi.pwq);
    epi.whead = nullptr;
    std::erase(epi.file->f_ep, &epi);
    ep.rbr.erase(&epi.rbn, ep_tree_observer(ep, t.cpu, t.tid));         // rb_erase_cached
    if (epi.on_rdllist) {
        ep.rdllist.remove(&epi);
        epi.on_rdllist = false;
        Record& r = emit(Kind::RdlRemove, t.cpu, t.tid);
        r.obj = ep.id; r.obj2 = epi.id; r.a = epi.fd;
    }
    if (epi.on_ovflist) {
        std::erase(ep.ovflist, &epi);
        epi.on_ovflist = false;
        Record& r = emit(Kind::OvfRemove, t.cpu, t.tid);
        r.obj = ep.id; r.obj2 = epi.id; r.a = epi.fd;
    }
    co_await step(t, nm("ep_remove"), cost_.ep_remove_ns);
    emit(Kind::ObjectFree, t.cpu, t.tid).obj = epi.id;
}

// ep_poll_callback (in the waker's context, usually the NET_RX softirq): link the epitem and
// wake one epoll_wait sleeper. It computes no final mask and copies nothing.
int Kernel::ep_poll_callback(Cpu& c, WaitEntry& e, uint32_t key, WakeCost& cost) {
    EpItem& epi = *static_cast<EpItem*>(e.priv);
    EventPoll& ep = *epi.ep;
    // It reads and links the epitem (cold when its socket has been idle while a large set was
    // busy) and writes the eventpoll's ready list (ep->lock, rdllist): the waker pays for those
    // lines, and leaves them in its own CPU's cache for the epoll_wait that harvests them.
    cache_account_syscalls(c.id);
    cost.ep_callbacks += cost_.ep_poll_callback_ns + cache_touch(c.id, epi.id, cost_.epitem_lines) +
                         cache_touch(c.id, ep.id, cost_.eventpoll_lines);
    int ewake = 0;
    bool armed = (epi.event.events & ~EP_PRIVATE_BITS) != 0;        // EPOLLONESHOT disarms
    bool wanted = !key || (key & epi.event.events);
    if (armed && wanted) {
        if (ep.scanning) {
            if (!epi.on_ovflist) {                                 // chain_epi_lockless: LIFO
                ep.ovflist.insert(ep.ovflist.begin(), &epi);
                epi.on_ovflist = true;
                Record& r = emit(Kind::OvfAdd, c.id, c.curr ? c.curr->tid : 0);
                r.obj = ep.id; r.obj2 = epi.id; r.a = epi.fd;
            }
        } else if (!epi.on_rdllist) {
            ep.rdllist.push_back(&epi);
            epi.on_rdllist = true;
            Record& r = emit(Kind::RdlAdd, c.id, c.curr ? c.curr->tid : 0);
            r.obj = ep.id; r.obj2 = epi.id; r.a = epi.fd; r.b = 1;
        }
        if (ep.wq.has_sleeper()) {
            // EPOLLEXCLUSIVE: count as a wakeup only if the event is the one this item wants
            // (exactly EPOLLIN, or exactly EPOLLOUT), or if the wakeup carried no key at all.
            if (epi.event.events & EPOLLEXCLUSIVE) {
                uint32_t inout = key & (EPOLLIN | EPOLLOUT);
                if (inout == 0 || (inout != (EPOLLIN | EPOLLOUT) && (inout & epi.event.events))) ewake = 1;
            }
            wake_walk(c, ep.wq, 1, 0, cost);                      // wake_up(&ep->wq)
        }
    }
    if (!(epi.event.events & EPOLLEXCLUSIVE)) ewake = 1;
    return ewake;
}

// ep_send_events: splice the ready list into a transfer list (ep_start_scan: new callbacks go to
// ovflist meanwhile), re-poll each item, copy ready ones out, re-queue level-triggered ones,
// then ep_done_scan: ovflist items to the front of rdllist, leftovers (maxevents) to the front.
static KCo<int> ep_send_events(Kernel& k, Task& t, EventPoll& ep, std::vector<EpollEvent>& out, int maxevents) {
    co_await k.step(t, k.nm("ep_send_events"), k.cost().epoll_wait_fixed_ns / 2);   // mtx + ep_start_scan
    std::vector<EpItem*> txlist(ep.rdllist.begin(), ep.rdllist.end());
    ep.rdllist.clear();
    for (EpItem* epi : txlist) {
        Record& r = k.emit(Kind::RdlRemove, t.cpu, t.tid);
        r.obj = ep.id; r.obj2 = epi->id; r.a = epi->fd;
    }
    ep.scanning = true;                                            // ep->ovflist = NULL
    int res = 0;
    size_t i = 0;
    for (; i < txlist.size(); ++i) {
        if (res >= maxevents) break;
        EpItem* epi = txlist[i];
        epi->on_rdllist = false;                                   // list_del_init
        // A fresh vfs_poll through the epitem: its lines and the socket's. The work is the same
        // for every item; what it costs depends on how long ago the item was last touched.
        co_await k.step_touch(t, k.nm("ep_item_poll"), k.cost().ep_item_poll_ns,
                              CacheTouch{epi->id, k.cost().epitem_lines},
                              CacheTouch{epi->file->sock ? epi->file->sock->id : epi->file->id, k.cost().sock_poll_lines});
        uint32_t revents = item_poll_mask(k, *epi);
        Record& p = k.emit(Kind::FdPoll, t.cpu, t.tid);
        p.a = epi->fd;
        p.b = revents;
        p.obj = epi->file->id;
        p.name = k.nm("ep_item_poll");
        if (!revents) continue;                                    // stale: dropped silently
        co_await k.step(t, k.nm("__put_user"), 2 * k.cost().put_user_ns);
        out.push_back(EpollEvent{revents, epi->event.data});
        k.metrics().bytes_copied_to_user += 12;
        ++res;
        if (epi->event.events & EPOLLONESHOT) {
            epi->event.events &= EP_PRIVATE_BITS;                  // disarmed until EPOLL_CTL_MOD
        } else if (!(epi->event.events & EPOLLET)) {
            ep.rdllist.push_back(epi);                             // level-triggered: re-queue
            epi->on_rdllist = true;
            Record& r = k.emit(Kind::RdlAdd, t.cpu, t.tid);
            r.obj = ep.id; r.obj2 = epi->id; r.a = epi->fd; r.b = 1;
        }
    }
    // ep_done_scan
    for (EpItem* epi : ep.ovflist) {
        epi->on_ovflist = false;
        Record& o = k.emit(Kind::OvfRemove, t.cpu, t.tid);
        o.obj = ep.id; o.obj2 = epi->id; o.a = epi->fd;
        if (!epi->on_rdllist) {
            ep.rdllist.push_front(epi);                            // list_add: reverses the LIFO
            epi->on_rdllist = true;
            Record& r = k.emit(Kind::RdlAdd, t.cpu, t.tid);
            r.obj = ep.id; r.obj2 = epi->id; r.a = epi->fd; r.b = 0;
        }
    }
    ep.ovflist.clear();
    ep.scanning = false;
    for (size_t j = txlist.size(); j-- > i;) {                     // leftovers back to the front
        EpItem* epi = txlist[j];
        ep.rdllist.push_front(epi);
        epi->on_rdllist = true;
        Record& r = k.emit(Kind::RdlAdd, t.cpu, t.tid);
        r.obj = ep.id; r.obj2 = epi->id; r.a = epi->fd; r.b = 0;
    }
    if (!ep.rdllist.empty() && ep.wq.has_sleeper()) co_await k.wake_up(k.cpu_of(t), ep.wq, 1, 0);
    co_return res;
}

KCo<int64_t> Kernel::sys_epoll_wait(Task& t, int epfd, std::vector<EpollEvent>& out, int maxevents, int64_t timeout_ms) {
    uint32_t name = nm("epoll_wait");
    co_await syscall_enter(t, name, epfd, maxevents, timeout_ms);
    out.clear();
    if (maxevents <= 0) co_return co_await syscall_exit(t, name, -EINVAL);
    File* f = fd_get(t, epfd);
    if (!f) co_return co_await syscall_exit(t, name, -EBADF);
    if (!f->ep) co_return co_await syscall_exit(t, name, -EINVAL);
    EventPoll& ep = *f->ep;
    cache_account_syscalls(t.cpu);
    // ep_events_available: the ready list's line, last written by whoever queued an item.
    co_await step_touch(t, nm("ep_poll"), cost_.epoll_wait_fixed_ns - cost_.epoll_wait_fixed_ns / 2,
                        CacheTouch{ep.id, cost_.eventpoll_lines});
    bool timed_out = timeout_ms == 0;
    int64_t timeout_ns = timeout_ms > 0 ? timeout_ms * 1000000 : -1;
    int64_t expires = timeout_ns > 0 ? now().ns + timeout_ns : -1;
    int64_t slack = timeout_ns > 0 ? std::clamp<int64_t>(timeout_ns / 1000, cost_.timer_slack_ns, 100000000) : 0;
    int64_t res = 0;
    bool woken = false;
    for (;;) {
        if (!ep.rdllist.empty() || ep.scanning) {
            res = co_await ep_send_events(*this, t, ep, out, maxevents);
            if (res) break;
        }
        // Woken, yet nothing to harvest (another waiter took it, or the item went stale): a
        // spurious wakeup — the thundering herd's signature.
        if (timed_out) break;
        if (t.sigpending) {                                        // signal_pending: -EINTR
            res = -EINTR;
            break;
        }
        if (woken) metrics_.spurious_wakeups++;
        // init_wait (autoremove_wake_function) + __add_wait_queue_exclusive: head, exclusive.
        WaitEntry wait;
        wait.task = &t;
        wait.func = WakeFn::Autoremove;
        t.wait_reason = nm("epoll_wait");
        t.wait_obj = ep.wq.id;
        set_state(t, t.state, LinuxState::Interruptible);
        if (!ep.rdllist.empty()) {                                 // re-check under the lock
            set_state(t, t.state, LinuxState::Running);
            continue;
        }
        co_await add_wait_queue(cpu_of(t), ep.wq, wait, true, true);
        timed_out = co_await schedule_hrtimeout_range(t, expires, slack);
        woken = !timed_out;
        if (t.lstate != LinuxState::Running) set_state(t, t.state, LinuxState::Running);
        if (wait.linked) co_await remove_wait_queue(cpu_of(t), ep.wq, wait);
    }
    co_return co_await syscall_exit(t, name, res);
}

KCo<int64_t> Sys::epoll_create1(loc l) { at(l, "epoll_create1()"); return k_.sys_epoll_create1(t_); }
KCo<int64_t> Sys::epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data, loc l) {
    at(l, "epoll_ctl()");
    return k_.sys_epoll_ctl(t_, epfd, op, fd, EpollEvent{events, data});
}
KCo<int64_t> Sys::epoll_wait(int epfd, std::vector<EpollEvent>& out, int maxevents, int64_t timeout_ms, loc l) {
    at(l, "epoll_wait()");
    return k_.sys_epoll_wait(t_, epfd, out, maxevents, timeout_ms);
}

} // namespace ioscope
