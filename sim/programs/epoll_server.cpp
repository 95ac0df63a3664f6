// epoll_server.cpp — one process, one epoll instance: the interest set is registered once with
// epoll_ctl, and epoll_wait returns only the ready fds. Level-triggered: one recv per event (the
// fd stays on the ready list while data remains). Edge-triggered: drain each fd until EAGAIN,
// or the rest of its data is stranded until new data arrives.
#include "programs.h"

#include <cerrno>
#include <vector>

namespace ioscope {

KCo<void> epoll_server(Sys& sys, Options o) {
    const bool et = o["edge_triggered"] != 0;
    // The classic ET bug: reading once per event instead of until EAGAIN. Whatever is left in the
    // socket stays there, and with no new data there is no new ep_poll_callback: it stalls.
    const bool drain = o["drain_until_eagain"] != 0;
    int64_t lfd = co_await open_listener(sys, int(o["port"]), int(o["backlog"]));
    const bool accept_loop = o["accept_loop"] != 0;
    if (accept_loop) co_await sys.set_nonblock(int(lfd), true);
    int64_t epfd = co_await sys.epoll_create1();
    co_await sys.epoll_ctl(int(epfd), EPOLL_CTL_ADD, int(lfd), EPOLLIN, uint64_t(lfd));
    std::vector<EpollEvent> events;
    for (;;) {
        int64_t n = co_await sys.epoll_wait(int(epfd), events, int(o["maxevents"]), -1);
        for (int64_t i = 0; i < n; ++i) {
            int fd = int(events[size_t(i)].data);
            if (fd == int(lfd)) {
                std::vector<int> fresh = co_await accept_pending(sys, int(lfd), accept_loop);
                for (int cfd : fresh) {
                    co_await sys.set_nonblock(cfd, true);
                    co_await sys.epoll_ctl(int(epfd), EPOLL_CTL_ADD, cfd, EPOLLIN | (et ? EPOLLET : 0), uint64_t(cfd));
                }
                continue;
            }
            for (;;) {
                int64_t got = co_await sys.recv(fd, o["read_size"]);
                if (got == -EAGAIN) break;                     // drained (ET) — or nothing after all
                if (got <= 0) {                                // closing removes it from the epoll set
                    co_await sys.close(fd);
                    break;
                }
                co_await sys.compute(SimTime(o["handler"]), "handle request");
                co_await sys.send(fd, got);
                if (!et || !drain) break;                      // LT: the next epoll_wait reports it again
            }
        }
    }
}

} // namespace ioscope
