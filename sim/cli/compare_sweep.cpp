#include "compare_sweep.h"

#include "compare_pingpong.h"

#include "sim/live/live_sweep.h"
#include "sim/programs/sweep_bench.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ioscope {

namespace {

// The simulated sweep writes the way the live cell did (sweep_bench.h): live "writer-process"
// (2N descriptors beyond RLIMIT_NOFILE) -> a forked writer task on the measuring CPU, where live's
// ran (docs/LIVE.md).
SweepWriter writer_of(const live::LiveSweepPoint& lp) {
    return lp.writer == "writer-process" ? SweepWriter::OtherTask : SweepWriter::Self;
}

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
    if (c.live_writer_process && c.ratio_calibrated < 1) {
        // Measured on the reference VM (docs/LIVE.md): the live writer process, pinned to the
        // measuring CPU, switches in and out once per iteration, and the next call costs more
        // (as much with a writer thread: not the page-table switch); the simulated cell mirrors
        // the method, but its working-set model has no L1 level.
        why += "; live wrote from a second process here (2N descriptors exceed RLIMIT_NOFILE), pinned to the measuring CPU, which alone adds "
               "~110-170 ns per call on our VM; the simulated cell does the same, but the working-set model charges nothing for "
               "the two context switches between the write and the call (no L1 level)";
    }
    if (c.live_preempted_kept > 0) {
        char b[200];
        std::snprintf(b, sizeof b, "; %d live calls were preempted and kept (most of their repetition was: calls longer than this loaded "
                      "machine's time slice), so live holds other tasks' time; not fitted", c.live_preempted_kept);
        why += b;
    }
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
        // Growth with K at this N, live vs simulated: the model's share of it is the I/O of the K
        // sockets evicting the watched set's lines (the working-set model), one revents store each.
        if (const SweepCell* one = c.active > 1 ? find(cells, c.mechanism, c.fds, 1) : nullptr) {
            const double live_per_ready = double(c.live_ns - one->live_ns) / (c.active - 1);
            const double sim_per_ready = double(c.sim_calibrated_ns - one->sim_calibrated_ns) / (c.active - 1);
            if (std::abs(live_per_ready - sim_per_ready) > 50) {
                std::snprintf(b, sizeof b, "sim %s by %s: live grows by ~%.0f ns per ready fd over K=1 here (K=1: %lld ns), the model by ~%.0f "
                              "(the K sockets' I/O evicting the watched set's lines)",
                              dir, pct(c.ratio_calibrated).c_str(), live_per_ready, (long long)one->live_ns, sim_per_ready);
                return b;
            }
        }
        std::snprintf(b, sizeof b, "sim %s by %s: live ~%.0f ns per watched fd at N=%d (whole call / N), the model ~%.0f "
                      "(vfs_poll + loop = %lld, plus the misses of the working-set model: L2 %lld KiB, LLC %lld MiB)",
                      dir, pct(c.ratio_calibrated).c_str(), double(c.live_ns) / c.fds, c.fds, double(c.sim_calibrated_ns) / c.fds,
                      (long long)(m.vfs_poll_ns + m.poll_loop_per_fd_ns), (long long)(m.cache_l2_bytes >> 10), (long long)(m.cache_llc_bytes >> 20));
        return b;
    }
    const double model_per_ev = double(m.ep_item_poll_ns + m.put_user_ns);
    if (c.active <= 1) {
        // One ready item: growth over the smallest N measured is that item's lines going cold.
        const SweepCell* small = nullptr;
        for (const auto& o : cells)
            if (o.mechanism == c.mechanism && o.active == c.active && o.supported && o.fds < c.fds && (!small || o.fds < small->fds)) small = &o;
        if (small) {
            std::snprintf(b, sizeof b, "sim %s by %s: from N=%d to N=%d at K=1 live grows by %lld ns per call, the model by %lld (the ready "
                          "item's lines going cold, working-set model)",
                          dir, pct(c.ratio_calibrated).c_str(), small->fds, c.fds, (long long)(c.live_ns - small->live_ns),
                          (long long)(c.sim_calibrated_ns - small->sim_calibrated_ns));
            return b;
        }
        std::snprintf(b, sizeof b, "sim %s by %s: the fixed part of epoll_wait (live %lld ns per call, model %lld; epoll_wait_fixed_ns = %lld was fitted on epoll-et)",
                      dir, pct(c.ratio_calibrated).c_str(), (long long)c.live_ns, (long long)c.sim_calibrated_ns, (long long)m.epoll_wait_fixed_ns);
        return b;
    }
    if (const SweepCell* one = find(cells, c.mechanism, c.fds, 1)) {
        const double live_per_ev = double(c.live_ns - one->live_ns) / (c.active - 1);
        const double sim_per_ev = double(c.sim_calibrated_ns - one->sim_calibrated_ns) / (c.active - 1);
        std::snprintf(b, sizeof b, "sim %s by %s: live costs ~%.0f ns per ready fd at N=%d, the model %.0f (ep_item_poll_ns + put_user_ns = %.0f "
                      "when hot, plus the working-set model's misses%s)",
                      dir, pct(c.ratio_calibrated).c_str(), live_per_ev, c.fds, sim_per_ev, model_per_ev,
                      c.mechanism == "epoll-lt" ? "; fitted on epoll-et, LT also re-polls the previous call's items" : "");
        return b;
    }
    std::snprintf(b, sizeof b, "sim %s by %s", dir, pct(c.ratio_calibrated).c_str());
    return b;
}

// Stage 2 of the fit (calibrate.h, fit_cache_latencies): for each candidate pair of capacities,
// the simulated cost of every live cell is base + a * l2_miss_ns + b * llc_miss_ns; a and b come
// from two simulator runs with one miss cost at a probe value, base from one with both at 0
// (which does not depend on the capacities). The pair whose fitted miss costs put the most cells
// within the tolerance (then: the smallest sum of absolute relative errors) wins.
void fit_cache(compare::Calibration& cal, const std::vector<live::LiveSweepPoint>& live_pts, const SweepGrid& g) {
    std::vector<const live::LiveSweepPoint*> cells;
    // A cell most of whose live calls were preempted (live_sweep.h keeps them then) measured the
    // other tasks' time slices too: reported, not fitted.
    for (const auto& lp : live_pts)
        if (lp.supported && lp.reported_ok && lp.median_ns > 0 && lp.preempted_kept == 0) cells.push_back(&lp);
    if (cells.empty()) return;
    auto run = [&](const CostModel& m) {
        std::vector<double> v;
        for (const auto* lp : cells) {
            SweepPoint p = run_sweep_point(lp->mechanism, lp->fds, lp->active, g.iterations, g.seed, m, writer_of(*lp));
            v.push_back(p.supported ? double(p.median_ns) : -1.0);
        }
        return v;
    };
    constexpr int64_t kProbeNs = 100;
    CostModel m = cal.costs;
    m.cache_l2_miss_ns = 0;
    m.cache_llc_miss_ns = 0;
    const std::vector<double> base = run(m);
    // Effective capacities (cache.h): from 128 KiB, since on our VM the per-fd cost already rises
    // between N = 400 and 700 sockets (4 tracked lines each: 100-175 KiB walked per call).
    const int64_t l2s[] = {128 << 10, 256 << 10, 512 << 10, 1 << 20};
    const int64_t llcs[] = {1 << 20, 2 << 20, 4 << 20, 8 << 20, 16 << 20, 32 << 20};
    // The model charges lines x (miss_fraction(D2, L2 capacity) x l2_miss_ns + miss_fraction(D3,
    // LLC capacity) x llc_miss_ns) (sim/kernel/cache.cpp), and the reuse distances count bytes,
    // not time: with llc_miss_ns = 0 a run does not depend on the LLC capacity, with l2_miss_ns = 0
    // not on the L2 one. So 4 + 6 probe runs give every pair's regressors (not two runs per pair,
    // the bulk of `compare`'s CPU time, with the same results).
    std::vector<std::vector<double>> by_l2, by_llc;
    for (int64_t l2 : l2s) {
        m.cache_l2_bytes = l2;
        m.cache_llc_bytes = llcs[std::size(llcs) - 1];
        m.cache_l2_miss_ns = kProbeNs;
        m.cache_llc_miss_ns = 0;
        by_l2.push_back(run(m));
    }
    for (int64_t llc : llcs) {
        m.cache_l2_bytes = l2s[0];
        m.cache_llc_bytes = llc;
        m.cache_l2_miss_ns = 0;
        m.cache_llc_miss_ns = kProbeNs;
        by_llc.push_back(run(m));
    }
    compare::CacheFit best;
    int64_t best_l2 = 0, best_llc = 0;
    for (size_t i2 = 0; i2 < std::size(l2s); ++i2)
        for (size_t i3 = 0; i3 < std::size(llcs); ++i3) {
            if (llcs[i3] <= l2s[i2]) continue;                 // the LLC is the larger level
            const std::vector<double>& a = by_l2[i2];
            const std::vector<double>& b = by_llc[i3];
            std::vector<compare::CacheFitPoint> pts;
            for (size_t i = 0; i < cells.size(); ++i)
                if (base[i] >= 0 && a[i] >= 0 && b[i] >= 0)
                    pts.push_back({double(cells[i]->median_ns), base[i], (a[i] - base[i]) / kProbeNs, (b[i] - base[i]) / kProbeNs});
            compare::CacheFit f = compare::fit_cache_latencies(pts, g.tolerance);
            if (f.ok && (!best.ok || f.within > best.within || (f.within == best.within && f.sae < best.sae))) {
                best = f;
                best_l2 = l2s[i2];
                best_llc = llcs[i3];
            }
        }
    if (best.ok) compare::apply_cache_fit(cal, best_l2, best_llc, best, "L2 128 KiB-1 MiB x LLC 1-32 MiB");
}

} // namespace

bool fit_cost_model(const std::vector<live::LiveSweepPoint>& live_pts, const SweepGrid& g, SweepComparison& s) {
    s.null_syscall_ns = compare::measure_null_syscall_ns();
    s.clock_read_ns = compare::measure_clock_read_ns();
    // Stage 1: the per-step constants where the sockets are cache-resident (poll at K=1 for
    // N <= 1000, epoll-et at the smallest N with the most K values: calibrate.h). Stage 2:
    // the working-set model's capacities and miss costs from how the cost grows with N.
    s.calibration = compare::calibrate(live_pts, s.null_syscall_ns, s.clock_read_ns);
    if (!s.calibration.ok) {
        s.error = s.calibration.error;
        return false;
    }
    fit_cache(s.calibration, live_pts, g);
    // Stage 3: what the sweep cannot see (wait-queue registration, copy per byte, wakeup and
    // context switch), from micro-measurements; the sweep's cells (timeout 0, no sleeps) do
    // not charge these, so the order does not matter to stage 2.
    s.micro = live::run_micro_bench(g.micro);
    compare::apply_micro_fit(s.calibration, s.micro);
    if (s.micro.ok) {
        // The switch constants again, with "everything else" taken from the model itself
        // (its simulated ping-pong), twice (the scheduler's choices may shift with the costs).
        for (int pass = 0; pass < 2; ++pass) {
            const CostModel& c = s.calibration.costs;
            SimPingPong pp = run_sim_pingpong(c, g.micro_sim_rounds);
            if (!pp.ok) break;
            compare::SwitchShape shape;
            shape.threads_other_ns = pp.half_threads_ns - double(c.try_to_wake_up_ns + c.pick_next_task_ns + c.switch_to_ns);
            shape.processes_extra_ns = pp.half_processes_ns - pp.half_threads_ns - double(c.switch_mm_ns);
            compare::apply_micro_fit(s.calibration, s.micro, &shape);
        }
        s.sim_pingpong_default = run_sim_pingpong(CostModel {}, g.micro_sim_rounds);
        s.sim_pingpong = run_sim_pingpong(s.calibration.costs, g.micro_sim_rounds);
    }
    return true;
}

SweepComparison run_sweep_comparison(const SweepGrid& g, const CostModel* calibrated_costs) {
    SweepComparison s;
    s.tolerance = g.tolerance;
    // Every cell and every calibration-only point in one interleaved measurement (live_sweep.h,
    // rounds): repetition r of each before repetition r + 1 of any, so a slow phase of the shared
    // host reaches the cells and the points the model is fitted on alike.
    std::vector<live::LiveCellSpec> specs;
    for (const auto& m : g.mechanisms)
        for (int n : g.fds)
            for (int k : g.active) specs.push_back({m, n, k});
    const size_t n_cells = specs.size();
    if (!calibrated_costs)
        for (const auto& m : g.mechanisms) {
            if (m != "select" && m != "poll") continue;
            for (int n : g.calibration_fds) {
                bool in_grid = std::find(g.fds.begin(), g.fds.end(), n) != g.fds.end() &&
                               std::find(g.active.begin(), g.active.end(), 1) != g.active.end();
                if (!in_grid) specs.push_back({m, n, 1});
            }
        }
    std::vector<live::LiveSweepPoint> measured = live::run_live_sweep_rounds(specs, g.iterations, g.repetitions, g.seed);
    std::vector<live::LiveSweepPoint> live_pts(measured.begin(), measured.begin() + long(n_cells));
    s.calibration_points.assign(measured.begin() + long(n_cells), measured.end());
    std::vector<live::LiveSweepPoint> fit_pts = measured;
    CostModel calibrated;
    if (calibrated_costs) {
        s.null_syscall_ns = compare::measure_null_syscall_ns();
        s.clock_read_ns = compare::measure_clock_read_ns();
        calibrated = *calibrated_costs;
        s.calibration.ok = true;
        s.calibration.costs = calibrated;
    } else {
        if (!fit_cost_model(fit_pts, g, s)) return s;
        calibrated = s.calibration.costs;
    }
    const CostModel defaults;
    for (const auto& lp : live_pts) {
        SweepCell c;
        c.mechanism = lp.mechanism;
        c.fds = lp.fds;
        c.active = lp.active;
        c.supported = lp.supported && lp.reported_ok;
        c.live_writer_process = lp.writer == "writer-process";
        c.live_preempted_dropped = lp.preempted_dropped;
        c.live_preempted_kept = lp.preempted_kept;
        c.note = lp.supported ? (lp.reported_ok ? "" : "live: a call did not report every active fd") : "live: " + lp.note;
        if (c.supported) {
            SweepPoint d = run_sweep_point(lp.mechanism, lp.fds, lp.active, g.iterations, g.seed, defaults, writer_of(lp));
            SweepPoint k = run_sweep_point(lp.mechanism, lp.fds, lp.active, g.iterations, g.seed, calibrated, writer_of(lp));
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
    j["fit"] = "per-step constants where the sockets are cache-resident (poll and select K=1, N <= " +
               std::to_string(s.calibration.poll_max_fds) + "; epoll-et at the smallest N), then the working-set model's capacities and "
               "miss costs by least absolute relative error over every live point (sim/compare/calibrate.h); in-sample: the cells reported are "
               "among the points fitted";
    nlohmann::ordered_json cp = nlohmann::ordered_json::array();
    for (const auto& p : s.calibration_points)
        cp.push_back({{"mechanism", p.mechanism}, {"fds", p.fds}, {"active", p.active}, {"supported", p.supported && p.reported_ok},
                      {"live_ns", p.median_ns}});
    j["calibration_only_points"] = cp;
    j["poll_ns_per_fd"] = s.calibration.poll_slope_ns;
    j["epoll_et_ns_per_ready_fd"] = s.calibration.epoll_slope_ns;
    if (s.micro.ok || !s.micro.error.empty()) {
        const auto& m = s.micro;
        nlohmann::ordered_json mj;
        mj["ok"] = m.ok;
        if (!m.ok) mj["error"] = m.error;
        mj["pollwait"] = {{"fds", m.pollwait_fds}, {"poll_timeout_ns", m.poll_timeout_ns}, {"poll_zero_ns", m.poll_zero_ns},
                          {"ns_per_fd", m.pollwait_per_fd_ns}};
        nlohmann::ordered_json cp = nlohmann::ordered_json::array();
        for (auto [b, ns] : m.copy_points) cp.push_back({{"bytes", b}, {"send_recv_ns", ns}});
        mj["copy"] = {{"points", cp}, {"ps_per_byte", m.copy_ps_per_byte}};
        mj["pingpong"] = {{"cpu", m.cpu}, {"nonblocking_write_read_ns", m.pair_nonblock_ns}, {"round_trip_threads_ns", m.rt_threads_ns},
                          {"round_trip_processes_ns", m.rt_processes_ns}, {"half_trip_threads_ns", m.half_threads_ns},
                          {"half_trip_processes_ns", m.half_processes_ns}};
        if (s.sim_pingpong.ok)
            mj["pingpong_check"] = {{"what", "half trip (one wakeup + one context switch + the sleeper's wait-queue steps), live vs the "
                                              "simulated ping-pong on one CPU"},
                                    {"live_threads_ns", m.half_threads_ns}, {"live_processes_ns", m.half_processes_ns},
                                    {"sim_default_threads_ns", s.sim_pingpong_default.half_threads_ns},
                                    {"sim_default_processes_ns", s.sim_pingpong_default.half_processes_ns},
                                    {"sim_calibrated_threads_ns", s.sim_pingpong.half_threads_ns},
                                    {"sim_calibrated_processes_ns", s.sim_pingpong.half_processes_ns}};
        j["micro"] = mj;
    }
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
        x["writer"] = c.live_writer_process ? "writer-process" : "same-process";   // live's; the simulated cell mirrors it
        if (!c.supported) {
            x["note"] = c.note;
        } else {
            x["live_ns"] = c.live_ns;
            x["live_rep_median_spread"] = c.live_spread;
            x["live_preempted_calls_dropped"] = c.live_preempted_dropped;
            x["live_preempted_calls_kept"] = c.live_preempted_kept;
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

std::string fitted_text(const SweepComparison& s, const std::string& profile) {
    std::string out;
    char line[1000];
    std::snprintf(line, sizeof line, "\nfitted (null syscall %lld ns, clock read %lld ns)%s%s:\n", (long long)s.null_syscall_ns,
                  (long long)s.clock_read_ns, profile.empty() ? "" : " -> ", profile.c_str());
    out += line;
    if (!s.calibration_points.empty()) {
        out += "calibration-only live points (fitted, not reported as cells):";
        for (const auto& p : s.calibration_points) {
            std::snprintf(line, sizeof line, " %s N=%d K=%d %lld ns;", p.mechanism.c_str(), p.fds, p.active, (long long)p.median_ns);
            out += line;
        }
        out += "\n";
    }
    std::snprintf(line, sizeof line, "in-sample: the constants were fitted on this run's live points, the cells above among them; poll/select "
                  "line over K=1, N <= %d\n", s.calibration.poll_max_fds);
    out += line;
    for (auto& fc : s.calibration.fitted) {
        std::snprintf(line, sizeof line, "  %-22s %7lld %s (default %lld)%s  %s\n", fc.key.c_str(), (long long)fc.fitted_ns,
                      fc.key.ends_with("_ns") ? "ns" : fc.key.ends_with("_bytes") ? "B " : "  ", (long long)fc.default_ns,
                      fc.clamped ? " clamped" : "", fc.from.c_str());
        out += line;
    }
    if (s.sim_pingpong.ok) {
        std::snprintf(line, sizeof line, "ping-pong on one CPU, half trip (wakeup + switch): live threads %.0f ns, processes %.0f ns; sim default "
                      "%.0f / %.0f; calibrated %.0f / %.0f\n", s.micro.half_threads_ns, s.micro.half_processes_ns,
                      s.sim_pingpong_default.half_threads_ns, s.sim_pingpong_default.half_processes_ns, s.sim_pingpong.half_threads_ns,
                      s.sim_pingpong.half_processes_ns);
        out += line;
    } else if (!s.micro.error.empty()) {
        std::snprintf(line, sizeof line, "micro-measurements failed: %s (wait-queue, copy and switch constants left at their defaults)\n",
                      s.micro.error.c_str());
        out += line;
    }
    return out;
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
        std::snprintf(line, sizeof line, "%-9s %6d %6d %12lld %12lld %12lld %8.2f %8.2f %6.0f%%  %s%s\n", c.mechanism.c_str(), c.fds, c.active,
                      (long long)c.sim_default_ns, (long long)c.sim_calibrated_ns, (long long)c.live_ns, c.ratio_default,
                      c.ratio_calibrated, 100.0 * c.live_spread, c.within ? "ok" : "OUTSIDE", c.live_writer_process ? "  (w)" : "");
        out += line;
    }
    std::snprintf(line, sizeof line, "ns per call (medians); ratio = sim / live (d: default model, c: calibrated); spread = live noise;\n"
                                     "(w): live wrote from a second process (RLIMIT_NOFILE), the simulated cell from a second task too\n"
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
