// async_io_servers.cpp — the two asynchronous I/O models of the source texts' fifth I/O model,
// shown precisely (KERNEL.md, AIO):
//
//  io-uring-server   kernel completion: requests go into a submission ring in shared memory;
//                    the KERNEL performs the recv — copies the data into the program's buffer —
//                    and then posts a completion. The program never calls recv and never sleeps
//                    on a socket: it sleeps in io_uring_enter until completions exist.
//  posix-aio-server  glibc's POSIX AIO (aio_read + SIGEV_SIGNAL): asynchronous to the program,
//                    but glibc implements it with helper threads that make ordinary BLOCKING
//                    recv calls; the kernel sees threads blocked in sk_wait_data and a signal
//                    (rt_sigqueueinfo) when one returns. No kernel AIO is involved.
#include "programs.h"

#include <deque>
#include <memory>
#include <vector>

namespace ioscope {

// ---------------------------------------------------------------------------------------------
// io_uring
// ---------------------------------------------------------------------------------------------
KCo<void> io_uring_server(Sys& sys, Options o) {
    constexpr uint64_t kAcceptTag = ~uint64_t(0);
    int64_t lfd = co_await open_listener(sys, int(o["port"]), int(o["backlog"]));
    int64_t ring = co_await sys.io_uring_queue_init(uint32_t(o["entries"]));
    if (ring < 0) co_return;
    co_await sys.io_uring_prep_accept(int(ring), int(lfd), kAcceptTag);
    for (;;) {
        // Submit what the SQ ring holds and wait for at least one completion.
        co_await sys.io_uring_enter(int(ring), 1);
        std::vector<IoUringCqe> done = co_await sys.io_uring_reap(int(ring));
        for (const IoUringCqe& cqe : done) {
            if (cqe.user_data == kAcceptTag) {
                if (cqe.res >= 0)                           // a new connection: ask for its first request
                    co_await sys.io_uring_prep_recv(int(ring), int(cqe.res), o["read_size"], uint64_t(cqe.res));
                co_await sys.io_uring_prep_accept(int(ring), int(lfd), kAcceptTag);
                continue;
            }
            int fd = int(cqe.user_data);
            if (cqe.res <= 0) {                             // EOF or error: the peer is gone
                co_await sys.close(fd);
                continue;
            }
            // The request is already in our buffer: the kernel copied it before posting the CQE.
            co_await sys.compute(SimTime(o["handler"]), "handle request");
            co_await sys.send(fd, cqe.res);
            co_await sys.io_uring_prep_recv(int(ring), fd, o["read_size"], uint64_t(fd));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// POSIX AIO (glibc rt/aio_misc.c)
// ---------------------------------------------------------------------------------------------
namespace {
constexpr int kSigAio = 34;                   // SIGRTMIN: the program's sigev_signo

struct Aiocb { int fd { -1 }; int64_t result { 0 }; };

// glibc's request list and helper-thread pool (__aio_enqueue_request / handle_fildes_io).
struct AioPool {
    std::deque<Aiocb> queued;                 // requests no helper has taken yet
    std::deque<Aiocb> done;                   // finished: aio_error() != EINPROGRESS
    Futex* cond { nullptr };                  // __aio_new_request_notification
    int threads { 0 }, idle { 0 };
    int64_t max_threads { 20 };               // aio_init's aio_threads default
};

KCo<void> aio_helper(Sys& sys, std::shared_ptr<AioPool> p) {
    for (;;) {
        while (p->queued.empty()) {               // pthread_cond_timedwait for new work
            int64_t seq = p->cond->value;
            p->idle++;
            co_await sys.futex_wait(*p->cond, seq, "aio helper: pthread_cond_wait");
            p->idle--;
        }
        Aiocb cb = p->queued.front();
        p->queued.pop_front();
        // The asynchronous read is a synchronous, blocking read in this helper thread.
        cb.result = co_await sys.recv(cb.fd, 4096);
        p->done.push_back(cb);
        // __aio_notify -> __aio_sigqueue: SIGEV_SIGNAL to the process.
        co_await sys.sigqueue_self(kSigAio);
    }
}

// aio_read: user space only, unless a helper thread must be created or woken.
KCo<void> aio_read(Sys& sys, std::shared_ptr<AioPool> p, int fd) {
    co_await sys.compute(SimTime(200), "aio_read: __aio_enqueue_request");
    p->queued.push_back(Aiocb { fd, 0 });
    if (p->idle > 0) {
        p->cond->value++;
        co_await sys.futex_wake(*p->cond, 1);
    } else if (p->threads < p->max_threads) {
        p->threads++;
        ProgramFactory helper = [p](Sys& s) { return aio_helper(s, p); };   // named: see per_connection_servers.cpp
        co_await sys.thread(std::move(helper));
    }
}

// The SIGEV_SIGNAL handler: the signal says only "some request finished"; aio_error/aio_return
// on each outstanding aiocb (reads of user memory, no syscall) tell which.
KCo<void> aio_completion_handler(Sys& sys, std::shared_ptr<AioPool> p, Options o) {
    while (!p->done.empty()) {
        Aiocb cb = p->done.front();
        p->done.pop_front();
        co_await sys.compute(SimTime(50), "aio_error + aio_return");
        if (cb.result <= 0) {
            co_await sys.close(cb.fd);
            continue;
        }
        co_await sys.compute(SimTime(o["handler"]), "handle request");
        co_await sys.send(cb.fd, cb.result);
        co_await aio_read(sys, p, cb.fd);
    }
}

KCo<void> aio_acceptor(Sys& sys, std::shared_ptr<AioPool> p, int lfd) {
    for (;;) {
        int64_t cfd = co_await sys.accept(lfd);
        if (cfd >= 0) co_await aio_read(sys, p, int(cfd));
    }
}
} // namespace

KCo<void> posix_aio_server(Sys& sys, Options o) {
    auto p = std::make_shared<AioPool>();
    p->cond = &sys.kernel().new_futex("aio request condvar futex");
    p->max_threads = o["aio_threads"];
    int64_t lfd = co_await open_listener(sys, int(o["port"]), int(o["backlog"]));
    ProgramFactory handler = [p, o](Sys& s) { return aio_completion_handler(s, p, o); };
    co_await sys.sigaction(kSigAio, std::move(handler));
    // A thread accepts and starts aio_read on each connection (it blocks SIGRTMIN, so the
    // completion signals go to the main thread).
    ProgramFactory acceptor = [p, lfd](Sys& s) { return aio_acceptor(s, p, int(lfd)); };
    co_await sys.thread(std::move(acceptor));
    for (;;) co_await sys.pause();                            // completions arrive as signals
}

} // namespace ioscope
