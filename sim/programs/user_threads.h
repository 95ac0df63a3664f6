// user_threads.h — a user-level thread library (the GNU Pth / State Threads idea) inside one
// simulated task. Each user thread ("fiber") is a coroutine; the library wraps read/write/accept into
// non-blocking calls, and on EAGAIN parks the fiber and switches to another one — in user mode,
// without the kernel knowing. When every fiber waits, the scheduler sleeps in poll() on all of
// their descriptors. The kernel sees exactly one task; a blocking call the library does not
// wrap (here: a sleep) blocks that one task, and with it every user thread.
#pragma once
#include "programs.h"

#include <coroutine>
#include <deque>
#include <memory>
#include <vector>

namespace ioscope {

class UserThreads {
public:
    explicit UserThreads(Sys& sys) : sys_(sys) {}
    void spawn(ProgramFactory body);               // a new user thread, runnable
    KCo<void> run();                               // the scheduler loop; returns when all are done
    KCo<int64_t> read(int fd, int64_t len);        // recv, parking the fiber on EAGAIN
    KCo<int64_t> accept(int lfd);                  // accept, parking the fiber on EAGAIN
    KCo<int64_t> write(int fd, int64_t len);       // send all of len, parking on EAGAIN until POLLOUT
    size_t fibers() const { return all_.size(); }

private:
    struct Fiber {
        KCo<void> co;
        std::coroutine_handle<> resume;            // where it continues (empty: not started)
        int wait_fd { -1 };
        uint32_t wait_events { 0 };                // POLLIN or POLLOUT
        bool done { false };
    };
    struct Park;                                   // awaiter: park current fiber, back to the scheduler
    struct SwitchTo;                               // awaiter: scheduler -> a fiber
    static void fiber_done(void* f);

    Sys& sys_;
    std::vector<std::unique_ptr<Fiber>> all_;
    std::deque<Fiber*> runnable_;
    std::vector<Fiber*> blocked_;
    Fiber* current_ { nullptr };
    std::coroutine_handle<> scheduler_;
};

} // namespace ioscope
