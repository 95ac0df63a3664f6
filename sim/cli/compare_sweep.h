// compare_sweep.h — the cell-by-cell half of `compare`: one live sweep (sim/live/live_sweep.h),
// the cost model fitted to it (sim/compare/calibrate.h), and the simulated sweep
// (sim/programs/sweep_bench.h) run twice, with the default and with the fitted costs, on the same
// (mechanism, fds, active) cells. Each cell gets sim/live ratios for both models and a verdict
// against a tolerance (issue 6: the calibrated model within ±25 % of the live medians measured in
// the same run); a cell outside it carries a reason computed from the measurements.
//
// Lives in sim/cli because it runs both the simulator and the live sweep (ioscope_sim +
// ioscope_live); sim/compare itself stays free of the simulator.
#pragma once
#include "compare_pingpong.h"
#include "sim/compare/calibrate.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ioscope {

struct SweepGrid {
    std::vector<std::string> mechanisms;
    std::vector<int> fds, active;
    int iterations { 30 }, repetitions { 5 };
    uint64_t seed { 1 };
    double tolerance { 0.25 };
    live::MicroOptions micro;              // the micro-measurements' sizes (calibrate.h, third stage)
    int micro_sim_rounds { 200 };          // round trips of the simulated ping-pong
    // Calibration-only N: measured live for select and poll at K = 1 (those in `mechanisms`) and
    // used by the fit alone — stage 1's cache-resident line (calibrate.h, kResidentFds) needs two
    // N there, and the acceptance grid {100, 1000, 10000} has one. Not reported as cells.
    std::vector<int> calibration_fds;
};

struct SweepCell {
    std::string mechanism;
    int fds { 0 }, active { 0 };
    bool supported { true };
    std::string note;                      // why not supported (live or simulated)
    int64_t live_ns { 0 }, sim_default_ns { 0 }, sim_calibrated_ns { 0 };
    double live_spread { 0 };              // (max - min) / median of the live repetition medians
    bool live_writer_process { false };    // live: the write ends were in a forked writer process (RLIMIT_NOFILE)
    int live_preempted_dropped { 0 }, live_preempted_kept { 0 };   // live calls preempted (live_sweep.h)
    double ratio_default { 0 }, ratio_calibrated { 0 };   // sim / live
    bool within { false };                 // |ratio_calibrated - 1| <= tolerance
    std::string why;                       // when not within: what the measurements say
};

struct SweepComparison {
    bool ok { false };
    std::string error;
    compare::Calibration calibration;
    int64_t null_syscall_ns { 0 }, clock_read_ns { 0 };
    live::MicroResult micro;               // wait-queue, copy, wakeup/switch measurements (when fitted)
    std::vector<live::LiveSweepPoint> calibration_points;   // the calibration-only live points (grid.calibration_fds)
    SimPingPong sim_pingpong_default, sim_pingpong;   // the simulated ping-pong, default / fitted costs
    std::vector<SweepCell> cells;
    double tolerance { 0.25 };
    int within { 0 }, compared { 0 };
    bool all_within() const { return compared > 0 && within == compared; }
};

// The whole fit from live sweep points (the three stages of sim/compare/calibrate.h: per-step
// constants, the working-set model's cache parameters, the micro-measurements of wait-queue
// registration, copy per byte and wakeup/switch with the simulated ping-pong): fills
// s.null_syscall_ns, clock_read_ns, calibration, micro and the ping-pongs. False (s.error set)
// when stage 1 lacks points. Shared by `compare --sweep` and `sweep --live --calibrate`.
bool fit_cost_model(const std::vector<live::LiveSweepPoint>& live_pts, const SweepGrid& g, SweepComparison& s);

// Runs the live sweep, fits, runs both simulated sweeps. `calibrated_costs`, when given, is used
// as the calibrated model instead of fitting (compare --costs).
SweepComparison run_sweep_comparison(const SweepGrid& grid, const CostModel* calibrated_costs = nullptr);

nlohmann::ordered_json calibration_json(const SweepComparison& s);
nlohmann::ordered_json sweep_cells_json(const SweepComparison& s);
std::string sweep_table(const SweepComparison& s);
// The fitted constants as text (one per line, with unit, default and where each came from), then
// the ping-pong check or why the micro-measurements failed; `profile`, when not empty, is named
// as where they were written. Printed by `compare --sweep` and `sweep --live --calibrate`.
std::string fitted_text(const SweepComparison& s, const std::string& profile);

} // namespace ioscope
