// process.cpp — creating processes and threads (fork / clone), futexes (what pthread mutexes,
// condition variables and thread pools sleep on), and the memory those objects cost.
#include "sys.h"

#include <cerrno>

namespace ioscope {

// fork -> kernel_clone -> copy_process: a new task with its own address space (copy-on-write)
// and a *copy* of the fd table, whose entries point at the same open files (refcounts go up).
KCo<int64_t> Kernel::sys_fork(Task& t, ProgramFactory child) {
    uint32_t name = nm("clone");
    co_await syscall_enter(t, name, 17 /* SIGCHLD: a new process */);
    co_await step(t, nm("copy_process"), cost_.fork_ns);
    Task& c = spawn(t.name, now(), std::move(child), &t, false);
    for (auto& [fd, f] : t.files->fds) {
        c.files->fds[fd] = f;
        f->refs++;
    }
    c.files->next_fd = t.files->next_fd;
    co_return co_await syscall_exit(t, name, c.pid);
}

// pthread_create -> clone(CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|...): a new
// task sharing the address space and the fd table; it needs its own kernel and user stacks.
KCo<int64_t> Kernel::sys_clone_thread(Task& t, ProgramFactory child) {
    uint32_t name = nm("clone");
    co_await syscall_enter(t, name, 0x3d0f00 /* CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|... */);
    co_await step(t, nm("copy_process"), cost_.thread_create_ns);
    Task& c = spawn(t.name + "-t" + std::to_string(next_tid_), now(), std::move(child), &t, true);
    co_return co_await syscall_exit(t, name, c.tid);
}

// prctl(PR_SET_NAME, name): strncpy_from_user copies at most TASK_COMM_LEN - 1 = 15 bytes of the
// name, then set_task_comm -> __set_task_comm writes task->comm under task_lock. Only the calling
// thread is renamed (its comm, not the process's argv that setproctitle-style code rewrites).
KCo<int64_t> Kernel::sys_prctl_set_name(Task& t, std::string name) {
    constexpr size_t kTaskCommLen = 16;                    // include/linux/sched.h TASK_COMM_LEN
    uint32_t sc = nm("prctl");
    co_await syscall_enter(t, sc, 15 /* PR_SET_NAME */);
    if (name.size() > kTaskCommLen - 1) name.resize(kTaskCommLen - 1);
    co_await step(t, nm("strncpy_from_user"), cost_.copy_cost_ns(int64_t(name.size()) + 1));
    co_await step(t, nm("__set_task_comm"), 60);          // task_lock, strscpy_pad, perf_event_comm
    t.name = name;
    t.comm = intern(name);
    Record& r = emit(Kind::TaskRename, t.cpu, t.tid);
    r.name = t.comm;
    co_return co_await syscall_exit(t, sc, 0);
}

Futex& Kernel::new_futex(std::string_view label) {
    auto f = std::make_unique<Futex>();
    init_waitqueue(f->wq, 0, label);
    futexes_.push_back(std::move(f));
    return *futexes_.back();
}

// futex(FUTEX_WAIT): sleep only if the word still holds `expected` (checked under the hash
// bucket lock, so a wake between the user's check and the syscall is not lost).
KCo<int64_t> Kernel::sys_futex_wait(Task& t, Futex& f, int64_t expected, uint32_t reason) {
    uint32_t name = nm("futex");
    co_await syscall_enter(t, name, 0 /* FUTEX_WAIT */, expected);
    co_await step(t, nm("futex_wait_setup"), 150);
    if (f.value != expected) co_return co_await syscall_exit(t, name, -EAGAIN);
    WaitEntry q;
    q.task = &t;
    q.func = WakeFn::Default;
    co_await add_wait_queue(cpu_of(t), f.wq, q, true);      // FIFO: woken in arrival order
    t.wait_reason = reason;
    t.wait_obj = f.wq.id;
    set_state(t, t.state, LinuxState::Interruptible);
    co_await schedule(t);
    co_await remove_wait_queue(cpu_of(t), f.wq, q);
    co_return co_await syscall_exit(t, name, 0);
}

// futex(FUTEX_WAKE): wake up to n sleepers.
KCo<int64_t> Kernel::sys_futex_wake(Task& t, Futex& f, int n) {
    uint32_t name = nm("futex");
    co_await syscall_enter(t, name, 1 /* FUTEX_WAKE */, n);
    co_await step(t, nm("futex_wake"), 150);
    int woken = f.wq.has_sleeper() ? co_await wake_up(cpu_of(t), f.wq, n, 0) : 0;
    co_return co_await syscall_exit(t, name, woken);
}

void Kernel::account_user_stacks(int64_t bytes) {
    metrics_.memory.user_stacks += bytes;
    memory_changed();
}

void Kernel::memory_changed() {
    if (metrics_.memory.total() > metrics_.memory_peak.total()) metrics_.memory_peak = metrics_.memory;
}

// ---------------------------------------------------------------------------------------------
// Sys
// ---------------------------------------------------------------------------------------------
static KCo<int64_t> do_setrlimit(Kernel& k, Task& t, int64_t n) {
    uint32_t name = k.nm("prlimit64");
    co_await k.syscall_enter(t, name, 7 /* RLIMIT_NOFILE */, n);
    t.rlimit_nofile = n;
    co_return co_await k.syscall_exit(t, name, 0);
}
KCo<int64_t> Sys::setrlimit_nofile(int64_t n, loc l) { at(l, "setrlimit(RLIMIT_NOFILE)"); return do_setrlimit(k_, t_, n); }

// sched_setaffinity(0, {the CPU it runs on}): every later wakeup places it there (the live
// sweep's PinToCurrentCpu). Returns the CPU.
static KCo<int64_t> do_pin(Kernel& k, Task& t) {
    uint32_t name = k.nm("sched_setaffinity");
    co_await k.syscall_enter(t, name, 0, int64_t(1) << t.cpu);
    t.pinned_cpu = int16_t(t.cpu);
    co_return co_await k.syscall_exit(t, name, t.cpu);
}
KCo<int64_t> Sys::pin_to_current_cpu(loc l) { at(l, "sched_setaffinity()"); return do_pin(k_, t_); }

KCo<int64_t> Sys::set_name(std::string name, loc l) { at(l, "prctl(PR_SET_NAME)"); return k_.sys_prctl_set_name(t_, std::move(name)); }
KCo<int64_t> Sys::fork(ProgramFactory child, loc l) { at(l, "fork()"); return k_.sys_fork(t_, std::move(child)); }
KCo<int64_t> Sys::thread(ProgramFactory child, loc l) { at(l, "pthread_create()"); return k_.sys_clone_thread(t_, std::move(child)); }
KCo<int64_t> Sys::futex_wait(Futex& f, int64_t expected, const char* reason, loc l) {
    at(l, "futex(FUTEX_WAIT)");
    return k_.sys_futex_wait(t_, f, expected, k_.intern(reason));
}
KCo<int64_t> Sys::futex_wake(Futex& f, int n, loc l) { at(l, "futex(FUTEX_WAKE)"); return k_.sys_futex_wake(t_, f, n); }

} // namespace ioscope
