// busy_poll_server.cpp — non-blocking sockets and no readiness notification: the process loops
// over accept() and recv() on every connection, and most calls return EAGAIN. It never sleeps,
// so it burns its whole CPU even when there is nothing to do.
#include "programs.h"

#include <cerrno>
#include <vector>

namespace ioscope {

KCo<void> busy_poll_server(Sys& sys, Options o) {
    int64_t lfd = co_await open_listener(sys, int(o["port"]), int(o["backlog"]));
    co_await sys.set_nonblock(int(lfd), true);
    std::vector<int> conns;
    for (;;) {
        int64_t cfd = co_await sys.accept(int(lfd));           // usually -EAGAIN
        if (cfd >= 0) {
            co_await sys.set_nonblock(int(cfd), true);
            conns.push_back(int(cfd));
        }
        for (size_t i = 0; i < conns.size();) {
            int64_t n = co_await sys.recv(conns[i], o["read_size"]);   // usually -EAGAIN
            if (n > 0) {
                co_await sys.compute(SimTime(o["handler"]), "handle request");
                co_await sys.send(conns[i], n);
            } else if (n == 0) {
                co_await sys.close(conns[i]);
                conns.erase(conns.begin() + long(i));
                continue;
            }
            ++i;
        }
        co_await sys.compute(SimTime(o["loop_overhead"]), "poll loop");
    }
}

} // namespace ioscope
