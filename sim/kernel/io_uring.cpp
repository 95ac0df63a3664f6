// io_uring.cpp — asynchronous I/O with kernel completion (io_uring/*.c): IORING_OP_RECV and
// IORING_OP_ACCEPT on TCP sockets.
//
//   io_uring_setup   io_uring_create: the ring context, SQ/CQ rings and SQE array, an fd
//   mmap x2          the program maps the rings (IORING_FEAT_SINGLE_MMAP: rings, then SQEs)
//   (user space)     io_uring_prep_recv writes an SQE into the mapped SQ ring — no syscall
//   io_uring_enter   io_submit_sqes -> io_issue_sqe -> io_recv: data there -> copy it now and
//                    post the CQE; no data -> io_arm_poll_handler (io_poll_wake entry on the
//                    socket's wait queue). With min_complete > 0: io_cqring_wait sleeps on
//                    ctx->cq_wait, running task_work whenever it is woken.
//   softirq          sock_def_readable -> io_poll_wake: list_del_init of the entry,
//                    io_req_task_work_add -> task_work_add(TWA_SIGNAL): the submitter is kicked
//   task context     io_poll_task_func -> io_recv: tcp_recvmsg copies into the user's buffer,
//                    then io_req_complete_post fills a CQE and wakes ctx->cq_wait
//   (user space)     the program reads CQEs from the mapped CQ ring — no syscall
// Records: AioSubmit when the SQE is written (a=user_data, b=len, obj=ring), AioComplete when the
// CQE is posted (a=user_data, b=res) — after the CopyToUser of the data.
#include "sys.h"

#include <cerrno>

namespace ioscope {

KCo<int64_t> Kernel::sys_io_uring_setup(Task& t, uint32_t entries) {
    uint32_t name = nm("io_uring_setup");
    co_await syscall_enter(t, name, entries);
    if (entries == 0 || entries > 32768) co_return co_await syscall_exit(t, name, -EINVAL);   // IORING_MAX_ENTRIES
    if (t.files->peek() >= t.rlimit_nofile) co_return co_await syscall_exit(t, name, -EMFILE);
    co_await step(t, nm("io_uring_create"), cost_.io_uring_setup_ns);
    auto ring = std::make_unique<IoUring>();
    ring->entries = entries;
    ring->id = new_object(ObjType::AioContext, "io_uring", 0, t.tid);
    init_waitqueue(ring->cq_wait, ring->id, "ctx->cq_wait");
    urings_.push_back(std::move(ring));
    auto f = std::make_unique<File>();
    f->id = urings_.back()->id;
    f->uring = urings_.back().get();
    files_.push_back(std::move(f));
    int fd = fd_install(t, *files_.back());
    co_return co_await syscall_exit(t, name, fd);
}

// The shared memory: the program maps the rings from the ring fd. Here is where io_uring, unlike
// epoll, really does use mmap — for the rings, not for the data.
KCo<int64_t> Kernel::sys_io_uring_mmap(Task& t, int fd, const char* region) {
    uint32_t name = nm("mmap");
    co_await syscall_enter(t, name, 0, 0, uint32_t(fd));
    File* f = fd_get(t, fd);
    if (!f || !f->uring) co_return co_await syscall_exit(t, name, -EBADF);
    co_await step(t, nm(region), cost_.syscall_entry_ns * 4);   // io_uring_mmap + remap_pfn_range
    co_return co_await syscall_exit(t, name, 0);
}

int64_t Kernel::io_uring_queue(Task& t, int ringfd, IoUringOp op, int fd, int64_t len, uint64_t user_data) {
    File* f = fd_get(t, ringfd);
    if (!f || !f->uring) return -EBADF;
    IoUring& ring = *f->uring;
    if (ring.sq.size() >= ring.entries) return -EBUSY;        // io_uring_get_sqe: SQ full
    auto req = std::make_unique<IoUringReq>();
    req->op = op;
    req->user_data = user_data;
    req->fd = fd;
    req->len = len;
    req->task = &t;
    req->ring = &ring;
    ring.sq.push_back(req.get());
    ring.reqs.push_back(std::move(req));
    Record& r = emit(Kind::AioSubmit, t.cpu, t.tid);
    r.a = int64_t(user_data);
    r.b = len;
    r.obj = ring.id;
    r.name = nm(op == IoUringOp::Accept ? "io_uring_prep_accept" : "io_uring_prep_recv");
    return 0;
}

// io_req_complete_post -> io_fill_cqe_req: the CQE becomes visible in the mapped CQ ring.
KCo<void> Kernel::io_post_cqe(Task& t, IoUringReq& req, int64_t res) {
    IoUring& ring = *req.ring;
    co_await step(t, nm("io_req_complete_post"), cost_.io_cqe_ns);
    ring.cq.push_back(IoUringCqe { req.user_data, res });
    ring.inflight--;
    Record& r = emit(Kind::AioComplete, t.cpu, t.tid);
    r.a = int64_t(req.user_data);
    r.b = res;
    r.obj = ring.id;
    r.name = nm("io_fill_cqe_req");
    if (ring.cq_wait.has_sleeper()) co_await wake_up(cpu_of(t), ring.cq_wait, 1, 0);   // io_cqring_wake
    std::erase_if(ring.reqs, [&](const std::unique_ptr<IoUringReq>& p) { return p.get() == &req; });
}

// io_recv: the socket's data is copied to the user's buffer by the kernel, then the CQE posted;
// io_accept: a queued connection gets its descriptor, the CQE carries it. With nothing to read or
// accept, a poll is armed instead (the task does not sleep on the socket).
KCo<void> Kernel::io_issue(Task& t, IoUringReq& req) {
    Sock& sk = *req.sk;
    if (req.op == IoUringOp::Accept) {
        if (!sk.accept_q.empty()) {
            if (t.files->peek() >= t.rlimit_nofile) { co_await io_post_cqe(t, req, -EMFILE); co_return; }
            Sock* child = accept_queue_pop(t, sk);
            co_await step(t, nm("io_accept"), cost_.accept_ns);
            int nfd = fd_install(t, new_file(*child, t));
            co_await io_post_cqe(t, req, nfd);
            co_return;
        }
    } else if (!sk.rx.empty()) {
        int64_t n = co_await tcp_recv_copy(t, sk, req.len);
        co_await io_post_cqe(t, req, n);
        co_return;
    }
    if (req.op == IoUringOp::Recv && sk.rcv_shutdown) { co_await io_post_cqe(t, req, 0); co_return; }   // EOF
    if (req.op == IoUringOp::Recv && sk.state != TcpState::Established && sk.state != TcpState::CloseWait) {
        co_await io_post_cqe(t, req, -ENOTCONN);
        co_return;
    }
    // io_arm_poll_handler -> vfs_poll with io_async_queue_proc: one entry on the socket's queue.
    co_await step(t, nm("io_arm_poll_handler"), cost_.io_poll_arm_ns);
    req.poll.task = nullptr;                                  // a callback entry, not a sleeper
    req.poll.func = WakeFn::IoPollWake;
    req.poll.owner = req.ring->id;
    req.poll.key = POLLIN;
    req.poll.priv = &req;
    co_await add_wait_queue(cpu_of(t), sk.wq, req.poll, false);
}

// io_poll_wake (the waker's context, usually the NET_RX softirq): take the entry off the queue
// and queue task_work for the submitter; TWA_SIGNAL wakes it if it sleeps interruptibly.
// Returns 0 (not interested), 1 (queued), 2 (queued and woke the task).
int Kernel::io_poll_wake(Cpu& c, WaitQueueHead& wq, WaitEntry& e, WakeCost& cost) {
    auto& req = *static_cast<IoUringReq*>(e.priv);
    cost.io_callbacks += cost_.io_poll_wake_ns;
    wq.entries.remove(&e);                                   // list_del_init: one-shot
    e.linked = false;
    Record& r = emit(Kind::WqRemove, c.id, 0);
    r.obj = wq.id;
    r.a = e.id;
    req.task->task_work.push_back(&req);
    bool woke = req.task->lstate == LinuxState::Interruptible && ttwu(c, *req.task);
    return woke ? 2 : 1;
}

// task_work_run: each queued completion runs in the submitter's context (io_poll_task_func).
KCo<void> Kernel::run_task_work(Task& t) {
    while (!t.task_work.empty()) {
        IoUringReq& req = *t.task_work.front();
        t.task_work.pop_front();
        co_await step(t, nm("io_poll_task_func"), cost_.syscall_entry_ns);
        co_await io_issue(t, req);                           // data now: copy + CQE; else re-arm
    }
}

KCo<int64_t> Kernel::sys_io_uring_enter(Task& t, int ringfd, uint32_t min_complete) {
    uint32_t name = nm("io_uring_enter");
    File* f = fd_get(t, ringfd);
    IoUring* ring = f ? f->uring : nullptr;
    co_await syscall_enter(t, name, ringfd, ring ? int64_t(ring->sq.size()) : 0, min_complete);
    if (!ring) co_return co_await syscall_exit(t, name, f ? -EOPNOTSUPP : -EBADF);
    // io_submit_sqes: consume the SQ ring in order.
    int64_t submitted = 0;
    while (!ring->sq.empty()) {
        IoUringReq& req = *ring->sq.front();
        ring->sq.pop_front();
        co_await step(t, nm("io_issue_sqe"), cost_.io_uring_sqe_ns);
        ++submitted;
        ring->inflight++;
        File* target = fd_get(t, req.fd);
        if (!target || !target->sock) {
            co_await io_post_cqe(t, req, target ? -ENOTSOCK : -EBADF);
            continue;
        }
        req.sk = target->sock;
        if ((req.op == IoUringOp::Accept) != (req.sk->state == TcpState::Listen)) {
            co_await io_post_cqe(t, req, -EINVAL);
            continue;
        }
        co_await io_issue(t, req);
    }
    // io_cqring_wait: sleep on ctx->cq_wait until min_complete CQEs are there, running the
    // task_work that the wakeups queue.
    while (ring->cq.size() < min_complete) {
        if (!t.task_work.empty()) { co_await run_task_work(t); continue; }
        if (ring->inflight == 0) break;                       // nothing could ever complete
        WaitEntry wait;
        wait.task = &t;
        wait.func = WakeFn::Autoremove;
        t.wait_reason = nm("io_cqring_wait");
        t.wait_obj = ring->cq_wait.id;
        set_state(t, t.state, LinuxState::Interruptible);
        co_await add_wait_queue(cpu_of(t), ring->cq_wait, wait, true);
        if (t.task_work.empty() && ring->cq.size() < min_complete) co_await schedule(t);
        if (t.lstate != LinuxState::Running) set_state(t, t.state, LinuxState::Running);
        if (wait.linked) co_await remove_wait_queue(cpu_of(t), ring->cq_wait, wait);
    }
    co_return co_await syscall_exit(t, name, submitted);
}

// rt_sigqueueinfo: what glibc's POSIX AIO helper thread calls to notify SIGEV_SIGNAL.
KCo<int64_t> Kernel::sys_rt_sigqueueinfo(Task& t, Task& target, int signo) {
    uint32_t name = nm("rt_sigqueueinfo");
    co_await syscall_enter(t, name, target.pid, signo);
    co_await step(t, nm("do_send_specific"), cost_.syscall_entry_ns * 2);
    send_signal(cpu_of(t), target, signo, t.tid);
    co_return co_await syscall_exit(t, name, 0);
}

// ---------------------------------------------------------------------------------------------
// Sys
// ---------------------------------------------------------------------------------------------
KCo<int64_t> Sys::io_uring_queue_init(uint32_t entries, loc l) {
    at(l, "io_uring_queue_init()");
    int64_t fd = co_await k_.sys_io_uring_setup(t_, entries);
    if (fd < 0) co_return fd;
    co_await k_.sys_io_uring_mmap(t_, int(fd), "io_uring_mmap: SQ and CQ rings");
    co_await k_.sys_io_uring_mmap(t_, int(fd), "io_uring_mmap: SQE array");
    co_return fd;
}

KCo<int64_t> Sys::io_uring_prep_recv(int ringfd, int fd, int64_t len, uint64_t user_data, loc l) {
    at(l, "io_uring_prep_recv()");
    // User space: fill the next SQE and bump the SQ tail (a store into the mapped ring).
    co_await k_.user_step(t_, k_.nm("io_uring_prep_recv: SQE into the SQ ring"), 30);
    co_return k_.io_uring_queue(t_, ringfd, IoUringOp::Recv, fd, len, user_data);
}

KCo<int64_t> Sys::io_uring_prep_accept(int ringfd, int lfd, uint64_t user_data, loc l) {
    at(l, "io_uring_prep_accept()");
    co_await k_.user_step(t_, k_.nm("io_uring_prep_accept: SQE into the SQ ring"), 30);
    co_return k_.io_uring_queue(t_, ringfd, IoUringOp::Accept, lfd, 0, user_data);
}

KCo<int64_t> Sys::io_uring_enter(int ringfd, uint32_t min_complete, loc l) {
    at(l, "io_uring_enter()");
    return k_.sys_io_uring_enter(t_, ringfd, min_complete);
}

KCo<std::vector<IoUringCqe>> Sys::io_uring_reap(int ringfd, loc l) {
    at(l, "io_uring_peek_cqe()");
    std::vector<IoUringCqe> out;
    File* f = k_.fd_get(t_, ringfd);
    if (!f || !f->uring) co_return out;
    // User space: read the CQEs between head and tail, then advance the CQ head.
    co_await k_.user_step(t_, k_.nm("io_uring_peek_cqe: read the CQ ring"), 20 + 10 * int64_t(f->uring->cq.size()));
    out.assign(f->uring->cq.begin(), f->uring->cq.end());
    f->uring->cq.clear();
    co_return out;
}

KCo<int64_t> Sys::sigqueue_self(int signo, loc l) {
    at(l, "sigqueue()");
    // A process-directed signal: delivered to the thread group leader here (the other threads of
    // the programs that use it block the signal with pthread_sigmask).
    Task* leader = k_.task(t_.pid);
    if (!leader) leader = &t_;
    return k_.sys_rt_sigqueueinfo(t_, *leader, signo);
}

} // namespace ioscope
