// per_connection_servers.cpp — one worker per client: a forked process (each with its own
// address space: fork cost, a new PCB, kernel stack and mm) or a kernel-supported thread (shares
// the address space and fd table: cheaper to create and to switch between).
#include "serve_connection.h"

namespace ioscope {

KCo<void> process_per_connection_server(Sys& sys, Options o) {
    int64_t lfd = co_await open_listener(sys, int(o["port"]), int(o["backlog"]));
    for (;;) {
        int64_t cfd = co_await sys.accept(int(lfd));
        if (cfd < 0) continue;
        int c = int(cfd), l = int(lfd);
        // if (fork() == 0) { close(lfd); serve(cfd); exit(0); }
        // (Named before co_await: g++ 12 mishandles lambda temporaries inside co_await.)
        ProgramFactory child = [c, l, o](Sys& s) { return serve_connection(s, c, o, l); };
        co_await sys.fork(std::move(child));
        co_await sys.close(c);        // the parent's reference; the child's keeps the connection
    }
}

KCo<void> thread_per_connection_server(Sys& sys, Options o) {
    int64_t lfd = co_await open_listener(sys, int(o["port"]), int(o["backlog"]));
    for (;;) {
        int64_t cfd = co_await sys.accept(int(lfd));
        if (cfd < 0) continue;
        int c = int(cfd);
        // pthread_create(&t, NULL, serve, cfd): the thread shares the fd table, so the main
        // thread must not close cfd.
        ProgramFactory worker = [c, o](Sys& s) { return serve_connection(s, c, o); };
        co_await sys.thread(std::move(worker));
    }
}

} // namespace ioscope
