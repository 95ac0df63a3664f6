#include "compare_sweep.h"

#include "sim/live/live_sweep.h"
#include "sim/programs/sweep_bench.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ioscope {

namespace {

const SweepCell* find(const std::vector<SweepCell>& cells, const std::string& m, int n, int k) {
    for (const auto& c : cells)
        if (c.mechanism == m && c.fds == n && c.active == k && c.supported) return &c;
    return nullptr;
}

std::string pct(double ratio) {
    char b[32];
    std::snprintf(b, sizeof b, "%+.0f %%", 100.0 * (ratio - 1.0));
    return b;
}

// What the measurements say about a cell outside the tolerance: the per-fd (select/poll) or
// per-event / fixed (epoll) cost the live medians imply, next to what the model charges.
std::string explain_cost(const SweepCell& c, const std::vector<SweepCell>& cells, const CostModel& m);

std::string explain(const SweepCell& c, const std::vector<SweepCell>& cells, const CostModel& m) {
    std::string why = explain_cost(c, cells, m);
    if (c.live_spread > 0.3) {
        char b[96];
        std::snprintf(b, sizeof b, "; the live repetitions spread %.0f %% (a noisy measurement)", 100.0 * c.live_spread);
        why += b;
    }
    return why;
}

std::string explain_cost(const SweepCell& c, const std::vector<SweepCell>& cells, const CostModel& m) {
    char b[400];
    const char* dir = c.ratio_calibrated > 1 ? "too high" : "too low";
    if (c.mechanism == "select" || c.mechanism == "poll") {
        // Growth with K at this N: the model charges almost nothing per ready fd (one revents
        // store), so a live cell far above its K=1 neighbour is a per-ready-fd cost it lacks.
        if (const SweepCell* one = c.active > 1 ? find(cells, c.mechanism, c.fds, 1) : nullptr) {
            const double live_per_ready = double(c.live_ns - one->live_ns) / (c.active - 1);
            const double sim_per_ready = double(c.sim_calibrated_ns - one->sim_calibrated_ns) / (c.active - 1);
            if (live_per_ready > 50 && live_per_ready > 2 * sim_per_ready) {
                std::snprintf(b, sizeof b, "sim %s by %s: live grows with K here (K=1: %lld ns, ~%.0f ns more per ready fd), the model ~%.0f per ready fd "
                              "(one revents store)",
                              dir, pct(c.ratio_calibrated).c_str(), (long long)one->live_ns, live_per_ready, sim_per_ready);
                return b;
            }
        }
        const double model_per_fd = double(m.vfs_poll_ns + m.poll_loop_per_fd_ns);
        // The model's fixed part at this cell, then what is left per fd of the live figure.
        const double fixed = double(c.sim_calibrated_ns) - model_per_fd * c.fds;
        const double live_per_fd = (double(c.live_ns) - fixed) / c.fds;
        std::snprintf(b, sizeof b, "sim %s by %s: live costs ~%.0f ns per watched fd at N=%d, the model %.0f (one vfs_poll cost for every N%s)",
                      dir, pct(c.ratio_calibrated).c_str(), live_per_fd, c.fds, model_per_fd,
                      c.fds > 1000 ? "; beyond ~1000 sockets their structures no longer fit in the cache" : "");
        return b;
    }
    const double model_per_ev = double(m.ep_item_poll_ns + m.put_user_ns);
    if (c.active <= 1) {
        std::snprintf(b, sizeof b, "sim %s by %s: the fixed part of epoll_wait (live %lld ns per call, model %lld; epoll_wait_fixed_ns = %lld was fitted on epoll-et)",
                      dir, pct(c.ratio_calibrated).c_str(), (long long)c.live_ns, (long long)c.sim_calibrated_ns, (long long)m.epoll_wait_fixed_ns);
        return b;
    }
    if (const SweepCell* one = find(cells, c.mechanism, c.fds, 1)) {
        const double live_per_ev = double(c.live_ns - one->live_ns) / (c.active - 1);
        const double sim_per_ev = double(c.sim_calibrated_ns - one->sim_calibrated_ns) / (c.active - 1);
        std::snprintf(b, sizeof b, "sim %s by %s: live costs ~%.0f ns per ready fd at N=%d, the model %.0f (ep_item_poll_ns + put_user_ns = %.0f%s%s)",
                      dir, pct(c.ratio_calibrated).c_str(), live_per_ev, c.fds, sim_per_ev, model_per_ev,
                      c.mechanism == "epoll-lt" ? "; fitted on epoll-et, LT also re-polls the previous call's items" : "",
                      c.fds > 1000 ? "; K random sockets out of a large set are cache-cold" : "");
        return b;
    }
    std::snprintf(b, sizeof b, "sim %s by %s", dir, pct(c.ratio_calibrated).c_str());
    return b;
}

} // namespace

SweepComparison run_sweep_comparison(const SweepGrid& g, const CostModel* calibrated_costs) {
    SweepComparison s;
    s.tolerance = g.tolerance;
    std::vector<live::LiveSweepPoint> live_pts;
    for (const auto& m : g.mechanisms)
        for (int n : g.fds)
            for (int k : g.active) live_pts.push_back(live::run_live_sweep_point(m, n, k, g.iterations, g.repetitions, g.seed));
    s.null_syscall_ns = compare::measure_null_syscall_ns();
    s.clock_read_ns = compare::measure_clock_read_ns();
    CostModel calibrated;
    if (calibrated_costs) {
        calibrated = *calibrated_costs;
        s.calibration.ok = true;
        s.calibration.costs = calibrated;
    } else {
        // Relative least squares over every measured N: the ±tolerance verdict is a relative
        // measure, and one per-fd constant has to serve every N of the grid (calibrate.h).
        compare::FitOptions fo;
        fo.relative_all_n = true;
        s.calibration = compare::calibrate(live_pts, s.null_syscall_ns, s.clock_read_ns, fo);
        if (!s.calibration.ok) {
            s.error = s.calibration.error;
            return s;
        }
        calibrated = s.calibration.costs;
    }
    const CostModel defaults;
    for (const auto& lp : live_pts) {
        SweepCell c;
        c.mechanism = lp.mechanism;
        c.fds = lp.fds;
        c.active = lp.active;
        c.supported = lp.supported && lp.reported_ok;
        c.note = lp.supported ? (lp.reported_ok ? "" : "live: a call did not report every active fd") : "live: " + lp.note;
        if (c.supported) {
            SweepPoint d = run_sweep_point(lp.mechanism, lp.fds, lp.active, g.iterations, g.seed, defaults);
            SweepPoint k = run_sweep_point(lp.mechanism, lp.fds, lp.active, g.iterations, g.seed, calibrated);
            if (!d.supported || !k.supported) {
                c.supported = false;
                c.note = "sim: " + (d.supported ? k.note : d.note);
            } else {
                c.live_ns = lp.median_ns;
                c.sim_default_ns = d.median_ns;
                c.sim_calibrated_ns = k.median_ns;
                if (!lp.rep_medians.empty() && lp.median_ns > 0) {
                    auto [lo, hi] = std::minmax_element(lp.rep_medians.begin(), lp.rep_medians.end());
                    c.live_spread = double(*hi - *lo) / double(lp.median_ns);
                }
                c.ratio_default = lp.median_ns > 0 ? double(d.median_ns) / double(lp.median_ns) : 0;
                c.ratio_calibrated = lp.median_ns > 0 ? double(k.median_ns) / double(lp.median_ns) : 0;
                c.within = std::abs(c.ratio_calibrated - 1.0) <= g.tolerance;
            }
        }
        s.cells.push_back(c);
    }
    for (auto& c : s.cells) {
        if (!c.supported) continue;
        s.compared++;
        s.within += c.within;
        if (!c.within) c.why = explain(c, s.cells, calibrated);
    }
    s.ok = true;
    return s;
}

nlohmann::ordered_json calibration_json(const SweepComparison& s) {
    nlohmann::ordered_json j;
    j["null_syscall_ns"] = s.null_syscall_ns;
    j["clock_read_ns"] = s.clock_read_ns;
    j["fit"] = "least squares on relative error over every measured N (sim/compare/calibrate.h)";
    j["poll_ns_per_fd"] = s.calibration.poll_slope_ns;
    j["epoll_et_ns_per_ready_fd"] = s.calibration.epoll_slope_ns;
    nlohmann::ordered_json f = nlohmann::ordered_json::array();
    for (const auto& fc : s.calibration.fitted)
        f.push_back({{"key", fc.key}, {"default_ns", fc.default_ns}, {"fitted_ns", fc.fitted_ns}, {"from", fc.from}, {"clamped", fc.clamped}});
    j["fitted"] = f;
    return j;
}

nlohmann::ordered_json sweep_cells_json(const SweepComparison& s) {
    nlohmann::ordered_json j;
    nlohmann::ordered_json cells = nlohmann::ordered_json::array();
    for (const auto& c : s.cells) {
        nlohmann::ordered_json x;
        x["mechanism"] = c.mechanism;
        x["fds"] = c.fds;
        x["active"] = c.active;
        x["supported"] = c.supported;
        if (!c.supported) {
            x["note"] = c.note;
        } else {
            x["live_ns"] = c.live_ns;
            x["live_rep_median_spread"] = c.live_spread;
            x["sim_default_ns"] = c.sim_default_ns;
            x["sim_calibrated_ns"] = c.sim_calibrated_ns;
            x["ratio_default"] = c.ratio_default;
            x["ratio_calibrated"] = c.ratio_calibrated;
            x["within_tolerance"] = c.within;
            if (!c.within) x["why"] = c.why;
        }
        cells.push_back(x);
    }
    j["cells"] = cells;
    j["tolerance"] = s.tolerance;
    j["cells_compared"] = s.compared;
    j["cells_within"] = s.within;
    j["all_within"] = s.all_within();
    return j;
}

std::string sweep_table(const SweepComparison& s) {
    std::string out;
    char line[600];
    std::snprintf(line, sizeof line, "%-9s %6s %6s %12s %12s %12s %8s %8s %7s  %s\n", "mechanism", "fds", "active", "sim default",
                  "sim calib.", "live", "ratio d", "ratio c", "spread", "verdict");
    out += line;
    for (const auto& c : s.cells) {
        if (!c.supported) {
            std::snprintf(line, sizeof line, "%-9s %6d %6d   n/a: %s\n", c.mechanism.c_str(), c.fds, c.active, c.note.c_str());
            out += line;
            continue;
        }
        std::snprintf(line, sizeof line, "%-9s %6d %6d %12lld %12lld %12lld %8.2f %8.2f %6.0f%%  %s\n", c.mechanism.c_str(), c.fds, c.active,
                      (long long)c.sim_default_ns, (long long)c.sim_calibrated_ns, (long long)c.live_ns, c.ratio_default,
                      c.ratio_calibrated, 100.0 * c.live_spread, c.within ? "ok" : "OUTSIDE");
        out += line;
    }
    std::snprintf(line, sizeof line, "ns per call (medians); ratio = sim / live (d: default model, c: calibrated); spread = live noise\n"
                                     "calibrated model within ±%.0f %% of live in %d of %d cells: %s\n",
                  100.0 * s.tolerance, s.within, s.compared, s.all_within() ? "YES, every cell" : "NO");
    out += line;
    for (const auto& c : s.cells)
        if (c.supported && !c.within) {
            std::snprintf(line, sizeof line, "  %s N=%d K=%d: %s\n", c.mechanism.c_str(), c.fds, c.active, c.why.c_str());
            out += line;
        }
    return out;
}

} // namespace ioscope
