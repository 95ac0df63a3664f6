// task_struct.h — the PCB: one simulated task (a process or a thread), named after Linux's
// struct task_struct. Fields are grouped by what governs them, as in xv6's struct proc.
#pragma once
#include "sim/core/coro.h"
#include "sim/core/event_queue.h"
#include "sim/trace/record.h"

#include <coroutine>
#include <functional>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>

namespace ioscope {

struct File;
class Sys;
using ProgramFactory = std::function<KCo<void>(Sys&)>;

// A CPU-time segment cut short by an interrupt and then preempted: what the task was doing in
// user mode and how much of it is left. Restored when the task is picked again.
struct SavedSegment {
    bool valid { false };
    int64_t remaining { 0 };
    EventFn cont { nullptr };
    void* ctx { nullptr };
    uint64_t arg { 0 };
    CpuMode mode { CpuMode::User };
};

// The file descriptor table, shared by the threads of one process (CLONE_FILES).
struct FdTable {
    std::map<int, File*> fds;
    int next_fd { 3 };                    // 0,1,2 are stdin/stdout/stderr
    int alloc() { while (fds.count(next_fd)) ++next_fd; return next_fd++; }
    // The descriptor alloc() would return (get_unused_fd_flags checks it against RLIMIT_NOFILE).
    int peek() const { int f = next_fd; while (fds.count(f)) ++f; return f; }
};

struct Task {
    // --- identity (fixed at creation) ---------------------------------------------------------
    uint32_t tid { 0 };
    uint32_t pid { 0 };                   // thread group id
    uint32_t mm { 0 };                    // address-space id: threads of a process share it
    uint32_t comm { 0 };                  // interned name
    std::string name;
    std::shared_ptr<FdTable> files;

    // --- scheduler state (changed by schedule(), try_to_wake_up(), the tick) -----------------
    TaskState state { TaskState::New };   // textbook state, recorded on every change
    LinuxState lstate { LinuxState::New };
    uint8_t cpu { 0 };                    // CPU it runs on / last ran on
    int16_t pinned_cpu { -1 };            // sched_setaffinity to one CPU (-1: any): wakeups go there
    bool on_rq { false };                 // queued on cpus[cpu].rq (not running)
    int64_t vruntime { 0 };
    int64_t exec_start { 0 };             // when it last started running (update_curr)
    int64_t slice_start { 0 };            // when it was last picked (time-slice accounting)
    bool preempted { false };             // switched out while still TASK_RUNNING
    uint32_t wait_reason { 0 };           // label for Waiting ("Reading", "Accepting")
    uint32_t wait_obj { 0 };              // wait queue it hangs on while Waiting
    bool timed_out { false };             // a timer woke it (schedule_timeout / hrtimer expired)
    int64_t rlimit_nofile { 1024 };       // RLIMIT_NOFILE soft limit (poll's nfds bound)

    // --- how to continue it when it is picked (exactly one is set while it is off-CPU) --------
    std::coroutine_handle<> resume_point; // suspended in schedule() or not yet started
    bool started { false };
    SavedSegment saved;                   // preempted in the middle of a user-mode segment
    uint32_t user_pc { 0 };               // "file:line what" of the last user-level await (saved context)

    // --- its program ---------------------------------------------------------------------------
    KCo<void> root;                       // task main wrapper (records crash/exit)
    bool exited { false };
    int64_t exit_code { 0 };

    // --- signals ---------------------------------------------------------------------------------
    uint64_t sigpending { 0 };            // bit per signal number
    std::deque<struct IoUringReq*> task_work;   // task_work_add'ed io_uring completions
    std::map<int, ProgramFactory> handlers;   // sigaction: user-space handlers (programs of their own)
    bool in_handler { false };

    // --- counters (getrusage-like) -------------------------------------------------------------
    uint64_t nvcsw { 0 }, nivcsw { 0 };
    int64_t user_ns { 0 }, kernel_ns { 0 };
};

} // namespace ioscope
