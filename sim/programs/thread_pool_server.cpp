// thread_pool_server.cpp — a fixed pool of worker threads fed by the accepting thread through a
// queue guarded by a mutex + condition variable (futex underneath). When all workers are busy,
// new connections wait in the queue: a pool always has an upper limit.
#include "serve_connection.h"

#include <deque>
#include <memory>

namespace ioscope {

namespace {
struct WorkQueue {
    std::deque<int> fds;                  // accepted connections not yet taken by a worker
    Futex* cond { nullptr };              // pthread_cond_t: the futex word is a sequence number
    int waiters { 0 };                    // glibc skips FUTEX_WAKE when nobody waits
};

KCo<void> pool_worker(Sys& sys, std::shared_ptr<WorkQueue> q, Options o) {
    for (;;) {
        // pthread_mutex_lock; while (queue empty) pthread_cond_wait(...); take one; unlock.
        while (q->fds.empty()) {
            int64_t seq = q->cond->value;
            q->waiters++;
            co_await sys.futex_wait(*q->cond, seq, "pthread_cond_wait");
            q->waiters--;
        }
        int cfd = q->fds.front();
        q->fds.pop_front();
        co_await serve_connection(sys, cfd, o);
    }
}
} // namespace

KCo<void> thread_pool_server(Sys& sys, Options o) {
    int64_t lfd = co_await open_listener(sys, int(o["port"]), int(o["backlog"]));
    auto q = std::make_shared<WorkQueue>();
    q->cond = &sys.kernel().new_futex("pool condvar futex");
    for (int64_t i = 0; i < o["workers"]; ++i) {
        ProgramFactory worker = [q, o](Sys& s) { return pool_worker(s, q, o); };   // named: see per_connection_servers.cpp
        co_await sys.thread(std::move(worker));
    }
    for (;;) {
        int64_t cfd = co_await sys.accept(int(lfd));
        if (cfd < 0) continue;
        q->fds.push_back(int(cfd));
        sys.marker("pool queue", MarkerType::Instant, int64_t(q->fds.size()));
        if (q->waiters > 0) {                                   // pthread_cond_signal
            q->cond->value++;
            co_await sys.futex_wake(*q->cond, 1);
        }
    }
}

} // namespace ioscope
