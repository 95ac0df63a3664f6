// syscalls.cpp — crossing into the kernel and back (entry_SYSCALL_64 ... exit_to_user_mode),
// process exit, user-mode computation, and the Sys facade that simulated programs call.
#include "sys.h"

#include <cerrno>
#include <cstring>

namespace ioscope {

// entry_SYSCALL_64: the CPU switches to kernel mode on the task's kernel stack.
KCo<void> Kernel::syscall_enter(Task& t, uint32_t name, int64_t a0, int64_t a1, int64_t a2) {
    Cpu& c = cpu_of(t);
    Record& r = emit(Kind::SyscallEnter, c.id, t.tid);
    r.name = name;
    r.a = a0;
    r.b = a1;
    r.c = uint32_t(a2);
    metrics_.syscall_counts[name]++;
    if (cache_.syscalls_pending.size() <= c.id) cache_.syscalls_pending.resize(size_t(c.id) + 1, 0);
    cache_.syscalls_pending[c.id]++;                  // its footprint, on this CPU (cache.h)
    set_mode(c, CpuMode::Kernel);
    co_await step(t, nm("entry_SYSCALL_64"), cost_.syscall_entry_ns);
}

// syscall_exit_to_user_mode: a preemption point — with TIF_NEED_RESCHED set, schedule() runs
// before the return to user mode (an involuntary switch).
KCo<int64_t> Kernel::syscall_exit(Task& t, uint32_t name, int64_t ret) {
    co_await step(t, nm("syscall_exit_to_user_mode"), cost_.syscall_exit_ns);
    if (ret == -EAGAIN) metrics_.syscalls_returning_eagain++;
    // exit_to_user_mode_loop, still in kernel mode: queued task_work (io_uring completions,
    // TIF_NOTIFY_SIGNAL) runs before the return, whatever the system call was.
    while (!t.task_work.empty()) co_await run_task_work(t);
    while (cpu_of(t).need_resched) co_await schedule(t, true);
    Cpu& c = cpu_of(t);
    Record& r = emit(Kind::SyscallExit, c.id, t.tid);
    r.name = name;
    r.a = ret;
    set_mode(c, CpuMode::User);
    // A signal's handler starts on the return to user mode.
    if (t.sigpending && !t.in_handler) co_await deliver_signals(t);
    co_return ret;
}

namespace {
// Suspends forever: the exiting task's coroutine is never resumed; the kernel frees it.
struct NeverResumed {
    Kernel& k; Task& t;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) { k.cpu_schedule(k.cpu_of(t), false); }
    void await_resume() const noexcept {}
};
} // namespace

// exit_group -> do_exit: close the files (last thread of the process), become a zombie, and
// call schedule() one last time.
KCo<void> Kernel::sys_exit(Task& t, int64_t code) {
    // A thread that returns from its start routine calls SYS_exit; a process's main calls
    // exit_group (which would end every thread of the process).
    uint32_t name = t.pid != t.tid ? nm("exit") : nm("exit_group");
    co_await syscall_enter(t, name, code);
    co_await step(t, nm("do_exit"), cost_.exit_ns);
    if (t.files.use_count() == 1) {
        auto fds = t.files->fds;
        t.files->fds.clear();
        for (auto& [fd, f] : fds) {
            Record& r = emit(Kind::FdClose, t.cpu, t.tid);
            r.a = fd;
            r.obj = f->id;
            r.b = t.pid;
            co_await file_put(t, *f);
        }
    }
    t.exited = true;
    t.exit_code = code;
    // Reaped at once (SIGCHLD ignored): its PCB, stacks and (last thread) mm are freed.
    MemoryUse& mem = metrics_.memory;
    mem.pcbs -= MemoryModel::task_struct;
    mem.kernel_stacks -= MemoryModel::kernel_stack;
    mem.user_stacks -= MemoryModel::user_stack;
    if (t.files.use_count() == 1 && t.pid == t.tid) mem.address_spaces -= MemoryModel::address_space;
    metrics_.threads_live--;
    Record& r = emit(Kind::TaskExit, t.cpu, t.tid);
    r.a = code;
    set_state(t, TaskState::Terminated, LinuxState::Zombie);
    co_await NeverResumed{*this, t};
}

KCo<int64_t> Kernel::user_compute(Task& t, int64_t ns, uint32_t what) {
    co_await user_step(t, what, ns);
    // A signal raised while this ran would be delivered at the interrupt's return to user mode;
    // ioscope delivers it at the end of the step (the granularity of user computation).
    if (t.sigpending && !t.in_handler) co_await deliver_signals(t);
    co_return 0;
}

// ---------------------------------------------------------------------------------------------
// Sys: what programs call. Each call notes the program location as the user context.
// ---------------------------------------------------------------------------------------------
void Sys::at(const loc& l, const char* what) {
    // Cached per call site: building and interning the string on every call would dominate the
    // cost of simulating a syscall.
    auto key = std::make_pair(static_cast<const void*>(l.file_name()), l.line());
    auto it = k_.pc_cache_.find(key);
    if (it != k_.pc_cache_.end()) { t_.user_pc = it->second; return; }
    const char* file = l.file_name();
    const char* slash = std::strrchr(file, '/');
    std::string s = std::string(slash ? slash + 1 : file) + ":" + std::to_string(l.line()) + " " + what;
    t_.user_pc = k_.intern(s);
    k_.pc_cache_.emplace(key, t_.user_pc);
}

KCo<int64_t> Sys::socket(loc l) { at(l, "socket()"); return k_.sys_socket(t_); }
KCo<int64_t> Sys::bind(int fd, int port, loc l) { at(l, "bind()"); return k_.sys_bind(t_, fd, port); }
KCo<int64_t> Sys::listen(int fd, int backlog, loc l) { at(l, "listen()"); return k_.sys_listen(t_, fd, backlog); }
KCo<int64_t> Sys::accept(int fd, loc l) { at(l, "accept()"); return k_.sys_accept(t_, fd); }
KCo<int64_t> Sys::connect(int fd, int port, loc l) { at(l, "connect()"); return k_.sys_connect(t_, fd, port); }
KCo<int64_t> Sys::recv(int fd, int64_t len, loc l) { at(l, "recv()"); return k_.sys_recv(t_, fd, len); }
KCo<int64_t> Sys::send(int fd, int64_t len, loc l) { at(l, "send()"); return k_.sys_send(t_, fd, len); }
KCo<int64_t> Sys::close(int fd, loc l) { at(l, "close()"); return k_.sys_close(t_, fd); }
KCo<int64_t> Sys::set_nonblock(int fd, bool on, loc l) { at(l, "fcntl(O_NONBLOCK)"); return k_.sys_set_nonblock(t_, fd, on); }

KCo<void> Sys::compute(SimTime d, const char* what, loc l) {
    at(l, what);
    co_await k_.user_compute(t_, d.ns, k_.intern(what));
}

void Sys::marker(const char* label, MarkerType type, int64_t request, uint32_t obj) {
    Record& r = k_.emit(Kind::Marker, t_.cpu, t_.tid);
    r.name = k_.intern(label);
    r.a = request;
    r.b = int64_t(type);
    r.obj = obj;
}

} // namespace ioscope

namespace ioscope {

// nanosleep -> hrtimer_nanosleep: arm a sleeper hrtimer with the task's timer slack, sleep in
// TASK_INTERRUPTIBLE, be woken by hrtimer_wakeup from the timer interrupt (KERNEL.md §7).
KCo<int64_t> Kernel::sys_nanosleep(Task& t, int64_t ns) {
    uint32_t name = nm("nanosleep");
    co_await syscall_enter(t, name, ns);
    co_await step(t, nm("hrtimer_nanosleep"), cost_.hrtimer_ns / 2);
    int64_t expires = now().ns + ns;
    Record& a = emit(Kind::TimerArm, t.cpu, t.tid);
    a.obj = t.tid;
    a.a = expires;
    a.b = cost_.timer_slack_ns;
    a.name = nm("hrtimer");
    // The hardware timer is programmed for the end of the slack range (no other timer here
    // pulls it earlier), so a sleep overshoots by about the slack.
    ev_.schedule(SimTime(expires + cost_.timer_slack_ns), &Kernel::on_hrtimer_expiry, this, t.tid);
    t.wait_reason = nm("Sleeping");
    t.wait_obj = 0;
    set_state(t, t.state, LinuxState::Interruptible);
    co_await schedule(t);
    co_return co_await syscall_exit(t, name, 0);
}

void Kernel::on_hrtimer_expiry(void* kp, uint64_t tid) {
    Kernel& k = *static_cast<Kernel*>(kp);
    Task* t = k.task(uint32_t(tid));
    if (!t) return;
    Cpu& c = k.cpus_[t->cpu];
    c.expired_timers.push_back(t);
    k.raise_irq(c.id, IrqKind::HrTimer);
}

KCo<bool> Kernel::schedule_timeout(Task& t, int64_t timeo_ns) {
    if (timeo_ns < 0) {
        co_await schedule(t);
        co_return false;
    }
    int64_t period = 1000000000 / hz_;
    uint64_t expires = uint64_t(now().ns / period) + uint64_t((timeo_ns + period - 1) / period);
    Cpu& c = cpu_of(t);
    uint32_t id = next_timer_++;
    c.wheel.push_back(Cpu::WheelTimer{expires, &t, id});
    Record& a = emit(Kind::TimerArm, c.id, t.tid);
    a.obj = id;
    a.a = int64_t(expires) * period;
    a.name = nm("timer_list");
    t.timed_out = false;
    uint8_t armed_on = c.id;
    co_await schedule(t);
    if (!t.timed_out) {                                  // woken first: del_timer_sync
        auto& wheel = cpus_[armed_on].wheel;
        std::erase_if(wheel, [&](const Cpu::WheelTimer& w) { return w.id == id; });
        Record& x = emit(Kind::TimerCancel, t.cpu, t.tid);
        x.obj = id;
    }
    co_return t.timed_out;
}

KCo<int64_t> Sys::set_rcvtimeo(int fd, SimTime d, loc l) { at(l, "setsockopt(SO_RCVTIMEO)"); return k_.sys_set_rcvtimeo(t_, fd, d.ns); }

KCo<int64_t> Sys::sleep(SimTime d, loc l) { at(l, "nanosleep()"); return k_.sys_nanosleep(t_, d.ns); }

} // namespace ioscope
