// cache.h — the working-set model of the memory hierarchy (CostModel "memory hierarchy",
// COSTS.md §2/§6, docs/LIVE.md "The working-set model").
//
// Why: a kernel step costs more when the lines it reads have left the cache. poll's vfs_poll on
// socket i reads the same lines as on the previous call, after touching every other watched
// socket: it is cold once N sockets no longer fit. An epoll_wait harvesting a random ready item
// out of N last touched that item N/K calls ago, with the I/O of about N other sockets in
// between: it is cold at a much smaller N. Neither needs a per-mechanism constant: both follow
// from which lines a step reads and what was touched since.
//
// How: every tracked object (a socket's poll lines, an epitem) keeps the value of a line clock
// at its last touch. The clocks count cache lines touched: per CPU (its L2) and machine-wide
// (the LLC), advanced by every tracked touch and by `syscall_footprint_lines` per system call
// for the paths not tracked line by line (each call on the CPU it entered on, accounted when a
// tracked step next looks). The reuse
// distance D (bytes touched since) gives the fraction of the object's lines that has left each
// level, max(0, 1 - capacity / D) — 0 while the set fits, approaching 1 as it grows. A line last
// touched on another CPU is in that core's cache, not this one's: a full L2 miss, served on chip
// by a cross-core transfer costed like an L3 hit (cache_l2_miss_ns); the LLC clock is shared, so
// it costs DRAM only if it has left the LLC too. That is what a writer on another CPU leaves
// behind: ep_poll_callback wrote the epitem and the eventpoll's ready list there (the sweep's
// `writer = other-cpu`, sweep_bench.h). An object never touched by a tracked step is cold.
// Approximation: the clocks count touches, not distinct lines — a line touched twice in between
// counts twice (the syscall footprint re-touches the same stack and task lines every call), so D
// is an upper bound; the capacities the calibration fits are effective ones and absorb part of it.
// Charges are expected values in integer picoseconds carried across steps: no randomness, the
// same scenario and seed give the same trace.
#pragma once
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace ioscope {

struct CacheStamp {
    uint64_t l2 { 0 };                    // the CPU's L2 clock after the last touch
    uint64_t llc { 0 };                   // the LLC clock after the last touch
    uint8_t cpu { 0 };                    // the CPU that touched it last
};

struct CacheState {
    std::vector<uint64_t> l2_clock;       // per CPU: lines touched there
    uint64_t llc_clock { 0 };             // lines touched on any CPU
    std::vector<uint64_t> syscalls_pending;   // per CPU: system calls entered there, footprint not yet counted
    int64_t carry_ps { 0 };               // sub-nanosecond remainder of the miss charges
    std::unordered_map<uint32_t, CacheStamp> last;   // by trace object id (lookups only: deterministic)
};

// One object's lines read by a step.
struct CacheTouch {
    uint32_t obj;                         // trace object id (Sock for a socket's poll lines, EpItem)
    int64_t lines;
};

// The expected miss cost, in picoseconds per line, of a line with reuse distance `d_bytes` at a
// level of `capacity_bytes` whose miss costs `miss_ns` (UINT64_MAX: never touched, a full miss).
int64_t cache_miss_ps_per_line(uint64_t d_bytes, int64_t capacity_bytes, int64_t miss_ns);

} // namespace ioscope
