// live_test_util.h — helpers for the live tests: counting threads and descriptors, a well-behaved
// client request, and peers that misbehave.
#pragma once
#include "sim/live/rlimit.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace live_test {

inline int count_threads() {
    DIR* d = opendir("/proc/self/task");
    int n = 0;
    while (dirent* e = readdir(d)) if (e->d_name[0] != '.') ++n;
    closedir(d);
    return n;
}

// The thread count once it has come back to `expect`, or after timeout_ms. pthread_join returns
// when the exiting thread clears its tid (do_exit -> exit_mm -> mm_release wakes the futex), but
// /proc/self/task lists it until exit_notify -> release_task a little later; on a loaded machine
// the exiting thread can be preempted in between, so an immediate count may still include it.
inline int settled_thread_count(int expect, int timeout_ms = 2000) {
    int n = count_threads();
    for (int waited = 0; n != expect && waited < timeout_ms; waited += 5) {
        usleep(5000);
        n = count_threads();
    }
    return n;
}

inline int connect_loopback(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a {};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(uint16_t(port));
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) { close(fd); return -1; }
    return fd;
}

// Reads exactly n bytes within timeout_ms; false on EOF, error or timeout.
inline bool read_exactly(int fd, size_t n, int timeout_ms = 3000) {
    char buf[4096];
    while (n > 0) {
        pollfd p { fd, POLLIN, 0 };
        if (poll(&p, 1, timeout_ms) != 1) return false;
        ssize_t r = recv(fd, buf, std::min(n, sizeof buf), 0);
        if (r <= 0) return false;
        n -= size_t(r);
    }
    return true;
}

inline bool send_all(int fd, size_t n) {
    std::string s(n, 'q');
    return send(fd, s.data(), n, MSG_NOSIGNAL) == ssize_t(n);
}

// One request on a fresh connection, answered within the timeout.
inline bool one_request(int port, size_t req = 64, size_t resp = 64) {
    int fd = connect_loopback(port);
    if (fd < 0) return false;
    bool ok = send_all(fd, req) && read_exactly(fd, resp);
    close(fd);
    return ok;
}

} // namespace live_test
