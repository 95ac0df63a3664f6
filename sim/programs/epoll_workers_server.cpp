// epoll_workers_server.cpp — Nginx-style: a master creates the listening socket and forks
// workers; each worker has its own epoll instance watching the *shared* listen socket. A new
// connection runs the listener's sock_def_readable, which calls every non-exclusive
// ep_poll_callback — every worker wakes, one wins accept(), the others find nothing (the
// thundering herd). With EPOLLEXCLUSIVE (Linux 4.5) the entries are exclusive and one worker
// is woken per event. With SO_REUSEPORT (reuseport = true) nothing is shared: each worker opens
// its own listening socket on the same port (setsockopt(SO_REUSEPORT) before bind), the kernel
// puts them in one reuseport group and sends each connection to one of them by a hash of its
// 4-tuple (reuseport_select_sock), so only that worker's epoll is woken.
#include "programs.h"

#include <cerrno>
#include <string>
#include <vector>

namespace ioscope {

namespace {
KCo<void> epoll_worker(Sys& sys, int lfd, int64_t index, Options o) {
    // A forked child inherits the master's comm ("server"); a worker names itself so ps, top and
    // the timeline tell the workers apart. prctl(PR_SET_NAME) sets task->comm (15 bytes at most);
    // nginx rewrites its argv instead ("nginx: worker process", ps -o args), which leaves comm.
    co_await sys.set_name("worker " + std::to_string(index + 1));
    if (o["reuseport"]) {                                   // a listening socket of its own
        int64_t own = co_await sys.socket();
        co_await sys.set_reuseport(int(own), true);        // before bind: bind and listen check it
        if (co_await sys.bind(int(own), int(o["port"])) < 0) co_return;   // EADDRINUSE without it
        if (co_await sys.listen(int(own), int(o["backlog"])) < 0) co_return;
        co_await sys.set_nonblock(int(own), true);
        lfd = int(own);
    }
    int64_t ep = co_await sys.epoll_create1();
    uint32_t listen_events = EPOLLIN | (o["exclusive"] ? EPOLLEXCLUSIVE : 0);
    co_await sys.epoll_ctl(int(ep), EPOLL_CTL_ADD, lfd, listen_events, uint64_t(lfd));
    std::vector<EpollEvent> events;
    for (;;) {
        int64_t n = co_await sys.epoll_wait(int(ep), events, 64, -1);
        for (int64_t i = 0; i < n; ++i) {
            int fd = int(events[size_t(i)].data);
            if (fd == lfd) {
                int64_t cfd = co_await sys.accept(lfd);            // non-blocking listener
                if (cfd == -EAGAIN) {
                    sys.marker("lost the accept race");            // woken for nothing
                    continue;
                }
                if (cfd < 0) continue;
                co_await sys.set_nonblock(int(cfd), true);
                co_await sys.epoll_ctl(int(ep), EPOLL_CTL_ADD, int(cfd), EPOLLIN, uint64_t(cfd));
                continue;
            }
            int64_t got = co_await sys.recv(fd, o["read_size"]);
            if (got == -EAGAIN) continue;
            if (got <= 0) { co_await sys.close(fd); continue; }
            co_await sys.compute(SimTime(o["handler"]), "handle request");
            co_await sys.send(fd, got);
        }
    }
}
} // namespace

KCo<void> epoll_workers_server(Sys& sys, Options o) {
    int64_t lfd = -1;                                       // reuseport: each worker opens its own
    if (!o["reuseport"]) {
        lfd = co_await open_listener(sys, int(o["port"]), int(o["backlog"]));
        co_await sys.set_nonblock(int(lfd), true);
    }
    for (int64_t i = 0; i < o["workers"]; ++i) {
        int l = int(lfd);
        ProgramFactory worker = [l, i, o](Sys& s) { return epoll_worker(s, l, i, o); };   // named: see per_connection_servers.cpp
        co_await sys.fork(std::move(worker));
    }
    // The master's own work (signals, reloads) is not modelled: it exits, and the workers keep
    // the listening socket open through their inherited descriptors.
}

} // namespace ioscope
