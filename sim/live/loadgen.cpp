#include "loadgen.h"

#include "clock.h"
#include "thread_rec.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ioscope::live {

namespace {

struct Client {
    int fd { -1 };
    int64_t quota { 0 }, done { 0 };
    int64_t received { 0 };
    int64_t started { 0 };
    bool busy { false };
};

// Writes all `len` bytes to a non-blocking socket, waiting for POLLOUT when the buffer is full.
bool send_all(int fd, const char* p, size_t len) {
    while (len > 0) {
        ssize_t n = ::send(fd, p, len, MSG_NOSIGNAL);
        if (n > 0) { p += n; len -= size_t(n); continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd pf { fd, POLLOUT, 0 };
            ::poll(&pf, 1, 100);
            continue;
        }
        return false;
    }
    return true;
}

} // namespace

LoadResult run_load(Recording& rec, uint32_t parent_tid, int port, const LoadSpec& spec, int64_t deadline_abs, int stop_fd) {
    LoadResult res;
    ThreadRec tr(rec, "client", parent_tid);
    std::vector<Client> cl(size_t(spec.conns));
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) {
        res.error = std::string("client epoll_create1: ") + std::strerror(errno);
        return res;
    }
    auto cleanup = [&] {
        for (auto& c : cl) if (c.fd >= 0) { ::close(c.fd); c.fd = -1; }
        ::close(ep);
    };
    if (stop_fd >= 0) {
        epoll_event ev {};
        ev.events = EPOLLIN;
        ev.data.u64 = ~uint64_t(0);
        epoll_ctl(ep, EPOLL_CTL_ADD, stop_fd, &ev);
    }
    // Shares of the requests.
    const int64_t R = spec.requests;
    if (R > 0) {
        int64_t m = std::min<int64_t>(spec.conns, R);
        for (int64_t i = 0; i < m; ++i) cl[size_t(i)].quota = R / m + (i < R % m ? 1 : 0);
    } else {
        for (int i = 0; i < std::min(spec.active, spec.conns); ++i) cl[size_t(i)].quota = INT64_MAX;
    }
    // Connect in order (blocking connect: the accept queue holds them in this order).
    sockaddr_in a {};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(uint16_t(port));
    for (size_t i = 0; i < cl.size(); ++i) {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) { res.error = std::string("client socket: ") + std::strerror(errno); cleanup(); return res; }
        cl[i].fd = fd;
        int rc;
        do rc = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a); while (rc < 0 && errno == EINTR);
        if (rc < 0) {
            res.error = "client connect to 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno);
            cleanup();
            return res;
        }
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
        epoll_event ev {};
        ev.events = EPOLLIN;
        ev.data.u64 = i;
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        res.connected++;
    }
    std::vector<char> req(size_t(std::max(1, spec.req_bytes)), 'q');
    std::vector<char> buf(65536);
    size_t next = 0;                                   // next connection to activate
    int busy = 0;
    auto start_request = [&](size_t i) -> bool {
        Client& c = cl[i];
        c.busy = true;
        c.received = 0;
        c.started = mono_ns();
        tr.marker(Nm::request, int64_t(i) * 1000000 + c.done + 1, MarkerType::RequestStart);
        res.sent++;
        return send_all(c.fd, req.data(), size_t(spec.req_bytes));
    };
    auto activate = [&]() -> bool {
        while (busy < spec.active && next < cl.size() && cl[next].quota > 0) {
            busy++;
            if (!start_request(next++)) return false;
        }
        return true;
    };
    bool ok = activate();
    const int64_t total = R;
    std::vector<epoll_event> evs(256);
    while (ok) {
        if (total > 0 && int64_t(res.completed) >= total) { res.finished = true; break; }
        int timeout = -1;
        if (deadline_abs > 0) {
            int64_t left = deadline_abs - mono_ns();
            if (left <= 0) { res.deadline = true; break; }
            timeout = int(std::min<int64_t>(left / 1000000 + 1, 1000));
        }
        int n = epoll_wait(ep, evs.data(), int(evs.size()), timeout);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { res.error = std::string("client epoll_wait: ") + std::strerror(errno); break; }
        for (int k = 0; k < n && ok; ++k) {
            uint64_t d = evs[size_t(k)].data.u64;
            if (d == ~uint64_t(0)) { res.stopped = true; ok = false; break; }
            Client& c = cl[size_t(d)];
            if (c.fd < 0) continue;
            for (;;) {
                ssize_t r = ::recv(c.fd, buf.data(), buf.size(), 0);
                if (r < 0 && errno == EINTR) continue;
                if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
                if (r <= 0) {
                    // The server closed or reset a connection we still use: the run cannot finish.
                    res.error = "connection " + std::to_string(d) + " closed by the server (" +
                                (r == 0 ? std::string("EOF") : std::string(std::strerror(errno))) + ")";
                    ::close(c.fd);
                    c.fd = -1;
                    ok = false;
                    break;
                }
                c.received += r;
                if (!c.busy || c.received < spec.resp_bytes) continue;
                int64_t t = mono_ns();
                res.latencies_ns.push_back(t - c.started);
                res.completed++;
                c.done++;
                c.busy = false;
                tr.marker(Nm::response, int64_t(d) * 1000000 + c.done, MarkerType::RequestEnd);
                if (total > 0 && int64_t(res.completed) >= total) break;
                if (c.done < c.quota) {
                    if (!start_request(size_t(d))) { res.error = "send failed"; ok = false; }
                } else {
                    ::close(c.fd);                         // this connection's share is done
                    c.fd = -1;
                    busy--;
                    if (!activate()) { res.error = "send failed"; ok = false; }
                }
                break;
            }
        }
    }
    if (total > 0 && int64_t(res.completed) >= total) res.finished = true;
    cleanup();
    return res;
}

} // namespace ioscope::live
