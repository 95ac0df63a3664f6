#include "live_sweep.h"

#include "clock.h"
#include "pair_set.h"
#include "rlimit.h"

#include <algorithm>
#include <poll.h>
#include <random>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <unistd.h>

namespace ioscope::live {

namespace {

constexpr int kSpareFds = 64;              // stdio, epoll, the test harness's own descriptors
constexpr int kWarmup = 5;                 // untimed calls before each repetition

// Involuntary context switches of this thread so far (getrusage RUSAGE_THREAD; -1 if unknown).
long involuntary_switches() {
    rusage u {};
    return getrusage(RUSAGE_THREAD, &u) == 0 ? u.ru_nivcsw : -1;
}
constexpr int kMaskBits = 8 * int(sizeof(unsigned long));   // NFDBITS

// Pins the calling thread to the CPU it is on; restores the old mask when destroyed.
class PinToCurrentCpu {
public:
    PinToCurrentCpu() {
        ok_ = sched_getaffinity(0, sizeof old_, &old_) == 0;
        cpu_ = sched_getcpu();
        if (ok_ && cpu_ >= 0) {
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(cpu_, &one);
            if (sched_setaffinity(0, sizeof one, &one) != 0) cpu_ = -1;
        }
    }
    ~PinToCurrentCpu() { if (ok_) sched_setaffinity(0, sizeof old_, &old_); }
    int cpu() const { return cpu_; }

private:
    cpu_set_t old_ {};
    bool ok_ { false };
    int cpu_ { -1 };
};

int64_t median_of(std::vector<int64_t> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

bool is_live_mechanism(const std::string& m) {
    return m == "select" || m == "poll" || m == "epoll-lt" || m == "epoll-et";
}

LiveSweepPoint run_live_sweep_point(const std::string& mechanism, int fds, int active, int iterations,
                                    int repetitions, uint64_t seed, bool force_writer_process) {
    LiveSweepPoint p;
    p.mechanism = mechanism;
    p.fds = fds;
    p.active = active;
    auto refuse = [&](std::string note) {
        p.supported = false;
        p.note = std::move(note);
        return p;
    };
    if (!is_live_mechanism(mechanism)) return refuse("unknown mechanism");
    if (active > fds) return refuse("more active fds than fds");
    if (fds < 1 || iterations < 1 || repetitions < 1) return refuse("fds, iterations and repetitions must be >= 1");

    // Descriptors: both ends here when they fit, else the write ends go to a writer process.
    int open_now = count_open_fds();
    long need_same = long(open_now) + 2L * fds + kSpareFds, need_split = long(open_now) + fds + kSpareFds;
    NofileLimit lim = nofile_limit();
    bool split = force_writer_process || need_same > lim.hard;
    std::string err;
    if (!ensure_nofile(split ? need_split : need_same, &err)) {
        p.limit_error = true;
        return refuse(err);
    }
    PairSet pairs;
    if (!pairs.open(fds, split, &err)) {
        p.limit_error = true;
        return refuse("setting up " + std::to_string(fds) + " socket pairs failed: " + err);
    }
    p.writer = split ? "writer-process" : "same-process";
    const std::vector<int>& rd = pairs.read_ends();
    p.max_fd = *std::max_element(rd.begin(), rd.end());

    int ep = -1;
    if (mechanism == "epoll-lt" || mechanism == "epoll-et") {
        ep = epoll_create1(EPOLL_CLOEXEC);
        if (ep < 0) return refuse("epoll_create1 failed");
        for (size_t i = 0; i < rd.size(); ++i) {
            epoll_event ev {};
            ev.events = EPOLLIN | (mechanism == "epoll-et" ? uint32_t(EPOLLET) : 0u);
            ev.data.u64 = i;
            if (epoll_ctl(ep, EPOLL_CTL_ADD, rd[i], &ev) != 0) {
                close(ep);
                return refuse("epoll_ctl(EPOLL_CTL_ADD) failed");
            }
        }
    }
    // select: libevent's select backend — the bitmaps are allocated by hand, howmany(nfds,
    // NFDBITS) words of unsigned long (glibc's __fd_mask), and bits are set by hand. glibc's
    // fd_set is only FD_SETSIZE (1024) bits, and its FD_SET / FD_ISSET abort in __fdelt_chk for
    // fd >= 1024 under _FORTIFY_SOURCE; the kernel reads FDS_BYTES(nfds) from the pointer, with
    // nfds clamped only to the fd table size (KERNEL.md §1).
    const size_t mask_words = mechanism == "select" ? size_t(p.max_fd + 1 + kMaskBits - 1) / kMaskBits : 0;
    std::vector<unsigned long> master(mask_words, 0), set(mask_words, 0);
    if (mechanism == "select") p.fd_set = kSelectFdSet;
    if (mechanism == "select")
        for (int fd : rd) master[size_t(fd) / kMaskBits] |= 1UL << (unsigned(fd) % kMaskBits);
    std::vector<pollfd> pfds;
    for (int fd : rd) pfds.push_back(pollfd { fd, POLLIN, 0 });
    std::vector<epoll_event> evs(size_t(std::max(1, active)));

    PinToCurrentCpu pin;
    p.cpu = pin.cpu();
    std::mt19937_64 rng(seed);
    std::vector<int> idx(static_cast<size_t>(fds));
    for (int i = 0; i < fds; ++i) idx[size_t(i)] = i;
    std::vector<int64_t> all;
    all.reserve(size_t(iterations) * size_t(repetitions));
    int64_t ready_sum = 0, timed_calls = 0;   // every timed call, kept or dropped as preempted
    char buf[16];
    bool io_ok = true;
    std::vector<int64_t> all_preempted;
    for (int rep = 0; rep < repetitions && io_ok; ++rep) {
        std::vector<int64_t> samples, preempted;
        for (int it = -kWarmup; it < iterations; ++it) {
            for (int j = 0; j < active; ++j) {                   // K distinct random pairs
                std::uniform_int_distribution<int> d(j, fds - 1);
                std::swap(idx[size_t(j)], idx[size_t(d(rng))]);
            }
            if (!pairs.poke(idx.data(), active)) { io_ok = false; break; }
            std::copy(master.begin(), master.end(), set.begin());   // select overwrites its set: untimed refill
            int n = 0;
            const long sw0 = involuntary_switches();
            int64_t t0 = mono_ns();
            if (mechanism == "select") {
                timeval tv { 0, 0 };
                n = select(p.max_fd + 1, reinterpret_cast<fd_set*>(set.data()), nullptr, nullptr, &tv);
            } else if (mechanism == "poll") {
                n = poll(pfds.data(), nfds_t(pfds.size()), 0);
            } else {
                n = epoll_wait(ep, evs.data(), int(evs.size()), 0);
            }
            int64_t t1 = mono_ns();
            const long sw1 = involuntary_switches();
            if (it >= 0) {
                // Preempted by another runnable task: the interval holds its time too (and the
                // cache it left behind), which the one-tenant simulated machine never charges.
                (sw0 >= 0 && sw1 != sw0 ? preempted : samples).push_back(t1 - t0);
                ready_sum += n;
                ++timed_calls;
                if (n != active) p.reported_ok = false;
            }
            for (int j = 0; j < active; ++j)                     // drain, untimed
                while (read(rd[size_t(idx[size_t(j)])], buf, sizeof buf) > 0) {}
        }
        // A repetition whose calls were mostly preempted keeps them all (the calls are longer
        // than the time slice a loaded machine gives): its median then says so by its size.
        if (samples.size() < preempted.size()) {
            samples.insert(samples.end(), preempted.begin(), preempted.end());
            p.preempted_kept += int(preempted.size());
        } else {
            p.preempted_dropped += int(preempted.size());
        }
        p.rep_medians.push_back(median_of(samples));
        all.insert(all.end(), samples.begin(), samples.end());
    }
    if (ep >= 0) close(ep);
    if (!io_ok) return refuse("writing to the socket pairs failed");
    std::sort(all.begin(), all.end());
    p.iterations = int(all.size());     // timed calls kept
    p.repetitions = int(p.rep_medians.size());
    p.min_ns = all.front();
    p.max_ns = all.back();
    p.median_ns = all[all.size() / 2];
    // Over every timed call: the ready count does not depend on whether the call was preempted
    // (dividing by the kept calls alone overstated it whenever some were dropped).
    p.ready_per_call = double(ready_sum) / double(timed_calls);
    return p;
}

} // namespace ioscope::live
