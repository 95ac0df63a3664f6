#include "calibrate.h"

#include "sim/live/clock.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <sys/syscall.h>
#include <unistd.h>

namespace ioscope::compare {

namespace {

struct Line { double slope { 0 }, intercept { 0 }; bool ok { false }; };

// Least squares; relative: each point weighted 1/y^2 (minimises the squared relative error).
Line fit(const std::vector<std::pair<double, double>>& xy, bool relative = false) {
    Line l;
    if (xy.size() < 2) return l;
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (auto [x, y] : xy) {
        double w = relative && y > 0 ? 1.0 / (y * y) : 1.0;
        n += w; sx += w * x; sy += w * y; sxx += w * x * x; sxy += w * x * y;
    }
    double d = n * sxx - sx * sx;
    if (!(std::abs(d) > 1e-12 * n * sxx)) return l;        // all x equal (scale-free test: weights may be tiny)
    l.slope = (n * sxy - sx * sy) / d;
    l.intercept = (sy - l.slope * sx) / n;
    l.ok = true;
    return l;
}

int64_t field(const CostModel& m, std::string_view key) {
    for (const auto& f : CostModel::fields()) if (f.key == key) return m.*(f.member);
    return 0;
}

void set(Calibration& c, std::string_view key, double value, const std::string& from) {
    const CostModel defaults;
    for (const auto& f : CostModel::fields()) {
        if (f.key != key) continue;
        FittedConstant fc;
        fc.key = std::string(key);
        fc.default_ns = defaults.*(f.member);
        fc.clamped = value < 0;
        fc.fitted_ns = int64_t(std::llround(std::max(0.0, value)));
        fc.from = from;
        c.costs.*(f.member) = fc.fitted_ns;
        c.fitted.push_back(fc);
    }
}

template <class Pred>
std::vector<std::pair<double, double>> collect(const std::vector<live::LiveSweepPoint>& pts, Pred p, bool by_fds) {
    std::vector<std::pair<double, double>> xy;
    for (const auto& q : pts)
        if (q.supported && q.reported_ok && p(q)) xy.emplace_back(double(by_fds ? q.fds : q.active), double(q.median_ns));
    return xy;
}

// The same fit with the intercept held at `floor` (slope only): used when the free fit puts the
// intercept below what the call must at least cost (clock read + null system call), which would
// otherwise clamp a fixed constant at 0 while keeping a slope fitted against a negative intercept.
Line fit_with_floor(const std::vector<std::pair<double, double>>& xy, bool relative, double floor) {
    Line l = fit(xy, relative);
    if (!l.ok || l.intercept >= floor) return l;
    double sxy = 0, sxx = 0;
    for (auto [x, y] : xy) {
        double w = relative && y > 0 ? 1.0 / (y * y) : 1.0;
        sxy += w * x * (y - floor);
        sxx += w * x * x;
    }
    if (sxx <= 0) return l;
    l.slope = sxy / sxx;
    l.intercept = floor;
    return l;
}

} // namespace

Calibration calibrate(const std::vector<live::LiveSweepPoint>& pts, int64_t null_syscall_ns, int64_t clock_ns, const FitOptions& opts) {
    Calibration c;
    const bool rel = opts.relative_all_n;
    // poll and select: K = 1, N within the cache-resident regime (COSTS.md §2: N <~ 1000), or every
    // N with relative weights.
    const double floor = double(clock_ns + null_syscall_ns);
    // The cache-resident regime (kResidentFds, calibrate.h) when it holds two N; otherwise N <= 1000.
    int resident_ns = 0;
    {
        std::vector<int> seen;
        for (const auto& q : pts)
            if (q.mechanism == "poll" && q.active == 1 && q.supported && q.reported_ok && q.fds <= kResidentFds &&
                std::find(seen.begin(), seen.end(), q.fds) == seen.end())
                seen.push_back(q.fds);
        resident_ns = int(seen.size());
    }
    const int max_n = rel ? INT_MAX : resident_ns >= 2 ? kResidentFds : 1000;
    c.poll_max_fds = rel ? 0 : max_n;
    Line poll = fit_with_floor(collect(pts, [&](auto& q) { return q.mechanism == "poll" && q.active == 1 && q.fds <= max_n; }, true),
                               rel, floor);
    // epoll-et: the N (<= 1000) measured with the most K values (ties: the smaller N).
    int n_ep = -1, best = 1;
    for (const auto& q : pts) {
        if (q.mechanism != "epoll-et" || !q.supported || q.fds > 1000) continue;
        int ks = 0;
        for (const auto& r : pts) ks += r.mechanism == "epoll-et" && r.fds == q.fds && r.supported;
        if (ks > best || (ks == best && n_ep > 0 && q.fds < n_ep)) { best = ks; n_ep = q.fds; }
    }
    Line ep = fit_with_floor(collect(pts, [&](auto& q) { return q.mechanism == "epoll-et" && (rel || q.fds == n_ep); }, false), rel, floor);
    if (!poll.ok || n_ep < 0 || !ep.ok) {
        c.error = "calibration needs poll at K=1 for at least two N <= 1000 and epoll-et at one N for at least two K";
        return c;
    }
    c.poll_slope_ns = poll.slope;
    c.poll_intercept_ns = poll.intercept;
    c.epoll_slope_ns = ep.slope;
    c.epoll_intercept_ns = ep.intercept;
    const CostModel d;
    set(c, "syscall_entry_ns", double(null_syscall_ns) / 2, "null syscall (getppid) / 2");
    set(c, "syscall_exit_ns", double(null_syscall_ns) - double(null_syscall_ns / 2), "null syscall (getppid) / 2");
    const std::string how = rel ? " (every N, relative least squares)" : " (K=1, N <= " + std::to_string(max_n) + ")";
    set(c, "vfs_poll_ns", poll.slope - double(field(d, "poll_loop_per_fd_ns")), "poll slope per fd - poll_loop_per_fd_ns" + how);
    set(c, "poll_setup_ns", poll.intercept - floor,
        std::string("poll intercept - clock read - null syscall") + (poll.intercept <= floor ? " (intercept held at that floor)" : ""));
    // select's extra fixed cost: the mean of select - poll over the N both were measured at (the
    // per-fd work is the same do_select / do_poll walk), not an intercept difference of two fits
    // over different N ranges.
    double diff = 0;
    int common = 0;
    for (const auto& sq : pts) {
        // The same regime as poll's line: with a hand-sized bitmap select now runs at N = 10,000,
        // where both calls are dominated by cache misses and noise (one such difference would
        // outweigh every cache-resident one).
        if (sq.mechanism != "select" || sq.active != 1 || !sq.supported || sq.fds > max_n) continue;
        for (const auto& pq : pts)
            if (pq.mechanism == "poll" && pq.active == 1 && pq.supported && pq.fds == sq.fds) {
                diff += double(sq.median_ns - pq.median_ns);
                ++common;
            }
    }
    if (common > 0)
        set(c, "select_bitmaps_ns", diff / common,
            rel ? "mean select - poll at the same N (K=1)" : "mean select - poll at the same N <= " + std::to_string(max_n) + " (K=1)");
    set(c, "ep_item_poll_ns", ep.slope - double(field(d, "put_user_ns")),
        "epoll-et slope per ready fd (" + (rel ? std::string("every N, relative least squares") : "N=" + std::to_string(n_ep)) + ") - put_user_ns");
    set(c, "epoll_wait_fixed_ns", ep.intercept - floor,
        std::string("epoll-et intercept - clock read - null syscall") + (ep.intercept <= floor ? " (intercept held at that floor)" : ""));
    c.ok = true;
    return c;
}

CacheFit fit_cache_latencies(const std::vector<CacheFitPoint>& pts, double tolerance) {
    CacheFit f;
    if (pts.empty()) return f;
    // Weighted least squares on relative error: residual (base + a x + b y - live) / live, each
    // point's squared residual weighted by w[i] (1 for plain least squares).
    auto solve = [&](bool use_a, bool use_b, const std::vector<double>& wt, double& x, double& y) {
        double saa = 0, sab = 0, sbb = 0, sar = 0, sbr = 0;
        for (size_t i = 0; i < pts.size(); ++i) {
            const auto& p = pts[i];
            if (p.live_ns <= 0) continue;
            double w = wt[i] / (p.live_ns * p.live_ns), r = p.live_ns - p.base_ns;
            saa += w * p.per_l2_miss_ns * p.per_l2_miss_ns;
            sab += w * p.per_l2_miss_ns * p.per_llc_miss_ns;
            sbb += w * p.per_llc_miss_ns * p.per_llc_miss_ns;
            sar += w * p.per_l2_miss_ns * r;
            sbr += w * p.per_llc_miss_ns * r;
        }
        x = y = 0;
        if (use_a && use_b) {
            double d = saa * sbb - sab * sab;
            if (!(std::abs(d) > 1e-12 * (saa * sbb + 1e-30))) return false;
            x = (sar * sbb - sbr * sab) / d;
            y = (saa * sbr - sab * sar) / d;
        } else if (use_a) {
            if (saa <= 0) return false;
            x = sar / saa;
        } else if (use_b) {
            if (sbb <= 0) return false;
            y = sbr / sbb;
        }
        return true;
    };
    auto rel_err = [&](const CacheFitPoint& p, double x, double y) {
        return (p.base_ns + p.per_l2_miss_ns * x + p.per_llc_miss_ns * y) / p.live_ns - 1.0;
    };
    auto score = [&](double x, double y, CacheFit& out) {
        out.ok = true;
        out.l2_miss_ns = x;
        out.llc_miss_ns = y;
        out.within = 0;
        out.sse = 0;
        out.sae = 0;
        for (const auto& p : pts) {
            if (p.live_ns <= 0) continue;
            double e = rel_err(p, x, y);
            out.sse += e * e;
            out.sae += std::abs(e);
            out.within += std::abs(e) <= tolerance;
        }
    };
    // Least absolute relative error, by iteratively reweighted least squares (weights 1 / |e|,
    // floored at 1 %) from the plain least-squares solution: one noisy live cell (a repetition
    // that was preempted, or ran while a neighbour flushed the shared L3) pulls a squared-error
    // fit by the square of its error, and with it every other cell; here it counts once.
    // Both costs free; if one comes out negative, the best with it held at 0; then the better of those.
    const std::pair<bool, bool> tries[] = {{true, true}, {true, false}, {false, true}, {false, false}};
    for (auto [ua, ub] : tries) {
        std::vector<double> wt(pts.size(), 1.0);
        double x = 0, y = 0;
        if (!solve(ua, ub, wt, x, y) || x < 0 || y < 0) continue;
        for (int it = 0; it < 50; ++it) {
            for (size_t i = 0; i < pts.size(); ++i)
                wt[i] = pts[i].live_ns > 0 ? 1.0 / std::max(0.01, std::abs(rel_err(pts[i], x, y))) : 0.0;
            double nx = 0, ny = 0;
            if (!solve(ua, ub, wt, nx, ny) || nx < 0 || ny < 0) break;
            const bool done = std::abs(nx - x) <= 1e-3 * (1 + x) && std::abs(ny - y) <= 1e-3 * (1 + y);
            x = nx;
            y = ny;
            if (done) break;
        }
        CacheFit c;
        score(x, y, c);
        if (!f.ok || c.sae < f.sae) f = c;
    }
    return f;
}

void apply_cache_fit(Calibration& c, int64_t l2_bytes, int64_t llc_bytes, const CacheFit& fit, const std::string& from) {
    std::erase_if(c.fitted, [](const FittedConstant& x) {
        return x.key == "cache_l2_bytes" || x.key == "cache_llc_bytes" || x.key == "cache_l2_miss_ns" || x.key == "cache_llc_miss_ns";
    });
    set(c, "cache_l2_bytes", double(l2_bytes), "capacity that fits the sweep's N dependence best (candidates " + from + ")");
    set(c, "cache_llc_bytes", double(llc_bytes), "capacity that fits the sweep's N dependence best (candidates " + from + ")");
    set(c, "cache_l2_miss_ns", fit.l2_miss_ns, "least absolute relative error over every live point, simulated missed lines per call as regressors");
    set(c, "cache_llc_miss_ns", fit.llc_miss_ns, "least absolute relative error over every live point, simulated missed lines per call as regressors");
}

void apply_micro_fit(Calibration& c, const live::MicroResult& m, const SwitchShape* shape) {
    if (!m.ok) return;
    // Called again with a shape (compare_sweep.cpp): each key is listed once, the latest fit.
    std::erase_if(c.fitted, [](const FittedConstant& x) {
        return x.key == "pollwait_ns" || x.key == "wq_add_ns" || x.key == "wq_remove_ns" || x.key == "copy_ps_per_byte";
    });
    auto finite = [](double x) { return std::isfinite(x); };
    const CostModel d;
    char how[400];
    // Registration + removal: one factor over the defaults' split.
    if (finite(m.pollwait_per_fd_ns) && m.pollwait_fds > 0) {
        const double f = m.pollwait_per_fd_ns / double(d.pollwait_ns + d.wq_remove_ns);
        std::snprintf(how, sizeof how, "poll(), %d fds, last one ready: (timeout 1 s %lld ns - timeout 0 %lld ns) / N = %.1f ns per fd "
                      "= pollwait + wq_remove, split as the defaults", m.pollwait_fds, (long long)m.poll_timeout_ns,
                      (long long)m.poll_zero_ns, m.pollwait_per_fd_ns);
        set(c, "pollwait_ns", double(d.pollwait_ns) * f, how);
        set(c, "wq_add_ns", double(d.wq_add_ns) * f, how);
        set(c, "wq_remove_ns", double(d.wq_remove_ns) * f, how);
    }
    if (finite(m.copy_ps_per_byte)) {
        std::snprintf(how, sizeof how, "AF_UNIX send+recv, %zu sizes %d..%d B: least-squares slope / 2 copies", m.copy_points.size(),
                      m.copy_points.empty() ? 0 : m.copy_points.front().first, m.copy_points.empty() ? 0 : m.copy_points.back().first);
        set(c, "copy_ps_per_byte", m.copy_ps_per_byte, how);
    }
    if (finite(m.half_threads_ns) && finite(m.half_processes_ns)) {
        std::erase_if(c.fitted, [](const FittedConstant& x) {
            return x.key == "try_to_wake_up_ns" || x.key == "pick_next_task_ns" || x.key == "switch_to_ns" || x.key == "switch_mm_ns";
        });
        const double other = shape ? shape->threads_other_ns
                                   : double(c.costs.wq_walk_base_ns + c.costs.wq_walk_per_entry_ns + c.costs.wq_add_ns + c.costs.wq_remove_ns);
        const double rest = m.half_threads_ns - other;
        const double f = rest / double(d.try_to_wake_up_ns + d.pick_next_task_ns + d.switch_to_ns);
        std::snprintf(how, sizeof how, "pipe ping-pong, 2 threads on CPU %d: (round trip %.0f - 2 x %.0f non-blocking write+read) / 2 = %.0f ns, "
                      "less the model's other charges per half trip (%s: %.0f ns), split 300:200:300", m.cpu, m.rt_threads_ns,
                      m.pair_nonblock_ns, m.half_threads_ns, shape ? "simulated ping-pong" : "wait-queue steps", other);
        set(c, "try_to_wake_up_ns", double(d.try_to_wake_up_ns) * f, how);
        set(c, "pick_next_task_ns", double(d.pick_next_task_ns) * f, how);
        set(c, "switch_to_ns", double(d.switch_to_ns) * f, how);
        const double extra = shape ? shape->processes_extra_ns : 0.0;
        std::snprintf(how, sizeof how, "pipe ping-pong on one CPU: half trip of 2 processes %.0f ns - of 2 threads %.0f ns%s",
                      m.half_processes_ns, m.half_threads_ns, shape ? " - the model's other difference" : "");
        set(c, "switch_mm_ns", m.half_processes_ns - m.half_threads_ns - extra, how);
    }
}

std::string Calibration::toml() const {
    std::ostringstream o;
    o << "# cost profile fitted to a live sweep (ioscope sim/compare/calibrate.h)\n[machine.costs]\n";
    for (const auto& f : fitted) o << f.key << " = " << f.fitted_ns << "    # default " << f.default_ns << "; " << f.from << "\n";
    return o.str();
}

int64_t measure_null_syscall_ns() {
    // Timed one call at a time, like the sweep's calls (back-to-back loops of system calls run at
    // a different rate on VMs), then the clock read inside each sample is taken off.
    std::vector<int64_t> v(20001);
    for (auto& x : v) {
        int64_t t0 = live::mono_ns();
        syscall(SYS_getppid);
        x = live::mono_ns() - t0;
    }
    std::nth_element(v.begin(), v.begin() + long(v.size() / 2), v.end());
    return std::max<int64_t>(1, v[v.size() / 2] - measure_clock_read_ns());
}

int64_t measure_clock_read_ns() {
    std::vector<int64_t> v;
    for (int b = 0; b < 21; ++b) {
        int64_t t0 = live::mono_ns();
        int64_t sink = 0;
        for (int i = 0; i < 2000; ++i) sink += live::mono_ns();
        v.push_back((live::mono_ns() - t0) / 2000 + (sink == 42 ? 1 : 0));
    }
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace ioscope::compare
