// calibrate.h — first step of issue 6 item 4: fit the cost model's per-step constants
// (sim/kernel/cost_model.h) to live sweep medians measured on this machine (sim/live/live_sweep.h).
//
// The fits use only shapes the model itself assumes (COSTS.md §2, §6):
//   poll, K = 1, N <= 1000:   t = clock + syscall + poll_setup + N * (vfs_poll + poll_loop_per_fd)
//   select, K = 1:            the same plus select_bitmaps (mean select - poll at equal N)
//   epoll-et, fixed N:        t = clock + syscall + epoll_wait_fixed + K * (ep_item_poll + put_user)
// with `syscall` (entry + exit, split evenly) from a measured null system call and `clock` the
// measured cost of the CLOCK_MONOTONIC read included in every timed figure. Least squares on the
// medians; when a line's intercept would fall below clock + syscall, the slope is refitted with the
// intercept held there; other fields that would come out negative are clamped at 0 and flagged.
//
// FitOptions::relative_all_n (what `compare --sweep` uses): the model has one per-fd and one
// per-event constant, but live costs grow once N sockets leave the cache; when the grid spans
// that boundary, fitting only N <= 1000 leaves the large-N cells far off. In this mode poll's line
// is fitted over every N and epoll-et's over every N and K, by least squares on *relative* error
// (weights 1/t^2), which is the measure the ±25 % acceptance uses: the best compromise one
// constant can make, reported as such.
#pragma once
#include "sim/kernel/cost_model.h"
#include "sim/live/live_sweep.h"

#include <string>
#include <vector>

namespace ioscope::compare {

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
    // The fitted fields as a [machine.costs] TOML table a scenario can include.
    std::string toml() const;
};

struct FitOptions {
    bool relative_all_n { false };
};

// null_syscall_ns: entry + exit of a system call that does nothing; clock_ns: one clock read.
Calibration calibrate(const std::vector<live::LiveSweepPoint>& points, int64_t null_syscall_ns, int64_t clock_ns,
                      const FitOptions& opts = {});

// Measurements on this machine: a getppid() via syscall(2) timed one at a time like the sweep's
// calls (median, the clock read taken off), and one clock_gettime(CLOCK_MONOTONIC).
int64_t measure_null_syscall_ns();
int64_t measure_clock_read_ns();

} // namespace ioscope::compare
