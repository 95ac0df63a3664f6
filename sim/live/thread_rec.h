// thread_rec.h — what one live thread records: its birth and exit, every system call it makes
// (entry and exit on CLOCK_MONOTONIC, three arguments, result or -errno), the sleeps inside them,
// request markers and descriptors.
//
// Contract:
//  * One ThreadRec per thread, created and used on that thread only (no locks after attach()).
//  * sys(name, a, b, c, wait_reason, f) runs f() — the real call — and records
//      SyscallEnter{t0, name, a, b, c} ... SyscallExit{t1, name, a = result or -errno,
//      b = voluntary context switches during the call, c = involuntary ones since the last sample}.
//    For calls that can sleep (wait_reason != Nm::Count_) it samples getrusage(RUSAGE_THREAD)
//    after the call; if ru_nvcsw grew the thread slept in the kernel, and the call is bracketed by
//    StateChange Waiting (reason) at t0 and Running (WaitEnd::Woken or Signal on EINTR) at t1.
//    The real moment it slept lies in [t0, t1]; that interval is what the trace shows.
//  * errno after sys() is the call's errno.
//  * With recording disabled only the counters are kept (no clock reads, no records, no rusage).
#pragma once
#include "clock.h"
#include "recorder.h"

#include <cerrno>
#include <string>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace ioscope::live {

inline uint32_t current_tid() { return uint32_t(syscall(SYS_gettid)); }

class ThreadRec {
public:
    // comm: the thread's name in the trace (also set with pthread_setname_np, 15 chars max).
    ThreadRec(Recording& rec, const std::string& comm, uint32_t parent_tid);
    ~ThreadRec();                                        // TaskExit + final rusage into stats
    ThreadRec(const ThreadRec&) = delete;
    ThreadRec& operator=(const ThreadRec&) = delete;

    uint32_t tid() const { return tid_; }
    Recording& recording() { return rec_; }
    ThreadStats& stats() { return buf_->stats; }

    template <class F>
    long sys(Nm name, int64_t a, int64_t b, uint32_t c, Nm wait_reason, F&& f) {
        ThreadStats& st = buf_->stats;
        st.calls[size_t(name)]++;
        if (!on_) {
            long r = long(f());
            if (r < 0) count_error(errno);
            return r;
        }
        const int64_t t0 = mono_ns();
        Record& e = rec_.emit(buf_, Kind::SyscallEnter, t0);
        e.task = tid_;
        e.name = rec_.name(name);
        e.a = a;
        e.b = b;
        e.c = c;
        errno = 0;
        long r = long(f());
        const int err = r < 0 ? errno : 0;
        const int64_t t1 = mono_ns();
        uint32_t vol = 0, invol = 0;
        if (wait_reason != Nm::Count_) sample_switches(vol, invol);
        if (vol > 0) {
            st.blocked++;
            Record& w = rec_.emit(buf_, Kind::StateChange, t0);
            w.task = tid_;
            w.a = int64_t(TaskState::Waiting);
            w.b = int64_t(LinuxState::Interruptible);
            w.name = rec_.name(wait_reason);
            Record& run = rec_.emit(buf_, Kind::StateChange, t1);
            run.task = tid_;
            run.a = int64_t(TaskState::Running);
            run.b = int64_t(LinuxState::Running);
            run.c = uint32_t(err == EINTR ? WaitEnd::Signal : WaitEnd::Woken);
        }
        Record& x = rec_.emit(buf_, Kind::SyscallExit, t1);
        x.task = tid_;
        x.name = rec_.name(name);
        x.a = r < 0 ? -int64_t(err) : int64_t(r);
        x.b = vol;
        x.c = invol;
        if (r < 0) count_error(err);
        errno = err;
        return r;
    }

    // Marker (request start/end) with the simulator's id scheme: connection * 1e6 + sequence.
    void marker(Nm label, int64_t id, MarkerType type, uint32_t obj = 0);
    // A descriptor appeared (socket, accept4, epoll_create1): ObjectNew + FdInstall. Returns the
    // object id to pass to fd_close().
    uint32_t fd_install(int fd, ObjType type, Nm label);
    void fd_close(int fd, uint32_t obj);

private:
    void sample_switches(uint32_t& vol, uint32_t& invol);
    void count_error(int err) {
        if (err == EAGAIN || err == EWOULDBLOCK) buf_->stats.eagain++;
        else if (err == EINTR) buf_->stats.eintr++;
        else buf_->stats.other_errors++;
    }

    Recording& rec_;
    ThreadBuffer* buf_;
    uint32_t tid_;
    uint32_t pid_;
    bool on_;
    long last_nvcsw_ { 0 }, last_nivcsw_ { 0 };
    rusage start_ {};
};

} // namespace ioscope::live
