#include "micro_bench.h"

#include "clock.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace ioscope::live {

namespace {

int64_t median(std::vector<int64_t> v) {
    if (v.empty()) return 0;
    std::nth_element(v.begin(), v.begin() + long(v.size() / 2), v.end());
    return v[v.size() / 2];
}

// Pins the calling thread to one CPU for the scope (restores the old mask).
class Pin {
public:
    explicit Pin(int cpu) {
        ok_ = sched_getaffinity(0, sizeof old_, &old_) == 0;
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        pinned_ = ok_ && sched_setaffinity(0, sizeof one, &one) == 0;
    }
    ~Pin() { if (ok_) sched_setaffinity(0, sizeof old_, &old_); }
    bool pinned() const { return pinned_; }

private:
    cpu_set_t old_ {};
    bool ok_ { false }, pinned_ { false };
};

bool measure_pollwait(const MicroOptions& o, MicroResult& r) {
    const int n = std::max(2, o.pollwait_fds);
    std::vector<int> fds;
    std::vector<pollfd> pfds;
    auto cleanup = [&] { for (int fd : fds) close(fd); };
    for (int i = 0; i < n; ++i) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
            r.error = std::string("socketpair: ") + std::strerror(errno);
            cleanup();
            return false;
        }
        fds.push_back(sv[0]);
        fds.push_back(sv[1]);
        pfds.push_back(pollfd { sv[0], POLLIN, 0 });
    }
    // Only the last read end is ready: do_poll registers on every fd before it.
    if (write(fds.back(), "x", 1) != 1) { r.error = "write"; cleanup(); return false; }
    std::vector<int64_t> with, without;
    bool ok = true;
    for (int i = -3; i < o.pollwait_reps && ok; ++i) {
        for (int timeout : {1000, 0}) {
            int64_t t0 = mono_ns();
            int got = poll(pfds.data(), nfds_t(pfds.size()), timeout);
            int64_t t1 = mono_ns();
            if (got != 1) ok = false;
            if (i >= 0) (timeout ? with : without).push_back(t1 - t0);
        }
    }
    cleanup();
    if (!ok) { r.error = "poll did not report exactly the one ready fd"; return false; }
    r.pollwait_fds = n;
    r.poll_timeout_ns = median(with);
    r.poll_zero_ns = median(without);
    r.pollwait_per_fd_ns = double(r.poll_timeout_ns - r.poll_zero_ns) / n;
    return true;
}

bool measure_copy(const MicroOptions& o, MicroResult& r) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) { r.error = "socketpair"; return false; }
    int big = 1 << 20;
    setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
    setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    int maxsz = 1;
    for (int s : o.copy_sizes) maxsz = std::max(maxsz, s);
    std::vector<char> out(static_cast<size_t>(maxsz), 'x'), in(static_cast<size_t>(maxsz));
    bool ok = true;
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int size : o.copy_sizes) {
        std::vector<int64_t> v;
        for (int i = -3; i < o.copy_reps && ok; ++i) {
            int64_t t0 = mono_ns();
            ssize_t w = send(sv[0], out.data(), size_t(size), MSG_NOSIGNAL);
            ssize_t got = 0;
            while (w == size && got < size) {           // all of it is queued already (AF_UNIX)
                ssize_t k = recv(sv[1], in.data() + got, size_t(size - got), MSG_DONTWAIT);
                if (k <= 0) break;
                got += k;
            }
            int64_t t1 = mono_ns();
            if (w != size || got != size) ok = false;
            if (i >= 0) v.push_back(t1 - t0);
        }
        if (!ok) break;
        int64_t m = median(v);
        r.copy_points.emplace_back(size, m);
        n += 1; sx += size; sy += double(m); sxx += double(size) * size; sxy += double(size) * double(m);
    }
    close(sv[0]);
    close(sv[1]);
    if (!ok || n < 2) { r.error = "send/recv on a socketpair failed (or fewer than two sizes)"; return false; }
    const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);   // ns per byte, two copies
    r.copy_ps_per_byte = slope * 1000.0 / 2.0;
    return true;
}

// One side of the ping-pong: read one byte from `in`, write it to `out`, `rounds` times.
bool bounce(int in, int out, int rounds) {
    char c;
    for (int i = 0; i < rounds; ++i)
        if (read(in, &c, 1) != 1 || write(out, &c, 1) != 1) return false;
    return true;
}

// Round trip of the ping-pong in ns, partner a thread or a forked process: the median of
// round trips timed one at a time, so a round in which another job on this shared CPU ran in
// between does not count (a mean over the loop would charge its time slice to us).
double pingpong(int rounds, bool process, std::string* err) {
    int a[2], b[2];
    if (pipe2(a, O_CLOEXEC) != 0) { *err = "pipe"; return -1; }
    if (pipe2(b, O_CLOEXEC) != 0) { close(a[0]); close(a[1]); *err = "pipe"; return -1; }
    const int warm = std::max(10, rounds / 10), total = warm + rounds;
    std::thread th;
    pid_t pid = -1;
    if (process) {
        pid = fork();
        if (pid == 0) _exit(bounce(a[0], b[1], total) ? 0 : 1);   // affinity inherited
        if (pid < 0) { *err = "fork"; }
    } else {
        th = std::thread([&] { bounce(a[0], b[1], total); });   // affinity inherited from the creator
    }
    double rt = -1;
    if (pid != 0 && (pid > 0 || !process)) {
        char c = 'p';
        bool ok = true;
        std::vector<int64_t> v;
        v.reserve(size_t(rounds));
        for (int i = 0; i < total && ok; ++i) {
            int64_t t0 = mono_ns();
            ok = write(a[1], &c, 1) == 1 && read(b[0], &c, 1) == 1;
            int64_t t1 = mono_ns();
            if (i >= warm) v.push_back(t1 - t0);
        }
        if (ok) rt = double(median(v));
        else *err = "ping-pong read/write failed";
    }
    close(a[1]);                                          // the partner sees EOF if it is still reading
    close(b[0]);
    if (th.joinable()) th.join();
    if (pid > 0) {
        int st = 0;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    }
    close(a[0]);
    close(b[1]);
    return rt;
}

bool measure_wakeups(const MicroOptions& o, MicroResult& r) {
    int cpu = sched_getcpu();
    if (cpu < 0) { r.error = "sched_getcpu"; return false; }
    Pin pin(cpu);                                          // threads and the child inherit it
    if (!pin.pinned()) { r.error = "sched_setaffinity to one CPU failed"; return false; }
    r.cpu = cpu;
    // The same write + read pair without anyone sleeping (one thread, one pipe).
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) { r.error = "pipe"; return false; }
    const int rounds = std::max(10, o.pingpong_rounds);
    char c = 'x';
    bool ok = true;
    std::vector<int64_t> v;
    for (int i = -rounds / 10; i < rounds && ok; ++i) {
        int64_t t0 = mono_ns();
        ok = write(p[1], &c, 1) == 1 && read(p[0], &c, 1) == 1;
        int64_t t1 = mono_ns();
        if (i >= 0) v.push_back(t1 - t0);
    }
    r.pair_nonblock_ns = double(median(v));           // timed like the round trips (one clock read each)
    close(p[0]);
    close(p[1]);
    if (!ok) { r.error = "pipe write/read failed"; return false; }
    r.rt_threads_ns = pingpong(rounds, false, &r.error);
    r.rt_processes_ns = pingpong(rounds, true, &r.error);
    if (r.rt_threads_ns <= 0 || r.rt_processes_ns <= 0) return false;
    r.half_threads_ns = (r.rt_threads_ns - 2 * r.pair_nonblock_ns) / 2;
    r.half_processes_ns = (r.rt_processes_ns - 2 * r.pair_nonblock_ns) / 2;
    return true;
}

} // namespace

MicroResult run_micro_bench(const MicroOptions& o) {
    MicroResult r;
    r.ok = measure_pollwait(o, r) && measure_copy(o, r) && measure_wakeups(o, r);
    return r;
}

} // namespace ioscope::live
