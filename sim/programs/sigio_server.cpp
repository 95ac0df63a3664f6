// sigio_server.cpp — signal-driven I/O: the sockets are set to O_ASYNC with F_SETOWN, the process
// sleeps in pause(), and the kernel sends SIGIO when data (or a connection) arrives. The handler
// is told only "something happened": it must try every socket (non-blocking) and still read the
// data itself — the copy to user space is not done for it.
#include "programs.h"

#include <cerrno>
#include <memory>
#include <vector>

namespace ioscope {

namespace {
struct SigioState { int lfd { -1 }; std::vector<int> conns; };

KCo<void> sigio_handler(Sys& sys, std::shared_ptr<SigioState> st, Options o) {
    for (;;) {                                                  // new connections, if any
        int64_t cfd = co_await sys.accept(st->lfd);
        if (cfd < 0) break;
        co_await sys.set_nonblock(int(cfd), true);
        co_await sys.fcntl_setown(int(cfd));
        co_await sys.fcntl_async(int(cfd), true);
        st->conns.push_back(int(cfd));
    }
    std::vector<int> alive;
    for (int fd : st->conns) {                                  // SIGIO does not say which fd
        bool open = true;
        for (;;) {
            int64_t n = co_await sys.recv(fd, o["read_size"]);
            if (n == -EAGAIN) break;
            if (n <= 0) { co_await sys.close(fd); open = false; break; }
            co_await sys.compute(SimTime(o["handler"]), "handle request");
            co_await sys.send(fd, n);
        }
        if (open) alive.push_back(fd);
    }
    st->conns.swap(alive);
}
} // namespace

KCo<void> sigio_server(Sys& sys, Options o) {
    auto st = std::make_shared<SigioState>();
    int64_t lfd = co_await open_listener(sys, int(o["port"]), int(o["backlog"]));
    co_await sys.set_nonblock(int(lfd), true);
    co_await sys.fcntl_setown(int(lfd));
    co_await sys.fcntl_async(int(lfd), true);
    st->lfd = int(lfd);
    ProgramFactory handler = [st, o](Sys& s) { return sigio_handler(s, st, o); };   // named: see per_connection_servers.cpp
    co_await sys.sigaction(29 /* SIGIO */, std::move(handler));
    for (;;) co_await sys.pause();                              // sleep until a signal
}

} // namespace ioscope
