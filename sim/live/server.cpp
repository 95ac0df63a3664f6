#include "server.h"

#include "serve_common.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ioscope::live {

const char* const kServerMechanisms = "blocking, threads, select, poll, epoll-lt, epoll-et";

bool is_server_mechanism(const std::string& m) {
    return m == "blocking" || m == "threads" || m == "select" || m == "poll" || m == "epoll-lt" || m == "epoll-et";
}

LiveServer::LiveServer(Recording& rec, ServerConfig cfg, uint32_t parent_tid)
    : rec_(rec), cfg_(std::move(cfg)), parent_tid_(parent_tid) {}

bool LiveServer::start(std::string* error) {
    if (!is_server_mechanism(cfg_.mechanism)) {
        if (error) *error = "unknown mechanism '" + cfg_.mechanism + "' (" + kServerMechanisms + ")";
        return false;
    }
    stop_efd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (stop_efd_ < 0) {
        if (error) *error = std::string("eventfd: ") + std::strerror(errno);
        return false;
    }
    std::future<int> port = port_promise_.get_future();
    main_ = std::thread([this] { run_main(); });
    port_ = port.get();
    if (port_ <= 0) {
        stop();
        if (error) {
            std::lock_guard<std::mutex> g(mu_);
            *error = errors_.empty() ? "the server did not start" : errors_.front();
        }
        return false;
    }
    return true;
}

void LiveServer::publish_port(int port) {
    if (!port_published_.exchange(true)) port_promise_.set_value(port);
}

void LiveServer::run_main() {
    const std::string& m = cfg_.mechanism;
    if (m == "blocking") serve_blocking(*this, false);
    else if (m == "threads") serve_blocking(*this, true);
    else if (m == "select") serve_select(*this);
    else if (m == "poll") serve_poll(*this);
    else serve_epoll(*this, m == "epoll-et");
    publish_port(-1);                                  // in case the loop failed before listening
}

void LiveServer::thread_started() {
    uint64_t live = ++ctr_.threads_live;
    uint64_t peak = ctr_.threads_peak.load();
    while (live > peak && !ctr_.threads_peak.compare_exchange_weak(peak, live)) {}
}

void LiveServer::note_error(const std::string& e) {
    std::lock_guard<std::mutex> g(mu_);
    if (errors_.size() < 100) errors_.push_back(e);
}

std::vector<std::string> LiveServer::errors() const {
    std::lock_guard<std::mutex> g(mu_);
    return errors_;
}

void LiveServer::track_fd(int fd) {
    std::lock_guard<std::mutex> g(mu_);
    tracked_.insert(fd);
    if (stopping()) ::shutdown(fd, SHUT_RDWR);         // raced with stop(): wake it right away
}

int LiveServer::close_fd(int fd) {
    std::lock_guard<std::mutex> g(mu_);
    tracked_.erase(fd);
    return ::close(fd);
}

void LiveServer::spawn_worker(std::thread t) {
    std::lock_guard<std::mutex> g(mu_);
    workers_.push_back(std::move(t));
}

void LiveServer::stop() {
    if (stopped_.exchange(true)) return;
    stopping_.store(true, std::memory_order_release);
    if (stop_efd_ >= 0) {
        uint64_t one = 1;
        if (::write(stop_efd_, &one, sizeof one) < 0) note_error(std::string("stop eventfd: ") + std::strerror(errno));
    }
    {
        // Wake blocking threads: shutdown() on a listening socket makes a sleeping accept()
        // return EINVAL; on a connection it makes recv() return 0 and send() fail with EPIPE.
        std::lock_guard<std::mutex> g(mu_);
        for (int fd : tracked_) ::shutdown(fd, SHUT_RDWR);
    }
    if (main_.joinable()) main_.join();
    std::vector<std::thread> workers;
    {
        std::lock_guard<std::mutex> g(mu_);
        for (int fd : tracked_) ::shutdown(fd, SHUT_RDWR);   // accepted just before the acceptor ended
        workers.swap(workers_);
    }
    for (auto& t : workers) t.join();
    if (stop_efd_ >= 0) ::close(stop_efd_);
    stop_efd_ = -1;
}

// ------------------------------------------------------------------------------------------------

int open_listener(LiveServer& s, ThreadRec& tr, bool nonblocking, uint32_t* obj) {
    auto fail = [&](const char* what, int fd) {
        s.note_error(std::string(what) + ": " + std::strerror(errno));
        if (fd >= 0) s.close_fd(fd);
        s.publish_port(-1);
        return -1;
    };
    int type = SOCK_STREAM | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0);
    int fd = int(tr.sys(Nm::socket, AF_INET, type, 0, Nm::Count_, [&] { return ::socket(AF_INET, type, 0); }));
    if (fd < 0) return fail("socket", -1);
    s.track_fd(fd);
    *obj = tr.fd_install(fd, ObjType::ListenSocket, Nm::listen_socket);
    int one = 1;
    tr.sys(Nm::setsockopt, fd, SOL_SOCKET, SO_REUSEADDR, Nm::Count_,
           [&] { return ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one); });
    sockaddr_in a {};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);           // live mode never binds anything else
    a.sin_port = 0;
    if (tr.sys(Nm::bind, fd, 0, 0, Nm::Count_, [&] { return ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a); }) != 0)
        return fail("bind 127.0.0.1", fd);
    if (tr.sys(Nm::listen, fd, s.cfg().backlog, 0, Nm::Count_, [&] { return ::listen(fd, s.cfg().backlog); }) != 0)
        return fail("listen", fd);
    socklen_t len = sizeof a;
    if (tr.sys(Nm::getsockname, fd, 0, 0, Nm::Count_, [&] { return ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len); }) != 0)
        return fail("getsockname", fd);
    s.publish_port(ntohs(a.sin_port));
    return fd;
}

void consume(LiveServer& s, ConnState& c, size_t n) {
    c.in += n;
    size_t req = size_t(s.cfg().req_bytes);
    size_t done = c.in / req;
    c.in %= req;
    c.out += done * size_t(s.cfg().resp_bytes);
    s.ctr().requests += done;
}

IoResult receive(LiveServer& s, ThreadRec& tr, ConnState& c, bool drain, char* buf) {
    for (;;) {
        ssize_t n = tr.sys(Nm::recvfrom, c.fd, long(kIoBuf), MSG_DONTWAIT, Nm::Count_,
                           [&] { return ::recv(c.fd, buf, kIoBuf, MSG_DONTWAIT); });
        if (n > 0) {
            consume(s, c, size_t(n));
            if (!drain) return IoResult::Ok;
            continue;
        }
        if (n == 0) {
            if (c.in > 0) s.ctr().partial_at_eof++;
            return IoResult::Eof;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return IoResult::WouldBlock;
        if (errno == ECONNRESET) s.ctr().resets++;
        else s.note_error(std::string("recv: ") + std::strerror(errno));
        return IoResult::Closed;
    }
}

IoResult flush(LiveServer& s, ThreadRec& tr, ConnState& c) {
    static const char zeros[kIoBuf] = {};
    while (c.out > 0) {
        size_t len = std::min(c.out, kIoBuf);
        ssize_t n = tr.sys(Nm::sendto, c.fd, long(len), MSG_DONTWAIT | MSG_NOSIGNAL, Nm::Count_,
                           [&] { return ::send(c.fd, zeros, len, MSG_DONTWAIT | MSG_NOSIGNAL); });
        if (n > 0) { c.out -= size_t(n); continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return IoResult::WouldBlock;
        if (n < 0 && (errno == ECONNRESET || errno == EPIPE)) s.ctr().resets++;
        else s.note_error(std::string("send: ") + std::strerror(errno));
        return IoResult::Closed;
    }
    return IoResult::Ok;
}

void close_conn(LiveServer& s, ThreadRec& tr, ConnState& c) {
    tr.fd_close(c.fd, c.obj);
    tr.sys(Nm::close, c.fd, 0, 0, Nm::Count_, [&] { return s.close_fd(c.fd); });
    s.ctr().closed++;
    c.fd = -1;
}

} // namespace ioscope::live
