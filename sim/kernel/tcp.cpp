// tcp.cpp — the socket system calls' kernel paths, in the kernel's order (KERNEL.md §5):
// socket/bind/listen, inet_csk_accept with inet_csk_wait_for_connect, tcp_recvmsg with
// sk_wait_data, tcp_sendmsg, loopback connect, close.
//
// After any co_await that can sleep (schedule), a task may be on another CPU: always re-read
// cpu_of(t) instead of keeping a Cpu& across it.
#include "kernel.h"

#include <algorithm>
#include <cerrno>
#include <limits>
#include <utility>

namespace ioscope {

Sock& Kernel::new_sock(ObjType type, Task* owner, std::string_view label) {
    auto sk = std::make_unique<Sock>();
    sk->type = type;
    sk->id = new_object(type, label, 0, owner ? owner->tid : 0);
    init_waitqueue(sk->wq, sk->id, std::string(label) + " wq");
    // sk_init: sk_sndbuf / sk_rcvbuf from tcp_wmem[1] / tcp_rmem[1], never below SOCK_MIN_SNDBUF
    // / SOCK_MIN_RCVBUF (2 x TCP_SKB_MIN_TRUESIZE: 4608 / 2304 bytes). Autotuning is not modelled.
    sk->sndbuf = std::max<int64_t>(cost_.tcp_wmem_bytes, 4608);
    sk->rcvbuf = std::max<int64_t>(cost_.tcp_rmem_bytes, 2304);
    socks_.push_back(std::move(sk));
    metrics_.memory.socket_buffers += MemoryModel::socket;
    memory_changed();
    return *socks_.back();
}

File& Kernel::new_file(Sock& sk, Task& owner) {
    auto f = std::make_unique<File>();
    f->id = sk.id;            // the trace shows a socket fd by its socket object
    f->sock = &sk;
    (void)owner;
    files_.push_back(std::move(f));
    return *files_.back();
}

int Kernel::fd_install(Task& t, File& f) {
    int fd = t.files->alloc();
    t.files->fds[fd] = &f;
    Record& r = emit(Kind::FdInstall, t.cpu, t.tid);
    r.a = fd;
    r.obj = f.id;
    r.b = t.pid;
    return fd;
}

File* Kernel::fd_get(Task& t, int fd) {
    auto it = t.files->fds.find(fd);
    return it == t.files->fds.end() ? nullptr : it->second;
}

// lock_sock / release_sock: while a task owns the socket, softirq puts packets on the backlog;
// release_sock processes them in the task's context (__release_sock -> sk_backlog_rcv).
static void lock_sock(Sock& sk) { sk.owned_by_user = true; }

KCo<void> Kernel::release_sock(Task& t, Sock& sk) {
    while (!sk.backlog.empty()) {
        Skb skb = sk.backlog.front();
        sk.backlog.pop_front();
        Record& r = emit(Kind::SockBuf, t.cpu, t.tid);
        r.obj = sk.id;
        r.obj2 = uint32_t(SockQueue::Backlog);
        r.a = int64_t(sk.backlog.size());
        r.b = -1;
        co_await step(t, nm("sk_backlog_rcv"), cost_.net_rx_per_packet_ns / 2);
        queue_skb(cpu_of(t), sk, skb);
    }
    sk.owned_by_user = false;
}

KCo<int64_t> Kernel::sys_socket(Task& t) {
    uint32_t name = nm("socket");
    co_await syscall_enter(t, name, 2 /* AF_INET */, 1 /* SOCK_STREAM */);
    if (t.files->peek() >= t.rlimit_nofile) co_return co_await syscall_exit(t, name, -EMFILE);   // __sys_socket -> get_unused_fd_flags
    co_await step(t, nm("inet_create"), cost_.socket_create_ns);
    Sock& sk = new_sock(ObjType::Socket, &t, t.name + " socket");
    File& f = new_file(sk, t);
    int fd = fd_install(t, f);
    co_return co_await syscall_exit(t, name, fd);
}

KCo<int64_t> Kernel::sys_bind(Task& t, int fd, int port) {
    uint32_t name = nm("bind");
    co_await syscall_enter(t, name, fd, port);
    File* f = fd_get(t, fd);
    if (!f) co_return co_await syscall_exit(t, name, -EBADF);
    if (!f->sock) co_return co_await syscall_exit(t, name, -ENOTSOCK);
    Sock& sk = *f->sock;
    if (sk.bound) co_return co_await syscall_exit(t, name, -EINVAL);       // __inet_bind: already bound
    // inet_csk_get_port: the port is taken unless every owner and this socket set SO_REUSEPORT.
    if (port <= 0 || inet_csk_bind_conflict(sk, port)) co_return co_await syscall_exit(t, name, -EADDRINUSE);
    co_await step(t, nm("inet_bind"), cost_.bind_listen_ns / 2);
    inet_bind_hash(sk, port);
    co_return co_await syscall_exit(t, name, 0);
}

KCo<int64_t> Kernel::sys_listen(Task& t, int fd, int backlog) {
    uint32_t name = nm("listen");
    co_await syscall_enter(t, name, fd, backlog);
    File* f = fd_get(t, fd);
    if (!f) co_return co_await syscall_exit(t, name, -EBADF);
    if (!f->sock) co_return co_await syscall_exit(t, name, -ENOTSOCK);
    Sock& sk = *f->sock;
    if (!sk.bound) co_return co_await syscall_exit(t, name, -EADDRINUSE);
    if (sk.state == TcpState::Listen) {                   // __inet_listen_sk: only the backlog changes
        sk.backlog_max = backlog > 0 ? backlog : 1;
        co_return co_await syscall_exit(t, name, 0);
    }
    // inet_csk_listen_start re-checks the port (get_port) and hashes the socket (inet_hash); with
    // SO_REUSEPORT, joining or starting the port's group is a step of its own in the trace.
    if (inet_csk_bind_conflict(sk, sk.port)) co_return co_await syscall_exit(t, name, -EADDRINUSE);
    const int64_t group_ns = sk.reuseport ? cost_.bind_listen_ns / 10 : 0;
    co_await step(t, nm("inet_listen"), cost_.bind_listen_ns / 2 - group_ns);
    sk.type = ObjType::ListenSocket;
    sk.state = TcpState::Listen;
    sk.backlog_max = backlog > 0 ? backlog : 1;
    if (const char* how = inet_hash(sk)) {
        Record& g = emit(Kind::KernelStep, t.cpu, t.tid);  // KernelStep: obj = socket, c = its index in socks[]
        g.name = nm(how);
        g.a = group_ns;
        g.obj = sk.id;
        g.c = uint32_t(sk.reuseport_cb->socks.size() - 1);
        co_await StepAwaiter{*this, cpu_of(t), group_ns};
    }
    Record& r = emit(Kind::SockState, t.cpu, t.tid);
    r.obj = sk.id;
    r.a = int64_t(TcpState::Listen);
    co_return co_await syscall_exit(t, name, 0);
}

// The oldest established child leaves the listener's accept queue (a SockBuf record with the
// queue's new length). Shared by accept (below) and a closing listener (inet_csk_listen_stop).
Sock* Kernel::accept_queue_dequeue(Task& t, Sock& sk) {
    Sock* child = sk.accept_q.front();
    sk.accept_q.pop_front();
    Record& q = emit(Kind::SockBuf, t.cpu, t.tid);
    q.obj = sk.id;
    q.obj2 = uint32_t(SockQueue::Accept);
    q.a = int64_t(sk.accept_q.size());
    q.b = -1;
    return child;
}

// inet_csk_accept's dequeue: the child becomes this task's connection.
Sock* Kernel::accept_queue_pop(Task& t, Sock& sk) {
    Sock* child = accept_queue_dequeue(t, sk);
    metrics_.accepts_by_task[t.tid]++;
    return child;
}

// inet_csk_accept; when the accept queue is empty, inet_csk_wait_for_connect: an *exclusive*
// entry with autoremove_wake_function, so one connection wakes one acceptor (wake-one).
KCo<int64_t> Kernel::sys_accept(Task& t, int fd) {
    uint32_t name = nm("accept4");
    co_await syscall_enter(t, name, fd);
    File* f = fd_get(t, fd);
    if (!f) co_return co_await syscall_exit(t, name, -EBADF);
    if (!f->sock) co_return co_await syscall_exit(t, name, -ENOTSOCK);
    Sock& sk = *f->sock;
    if (sk.state != TcpState::Listen) co_return co_await syscall_exit(t, name, -EINVAL);
    // __sys_accept4_file reserves the new descriptor (get_unused_fd_flags) before it looks at the
    // accept queue: at RLIMIT_NOFILE it fails with EMFILE and the connection stays queued — the
    // listener stays readable, which is why a server that ignores EMFILE spins.
    if (t.files->peek() >= t.rlimit_nofile) co_return co_await syscall_exit(t, name, -EMFILE);
    lock_sock(sk);
    co_await step(t, nm("inet_csk_accept"), cost_.accept_ns / 5);   // lock + empty check
    if (sk.accept_q.empty()) {
        if (f->nonblock) {
            co_await release_sock(t, sk);
            co_return co_await syscall_exit(t, name, -EAGAIN);
        }
        WaitEntry wait;
        wait.task = &t;
        wait.func = WakeFn::Autoremove;
        bool slept = false;
        for (;;) {
            // prepare_to_wait_exclusive: link the entry if unlinked, then TASK_INTERRUPTIBLE.
            if (!wait.linked) co_await add_wait_queue(cpu_of(t), sk.wq, wait, true);
            t.wait_reason = nm("Accepting");
            t.wait_obj = sk.wq.id;
            set_state(t, t.state, LinuxState::Interruptible);
            co_await release_sock(t, sk);
            bool timed_out = false;
            if (sk.accept_q.empty()) {
                if (slept) metrics_.spurious_wakeups++;
                timed_out = co_await schedule_timeout(t, sk.rcvtimeo_ns);
                slept = true;
            } else if (t.lstate != LinuxState::Running) {
                set_state(t, t.state, LinuxState::Running);
            }
            lock_sock(sk);
            if (!sk.accept_q.empty()) break;
            if (timed_out) {                                   // SO_RCVTIMEO: -EAGAIN
                if (t.lstate != LinuxState::Running) set_state(t, t.state, LinuxState::Running);
                co_await remove_wait_queue(cpu_of(t), sk.wq, wait);
                co_await release_sock(t, sk);
                co_return co_await syscall_exit(t, name, -EAGAIN);
            }
        }
        // finish_wait: TASK_RUNNING, unlink if the waker did not.
        if (t.lstate != LinuxState::Running) set_state(t, t.state, LinuxState::Running);
        co_await remove_wait_queue(cpu_of(t), sk.wq, wait);
    }
    Sock* child = accept_queue_pop(t, sk);
    co_await release_sock(t, sk);
    co_await step(t, nm("sock_alloc_file"), cost_.accept_ns - cost_.accept_ns / 5);
    File& nf = new_file(*child, t);
    int nfd = fd_install(t, nf);
    co_return co_await syscall_exit(t, name, nfd);
}

// sk_wait_data (KERNEL.md §5): woken_wake_function entry at the head of sk_sleep(sk), then
// sk_wait_event: release_sock (may process the backlog), re-check, wait_woken -> schedule().
KCo<bool> Kernel::sk_wait_data(Task& t, Sock& sk) {
    bool timed_out = false;
    WaitEntry wait;
    wait.task = &t;
    wait.func = WakeFn::Woken;
    co_await add_wait_queue(cpu_of(t), sk.wq, wait, false);
    sk.async_waitdata = true;                            // sk_set_bit(SOCKWQ_ASYNC_WAITDATA)
    co_await release_sock(t, sk);
    if (sk.rx.empty() && !sk.rcv_shutdown) {
        // wait_woken: set_current_state(TASK_INTERRUPTIBLE); sleep unless already woken.
        t.wait_reason = nm("Reading");
        t.wait_obj = sk.wq.id;
        set_state(t, t.state, LinuxState::Interruptible);
        if (!(wait.flags & WQ_FLAG_WOKEN)) timed_out = co_await schedule_timeout(t, sk.rcvtimeo_ns);
        if (t.lstate != LinuxState::Running) set_state(t, t.state, LinuxState::Running);
        wait.flags &= ~WQ_FLAG_WOKEN;
    }
    lock_sock(sk);
    sk.async_waitdata = false;                           // sk_clear_bit(SOCKWQ_ASYNC_WAITDATA)
    co_await remove_wait_queue(cpu_of(t), sk.wq, wait);
    co_return timed_out;
}

// tcp_recvmsg -> tcp_recvmsg_locked. Phase 1 (wait for data) is sk_wait_data; phase 2 (copy)
// is skb_copy_datagram_msg -> copy_to_user. O_NONBLOCK: the same check returns -EAGAIN.
KCo<int64_t> Kernel::sys_recv(Task& t, int fd, int64_t len) {
    uint32_t name = nm("recvfrom");
    co_await syscall_enter(t, name, fd, len);
    File* f = fd_get(t, fd);
    if (!f) co_return co_await syscall_exit(t, name, -EBADF);
    if (!f->sock) co_return co_await syscall_exit(t, name, -ENOTSOCK);
    Sock& sk = *f->sock;
    if (sk.state == TcpState::Listen) co_return co_await syscall_exit(t, name, -ENOTCONN);
    lock_sock(sk);
    // lock_sock and the receive-queue check; the rest of tcp_recvmsg's work (walking skbs,
    // updating the window) is charged only when there is data to copy, so an EAGAIN is cheap.
    co_await step(t, nm("tcp_recvmsg_locked"), cost_.tcp_recvmsg_ns / 4);
    int64_t ret = 0;
    bool slept = false;
    for (;;) {
        if (!sk.rx.empty()) break;
        if (sk.sk_err) { ret = -std::exchange(sk.sk_err, 0); break; } // sock_error: ECONNRESET after an RST
        if (sk.rcv_shutdown) { ret = 0; break; }                      // EOF
        if (sk.state != TcpState::Established && sk.state != TcpState::CloseWait) { ret = -ENOTCONN; break; }
        if (f->nonblock) { ret = -EAGAIN; break; }                    // timeo == 0
        if (slept) metrics_.spurious_wakeups++;
        bool timed_out = co_await sk_wait_data(t, sk);
        slept = true;
        if (timed_out && sk.rx.empty() && !sk.rcv_shutdown) { ret = -EAGAIN; break; }   // SO_RCVTIMEO
    }
    if (!sk.rx.empty()) ret = co_await tcp_recv_copy(t, sk, len);
    co_await release_sock(t, sk);
    co_return co_await syscall_exit(t, name, ret);
}

KCo<int64_t> Kernel::tcp_recv_copy(Task& t, Sock& sk, int64_t len) {
    int64_t n = 0;
    while (!sk.rx.empty() && n < len) {
        Skb& skb = sk.rx.front();
        int64_t take = std::min(skb.bytes, len - n);
        n += take;
        skb.bytes -= take;
        if (skb.bytes == 0) sk.rx.pop_front();
    }
    sk.rx_bytes -= n;
    metrics_.memory.socket_buffers -= n;
    co_await step(t, nm("tcp_recvmsg_locked"), cost_.tcp_recvmsg_ns - cost_.tcp_recvmsg_ns / 4);
    co_await step(t, nm("skb_copy_datagram_msg"), cost_.copy_cost_ns(n));
    Record& cp = emit(Kind::CopyToUser, t.cpu, t.tid);
    cp.a = n;
    cp.obj = sk.id;
    cp.name = nm("copy_to_user");
    metrics_.bytes_copied_to_user += uint64_t(n);
    Record& q = emit(Kind::SockBuf, t.cpu, t.tid);
    q.obj = sk.id;
    q.obj2 = uint32_t(SockQueue::Receive);
    q.a = sk.rx_bytes;
    q.b = -n;
    co_await step(t, nm("tcp_cleanup_rbuf"), cost_.tcp_cleanup_rbuf_ns);
    // The window update tcp_cleanup_rbuf sends reaches a loopback peer at once: its tcp_ack ->
    // tcp_data_snd_check sends what the shut window held back (and frees it, waking its writers).
    if (sk.local_peer && !sk.local_peer->closed && sk.local_peer->unsent > 0) co_await tcp_push(cpu_of(t), *sk.local_peer);
    co_return n;
}

// ---- the send buffer (net/core/stream.c, tcp_sendmsg's wait_for_space) -----------------------
//
// How sent data is freed — the simplest faithful rule the model's net path allows:
//  * loopback: a segment is delivered into the peer inline (transmit runs its receive softirq),
//    and the peer's ACK is taken as processed at once, so the skb is freed as soon as it lands.
//    What keeps data in the sender's queue is the peer's receive window: a receiver holds at most
//    sk_rcvbuf bytes unread (sk_rcvbuf minus its receive queue and backlog is what it offers; the
//    window is not scaled or rounded). Once shut, tcp_write_xmit stops and the rest waits in the
//    write queue; the reader's tcp_cleanup_rbuf (its window update) pushes it on.
//  * remote hosts: their ACKs are not modelled as packets and their window is always open, so a
//    segment is freed as it leaves the NIC and a remote connection's send queue never fills.

bool Kernel::sk_stream_memory_free(const Sock& sk) const { return sk.wmem_queued < sk.sndbuf; }

// __sk_stream_is_writeable: sk_stream_wspace (sndbuf - wmem_queued) >= sk_stream_min_wspace
// (wmem_queued / 2), and sk_stream_memory_free.
bool Kernel::sk_stream_is_writeable(const Sock& sk) const {
    return sk.sndbuf - sk.wmem_queued >= sk.wmem_queued / 2 && sk_stream_memory_free(sk);
}

int64_t Kernel::tcp_send_window(const Sock& sk) const {
    // A closed local peer drops what reaches it (deliver) and a remote host always takes it.
    if (!sk.local_peer || sk.local_peer->closed) return std::numeric_limits<int64_t>::max();
    const Sock& p = *sk.local_peer;
    int64_t held = p.rx_bytes;
    for (const Skb& b : p.backlog) held += (b.flags & TCP_DATA) ? b.bytes : 0;
    return std::max<int64_t>(0, p.rcvbuf - held);
}

// The send queue's level as the trace shows it (SockBuf, obj2 = Send): recorded only when it
// differs from the last record, so a send whose data is freed before anyone could see it queued
// (the usual case: window open) leaves no record. The queued bytes are socket-buffer memory.
void Kernel::sk_wmem_trace(Cpu& c, Sock& sk) {
    if (sk.wmem_queued == sk.wmem_traced) return;
    const int64_t delta = sk.wmem_queued - sk.wmem_traced;
    Record& r = emit(Kind::SockBuf, c.id, c.curr ? c.curr->tid : 0);
    r.obj = sk.id;
    r.obj2 = uint32_t(SockQueue::Send);
    r.a = sk.wmem_queued;
    r.b = delta;
    sk.wmem_traced = sk.wmem_queued;
    metrics_.memory.socket_buffers += delta;
    memory_changed();
}

// sk_stream_write_space (tcp_new_space): SOCK_NOSPACE cleared, then
// wake_up_interruptible_poll(sk_sleep(sk), EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND) — one exclusive
// waiter at most; every non-exclusive entry (woken_wake_function, pollwake, ep_poll_callback) is
// called. (sock_wake_async(SOCK_WAKE_SPACE, POLL_OUT) for O_ASYNC owners is not modelled.)
KCo<void> Kernel::sk_stream_write_space(Cpu& c, Sock& sk) {
    co_await cpu_step(c, nm("sk_stream_write_space"), cost_.sk_stream_write_space_ns);
    sk.nospace = false;
    if (sk.wq.has_sleeper()) co_await wake_up(c, sk.wq, 1, POLLOUT | POLLWRNORM | POLLWRBAND);
}

// tcp_push -> __tcp_push_pending_frames -> tcp_write_xmit: segments at the MSS, as far as the
// peer's window allows; each is freed by its ACK (above), and tcp_check_space wakes writers when
// the socket became writeable again. The kernel's tcp_check_space looks only at SOCK_NOSPACE,
// which tcp_poll also sets when it finds no room; the model's tcp_poll does not change the
// socket, so a socket turning writeable stands in for the bit tcp_poll would have set.
KCo<void> Kernel::tcp_push(Cpu& c, Sock& sk) {
    const int64_t mss = sk.remote ? 1448 : 65483;
    while (sk.unsent > 0) {
        const int64_t wnd = tcp_send_window(sk);
        if (wnd <= 0) break;                                 // zero window: the rest waits
        const int64_t chunk = std::min({mss, sk.unsent, wnd});
        sk.unsent -= chunk;
        sk.tx_bytes += chunk;
        co_await transmit(c, sk, chunk, TCP_DATA | TCP_ACK);
        const bool was_writeable = sk_stream_is_writeable(sk);
        sk.wmem_queued -= chunk;                             // tcp_ack -> tcp_clean_rtx_queue
        sk_wmem_trace(c, sk);
        if ((sk.nospace || !was_writeable) && sk_stream_is_writeable(sk))   // tcp_check_space
            co_await sk_stream_write_space(c, sk);
    }
    sk_wmem_trace(c, sk);
}

// sk_stream_wait_memory: a woken_wake_function entry on sk_sleep(sk), then sk_wait_event until
// sk_stream_memory_free or an error: release_sock, wait_woken -> schedule(), lock_sock.
KCo<int64_t> Kernel::sk_stream_wait_memory(Task& t, Sock& sk) {
    WaitEntry wait;
    wait.task = &t;
    wait.func = WakeFn::Woken;
    co_await add_wait_queue(cpu_of(t), sk.wq, wait, false);
    int64_t err = 0;
    bool slept = false;
    for (;;) {
        if (sk.sk_err || sk.closed || (sk.state == TcpState::Closed && sk.rcv_shutdown)) { err = -EPIPE; break; }
        if (sk_stream_memory_free(sk)) break;
        if (slept) metrics_.spurious_wakeups++;              // woken (data arrived, say) but still full
        sk.nospace = true;                                   // set_bit(SOCK_NOSPACE)
        co_await release_sock(t, sk);
        if (!sk_stream_memory_free(sk) && !(wait.flags & WQ_FLAG_WOKEN)) {
            t.wait_reason = nm("Sending");
            t.wait_obj = sk.wq.id;
            set_state(t, t.state, LinuxState::Interruptible);
            co_await schedule_timeout(t, -1);                // SO_SNDTIMEO is not modelled
            if (t.lstate != LinuxState::Running) set_state(t, t.state, LinuxState::Running);
            slept = true;
        }
        wait.flags &= ~WQ_FLAG_WOKEN;
        lock_sock(sk);
    }
    co_await remove_wait_queue(cpu_of(t), sk.wq, wait);
    co_return err;
}

// tcp_sendmsg -> tcp_sendmsg_locked: while there is room (sk_stream_memory_free), copy_from_user
// into one skb of up to size_goal (64 KiB less headers, one GSO skb) — the last skb may take the
// queue past sk_sndbuf, as in the kernel — then push it. With no room: O_NONBLOCK returns what was
// copied, or -EAGAIN if nothing was; otherwise sk_stream_wait_memory sleeps until ACKs free space.
KCo<int64_t> Kernel::sys_send(Task& t, int fd, int64_t len) {
    uint32_t name = nm("sendto");
    co_await syscall_enter(t, name, fd, len);
    File* f = fd_get(t, fd);
    if (!f) co_return co_await syscall_exit(t, name, -EBADF);
    if (!f->sock) co_return co_await syscall_exit(t, name, -ENOTSOCK);
    Sock& sk = *f->sock;
    if (sk.closed || (!sk.remote && !sk.local_peer) || (sk.state == TcpState::Closed && sk.rcv_shutdown))
        co_return co_await syscall_exit(t, name, -EPIPE);                  // never connected, closed, or reset
    lock_sock(sk);
    co_await step(t, nm("tcp_sendmsg_locked"), cost_.tcp_sendmsg_ns);
    constexpr int64_t size_goal = 65483;
    int64_t copied = 0, err = 0;
    while (copied < len) {
        if (!sk_stream_memory_free(sk)) {                    // wait_for_space
            sk.nospace = true;
            if (f->nonblock) { err = -EAGAIN; break; }
            err = co_await sk_stream_wait_memory(t, sk);
            if (err) break;
            continue;
        }
        const int64_t chunk = std::min(size_goal, len - copied);
        co_await step(t, nm("copy_from_user"), cost_.copy_cost_ns(chunk));
        Record& cp = emit(Kind::CopyFromUser, t.cpu, t.tid);
        cp.a = chunk;
        cp.obj = sk.id;
        cp.name = nm("copy_from_user");
        metrics_.bytes_copied_from_user += uint64_t(chunk);
        sk.wmem_queued += chunk;                             // skb_entail + sk_wmem_queued_add
        sk.unsent += chunk;
        copied += chunk;
        co_await tcp_push(cpu_of(t), sk);
    }
    co_await release_sock(t, sk);
    co_return co_await syscall_exit(t, name, copied > 0 ? copied : err);
}

// connect over loopback: the whole three-way handshake runs in softirq context on this CPU
// (SYN -> listener's tcp_v4_conn_request, SYN-ACK back, ACK -> tcp_check_req and the child on
// the accept queue); connect returns once the socket is established.
KCo<int64_t> Kernel::sys_connect(Task& t, int fd, int port) {
    uint32_t name = nm("connect");
    co_await syscall_enter(t, name, fd, port);
    File* f = fd_get(t, fd);
    if (!f) co_return co_await syscall_exit(t, name, -EBADF);
    if (!f->sock) co_return co_await syscall_exit(t, name, -ENOTSOCK);
    Sock& sk = *f->sock;
    if (sk.state != TcpState::Closed) co_return co_await syscall_exit(t, name, -EISCONN);
    co_await step(t, nm("tcp_v4_connect"), cost_.tcp_handshake_ns / 2);
    // inet_hash_connect picks the source port; the SYN's listener lookup hashes the 4-tuple when
    // the port has an SO_REUSEPORT group (no steps recorded for a single listener).
    FlowKey flow{ kLoopbackAddr, inet_hash_connect_port(), kLoopbackAddr, uint16_t(port) };
    Sock* lsk = co_await inet_lookup_listener(cpu_of(t), flow);
    if (!lsk) co_return co_await syscall_exit(t, name, -ECONNREFUSED);
    if (int(lsk->accept_q.size()) >= lsk->backlog_max) co_return co_await syscall_exit(t, name, -ETIMEDOUT);
    Cpu& c = cpu_of(t);
    set_mode(c, CpuMode::Softirq);
    Record& e = emit(Kind::SoftirqEnter, c.id, t.tid);
    e.name = nm("NET_RX");
    co_await cpu_step(c, nm("tcp_v4_conn_request"), cost_.tcp_handshake_ns / 2);
    co_await cpu_step(c, nm("tcp_rcv_synsent_state_process"), cost_.net_rx_per_packet_ns);
    co_await cpu_step(c, nm("tcp_check_req"), cost_.tcp_handshake_ns / 2);
    Sock& child = new_sock(ObjType::Socket, nullptr, t.name + " peer");
    child.state = TcpState::Established;
    child.port = port;
    child.local_peer = &sk;
    sk.local_peer = &child;
    sk.state = TcpState::Established;
    for (Sock* s : {&sk, &child}) {
        Record& st = emit(Kind::SockState, c.id, t.tid);
        st.obj = s->id;
        st.a = int64_t(TcpState::Established);
    }
    lsk->accept_q.push_back(&child);
    Record& q = emit(Kind::SockBuf, c.id, t.tid);
    q.obj = lsk->id;
    q.obj2 = uint32_t(SockQueue::Accept);
    q.a = int64_t(lsk->accept_q.size());
    q.b = 1;
    co_await sock_def_readable(c, *lsk);
    emit(Kind::SoftirqExit, c.id, t.tid);
    set_mode(c, CpuMode::Kernel);
    co_return co_await syscall_exit(t, name, 0);
}

// Drop one reference to a file; the last one closes the socket (tcp_close sends a FIN).
KCo<void> Kernel::file_put(Task& t, File& f) {
    if (--f.refs > 0) co_return;
    // eventpoll_release_file: the last reference to a watched file removes its epitems.
    while (!f.f_ep.empty()) co_await ep_remove(t, *f.f_ep.front()->ep, *f.f_ep.front());
    if (f.ep) {                                            // ep_eventpoll_release -> ep_free
        for (auto& it : f.ep->items)
            if (it->whead) co_await ep_remove(t, *f.ep, *it);
        emit(Kind::ObjectFree, t.cpu, t.tid).obj = f.ep->id;
        co_return;
    }
    Sock& sk = *f.sock;
    if (sk.closed) co_return;
    sk.closed = true;
    if (sk.state == TcpState::Listen) {
        // inet_csk_listen_stop: out of the listening hash (and its reuseport group) first, so no
        // new connection lands here; then the connections nobody accepted are reset.
        inet_unhash(sk);
        co_await inet_csk_listen_stop(t, sk);
    }
    inet_put_port(sk);
    co_await step(t, nm("tcp_close"), cost_.close_ns);
    if (sk.remote || sk.local_peer) co_await transmit(cpu_of(t), sk, 0, TCP_FIN | TCP_ACK);
    // A loopback peer's data held back by our shut window: its ACK path now finds us closed (the
    // kernel would answer with a reset; here the data is dropped on arrival), so its queue drains
    // and a writer blocked in sk_stream_wait_memory wakes.
    if (sk.local_peer && !sk.local_peer->closed && sk.local_peer->unsent > 0) co_await tcp_push(cpu_of(t), *sk.local_peer);
    sk.state = TcpState::Closed;
    Record& r = emit(Kind::SockState, t.cpu, t.tid);
    r.obj = sk.id;
    r.a = int64_t(TcpState::Closed);
    // Data still in the write queue is dropped with the socket (tcp_close would send it before
    // the FIN; a peer whose window stays shut would never take it).
    metrics_.memory.socket_buffers -= MemoryModel::socket + sk.rx_bytes + sk.wmem_traced;
    sk.unsent = sk.wmem_queued = sk.wmem_traced = 0;
    emit(Kind::ObjectFree, t.cpu, t.tid).obj = sk.wq.id;
    emit(Kind::ObjectFree, t.cpu, t.tid).obj = sk.id;
}

KCo<int64_t> Kernel::sys_close(Task& t, int fd) {
    uint32_t name = nm("close");
    co_await syscall_enter(t, name, fd);
    File* f = fd_get(t, fd);
    if (!f) co_return co_await syscall_exit(t, name, -EBADF);
    t.files->fds.erase(fd);
    // __put_unused_fd: the lowest free descriptor is handed out next, so closed fds are reused.
    if (fd < t.files->next_fd) t.files->next_fd = fd;
    Record& r = emit(Kind::FdClose, t.cpu, t.tid);
    r.a = fd;
    r.obj = f->id;
    r.b = t.pid;
    co_await file_put(t, *f);
    co_return co_await syscall_exit(t, name, 0);
}

// setsockopt(SO_RCVTIMEO): stored in jiffies by the kernel (sock_set_timeout), used by
// sk_wait_data and inet_csk_wait_for_connect via schedule_timeout.
KCo<int64_t> Kernel::sys_set_rcvtimeo(Task& t, int fd, int64_t ns) {
    uint32_t name = nm("setsockopt");
    co_await syscall_enter(t, name, fd, 1 /* SOL_SOCKET */, 20 /* SO_RCVTIMEO */);
    File* f = fd_get(t, fd);
    if (!f) co_return co_await syscall_exit(t, name, -EBADF);
    if (!f->sock) co_return co_await syscall_exit(t, name, -ENOTSOCK);
    co_await step(t, nm("sock_set_timeout"), 100);
    f->sock->rcvtimeo_ns = ns > 0 ? ns : -1;
    co_return co_await syscall_exit(t, name, 0);
}

KCo<int64_t> Kernel::sys_set_nonblock(Task& t, int fd, bool on) {
    uint32_t name = nm("fcntl");
    co_await syscall_enter(t, name, fd, 4 /* F_SETFL */, on ? 04000 /* O_NONBLOCK */ : 0);
    File* f = fd_get(t, fd);
    if (!f) co_return co_await syscall_exit(t, name, -EBADF);
    co_await step(t, nm("setfl"), 50);
    f->nonblock = on;
    co_return co_await syscall_exit(t, name, 0);
}

} // namespace ioscope
