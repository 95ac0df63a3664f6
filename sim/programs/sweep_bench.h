// sweep_bench.h — the simulated per-call cost sweep (`ioscope-cli sweep`), in the style of
// libevent's test/bench.c (COSTS.md §2): N connected socket pairs with non-blocking read ends;
// each iteration makes K random read ends readable (untimed), times ONE select / poll /
// epoll_wait with timeout 0, checks it reports K, and drains (untimed). The cost per call is
// whatever the modelled kernel steps add up to — no per-mechanism constants.
#pragma once
#include "programs.h"
#include "sim/kernel/cost_model.h"

#include <string>
#include <vector>

namespace ioscope {

struct SweepPoint {
    std::string mechanism;                 // select, poll, epoll-lt, epoll-et
    int fds { 0 };
    int active { 0 };
    bool supported { true };
    std::string note;                      // why not, when unsupported
    int64_t min_ns { 0 }, median_ns { 0 }, max_ns { 0 };
    // Steps per call (averages over the timed calls).
    double fds_scanned { 0 }, wait_queue_adds { 0 }, wait_queue_removes { 0 }, bytes_copied { 0 };
    int iterations { 0 };
    bool reported_ok { true };             // every call reported exactly `active` ready fds
};

// costs: the cost model to charge (defaults, or a profile fitted to this machine by
// sim/compare/calibrate.h, so the simulated and live sweeps can be compared cell by cell).
SweepPoint run_sweep_point(const std::string& mechanism, int fds, int active, int iterations, uint64_t seed,
                           const CostModel& costs = CostModel {});

} // namespace ioscope
