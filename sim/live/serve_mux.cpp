// serve_mux.cpp — the single-threaded multiplexing designs: select, poll, epoll (LT and ET).
// Every socket is non-blocking; the only call that sleeps is the multiplexing call itself, whose
// result (the ready count) is the SyscallExit value in the trace. The stop eventfd is one more
// watched descriptor, so stop() wakes the loop like any other event.
#include "serve_common.h"

#include <cerrno>
#include <cstring>
#include <map>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unordered_map>

namespace ioscope::live {

namespace {

// One non-blocking accept4. Returns the new connection's fd, or -1 (EAGAIN, error).
int accept_one(LiveServer& s, ThreadRec& tr, int lfd, ConnState& out) {
    for (;;) {
        int fd = int(tr.sys(Nm::accept4, lfd, 0, SOCK_NONBLOCK | SOCK_CLOEXEC, Nm::Count_,
                            [&] { return ::accept4(lfd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC); }));
        if (fd >= 0) {
            s.ctr().accepted++;
            out = ConnState {};
            out.fd = fd;
            out.obj = tr.fd_install(fd, ObjType::Socket, Nm::socket_obj);
            return fd;
        }
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) s.note_error(std::string("accept4: ") + std::strerror(errno));
        return -1;
    }
}

// Readable connection: receive (once, or until EAGAIN when edge-triggered) and send what is
// due. Returns false when the connection was closed.
bool on_readable(LiveServer& s, ThreadRec& tr, ConnState& c, bool drain) {
    static thread_local char buf[kIoBuf];
    IoResult r = receive(s, tr, c, drain, buf);
    // After a FIN the answers already due still go out (half-close), then the connection closes.
    if (r != IoResult::Closed && flush(s, tr, c) == IoResult::Closed) r = IoResult::Closed;
    if (r == IoResult::Closed || r == IoResult::Eof) {
        close_conn(s, tr, c);
        return false;
    }
    return true;
}

void close_listener(LiveServer& s, ThreadRec& tr, int lfd, uint32_t lobj) {
    tr.fd_close(lfd, lobj);
    tr.sys(Nm::close, lfd, 0, 0, Nm::Count_, [&] { return s.close_fd(lfd); });
}

} // namespace

void serve_select(LiveServer& s) {
    s.thread_started();
    {
        ThreadRec tr(s.rec(), "select-server", s.parent_tid());
        uint32_t lobj = 0;
        int lfd = open_listener(s, tr, true, &lobj);
        std::map<int, ConnState> conns;                    // ordered: the fd_set scan order
        const int sfd = s.stop_fd();
        bool running = lfd >= 0;
        if (running && (lfd >= FD_SETSIZE || sfd >= FD_SETSIZE)) {
            s.note_error("select: the listening socket is fd " + std::to_string(lfd) + ", beyond FD_SETSIZE");
            running = false;
        }
        while (running) {
            fd_set rset, wset;
            FD_ZERO(&rset);
            FD_ZERO(&wset);
            FD_SET(sfd, &rset);
            FD_SET(lfd, &rset);
            int maxfd = std::max(sfd, lfd);
            for (auto& [fd, c] : conns) {
                FD_SET(fd, &rset);
                if (c.out > 0) FD_SET(fd, &wset);
                maxfd = std::max(maxfd, fd);
            }
            int n = int(tr.sys(Nm::pselect6, maxfd + 1, 0, 0, Nm::Selecting,
                               [&] { return ::select(maxfd + 1, &rset, &wset, nullptr, nullptr); }));
            if (n < 0) {
                if (errno == EINTR) continue;
                s.note_error(std::string("select: ") + std::strerror(errno));
                break;
            }
            tr.stats().wait_calls++;
            tr.stats().ready_reported += uint64_t(n);
            if (FD_ISSET(sfd, &rset)) break;
            if (FD_ISSET(lfd, &rset)) {
                ConnState c;
                int fd = accept_one(s, tr, lfd, c);
                if (fd >= FD_SETSIZE) {
                    // FD_SET(fd) would write past glibc's 1024-bit fd_set: refuse the connection.
                    s.ctr().refused_fd_setsize++;
                    close_conn(s, tr, c);
                } else if (fd >= 0) {
                    conns[fd] = c;
                }
            }
            for (auto it = conns.begin(); it != conns.end();) {
                ConnState& c = it->second;
                bool alive = true;
                if (FD_ISSET(c.fd, &rset)) alive = on_readable(s, tr, c, false);
                else if (FD_ISSET(c.fd, &wset) && flush(s, tr, c) == IoResult::Closed) {
                    close_conn(s, tr, c);
                    alive = false;
                }
                it = alive ? std::next(it) : conns.erase(it);
            }
        }
        for (auto& [fd, c] : conns) close_conn(s, tr, c);
        if (lfd >= 0) close_listener(s, tr, lfd, lobj);
    }
    s.thread_ended();
}

void serve_poll(LiveServer& s) {
    s.thread_started();
    {
        ThreadRec tr(s.rec(), "poll-server", s.parent_tid());
        uint32_t lobj = 0;
        int lfd = open_listener(s, tr, true, &lobj);
        std::vector<ConnState> conns;                      // conns[i] <-> pfds[i + 2]
        std::vector<pollfd> pfds;
        bool running = lfd >= 0;
        while (running) {
            pfds.resize(conns.size() + 2);
            pfds[0] = pollfd { s.stop_fd(), POLLIN, 0 };
            pfds[1] = pollfd { lfd, POLLIN, 0 };
            for (size_t i = 0; i < conns.size(); ++i)
                pfds[i + 2] = pollfd { conns[i].fd, short(POLLIN | (conns[i].out > 0 ? POLLOUT : 0)), 0 };
            int n = int(tr.sys(Nm::poll, int64_t(pfds.size()), -1, 0, Nm::Polling,
                               [&] { return ::poll(pfds.data(), nfds_t(pfds.size()), -1); }));
            if (n < 0) {
                if (errno == EINTR) continue;
                s.note_error(std::string("poll: ") + std::strerror(errno));
                break;
            }
            tr.stats().wait_calls++;
            tr.stats().ready_reported += uint64_t(n);
            if (pfds[0].revents) break;
            std::vector<ConnState> next;
            next.reserve(conns.size() + 1);
            for (size_t i = 0; i < conns.size(); ++i) {
                ConnState& c = conns[i];
                short re = pfds[i + 2].revents;
                bool alive = true;
                if (re & (POLLIN | POLLHUP | POLLERR)) alive = on_readable(s, tr, c, false);
                else if ((re & POLLOUT) && flush(s, tr, c) == IoResult::Closed) {
                    close_conn(s, tr, c);
                    alive = false;
                }
                if (alive) next.push_back(c);
            }
            if (pfds[1].revents & POLLIN) {
                ConnState c;
                if (accept_one(s, tr, lfd, c) >= 0) next.push_back(c);
            }
            conns.swap(next);
        }
        for (auto& c : conns) close_conn(s, tr, c);
        if (lfd >= 0) close_listener(s, tr, lfd, lobj);
    }
    s.thread_ended();
}

void serve_epoll(LiveServer& s, bool et) {
    s.thread_started();
    {
        ThreadRec tr(s.rec(), et ? "epoll-et-server" : "epoll-lt-server", s.parent_tid());
        uint32_t lobj = 0;
        int lfd = open_listener(s, tr, true, &lobj);
        int ep = -1;
        uint32_t epobj = 0;
        if (lfd >= 0) {
            ep = int(tr.sys(Nm::epoll_create1, EPOLL_CLOEXEC, 0, 0, Nm::Count_, [&] { return ::epoll_create1(EPOLL_CLOEXEC); }));
            if (ep < 0) s.note_error(std::string("epoll_create1: ") + std::strerror(errno));
            else epobj = tr.fd_install(ep, ObjType::EventPoll, Nm::eventpoll);
        }
        const uint64_t kStop = ~uint64_t(0), kListen = ~uint64_t(0) - 1;
        auto ctl = [&](int op, int fd, uint32_t events, uint64_t data) {
            epoll_event ev {};
            ev.events = events;
            ev.data.u64 = data;
            return tr.sys(Nm::epoll_ctl, ep, op, uint32_t(fd), Nm::Count_, [&] { return ::epoll_ctl(ep, op, fd, &ev); });
        };
        const uint32_t conn_events = et ? uint32_t(EPOLLIN | EPOLLOUT | EPOLLET) : uint32_t(EPOLLIN);
        bool running = ep >= 0 && ctl(EPOLL_CTL_ADD, s.stop_fd(), EPOLLIN, kStop) == 0 &&
                       ctl(EPOLL_CTL_ADD, lfd, EPOLLIN | (et ? EPOLLET : 0), kListen) == 0;
        std::unordered_map<int, ConnState> conns;
        std::vector<epoll_event> evs(256);
        while (running) {
            int n = int(tr.sys(Nm::epoll_wait, ep, int64_t(evs.size()), uint32_t(-1), Nm::EpollWaiting,
                               [&] { return ::epoll_wait(ep, evs.data(), int(evs.size()), -1); }));
            if (n < 0) {
                if (errno == EINTR) continue;
                s.note_error(std::string("epoll_wait: ") + std::strerror(errno));
                break;
            }
            tr.stats().wait_calls++;
            tr.stats().ready_reported += uint64_t(n);
            for (int i = 0; i < n && running; ++i) {
                uint64_t d = evs[size_t(i)].data.u64;
                uint32_t re = evs[size_t(i)].events;
                if (d == kStop) { running = false; break; }
                if (d == kListen) {
                    // ET: the accept queue must be emptied (until EAGAIN) or no new edge comes.
                    do {
                        ConnState c;
                        if (accept_one(s, tr, lfd, c) < 0) break;
                        if (ctl(EPOLL_CTL_ADD, c.fd, conn_events, uint64_t(c.fd)) != 0) {
                            s.note_error(std::string("epoll_ctl ADD: ") + std::strerror(errno));
                            close_conn(s, tr, c);
                            continue;
                        }
                        conns[c.fd] = c;
                    } while (et);
                    continue;
                }
                auto it = conns.find(int(d));
                if (it == conns.end()) continue;           // closed earlier in this batch
                ConnState& c = it->second;
                bool alive = true;
                if (re & (EPOLLIN | EPOLLHUP | EPOLLERR)) alive = on_readable(s, tr, c, et);
                else if ((re & EPOLLOUT) && flush(s, tr, c) == IoResult::Closed) {
                    close_conn(s, tr, c);
                    alive = false;
                }
                if (!alive) { conns.erase(it); continue; }
                if (!et && (c.out > 0) != c.watching_out) {
                    // LT: watch for writability only while a response is pending (else every
                    // epoll_wait would report the idle, writable socket).
                    c.watching_out = c.out > 0;
                    ctl(EPOLL_CTL_MOD, c.fd, c.watching_out ? uint32_t(EPOLLIN | EPOLLOUT) : uint32_t(EPOLLIN), uint64_t(c.fd));
                }
            }
        }
        for (auto& [fd, c] : conns) close_conn(s, tr, c);
        if (ep >= 0) {
            tr.fd_close(ep, epobj);
            tr.sys(Nm::close, ep, 0, 0, Nm::Count_, [&] { return ::close(ep); });
        }
        if (lfd >= 0) close_listener(s, tr, lfd, lobj);
    }
    s.thread_ended();
}

} // namespace ioscope::live
