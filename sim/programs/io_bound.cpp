// io_bound.cpp — a task that mostly waits: it accepts one connection and handles each message
// with a little computing. It is Waiting most of the time and is woken by the NET_RX softirq.
#include "programs.h"

namespace ioscope {

KCo<void> io_bound(Sys& sys, Options o) {
    int64_t lfd = co_await open_listener(sys, int(o["port"]), 16);
    int64_t cfd = co_await sys.accept(int(lfd));
    if (cfd < 0) co_return;
    for (;;) {
        int64_t n = co_await sys.recv(int(cfd), o["read_size"]);
        if (n <= 0) break;
        co_await sys.compute(SimTime(o["handler"]), "handle message");
    }
    co_await sys.close(int(cfd));
    co_await sys.close(int(lfd));
}

} // namespace ioscope
