// calibrate.h — first step of issue 6 item 4: fit the cost model's per-step constants
// (sim/kernel/cost_model.h) to live sweep medians measured on this machine (sim/live/live_sweep.h).
//
// The fits use only shapes the model itself assumes (COSTS.md §2, §6):
//   poll, K = 1, resident N:   t = clock + syscall + poll_setup + N * (vfs_poll + poll_loop_per_fd)
//   select, K = 1, resident N: the same plus select_bitmaps (mean select - poll at equal N)
//   epoll-et, fixed N:        t = clock + syscall + epoll_wait_fixed + K * (ep_item_poll + put_user)
// with `syscall` (entry + exit, split evenly) from a measured null system call and `clock` the
// measured cost of the CLOCK_MONOTONIC read included in every timed figure. Least squares on the
// medians; when a line's intercept would fall below clock + syscall, the slope is refitted with the
// intercept held there; other fields that would come out negative are clamped at 0 and flagged.
//
// Live costs grow once N sockets leave the cache. The model produces that growth itself (the
// working-set model, sim/kernel/cache.h), so these per-step constants are fitted where the
// sockets are cache-resident (poll and select at K = 1 for N <= kResidentFds, epoll-et at the
// smallest N with the most K values), and the cache parameters are fitted afterwards from the N
// dependence (fit_cache_latencies below; `compare --sweep` does both, and measures extra
// calibration-only N for this: compare_sweep.h). With fewer than two resident N the poll line
// falls back to N <= 1000 (the cost already grows there on our VM, so its intercept comes out
// too low and is held at the floor below).
//
// FitOptions::relative_all_n (no longer used by `compare --sweep`): one per-fd and one per-event
// constant over every N and K, least squares on relative error — the best compromise a model
// without the cache could make, kept for comparison.
#pragma once
#include "sim/kernel/cost_model.h"
#include "sim/live/live_sweep.h"
#include "sim/live/micro_bench.h"

#include <string>
#include <vector>

namespace ioscope::compare {

// The cache-resident regime of the poll/select line: N sockets whose tracked poll lines
// (sock_poll_lines = 4 lines, 256 B each socket) fill at most 64 KiB, half the smallest
// effective L2 the cache fit can choose (128 KiB, compare_sweep.cpp). Measured there (live, K = 1): ~50-58 ns per fd from
// N = 10 to 400, ~88 ns from N = 700 on — a line through N = 100 and 1000 has a negative
// intercept, and one through N <= 256 does not.
inline constexpr int kResidentFds = 256;

struct FittedConstant {
    std::string key;                      // CostModel field key ([machine.costs] name)
    int64_t default_ns { 0 };
    int64_t fitted_ns { 0 };
    std::string from;                     // which fit produced it
    bool clamped { false };
};

struct Calibration {
    bool ok { false };
    std::string error;                    // why not (missing points)
    CostModel costs;                      // defaults with the fitted fields replaced
    std::vector<FittedConstant> fitted;
    double poll_slope_ns { 0 }, poll_intercept_ns { 0 }, epoll_slope_ns { 0 }, epoll_intercept_ns { 0 };
    int poll_max_fds { 0 };               // the poll/select line used K=1 points with N <= this (0: every N)
    // The fitted fields as a [machine.costs] TOML table a scenario can include.
    std::string toml() const;
};

struct FitOptions {
    bool relative_all_n { false };        // one per-fd / per-event constant for every N (no cache model)
};

// Second stage (docs/LIVE.md "The working-set model"): the cache parameters. The simulated cost of
// a cell is linear in the two miss costs once the capacities are fixed — base + a * l2_miss_ns +
// b * llc_miss_ns, with a and b the expected missed lines per call the model itself counts — so
// the caller runs the simulator for each candidate pair of capacities (sim/cli/compare_sweep.cpp;
// sim/compare holds no simulator) and this fits the miss costs by least absolute relative error
// (the ±tolerance measure; robust to a noisy cell, unlike squares), both >= 0.
struct CacheFitPoint {
    double live_ns { 0 };                 // live median
    double base_ns { 0 };                 // simulated with both miss costs 0
    double per_l2_miss_ns { 0 };          // d(sim) / d(cache_l2_miss_ns)
    double per_llc_miss_ns { 0 };         // d(sim) / d(cache_llc_miss_ns)
};
struct CacheFit {
    bool ok { false };
    double l2_miss_ns { 0 }, llc_miss_ns { 0 };
    int within { 0 };                     // points within ±tolerance at the fitted costs
    double sse { 0 };                     // sum of squared relative errors
    double sae { 0 };                     // sum of absolute relative errors (what the fit minimises)
};
CacheFit fit_cache_latencies(const std::vector<CacheFitPoint>& pts, double tolerance);
// Records the chosen capacities and fitted miss costs in `c` (costs, fitted list, TOML).
void apply_cache_fit(Calibration& c, int64_t l2_bytes, int64_t llc_bytes, const CacheFit& fit, const std::string& from);

// Third stage (docs/LIVE.md "Micro-measurements"): the constants the sweep cannot see, from
// live::run_micro_bench on this machine. Each is fitted in the model's own shape:
//   pollwait_ns + wq_remove_ns = measured registration + removal per fd; pollwait_ns, wq_add_ns
//       (inside it) and wq_remove_ns scaled by one factor (the split is the defaults').
//   copy_ps_per_byte = the send+recv slope per byte / 2 (one copy each way).
//   per half trip of the threads' ping-pong, the model charges wq_walk_base + wq_walk_per_entry
//       (one sleeper) + wq_add + wq_remove (the sleeper's) + try_to_wake_up + pick_next_task +
//       switch_to: the measured half trip minus the (calibrated) wait-queue parts is shared among
//       the last three in the defaults' proportions (300:200:300).
//   switch_mm_ns = processes' half trip - threads' half trip (only processes switch page tables).
// A measurement that fails leaves the constants alone; a value below 0 is clamped and flagged.
// `shape`, when given, replaces the formula's "everything else" by what the model itself charges
// (measured by running the simulated ping-pong with c.costs: sim/cli/compare_pingpong.h):
//   threads_other_ns    simulated half trip - (try_to_wake_up + pick_next_task + switch_to)
//   processes_extra_ns  simulated half trip of processes - of threads - switch_mm
struct SwitchShape { double threads_other_ns { 0 }, processes_extra_ns { 0 }; };
void apply_micro_fit(Calibration& c, const live::MicroResult& m, const SwitchShape* shape = nullptr);

// null_syscall_ns: entry + exit of a system call that does nothing; clock_ns: one clock read.
Calibration calibrate(const std::vector<live::LiveSweepPoint>& points, int64_t null_syscall_ns, int64_t clock_ns,
                      const FitOptions& opts = {});

// Measurements on this machine: a getppid() via syscall(2) timed one at a time like the sweep's
// calls (median, the clock read taken off), and one clock_gettime(CLOCK_MONOTONIC).
int64_t measure_null_syscall_ns();
int64_t measure_clock_read_ns();

} // namespace ioscope::compare
