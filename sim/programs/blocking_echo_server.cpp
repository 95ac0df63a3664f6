// blocking_echo_server.cpp — the source texts' first server: one process, blocking sockets,
// one client at a time ("one question, one answer"). While it serves one client, the others'
// connections wait, fully established by the kernel, in the listen socket's accept queue.
#include "programs.h"

namespace ioscope {

KCo<void> blocking_echo_server(Sys& sys, Options o) {
    int64_t lfd = co_await open_listener(sys, int(o["port"]), int(o["backlog"]));
    for (;;) {
        int64_t cfd = co_await sys.accept(int(lfd));          // blocks: "Accepting"
        if (cfd < 0) continue;
        for (;;) {
            int64_t n = co_await sys.recv(int(cfd), o["read_size"]);   // blocks: "Reading"
            if (n <= 0) break;                                  // 0 = the client closed
            co_await sys.compute(SimTime(o["handler"]), "handle request");
            co_await sys.send(int(cfd), n);                     // echo the request back
        }
        co_await sys.close(int(cfd));
    }
}

} // namespace ioscope
