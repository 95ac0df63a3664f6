// micro_bench.h — small measurements on the real kernel for the cost-model constants the
// select/poll/epoll sweep cannot see (issue 6 item 4; docs/LIVE.md "Micro-measurements"). Each
// uses socketpairs or pipes in this process (and one forked child), is bounded in count, and
// takes a few milliseconds:
//
//  * wait-queue registration: poll() on N socketpair read ends of which only the LAST is ready,
//    once with a nonzero timeout and once with timeout 0. With a timeout, do_poll keeps
//    pt->_qproc set until something is ready, so vfs_poll of every fd calls __pollwait
//    (poll_get_entry + add_wait_queue), and poll_freewait removes each entry afterwards; with
//    timeout 0, _qproc is NULL from the start. (median with - median without) / N = the cost of
//    one registration plus its removal.
//  * copy per byte: send() + recv() of B bytes on an AF_UNIX stream pair for several B; the
//    least-squares slope over B is two copies (copy_from_user into the skb, copy_to_user out).
//  * wakeup + context switch (lmbench lat_ctx style): two threads, then two processes, pinned to
//    ONE CPU, bounce one byte over two pipes. Round trip minus twice a write+read pair that does
//    not block (timed in one thread) leaves, per half trip, one wakeup (try_to_wake_up and the
//    wait-queue walk), the sleeper's wait-queue add/remove, and one context switch
//    (__schedule; processes also switch_mm).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ioscope::live {

struct MicroOptions {
    int pollwait_fds { 200 };                     // N socketpairs watched by the poll() pair
    int pollwait_reps { 100 };                    // poll() calls of each kind (alternated)
    std::vector<int> copy_sizes { 64, 1024, 4096, 16384, 65536 };
    int copy_reps { 100 };                        // send+recv per size
    int pingpong_rounds { 2000 };                 // round trips per ping-pong (threads, then processes)
};

struct MicroResult {
    bool ok { false };
    std::string error;
    // wait-queue registration
    int64_t poll_timeout_ns { 0 }, poll_zero_ns { 0 };   // medians, N fds, last one ready
    int pollwait_fds { 0 };
    double pollwait_per_fd_ns { 0 };              // (timeout - zero) / N: __pollwait + its removal
    // copy
    std::vector<std::pair<int, int64_t>> copy_points;    // (bytes, median send+recv ns)
    double copy_ps_per_byte { 0 };                // slope / 2 copies, in ps per byte
    // wakeup + context switch
    double pair_nonblock_ns { 0 };                // write + read of one byte, no sleep, one thread
    double rt_threads_ns { 0 }, rt_processes_ns { 0 };   // ping-pong round trips, one CPU
    double half_threads_ns { 0 }, half_processes_ns { 0 }; // (rt - 2 * pair) / 2
    int cpu { -1 };
};

MicroResult run_micro_bench(const MicroOptions& o = {});

} // namespace ioscope::live
