// sys.h — the system-call interface simulated user programs are written against.
//
// Programs read like the C a student would write (STYLE.md §4):
//     int64_t fd = co_await sys.accept(lfd);
//     int64_t n  = co_await sys.recv(fd, 4096);
// Each call records where in the program it was made (file:line), which becomes the "saved
// context" (program counter) stored in the PCB when the task is switched out.
#pragma once
#include "kernel.h"

#include <source_location>
#include <stdexcept>
#include <string>

namespace ioscope {

// Thrown by a program that dies by a signal it raised itself — glibc's abort() (SIGABRT) after a
// fortify check, for instance. Not a crash of the simulation: the task is killed and exits with
// 128 + signo, as a shell would report it.
struct ProgramKilled : std::runtime_error {
    int signo;
    ProgramKilled(int sig, const std::string& message) : std::runtime_error(message), signo(sig) {}
};

class Sys {
public:
    Sys(Kernel& k, Task& t) : k_(k), t_(t) {}
    using loc = std::source_location;

    KCo<int64_t> socket(loc l = loc::current());
    KCo<int64_t> bind(int fd, int port, loc l = loc::current());
    KCo<int64_t> listen(int fd, int backlog, loc l = loc::current());
    KCo<int64_t> accept(int fd, loc l = loc::current());
    KCo<int64_t> connect(int fd, int port, loc l = loc::current());
    KCo<int64_t> recv(int fd, int64_t len, loc l = loc::current());
    KCo<int64_t> send(int fd, int64_t len, loc l = loc::current());
    KCo<int64_t> close(int fd, loc l = loc::current());
    KCo<int64_t> set_nonblock(int fd, bool on, loc l = loc::current());   // fcntl(F_SETFL, O_NONBLOCK)
    KCo<int64_t> sleep(SimTime d, loc l = loc::current());                 // nanosleep
    KCo<int64_t> set_rcvtimeo(int fd, SimTime d, loc l = loc::current()); // setsockopt(SO_RCVTIMEO)
    KCo<int64_t> set_reuseport(int fd, bool on, loc l = loc::current());  // setsockopt(SO_REUSEPORT), before bind
    KCo<int64_t> fork(ProgramFactory child, loc l = loc::current());       // returns the child's pid
    KCo<int64_t> thread(ProgramFactory child, loc l = loc::current());     // pthread_create; returns the tid
    KCo<int64_t> set_name(std::string name, loc l = loc::current());      // prctl(PR_SET_NAME): renames this thread
    KCo<int64_t> futex_wait(Futex& f, int64_t expected, const char* reason, loc l = loc::current());
    KCo<int64_t> futex_wake(Futex& f, int n, loc l = loc::current());
    // select(2): the sets are overwritten with the results; timeout_ns < 0 = NULL (forever).
    KCo<int64_t> select(int nfds, FdSet* in, FdSet* out, FdSet* ex, int64_t timeout_ns, int64_t* remaining = nullptr,
                        loc l = loc::current());
    KCo<int64_t> poll(std::vector<PollFd>& fds, int64_t timeout_ms, loc l = loc::current());
    KCo<int64_t> epoll_create1(loc l = loc::current());
    KCo<int64_t> epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data, loc l = loc::current());
    // Fills `out` with up to maxevents events; returns their number.
    KCo<int64_t> epoll_wait(int epfd, std::vector<EpollEvent>& out, int maxevents, int64_t timeout_ms, loc l = loc::current());
    KCo<int64_t> setrlimit_nofile(int64_t n, loc l = loc::current());    // setrlimit(RLIMIT_NOFILE)
    KCo<int64_t> pin_to_current_cpu(loc l = loc::current());              // sched_setaffinity(0, {this CPU})
    KCo<int64_t> fcntl_setown(int fd, loc l = loc::current());             // F_SETOWN getpid()
    KCo<int64_t> fcntl_async(int fd, bool on, loc l = loc::current());     // F_SETFL O_ASYNC
    KCo<int64_t> sigaction(int signo, ProgramFactory handler, loc l = loc::current());
    KCo<int64_t> pause(loc l = loc::current());                            // until a signal: -EINTR
    KCo<int64_t> sigqueue_self(int signo, loc l = loc::current());        // rt_sigqueueinfo(getpid(), signo)
    // io_uring (liburing-style; io_uring.cpp): setup + ring mmaps, an SQE for recv written in user
    // space, io_uring_enter (submit all, wait for min_complete), CQEs read in user space.
    KCo<int64_t> io_uring_queue_init(uint32_t entries, loc l = loc::current());
    KCo<int64_t> io_uring_prep_recv(int ringfd, int fd, int64_t len, uint64_t user_data, loc l = loc::current());
    KCo<int64_t> io_uring_prep_accept(int ringfd, int lfd, uint64_t user_data, loc l = loc::current());
    KCo<int64_t> io_uring_enter(int ringfd, uint32_t min_complete, loc l = loc::current());
    KCo<std::vector<IoUringCqe>> io_uring_reap(int ringfd, loc l = loc::current());
    // User-mode computation: `d` of CPU time spent in the program itself (preemptible).
    KCo<void> compute(SimTime d, const char* what, loc l = loc::current());
    // A user-level marker in the trace (request start/end, phase names).
    void marker(const char* label, MarkerType type = MarkerType::Instant, int64_t request = 0, uint32_t obj = 0);

    Task& task() { return t_; }
    Kernel& kernel() { return k_; }
    SimTime now() const { return k_.now(); }

private:
    void at(const loc& l, const char* what);
    Kernel& k_;
    Task& t_;
};

} // namespace ioscope
