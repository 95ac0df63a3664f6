// live_sweep.h — the per-call cost sweep measured on the real kernel (`ioscope-cli sweep --live`),
// the live twin of sim/programs/sweep_bench.h and the method of COSTS.md §2 / libevent's
// test/bench.c: N connected AF_UNIX socket pairs with non-blocking read ends; each iteration
// writes one byte to K random write ends (untimed), times ONE select / poll / epoll_wait with
// timeout 0 between two CLOCK_MONOTONIC reads, checks it reported K, and drains (untimed).
//
// Contract:
//  * The thread is pinned to the CPU it runs on for the duration of a point (restored after).
//  * Repetitions: `repetitions` runs of `iterations` timed calls each (after a short warm-up);
//    min/median/max are over every timed call kept, rep_medians are the per-repetition medians
//    (noise). A call during which this thread was involuntarily switched out (getrusage
//    ru_nivcsw changed: another task ran on the CPU, the interval holds its time) is left out,
//    unless most of its repetition's calls were (then all are kept): preempted_dropped/_kept.
//  * Descriptors: both ends live in this process while 2N + 64 fits under the hard
//    RLIMIT_NOFILE; otherwise the write ends are passed (SCM_RIGHTS) to a forked writer process
//    that writes on command, so N up to ~hard limit - 64 still works (`writer` says which).
//    When even that does not fit, supported = false, limit_error = true and note says why.
//  * The writer process is pinned to the measuring CPU (writer_cpu == cpu), so the byte is
//    written, and ep_poll_callback runs, on the CPU that then makes the timed call — as when the
//    measuring thread writes itself. Left to the scheduler, the writer is usually woken there
//    (a sync wakeup: wake_affine), but on a loaded machine sometimes onto the other CPU, where
//    the next epoll_wait costs ~3x (docs/LIVE.md): a per-run mix no model can follow.
//  * Rounds (run_live_sweep_rounds): repetition r of every cell is measured before repetition
//    r + 1 of any, so a slow phase of a shared host lands on all cells alike instead of on
//    whichever cell was being measured then. Cells with the same N share one set of pairs per
//    round (reopened each round when several N are measured: their descriptors do not all fit);
//    at one N, the select and poll cells, and the cells of one epoll mode that differ in K,
//    alternate call by call (each call's ready fds
//    drained before the next cell's writes, and each timed call preceded by an untimed one of
//    its own cell, so it finds the ready list and cache a sweep of that cell alone leaves), so
//    K = 1 and K = 100 see the same moments.
//  * select passes a bitmap allocated by hand, as libevent's select backend does: howmany(nfds,
//    NFDBITS) unsigned longs, bits set by hand (not glibc's FD_SET, which aborts in __fdelt_chk
//    for fd >= FD_SETSIZE under _FORTIFY_SOURCE). So select runs at any N the fd table holds
//    (the kernel clamps nfds to fdt->max_fds, not 1024); `fd_set` says so (kSelectFdSet). The
//    live servers (server.h) use glibc's fd_set and keep refusing descriptors >= FD_SETSIZE.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ioscope::live {

struct LiveSweepPoint {
    std::string mechanism;                 // select, poll, epoll-lt, epoll-et
    int fds { 0 };
    int active { 0 };
    bool supported { true };
    bool limit_error { false };            // unsupported because RLIMIT_NOFILE could not be raised
    std::string note;
    int64_t min_ns { 0 }, median_ns { 0 }, max_ns { 0 };
    std::vector<int64_t> rep_medians;      // one per repetition
    int iterations { 0 };                  // timed calls kept
    int preempted_dropped { 0 };           // timed calls left out: preempted (involuntary switch)
    int preempted_kept { 0 };              // preempted calls kept (most of their repetition was)
    int repetitions { 0 };
    double ready_per_call { 0 };           // average return value of the timed call
    bool reported_ok { true };             // every call reported exactly `active` ready fds
    std::string writer;                    // "same-process" or "writer-process"
    int max_fd { 0 };                      // highest watched descriptor
    std::string fd_set;                    // select: how its bitmap was made (kSelectFdSet); else empty
    int cpu { -1 };                        // CPU the measuring thread was pinned to
    int writer_cpu { -1 };                 // writer-process: the CPU it was pinned to (= cpu); else -1
    std::vector<int64_t> rep_start_ns;     // CLOCK_MONOTONIC at the start of each repetition
};

// One cell of a sweep: mechanism, N watched pairs, K active per call.
struct LiveCellSpec {
    std::string mechanism;
    int fds { 0 };
    int active { 0 };
};

inline constexpr const char* kSelectFdSet = "hand-sized to nfds (howmany(nfds, NFDBITS) unsigned longs, bits set by hand), libevent style";

bool is_live_mechanism(const std::string& m);

// Every cell, `repetitions` rounds of `iterations` timed calls each, interleaved (contract above);
// results in the order of `cells`. force_writer_process: use the writer process even when both
// ends would fit here (tests).
std::vector<LiveSweepPoint> run_live_sweep_rounds(const std::vector<LiveCellSpec>& cells, int iterations, int repetitions,
                                                  uint64_t seed, bool force_writer_process = false);

// One cell alone (its pairs stay open across its repetitions).
LiveSweepPoint run_live_sweep_point(const std::string& mechanism, int fds, int active, int iterations,
                                    int repetitions, uint64_t seed, bool force_writer_process = false);

} // namespace ioscope::live
