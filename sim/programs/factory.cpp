// factory.cpp — model name -> program. Names and options are defined in
// sim/scenario/model_registry.cpp; the loader has already validated them.
#include "programs.h"

#include <stdexcept>

namespace ioscope {

KCo<int64_t> open_listener(Sys& sys, int port, int backlog) {
    int64_t lfd = co_await sys.socket();
    co_await sys.bind(int(lfd), port);
    co_await sys.listen(int(lfd), backlog);
    co_return lfd;
}

KCo<std::vector<int>> accept_pending(Sys& sys, int lfd, bool until_eagain) {
    std::vector<int> got;
    for (;;) {
        int64_t cfd = co_await sys.accept(lfd);
        if (cfd >= 0) got.push_back(int(cfd));
        // Blocking listener: one accept per readiness report. Non-blocking: until the accept queue
        // is empty (-EAGAIN), as nginx's multi_accept and Redis's acceptTcpHandler do.
        if (!until_eagain || cfd < 0) break;
    }
    co_return got;
}

ProgramFactory make_program(const std::string& model, const Options& options) {
    if (model == "blocking-echo-server") return [options](Sys& s) { return blocking_echo_server(s, options); };
    if (model == "cpu-bound") return [options](Sys& s) { return cpu_bound(s, options); };
    if (model == "io-bound") return [options](Sys& s) { return io_bound(s, options); };
    if (model == "process-per-connection-server") return [options](Sys& s) { return process_per_connection_server(s, options); };
    if (model == "thread-per-connection-server") return [options](Sys& s) { return thread_per_connection_server(s, options); };
    if (model == "thread-pool-server") return [options](Sys& s) { return thread_pool_server(s, options); };
    if (model == "select-server") return [options](Sys& s) { return select_server(s, options); };
    if (model == "epoll-workers-server") return [options](Sys& s) { return epoll_workers_server(s, options); };
    if (model == "user-level-threads-server") return [options](Sys& s) { return user_level_threads_server(s, options); };
    if (model == "select-fd-setsize") return [options](Sys& s) { return select_fd_setsize(s, options); };
    if (model == "sigio-server") return [options](Sys& s) { return sigio_server(s, options); };
    if (model == "io-uring-server") return [options](Sys& s) { return io_uring_server(s, options); };
    if (model == "posix-aio-server") return [options](Sys& s) { return posix_aio_server(s, options); };
    if (model == "epoll-server") return [options](Sys& s) { return epoll_server(s, options); };
    if (model == "poll-server") return [options](Sys& s) { return poll_server(s, options); };
    if (model == "busy-poll-server") return [options](Sys& s) { return busy_poll_server(s, options); };
    throw std::invalid_argument("no program for model '" + model + "'");
}

} // namespace ioscope
