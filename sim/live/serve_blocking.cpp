// serve_blocking.cpp — the two blocking designs: one thread serving one connection at a time
// (the source texts' "one question, one answer" server), and thread per connection. Both sleep
// inside accept4 / recvfrom / sendto; the trace shows those sleeps as Waiting.
#include "serve_common.h"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>

namespace ioscope::live {

namespace {

// Serves one connection until EOF, reset or stop: blocking recv, then blocking sends of every
// complete request's response.
void serve_connection(LiveServer& s, ThreadRec& tr, ConnState& c) {
    static thread_local char buf[kIoBuf];
    static const char zeros[kIoBuf] = {};
    for (;;) {
        ssize_t n = tr.sys(Nm::recvfrom, c.fd, long(kIoBuf), 0, Nm::Reading, [&] { return ::recv(c.fd, buf, kIoBuf, 0); });
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            if (errno == ECONNRESET) s.ctr().resets++;
            else s.note_error(std::string("recv: ") + std::strerror(errno));
            break;
        }
        if (n == 0) {
            if (c.in > 0) s.ctr().partial_at_eof++;
            break;
        }
        consume(s, c, size_t(n));
        bool dead = false;
        while (c.out > 0 && !dead) {
            size_t len = std::min(c.out, kIoBuf);
            ssize_t w = tr.sys(Nm::sendto, c.fd, long(len), MSG_NOSIGNAL, Nm::Writing,
                               [&] { return ::send(c.fd, zeros, len, MSG_NOSIGNAL); });
            if (w > 0) c.out -= size_t(w);
            else if (w < 0 && errno == EINTR) continue;
            else {
                if (errno == ECONNRESET || errno == EPIPE) s.ctr().resets++;
                else s.note_error(std::string("send: ") + std::strerror(errno));
                dead = true;
            }
        }
        if (dead) break;
    }
    close_conn(s, tr, c);
}

void worker(LiveServer* s, ConnState c, uint32_t parent) {
    {
        ThreadRec tr(s->rec(), "conn-" + std::to_string(c.fd), parent);
        serve_connection(*s, tr, c);
    }
    s->thread_ended();
}

} // namespace

void serve_blocking(LiveServer& s, bool thread_per_connection) {
    s.thread_started();
    {
        ThreadRec tr(s.rec(), thread_per_connection ? "acceptor" : "server", s.parent_tid());
        uint32_t lobj = 0;
        int lfd = open_listener(s, tr, false, &lobj);
        while (lfd >= 0 && !s.stopping()) {
            int fd = int(tr.sys(Nm::accept4, lfd, 0, SOCK_CLOEXEC, Nm::Accepting,
                                [&] { return ::accept4(lfd, nullptr, nullptr, SOCK_CLOEXEC); }));
            if (fd < 0) {
                if (errno == EINTR || errno == ECONNABORTED) continue;
                if (!s.stopping()) s.note_error(std::string("accept4: ") + std::strerror(errno));
                break;                                    // EINVAL after stop()'s shutdown
            }
            s.track_fd(fd);
            s.ctr().accepted++;
            ConnState c;
            c.fd = fd;
            c.obj = tr.fd_install(fd, ObjType::Socket, Nm::socket_obj);
            if (!thread_per_connection) {
                serve_connection(s, tr, c);
                continue;
            }
            s.thread_started();
            try {
                s.spawn_worker(std::thread(worker, &s, c, tr.tid()));
            } catch (const std::system_error& e) {
                s.thread_ended();
                s.note_error(std::string("thread creation failed: ") + e.what());
                close_conn(s, tr, c);
            }
        }
        if (lfd >= 0) {
            tr.fd_close(lfd, lobj);
            tr.sys(Nm::close, lfd, 0, 0, Nm::Count_, [&] { return s.close_fd(lfd); });
        }
    }
    s.thread_ended();
}

} // namespace ioscope::live
