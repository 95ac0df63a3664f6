// signals.cpp — signal-driven I/O (KERNEL.md §6): fcntl(F_SETOWN) + O_ASYNC (sock_fasync), and
// on data sock_def_readable -> sk_wake_async -> sock_wake_async -> kill_fasync -> send_sigio. The
// signal only says "something happened": the handler runs at the next return to user mode and
// still has to read — and plain SIGIO does not even say which fd.
#include "sys.h"

#include <cerrno>

namespace ioscope {

constexpr int SIGIO_ = 29;

KCo<int64_t> Kernel::sys_fcntl_setown(Task& t, int fd) {
    uint32_t name = nm("fcntl");
    co_await syscall_enter(t, name, fd, 8 /* F_SETOWN */, t.pid);
    File* f = fd_get(t, fd);
    if (!f) co_return co_await syscall_exit(t, name, -EBADF);
    co_await step(t, nm("f_setown"), 100);
    if (f->sock) f->sock->fasync_owner = &t;
    co_return co_await syscall_exit(t, name, 0);
}

KCo<int64_t> Kernel::sys_fcntl_async(Task& t, int fd, bool on) {
    uint32_t name = nm("fcntl");
    co_await syscall_enter(t, name, fd, 4 /* F_SETFL */, on ? 020000 /* O_ASYNC */ : 0);
    File* f = fd_get(t, fd);
    if (!f) co_return co_await syscall_exit(t, name, -EBADF);
    if (!f->sock) co_return co_await syscall_exit(t, name, -ENOTSOCK);
    // setfl: FASYNC changed -> f_op->fasync = sock_fasync -> fasync_helper + SOCK_FASYNC.
    co_await step(t, nm("sock_fasync"), 150);
    f->sock->fasync = on;
    co_return co_await syscall_exit(t, name, 0);
}

KCo<int64_t> Kernel::sys_sigaction(Task& t, int signo, ProgramFactory handler) {
    uint32_t name = nm("rt_sigaction");
    co_await syscall_enter(t, name, signo);
    co_await step(t, nm("do_sigaction"), 100);
    t.handlers[signo] = std::move(handler);
    co_return co_await syscall_exit(t, name, 0);
}

// pause(): sleep until a signal arrives; always returns -EINTR (after the handler ran).
KCo<int64_t> Kernel::sys_pause(Task& t) {
    uint32_t name = nm("pause");
    co_await syscall_enter(t, name);
    if (!t.sigpending) {
        t.wait_reason = nm("Paused");
        t.wait_obj = 0;
        set_state(t, t.state, LinuxState::Interruptible);
        co_await schedule(t);
    }
    co_return co_await syscall_exit(t, name, -EINTR);
}

void Kernel::sk_wake_async(Cpu& c, Sock& sk) {
    // SOCK_WAKE_WAITD is skipped while a reader already sleeps in sk_wait_data.
    if (sk.async_waitdata || !sk.fasync_owner) return;
    send_signal(c, *sk.fasync_owner, SIGIO_, 0);          // kill_fasync -> send_sigio
}

// send_sigio -> send_sigio_to_task: mark the signal pending and wake the task if it sleeps
// interruptibly (signal_wake_up).
void Kernel::send_signal(Cpu& c, Task& target, int signo, uint32_t sender) {
    if (target.exited) return;
    bool already = target.sigpending & (uint64_t(1) << signo);
    target.sigpending |= uint64_t(1) << signo;
    Record& r = emit(Kind::SignalRaise, c.id, target.tid);
    r.a = signo;
    r.obj2 = sender;
    r.name = nm("send_sigio");
    if (!already && target.lstate == LinuxState::Interruptible) ttwu(c, target);
}

// arch_do_signal_or_restart on the way back to user mode: each pending signal with a handler
// runs it (a user-mode function of the program), then rt_sigreturn.
KCo<void> Kernel::deliver_signals(Task& t) {
    while (t.sigpending) {
        int signo = 0;
        while (!(t.sigpending & (uint64_t(1) << signo))) ++signo;
        t.sigpending &= ~(uint64_t(1) << signo);
        Record& d = emit(Kind::SignalDeliver, t.cpu, t.tid);
        d.a = signo;
        d.name = nm("handle_signal");
        auto it = t.handlers.find(signo);
        if (it == t.handlers.end()) {
            // No handler: the default action. SIGIO's is to terminate the process (signal(7):
            // SIGIO = SIGPOLL, "Term"); get_signal -> do_group_exit. Others are ignored here.
            if (signo == SIGIO_) throw ProgramKilled(SIGIO_, "I/O possible");
            continue;
        }
        Sys* sys = nullptr;
        for (auto& s : sys_) if (&s->task() == &t) sys = s.get();
        t.in_handler = true;
        co_await user_step(t, nm("setup_rt_frame"), 200);
        co_await it->second(*sys);
        uint32_t name = nm("rt_sigreturn");
        Record& e = emit(Kind::SyscallEnter, t.cpu, t.tid);
        e.name = name;
        set_mode(cpu_of(t), CpuMode::Kernel);
        co_await step(t, nm("restore_sigcontext"), cost_.syscall_entry_ns + 200);
        Record& x = emit(Kind::SyscallExit, t.cpu, t.tid);
        x.name = name;
        set_mode(cpu_of(t), CpuMode::User);
        t.in_handler = false;
    }
}

KCo<int64_t> Sys::fcntl_setown(int fd, loc l) { at(l, "fcntl(F_SETOWN)"); return k_.sys_fcntl_setown(t_, fd); }
KCo<int64_t> Sys::fcntl_async(int fd, bool on, loc l) { at(l, "fcntl(F_SETFL, O_ASYNC)"); return k_.sys_fcntl_async(t_, fd, on); }
KCo<int64_t> Sys::sigaction(int signo, ProgramFactory handler, loc l) { at(l, "sigaction()"); return k_.sys_sigaction(t_, signo, std::move(handler)); }
KCo<int64_t> Sys::pause(loc l) { at(l, "pause()"); return k_.sys_pause(t_); }

} // namespace ioscope
