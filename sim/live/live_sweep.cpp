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

namespace {

// One cell's state across rounds: its result so far, its random stream and index permutation.
struct CellRun {
    LiveSweepPoint p;
    std::mt19937_64 rng;
    std::vector<int> idx;
    std::vector<int64_t> all;              // every timed call kept
    int64_t ready_sum { 0 }, timed_calls { 0 };   // every timed call, kept or dropped as preempted
    bool refused { false };
};

void refuse(CellRun& c, std::string note, bool limit = false) {
    c.p.supported = false;
    c.p.limit_error = c.p.limit_error || limit;
    c.p.note = std::move(note);
    c.refused = true;
}

// One repetition of the cells of one loop at one N — select and poll cells, or the cells of one
// epoll mode (they differ in K) — on an open pair set: sets up the structures once (epoll instance, select bitmap, pollfd array), then
// warm-up and `iterations` timed calls per cell, the cells' calls alternating (iteration i of
// each before i + 1 of any: K = 1 and K = 100 see the same moments of the host). Untimed: the
// writes, the select bitmap refill, the drain — each call's ready fds are drained before the
// next cell's writes, so every call sees exactly its own K — and, with several cells, one
// settling call of the same cell before each timed one (below).
void measure_repetition(const std::vector<CellRun*>& cells, PairSet& pairs, int iterations) {
    const std::string& first = cells.front()->p.mechanism;   // epoll: every cell's; else select and/or poll
    auto has = [&](const char* m) {
        return std::any_of(cells.begin(), cells.end(), [&](const CellRun* c) { return c->p.mechanism == m; });
    };
    const std::vector<int>& rd = pairs.read_ends();
    const int max_fd = *std::max_element(rd.begin(), rd.end());
    int max_active = 1;
    for (CellRun* c : cells) {
        c->p.max_fd = max_fd;
        max_active = std::max(max_active, c->p.active);
    }
    auto refuse_all = [&](const std::string& note) {
        for (CellRun* c : cells) refuse(*c, note);
    };
    int ep = -1;
    if (first == "epoll-lt" || first == "epoll-et") {
        ep = epoll_create1(EPOLL_CLOEXEC);
        if (ep < 0) return refuse_all("epoll_create1 failed");
        for (size_t i = 0; i < rd.size(); ++i) {
            epoll_event ev {};
            ev.events = EPOLLIN | (first == "epoll-et" ? uint32_t(EPOLLET) : 0u);
            ev.data.u64 = i;
            if (epoll_ctl(ep, EPOLL_CTL_ADD, rd[i], &ev) != 0) {
                close(ep);
                return refuse_all("epoll_ctl(EPOLL_CTL_ADD) failed");
            }
        }
    }
    // select: libevent's select backend — the bitmaps are allocated by hand, howmany(nfds,
    // NFDBITS) words of unsigned long (glibc's __fd_mask), and bits are set by hand. glibc's
    // fd_set is only FD_SETSIZE (1024) bits, and its FD_SET / FD_ISSET abort in __fdelt_chk for
    // fd >= 1024 under _FORTIFY_SOURCE; the kernel reads FDS_BYTES(nfds) from the pointer, with
    // nfds clamped only to the fd table size (KERNEL.md §1).
    const size_t mask_words = has("select") ? size_t(max_fd + 1 + kMaskBits - 1) / kMaskBits : 0;
    std::vector<unsigned long> master(mask_words, 0), set(mask_words, 0);
    if (has("select")) {
        for (CellRun* c : cells)
            if (c->p.mechanism == "select") c->p.fd_set = kSelectFdSet;
        for (int fd : rd) master[size_t(fd) / kMaskBits] |= 1UL << (unsigned(fd) % kMaskBits);
    }
    std::vector<pollfd> pfds;
    if (has("poll"))
        for (int fd : rd) pfds.push_back(pollfd { fd, POLLIN, 0 });
    std::vector<epoll_event> evs(static_cast<size_t>(max_active));
    std::vector<std::vector<int64_t>> samples(cells.size()), preempted(cells.size());
    for (auto& v : samples) v.reserve(size_t(iterations));
    char buf[16];
    const int64_t start = mono_ns();
    for (CellRun* c : cells) c->p.rep_start_ns.push_back(start);
    // One iteration of cell ci: K writes, the call (timed when `timed`), the drain.
    auto one_call = [&](size_t ci, bool timed) {
        CellRun& c = *cells[ci];
        const std::string& mechanism = c.p.mechanism;
        const int fds = c.p.fds, active = c.p.active;
        for (int j = 0; j < active; ++j) {                   // K distinct random pairs
            std::uniform_int_distribution<int> d(j, fds - 1);
            std::swap(c.idx[size_t(j)], c.idx[size_t(d(c.rng))]);
        }
        if (!pairs.poke(c.idx.data(), active)) return false;
        std::copy(master.begin(), master.end(), set.begin());   // select overwrites its set: untimed refill
        int n = 0;
        const long sw0 = involuntary_switches();
        int64_t t0 = mono_ns();
        if (mechanism == "select") {
            timeval tv { 0, 0 };
            n = select(max_fd + 1, reinterpret_cast<fd_set*>(set.data()), nullptr, nullptr, &tv);
        } else if (mechanism == "poll") {
            n = poll(pfds.data(), nfds_t(pfds.size()), 0);
        } else {
            // The settling call takes every ready item (below); a timed one at most K, as a sweep of this cell alone.
            n = epoll_wait(ep, evs.data(), timed ? std::max(1, active) : int(evs.size()), 0);
        }
        int64_t t1 = mono_ns();
        const long sw1 = involuntary_switches();
        if (timed) {
            // Preempted by another runnable task: the interval holds its time too (and the
            // cache it left behind), which the one-tenant simulated machine never charges.
            (sw0 >= 0 && sw1 != sw0 ? preempted[ci] : samples[ci]).push_back(t1 - t0);
            c.ready_sum += n;
            ++c.timed_calls;
            if (n != active) c.p.reported_ok = false;
        }
        for (int j = 0; j < active; ++j)                     // drain, untimed
            while (read(rd[size_t(c.idx[size_t(j)])], buf, sizeof buf) > 0) {}
        return true;
    };
    // With several cells, each timed call follows an untimed call of its own cell, so it finds
    // the state a sweep of that cell alone leaves: epoll-lt's ready list still holds the previous
    // call's K items (ep_send_events re-queues them; this call re-polls and drops them), and the
    // cache holds the previous call's K sockets' I/O — K of this cell, not of the other one. The
    // settling epoll_wait passes maxevents = the largest K: ep_send_events stops after maxevents
    // reported items and splices the rest back, so with maxevents = K it would leave the other
    // cell's stale items behind its own on the ready list; with room for all it walks every item,
    // drops the stale ones and re-queues just its own K.
    const bool settle = cells.size() > 1;
    for (int it = -kWarmup; it < iterations; ++it)
        for (size_t ci = 0; ci < cells.size(); ++ci)
            if ((settle && !one_call(ci, false)) || !one_call(ci, it >= 0)) {
                if (ep >= 0) close(ep);
                return refuse_all("writing to the socket pairs failed");
            }
    if (ep >= 0) close(ep);
    for (size_t ci = 0; ci < cells.size(); ++ci) {
        LiveSweepPoint& p = cells[ci]->p;
        std::vector<int64_t>& s = samples[ci];
        std::vector<int64_t>& pre = preempted[ci];
        // A repetition whose calls were mostly preempted keeps them all (the calls are longer
        // than the time slice a loaded machine gives): its median then says so by its size.
        if (s.size() < pre.size()) {
            s.insert(s.end(), pre.begin(), pre.end());
            p.preempted_kept += int(pre.size());
        } else {
            p.preempted_dropped += int(pre.size());
        }
        p.rep_medians.push_back(median_of(s));
        cells[ci]->all.insert(cells[ci]->all.end(), s.begin(), s.end());
    }
}

// The cells measuring one N, and how their pairs are opened (decided once, at the first open).
struct Group {
    int fds { 0 };
    std::vector<size_t> cells;             // indices into the CellRun vector
    bool decided { false }, split { false };
};

// Opens the group's pairs (the writer process, if any, pinned to `cpu`); on failure refuses the
// group's cells with the reason.
bool open_group(Group& g, std::vector<CellRun>& runs, PairSet& pairs, bool force_writer_process, int cpu) {
    auto fail = [&](const std::string& note) {
        for (size_t i : g.cells) refuse(runs[i], note, true);
        return false;
    };
    if (!g.decided) {
        // Descriptors: both ends here when they fit, else the write ends go to a writer process.
        const long open_now = count_open_fds();
        const long need_same = open_now + 2L * g.fds + kSpareFds;
        g.split = force_writer_process || need_same > nofile_limit().hard;
        g.decided = true;
    }
    std::string err;
    const long need = long(count_open_fds()) + (g.split ? 1L : 2L) * g.fds + kSpareFds;
    if (!ensure_nofile(need, &err)) return fail(err);
    if (!pairs.open(g.fds, g.split, &err))
        return fail("setting up " + std::to_string(g.fds) + " socket pairs failed: " + err);
    if (g.split && !pairs.pin_writer(cpu))
        return fail("could not pin the writer process to CPU " + std::to_string(cpu));
    for (size_t i : g.cells) {
        runs[i].p.writer = g.split ? "writer-process" : "same-process";
        runs[i].p.writer_cpu = g.split ? cpu : -1;
    }
    return true;
}

} // namespace

std::vector<LiveSweepPoint> run_live_sweep_rounds(const std::vector<LiveCellSpec>& cells, int iterations, int repetitions,
                                                  uint64_t seed, bool force_writer_process) {
    std::vector<CellRun> runs(cells.size());
    std::vector<Group> groups;
    for (size_t i = 0; i < cells.size(); ++i) {
        CellRun& c = runs[i];
        c.p.mechanism = cells[i].mechanism;
        c.p.fds = cells[i].fds;
        c.p.active = cells[i].active;
        if (!is_live_mechanism(c.p.mechanism)) refuse(c, "unknown mechanism");
        else if (c.p.active > c.p.fds) refuse(c, "more active fds than fds");
        else if (c.p.fds < 1 || iterations < 1 || repetitions < 1) refuse(c, "fds, iterations and repetitions must be >= 1");
        if (c.refused) continue;
        c.rng.seed(seed);
        c.idx.resize(size_t(c.p.fds));
        for (int j = 0; j < c.p.fds; ++j) c.idx[size_t(j)] = j;
        c.all.reserve(size_t(iterations) * size_t(repetitions));
        auto g = std::find_if(groups.begin(), groups.end(), [&](const Group& x) { return x.fds == c.p.fds; });
        if (g == groups.end()) {
            groups.push_back(Group { c.p.fds, {}, false, false });
            g = groups.end() - 1;
        }
        g->cells.push_back(i);
    }
    // Pinned before any writer process is forked: it inherits the mask, and is pinned explicitly too.
    PinToCurrentCpu pin;
    for (CellRun& c : runs) c.p.cpu = pin.cpu();
    // One N: its pairs stay open across the rounds. Several: reopened per round (they do not all fit).
    const bool keep_open = groups.size() == 1;
    PairSet kept;
    bool kept_open = false;
    for (int rep = 0; rep < repetitions; ++rep) {
        for (Group& g : groups) {
            bool live = false;
            for (size_t i : g.cells) live = live || !runs[i].refused;
            if (!live) continue;
            PairSet fresh;
            PairSet& pairs = keep_open ? kept : fresh;
            if (!(keep_open && kept_open)) {
                if (!open_group(g, runs, pairs, force_writer_process, pin.cpu())) continue;
                kept_open = keep_open;
            }
            // Cells whose calls can alternate share a loop: select and poll (with timeout 0 they
            // leave nothing registered), or one epoll mode (its K values). Two epoll instances on
            // the same sockets would each queue the other's writes (ep_poll_callback), so each
            // epoll mode has its loop, with no other instance alive.
            auto loop_of = [](const std::string& m) { return m == "select" || m == "poll" ? std::string("select+poll") : m; };
            std::vector<std::string> loops;
            for (size_t i : g.cells)
                if (!runs[i].refused && std::find(loops.begin(), loops.end(), loop_of(runs[i].p.mechanism)) == loops.end())
                    loops.push_back(loop_of(runs[i].p.mechanism));
            for (const std::string& l : loops) {
                std::vector<CellRun*> together;
                for (size_t i : g.cells)
                    if (!runs[i].refused && loop_of(runs[i].p.mechanism) == l) together.push_back(&runs[i]);
                if (!together.empty()) measure_repetition(together, pairs, iterations);
            }
        }
    }
    std::vector<LiveSweepPoint> out;
    for (CellRun& c : runs) {
        LiveSweepPoint& p = c.p;
        if (!c.refused && c.all.empty()) refuse(c, "no timed call was kept");
        if (c.refused) {
            out.push_back(p);
            continue;
        }
        std::sort(c.all.begin(), c.all.end());
        p.iterations = int(c.all.size());     // timed calls kept
        p.repetitions = int(p.rep_medians.size());
        p.min_ns = c.all.front();
        p.max_ns = c.all.back();
        p.median_ns = c.all[c.all.size() / 2];
        // Over every timed call: the ready count does not depend on whether the call was
        // preempted (dividing by the kept calls alone overstated it whenever some were dropped).
        p.ready_per_call = double(c.ready_sum) / double(c.timed_calls);
        out.push_back(p);
    }
    return out;
}

LiveSweepPoint run_live_sweep_point(const std::string& mechanism, int fds, int active, int iterations,
                                    int repetitions, uint64_t seed, bool force_writer_process) {
    return run_live_sweep_rounds({LiveCellSpec { mechanism, fds, active }}, iterations, repetitions, seed, force_writer_process)[0];
}

} // namespace ioscope::live
