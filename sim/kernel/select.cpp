// select.cpp — select(2) and poll(2), fs/select.c (KERNEL.md §1-2): copy the interest set in,
// poll every fd (vfs_poll -> tcp_poll), register one pollwake entry per fd on the first pass
// only (__pollwait), sleep in poll_schedule_timeout, get woken by pollwake *without being told
// which fd*, rescan every fd, remove every entry (poll_freewait), copy the results out.
#include "sys.h"

#include <algorithm>
#include <cerrno>

namespace ioscope {

// tcp_poll: the readiness mask of a socket, computed on demand from its queues.
uint32_t Kernel::tcp_poll(const Sock& sk) const {
    uint32_t mask = 0;
    if (sk.state == TcpState::Listen) return sk.accept_q.empty() ? 0 : (POLLIN | POLLRDNORM);
    if (!sk.rx.empty()) mask |= POLLIN | POLLRDNORM;
    if (sk.rcv_shutdown) mask |= POLLIN | POLLRDNORM | POLLRDHUP;
    // Writable only while sk_stream_is_writeable: free send space >= half of what is queued
    // (tcp_poll -> __tcp_poll's check); otherwise the writer waits for sk_stream_write_space.
    if ((sk.state == TcpState::Established || sk.state == TcpState::CloseWait) && sk_stream_is_writeable(sk))
        mask |= POLLOUT | POLLWRNORM;
    if (sk.closed || (sk.state == TcpState::Closed && sk.rcv_shutdown)) mask |= POLLHUP;   // closed, or reset
    if (sk.sk_err) mask |= POLLERR;
    return mask;
}

// schedule_hrtimeout_range: sleep until woken or until the hrtimer fires (at the end of the
// slack range unless another interrupt runs it earlier). expires < 0: no timer at all.
KCo<bool> Kernel::schedule_hrtimeout_range(Task& t, int64_t expires, int64_t slack) {
    if (expires < 0) {
        co_await schedule(t);
        co_return false;
    }
    if (expires <= now().ns) {                          // already expired: return at once
        set_state(t, t.state, LinuxState::Running);
        co_return true;
    }
    uint32_t id = next_timer_++;
    Record& a = emit(Kind::TimerArm, t.cpu, t.tid);
    a.obj = id;
    a.a = expires;
    a.b = slack;
    a.name = nm("hrtimer");
    t.timed_out = false;
    EventId ev = ev_.schedule(SimTime(expires + slack), &Kernel::on_hrtimer_expiry, this, t.tid);
    co_await schedule(t);
    if (!t.timed_out) {
        ev_.cancel(ev);                                  // hrtimer_cancel
        Record& x = emit(Kind::TimerCancel, t.cpu, t.tid);
        x.obj = id;
    }
    co_return t.timed_out;
}

// select_estimate_accuracy: 0.1 % of the remaining time, at least the task's timer slack
// (50 µs), at most 100 ms.
static int64_t select_slack(int64_t timeout_ns, int64_t timer_slack) {
    return std::clamp<int64_t>(timeout_ns / 1000, timer_slack, 100000000);
}

// One word of a kernel bitmap as the GUI draws it (FdSetWord): map 0-2 fds.in/out/ex, 3-5
// fds.res_in/res_out/res_ex; name says which kernel statement wrote it.
static void emit_fdset_word(Kernel& k, Task& t, uint32_t table, uint32_t map, int64_t index, uint64_t word, uint32_t name) {
    Record& wd = k.emit(Kind::FdSetWord, t.cpu, t.tid);
    wd.obj = table;
    wd.c = map;
    wd.a = index;
    wd.b = int64_t(word);
    wd.name = name;
}

// The pass loop shared by do_select and do_poll. `items` holds (fd, wanted events); each pass
// fills `got`. Returns the number of ready items, or -EINTR when a signal is pending and
// nothing is ready (do_select breaks on signal_pending; do_poll sets count = -EINTR): checked
// after every pass, i.e. before the first sleep and after every wakeup.
KCo<int> Kernel::do_poll_passes(Task& t, PollWqueues& pwq, std::vector<PollItem>& items, int64_t timeout_ns, uint32_t reason,
                                int64_t walk_ns, const std::vector<uint8_t>* select_sets) {
    // poll_initwait: init_poll_funcptr(&pwq->pt, __pollwait), polling_task = current.
    co_await step(t, nm("poll_initwait"), cost_.poll_setup_ns / 4);
    co_await step(t, reason == nm("Selecting") ? nm("do_select") : nm("do_poll"), cost_.poll_setup_ns / 4);
    bool timed_out = timeout_ns == 0;                    // zero timeout: no registration at all
    pwq.qproc = !timed_out;
    int64_t expires = timeout_ns > 0 ? now().ns + timeout_ns : -1;
    int64_t slack = timeout_ns > 0 ? select_slack(timeout_ns, cost_.timer_slack_ns) : 0;
    uint32_t pass = 0;
    int count = 0;
    bool woken = false;
    for (;;) {
        ++pass;
        count = 0;
        cache_account_syscalls(t.cpu);                    // what ran since the last look evicted lines
        // do_select: each pass walks in|out|ex one unsigned long at a time (skipping zero words);
        // the set bits found are the items below.
        if (walk_ns > 0) co_await step(t, nm("do_select"), walk_ns);
        // do_select's res_in/res_out/res_ex locals for the word being walked: a bit is or-ed in
        // as its fd is found ready; at the end of the word's loop each non-zero one is stored to
        // fds->res_*[i] (zero_fd_set cleared them before the first pass).
        uint64_t res_word[3] = {0, 0, 0};
        auto store_res_words = [&](int64_t word) {
            for (uint32_t s = 0; s < 3; ++s)
                if (res_word[s]) emit_fdset_word(*this, t, pwq.id, 3 + s, word, res_word[s], nm("fds->res"));
            res_word[0] = res_word[1] = res_word[2] = 0;
        };
        // do_select: res_in |= bit if (mask & POLLIN_SET) && (in & bit); likewise out and ex.
        auto note_result = [&](size_t idx, uint32_t mask) {
            if (!select_sets) return;
            const uint8_t w = (*select_sets)[idx];
            const int fd = items[idx].fd;
            const bool hit[3] = {(w & 1) && (mask & POLLIN_SET), (w & 2) && (mask & POLLOUT_SET), (w & 4) && (mask & POLLEX_SET)};
            for (uint32_t s = 0; s < 3; ++s)
                if (hit[s]) {
                    res_word[s] |= uint64_t(1) << (fd % 64);
                    emit_fdset_word(*this, t, pwq.id, 3 + s, fd / 64, res_word[s], nm("res |= bit"));
                }
        };
        for (size_t idx = 0; idx < items.size(); ++idx) {
            PollItem& it = items[idx];
            // select: the previous item's word is done -> store its result words.
            if (select_sets && idx > 0 && items[idx - 1].fd / 64 != it.fd / 64) store_res_words(items[idx - 1].fd / 64);
            it.got = 0;
            if (it.fd < 0) continue;                      // poll: a negative fd is ignored
            File* f = fd_get(t, it.fd);
            if (!f) {                                     // poll: POLLNVAL, counts as ready
                it.got = POLLNVAL;
                ++count;
                pwq.qproc = false;
                continue;
            }
            // vfs_poll reads the file, the socket and struct sock's state: cold once the set
            // walked since this socket's last poll no longer fits in the cache (cache.h).
            co_await step_touch(t, nm("vfs_poll"), cost_.vfs_poll_ns + cost_.poll_loop_per_fd_ns,
                                CacheTouch{f->sock ? f->sock->id : f->id, cost_.sock_poll_lines});
            metrics_.fds_scanned++;
            if (!f->sock) {
                // An epoll fd: ep_eventpoll_poll reports EPOLLIN while items are ready. (Its
                // poll_wait queue, for nesting, is not modelled: no registration.)
                const uint32_t epmask = f->ep && !f->ep->rdllist.empty() ? POLLIN | POLLRDNORM : 0;
                it.got = epmask & it.want;
                if (it.got) { ++count; pwq.qproc = false; }
                note_result(idx, epmask);
                continue;
            }
            Sock& sk = *f->sock;
            uint32_t mask = tcp_poll(sk);
            if (pwq.qproc) {
                // poll_wait -> __pollwait: a poll_table_entry with pollwake on the socket's queue.
                PollTableEntry& e = pwq.entries.emplace_back();
                e.wait_address = &sk.wq;
                e.wait.func = WakeFn::Pollwake;
                e.wait.priv = &pwq;
                e.wait.owner = pwq.id;
                e.wait.key = it.want;
                co_await step(t, nm("__pollwait"), cost_.pollwait_ns - cost_.wq_add_ns);
                co_await add_wait_queue(cpu_of(t), sk.wq, e.wait, false);
            }
            Record& r = emit(Kind::FdPoll, t.cpu, t.tid);
            r.a = it.fd;
            r.b = mask;
            r.c = pass;
            r.obj = sk.id;
            r.name = nm("tcp_poll");
            it.got = mask & it.want;
            if (it.got) {
                ++count;
                pwq.qproc = false;                        // once something is ready, stop registering
            }
            note_result(idx, mask);
        }
        if (select_sets && !items.empty()) store_res_words(items.back().fd / 64);
        pwq.qproc = false;                                // later passes never register
        if (count || timed_out) break;
        if (t.sigpending) {                               // signal_pending(current)
            count = -EINTR;
            break;
        }
        if (woken) metrics_.spurious_wakeups++;           // woken, rescanned, nothing ready
        // poll_schedule_timeout: sleep unless a pollwake already fired during the pass.
        Record& pst = emit(Kind::KernelStep, t.cpu, t.tid);   // its time is the sleep itself
        pst.name = nm("poll_schedule_timeout");
        t.wait_reason = reason;
        t.wait_obj = pwq.id;
        set_state(t, t.state, LinuxState::Interruptible);
        if (!pwq.triggered) timed_out = co_await schedule_hrtimeout_range(t, expires, slack);
        woken = true;
        if (t.lstate != LinuxState::Running) set_state(t, t.state, LinuxState::Running);
        pwq.triggered = false;
    }
    // poll_freewait: remove every entry this call added (also on -EINTR).
    co_await step(t, nm("poll_freewait"), cost_.poll_setup_ns - 3 * (cost_.poll_setup_ns / 4));
    for (PollTableEntry& e : pwq.entries) co_await remove_wait_queue(cpu_of(t), *e.wait_address, e.wait);
    co_return count;
}

// The bitmap words the kernel holds, so the GUI can draw them: maps 0-2 copied in, 3-5 results.
static void emit_fdset_words(Kernel& k, Task& t, uint32_t table, uint32_t map, const FdSet& set, int n, uint32_t name) {
    for (int i = 0; i < (n + 63) / 64; ++i)
        emit_fdset_word(k, t, table, map, i, i < int(set.words.size()) ? set.words[size_t(i)] : 0, name);
}

// select(nfds, in, out, ex, timeout) -> core_sys_select -> do_select.
KCo<int64_t> Kernel::sys_select(Task& t, int nfds, FdSet* in, FdSet* out, FdSet* ex, int64_t timeout_ns, int64_t* remaining) {
    uint32_t name = nm("select");
    int64_t start = now().ns;
    co_await syscall_enter(t, name, nfds, timeout_ns);
    if (nfds < 0) co_return co_await syscall_exit(t, name, -EINVAL);
    // The fd table size (fdt->max_fds) bounds n — not FD_SETSIZE.
    int max_fds = 64;
    for (auto& [fd, f] : t.files->fds) while (max_fds <= fd) max_fds *= 2;
    int n = std::min(nfds, max_fds);
    const int words = (n + 63) / 64;                      // unsigned longs per bitmap
    int64_t bytes = int64_t(words) * 8;                   // FDS_BYTES(n)
    co_await step(t, nm("core_sys_select"), cost_.poll_setup_ns / 4 + cost_.select_bitmaps_ns);
    PollWqueues pwq;
    pwq.polling_task = &t;
    pwq.id = new_object(ObjType::PollTable, "select poll_table", 0, t.tid);
    FdSet* sets[3] = {in, out, ex};
    for (int w = 0; w < 3; ++w) {
        if (!sets[w]) continue;
        co_await step(t, nm("copy_from_user"), cost_.copy_cost_ns(bytes));   // get_fd_set
        metrics_.bytes_copied_from_user += uint64_t(bytes);
        Record& r = emit(Kind::FdSetCopyIn, t.cpu, t.tid);
        r.a = n;
        r.b = bytes;
        r.c = uint32_t(w);
        r.obj = pwq.id;
        emit_fdset_words(*this, t, pwq.id, uint32_t(w), *sets[w], n, nm("get_fd_set"));
    }
    // zero_fd_set(n, fds.res_in/out/ex): the result maps start empty (drawn for the sets passed;
    // a NULL set's result map is never written).
    for (int w = 0; w < 3; ++w)
        if (sets[w]) emit_fdset_words(*this, t, pwq.id, uint32_t(3 + w), FdSet(n), n, nm("zero_fd_set"));
    // max_select_fd: walks the bitmaps word by word against fdt->open_fds; a set bit for a closed
    // fd is -EBADF. The kernel reads n bits from each user buffer whatever its type: glibc's
    // 1024-bit fd_set or a hand-sized bitmap (FdSet::test reads 0 past the simulated buffer).
    co_await step(t, nm("max_select_fd"), int64_t(words) * cost_.select_word_ns);
    std::vector<PollItem> items;
    std::vector<uint8_t> which;                           // bit 0 in, 1 out, 2 ex
    for (int fd = 0; fd < n; ++fd) {
        uint8_t w = uint8_t((in && in->test(fd) ? 1 : 0) | (out && out->test(fd) ? 2 : 0) | (ex && ex->test(fd) ? 4 : 0));
        if (!w) continue;
        if (!fd_get(t, fd)) {
            emit(Kind::ObjectFree, t.cpu, t.tid).obj = pwq.id;   // the poll_table dies with the call
            co_return co_await syscall_exit(t, name, -EBADF);
        }
        uint32_t want = POLLEX_SET | ((w & 1) ? POLLIN_SET : 0) | ((w & 2) ? POLLOUT_SET : 0);
        items.push_back(PollItem{fd, want, 0});
        which.push_back(w);
    }
    int ready = co_await do_poll_passes(t, pwq, items, timeout_ns, nm("Selecting"), int64_t(words) * cost_.select_word_ns, &which);
    if (ready < 0) {
        // core_sys_select: ret == 0 with a signal pending -> -ERESTARTNOHAND, and the result sets
        // are not copied out. A handler runs on the way out, so the caller sees EINTR (without
        // one the call would restart; an unhandled SIGIO kills the process instead).
        if (remaining && timeout_ns > 0) *remaining = std::max<int64_t>(0, timeout_ns - (now().ns - start));
        emit(Kind::ObjectFree, t.cpu, t.tid).obj = pwq.id;
        co_return co_await syscall_exit(t, name, -EINTR);
    }
    // Results: one bit per (fd, set) that is ready (zero_fd_set, then res_in/out/ex bits).
    int64_t retval = 0;
    FdSet res[3] = {FdSet(n), FdSet(n), FdSet(n)};
    for (size_t i = 0; i < items.size(); ++i) {
        if ((which[i] & 1) && (items[i].got & POLLIN_SET)) { res[0].set(items[i].fd); ++retval; }
        if ((which[i] & 2) && (items[i].got & POLLOUT_SET)) { res[1].set(items[i].fd); ++retval; }
        if ((which[i] & 4) && (items[i].got & POLLEX_SET)) { res[2].set(items[i].fd); ++retval; }
    }
    for (int w = 0; w < 3; ++w) {
        if (!sets[w]) continue;
        // set_fd_set: FDS_BYTES(n) overwrite the start of the user's buffer; words past n keep
        // their bits. (A buffer shorter than FDS_BYTES(n) would be overrun in the real kernel;
        // the simulated one stops at its end.)
        for (size_t i = 0; i < size_t(words) && i < sets[w]->words.size(); ++i) sets[w]->words[i] = res[w].words[i];
        co_await step(t, nm("copy_to_user"), cost_.copy_cost_ns(bytes));     // set_fd_set
        metrics_.bytes_copied_to_user += uint64_t(bytes);
        Record& r = emit(Kind::FdSetCopyOut, t.cpu, t.tid);
        r.a = n;
        r.b = bytes;
        r.c = uint32_t(w);
        r.obj = pwq.id;
    }
    // poll_select_copy_remaining: Linux writes the time left back into the user's timeval.
    if (remaining && timeout_ns > 0) *remaining = std::max<int64_t>(0, timeout_ns - (now().ns - start));
    emit(Kind::ObjectFree, t.cpu, t.tid).obj = pwq.id;
    co_return co_await syscall_exit(t, name, retval);
}

// poll(fds, nfds, timeout_ms) -> do_sys_poll -> do_poll / do_pollfd.
KCo<int64_t> Kernel::sys_poll(Task& t, std::vector<PollFd>& fds, int64_t timeout_ms) {
    uint32_t name = nm("poll");
    int64_t nfds = int64_t(fds.size());
    co_await syscall_enter(t, name, nfds, timeout_ms);
    if (nfds > t.rlimit_nofile) co_return co_await syscall_exit(t, name, -EINVAL);   // the only size limit
    co_await step(t, nm("do_sys_poll"), cost_.poll_setup_ns / 4);
    PollWqueues pwq;
    pwq.polling_task = &t;
    pwq.id = new_object(ObjType::PollTable, "poll_list", 0, t.tid);
    // struct poll_list: ~30 pollfds in the on-stack chunk, then 510 per page; one
    // copy_from_user per chunk. An array allocation detail, not a linked list of fds.
    for (int64_t off = 0, chunk = 30; off < nfds; off += chunk, chunk = 510) {
        int64_t len = std::min(chunk, nfds - off);
        co_await step(t, nm("copy_from_user"), cost_.copy_cost_ns(len * 8));
        metrics_.bytes_copied_from_user += uint64_t(len * 8);
        Record& r = emit(Kind::CopyFromUser, t.cpu, t.tid);
        r.a = len * 8;
        r.obj = pwq.id;
        r.name = nm("poll_list chunk");
    }
    for (int64_t i = 0; i < nfds; ++i) {
        Record& r = emit(Kind::PollfdWrite, t.cpu, t.tid);
        r.obj = pwq.id;
        r.a = i;
        r.b = (int64_t(uint32_t(fds[size_t(i)].fd)) << 32) | (int64_t(fds[size_t(i)].events & 0xffff) << 16);
    }
    std::vector<PollItem> items;
    items.reserve(fds.size());
    for (auto& p : fds) items.push_back(PollItem{p.fd, p.events | POLLERR | POLLHUP, 0});   // ERR/HUP always
    int count = co_await do_poll_passes(t, pwq, items, timeout_ms < 0 ? -1 : timeout_ms * 1000000, nm("Polling"));
    // revents are written back one by one (__put_user); events are never modified.
    for (size_t i = 0; i < fds.size(); ++i) {
        fds[i].revents = items[i].got;
        Record& r = emit(Kind::PollfdWrite, t.cpu, t.tid);
        r.obj = pwq.id;
        r.a = int64_t(i);
        r.b = (int64_t(uint32_t(fds[i].fd)) << 32) | (int64_t(fds[i].events & 0xffff) << 16) | (fds[i].revents & 0xffff);
    }
    co_await step(t, nm("__put_user"), cost_.put_user_ns * nfds);
    metrics_.bytes_copied_to_user += uint64_t(2 * nfds);
    emit(Kind::ObjectFree, t.cpu, t.tid).obj = pwq.id;
    // -EINTR from do_poll (revents were still written back) becomes -ERESTART_RESTARTBLOCK;
    // with a handler to run, the caller sees EINTR.
    co_return co_await syscall_exit(t, name, count);
}

KCo<int64_t> Sys::select(int nfds, FdSet* in, FdSet* out, FdSet* ex, int64_t timeout_ns, int64_t* remaining, loc l) {
    at(l, "select()");
    return k_.sys_select(t_, nfds, in, out, ex, timeout_ns, remaining);
}
KCo<int64_t> Sys::poll(std::vector<PollFd>& fds, int64_t timeout_ms, loc l) {
    at(l, "poll()");
    return k_.sys_poll(t_, fds, timeout_ms);
}

} // namespace ioscope
