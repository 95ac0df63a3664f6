// epoll_server.cpp — one process, one epoll instance: the interest set is registered once with
// epoll_ctl, and epoll_wait returns only the ready fds. Level-triggered: one recv per event (the
// fd stays on the ready list while data remains). Edge-triggered: drain each fd until EAGAIN,
// or the rest of its data is stranded until new data arrives.
// Also the loop Redis runs (aeProcessEvents -> aeApiPoll -> epoll_wait, then each ready fd's
// handler in turn): `slow_every`/`slow_handler` make an occasional request expensive (KEYS *),
// and everything that became ready meanwhile waits for it; `write_on_epollout` is the seeds'
// loop that switches a connection to EPOLLOUT with epoll_ctl MOD after each read and back after
// each write — two extra epoll_ctl calls per request.
#include "programs.h"

#include <cerrno>
#include <map>
#include <vector>

namespace ioscope {

namespace {
struct EpollServerState {
    uint64_t handled { 0 };                    // requests handled so far (for slow_every)
    std::map<int, int64_t> pending_reply;      // write_on_epollout: fd -> bytes to send when writable
};

// The handler's user-mode work for one request: the configured time, or (every slow_every-th
// request of the whole server) slow_handler — one task, so nothing else runs meanwhile.
KCo<void> handle_request(Sys& sys, Options& o, EpollServerState& st) {
    ++st.handled;
    if (o["slow_every"] > 0 && st.handled % uint64_t(o["slow_every"]) == 0)
        co_await sys.compute(SimTime(o["slow_handler"]), "slow request (KEYS *)");
    else
        co_await sys.compute(SimTime(o["handler"]), "handle request");
}
} // namespace

KCo<void> epoll_server(Sys& sys, Options o) {
    const bool et = o["edge_triggered"] != 0;
    // The classic ET bug: reading once per event instead of until EAGAIN. Whatever is left in the
    // socket stays there, and with no new data there is no new ep_poll_callback: it stalls.
    const bool drain = o["drain_until_eagain"] != 0;
    const bool via_epollout = o["write_on_epollout"] != 0 && !et;
    EpollServerState st;
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
            if (via_epollout && (events[size_t(i)].events & EPOLLOUT)) {
                // Writable (ep_modify's ep_item_poll found room in the send buffer at once): answer,
                // then ask for EPOLLIN again.
                auto it = st.pending_reply.find(fd);
                if (it != st.pending_reply.end()) {
                    co_await sys.send(fd, it->second);
                    st.pending_reply.erase(it);
                }
                co_await sys.epoll_ctl(int(epfd), EPOLL_CTL_MOD, fd, EPOLLIN, uint64_t(fd));
                continue;
            }
            for (;;) {
                int64_t got = co_await sys.recv(fd, o["read_size"]);
                if (got == -EAGAIN) break;                     // drained (ET) — or nothing after all
                if (got <= 0) {                                // closing removes it from the epoll set
                    st.pending_reply.erase(fd);
                    co_await sys.close(fd);
                    break;
                }
                co_await handle_request(sys, o, st);
                if (via_epollout) {                            // "read done, now wait to write"
                    st.pending_reply[fd] = got;
                    co_await sys.epoll_ctl(int(epfd), EPOLL_CTL_MOD, fd, EPOLLOUT, uint64_t(fd));
                    break;
                }
                co_await sys.send(fd, got);
                if (!et || !drain) break;                      // LT: the next epoll_wait reports it again
            }
        }
    }
}

} // namespace ioscope
