// multiplexing_servers.cpp — one process, many connections, one blocking call that waits for
// any of them: select(2) and poll(2). Both hand the kernel the whole interest set on every call
// and get back "something is ready" — the program must then look at every entry itself.
#include "programs.h"

#include <algorithm>
#include <vector>

namespace ioscope {

namespace {
// What a server does with one readable connection; false when the client has gone.
KCo<bool> handle_readable(Sys& sys, int fd, Options& o) {
    int64_t n = co_await sys.recv(fd, o["read_size"]);
    if (n <= 0) {
        co_await sys.close(fd);
        co_return false;
    }
    co_await sys.compute(SimTime(o["handler"]), "handle request");
    co_await sys.send(fd, n);
    co_return true;
}

// Ready listener: accept one, or (accept_loop) all that are queued, with the listener non-blocking.
KCo<std::vector<int>> accept_from(Sys& sys, int lfd, Options& o) {
    auto got = co_await accept_pending(sys, lfd, o["accept_loop"] != 0);
    co_return got;
}

// glibc's fd_set holds 1024 bits. Built with _FORTIFY_SOURCE (Debian's default flags), FD_SET and
// FD_ISSET go through __fdelt_chk, which aborts the program for a descriptor beyond it: the limit
// is the type's, not the kernel's (select-fd-setsize shows the unfortified overwrite).
KCo<void> fdelt_chk_abort(Sys& sys, const char* macro) {
    co_await sys.compute(SimTime(20), macro);
    throw ProgramKilled(6 /* SIGABRT */, "*** bit out of range 0 - FD_SETSIZE on fd_set ***: terminated");
}

KCo<int64_t> listen_for(Sys& sys, Options& o) {
    int64_t lfd = co_await open_listener(sys, int(o["port"]), int(o["backlog"]));
    if (o["accept_loop"]) co_await sys.set_nonblock(int(lfd), true);
    co_return lfd;
}
} // namespace

KCo<void> select_server(Sys& sys, Options o) {
    int64_t lfd = co_await listen_for(sys, o);
    std::vector<int> conns;
    const int64_t isset_ps = sys.kernel().cost().fd_isset_ps_per_fd;
    for (;;) {
        // select() overwrites its sets with the results, so they are rebuilt before every call.
        FdSet readfds;
        readfds.set(int(lfd));
        int maxfd = int(lfd);
        for (int c : conns) {
            if (c >= FdSet::kBits) co_await fdelt_chk_abort(sys, "FD_SET -> __fdelt_chk");
            readfds.set(c);
            maxfd = std::max(maxfd, c);
        }
        int64_t ready = co_await sys.select(maxfd + 1, &readfds, nullptr, nullptr, -1);
        if (ready <= 0) continue;
        // The kernel did not say which fd: FD_ISSET over every fd number up to maxfd.
        co_await sys.compute(SimTime((maxfd + 1) * isset_ps / 1000), "FD_ISSET scan");
        if (readfds.isset(int(lfd))) {
            std::vector<int> fresh = co_await accept_from(sys, int(lfd), o);
            conns.insert(conns.end(), fresh.begin(), fresh.end());
        }
        std::vector<int> alive;
        for (int c : conns) {
            if (c >= FdSet::kBits) co_await fdelt_chk_abort(sys, "FD_ISSET -> __fdelt_chk");
            if (!readfds.isset(c) || co_await handle_readable(sys, c, o)) alive.push_back(c);
        }
        conns.swap(alive);
    }
}

KCo<void> poll_server(Sys& sys, Options o) {
    int64_t lfd = co_await listen_for(sys, o);
    std::vector<PollFd> fds{PollFd{int(lfd), POLLIN, 0}};
    for (;;) {
        // pollfd keeps events and revents apart: the array is reused, not rebuilt.
        int64_t ready = co_await sys.poll(fds, -1);
        if (ready <= 0) continue;
        // poll returns a count, not a list: the program walks every entry's revents.
        co_await sys.compute(SimTime(int64_t(fds.size()) * sys.kernel().cost().fd_isset_ps_per_fd / 1000), "revents scan");
        std::vector<PollFd> next{fds[0]};
        for (size_t i = 1; i < fds.size(); ++i) {
            bool keep = true;
            if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) keep = co_await handle_readable(sys, fds[i].fd, o);
            if (keep) next.push_back(PollFd{fds[i].fd, POLLIN, 0});
        }
        if (fds[0].revents & POLLIN) {
            std::vector<int> fresh = co_await accept_from(sys, int(lfd), o);
            for (int cfd : fresh) next.push_back(PollFd{cfd, POLLIN, 0});
        }
        fds.swap(next);
    }
}

} // namespace ioscope
