// cmd_sweep.cpp — `sweep`: per-call cost of select / poll / epoll-lt / epoll-et against the
// number of watched fds and of active ones, simulated (sim/programs/sweep_bench.h) or measured on
// the real kernel with --live (sim/live/live_sweep.h). Both print the same keys per cell, so the
// two JSON outputs can be compared cell by cell; live adds the noise fields.
#include "commands.h"
#include "compare_sweep.h"
#include "sim/compare/calibrate.h"
#include "sim/compare/cost_profile.h"
#include "sim/live/live_sweep.h"
#include "sim/live/rlimit.h"
#include "sim/programs/sweep_bench.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sys/utsname.h>
#include <unistd.h>

namespace ioscope {

// The live sweep. Exit 0, or 3 when some cell could not run because RLIMIT_NOFILE could not be
// raised (the table is still printed; the cell carries the reason).
static int sweep_live(const SweepArgs& args) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    if (!args.json)
        std::printf("%-9s %7s %7s %12s %12s %12s %9s %8s\n", "mechanism", "fds", "active", "median ns", "min ns", "max ns", "spread", "ready");
    bool limit_failed = false;
    std::vector<live::LiveSweepPoint> points;
    // Measured in rounds, every cell's repetition r before any cell's r + 1 (live_sweep.h).
    std::vector<live::LiveCellSpec> specs;
    for (const auto& m : args.mechanisms)
        for (int n : args.fds)
            for (int a : args.active) specs.push_back({m, n, a});
    const std::vector<live::LiveSweepPoint> measured = live::run_live_sweep_rounds(specs, args.iterations, args.repetitions, args.seed);
    size_t next = 0;
    for (const auto& m : args.mechanisms) {
        for (int n : args.fds) {
            for (int a : args.active) {
                const live::LiveSweepPoint& p = measured[next++];
                points.push_back(p);
                nlohmann::ordered_json j;
                j["mechanism"] = p.mechanism;
                j["fds"] = p.fds;
                j["active"] = p.active;
                j["supported"] = p.supported;
                if (!p.supported) {
                    j["note"] = p.note;
                    if (p.limit_error) {
                        limit_failed = true;
                        std::cerr << "sweep --live: " << m << " fds=" << n << ": " << p.note << "\n";
                    }
                    if (!args.json) std::printf("%-9s %7d %7d   n/a: %s\n", m.c_str(), n, a, p.note.c_str());
                } else {
                    j["ns_per_call"] = {{"min", p.min_ns}, {"median", p.median_ns}, {"max", p.max_ns}};
                    j["iterations"] = p.iterations;
                    j["reported_active_every_call"] = p.reported_ok;
                    // Noise: the per-repetition medians and their spread relative to the median.
                    int64_t lo = *std::min_element(p.rep_medians.begin(), p.rep_medians.end());
                    int64_t hi = *std::max_element(p.rep_medians.begin(), p.rep_medians.end());
                    double spread = p.median_ns > 0 ? double(hi - lo) / double(p.median_ns) : 0.0;
                    j["noise"] = {{"repetitions", p.repetitions}, {"rep_medians_ns", p.rep_medians},
                                  {"rep_median_spread", spread}};
                    j["ready_per_call"] = p.ready_per_call;
                    j["preempted_calls_dropped"] = p.preempted_dropped;   // live_sweep.h: involuntarily switched out
                    j["preempted_calls_kept"] = p.preempted_kept;
                    j["writer"] = p.writer;
                    j["max_fd"] = p.max_fd;
                    if (!p.fd_set.empty()) j["fd_set"] = p.fd_set;
                    j["cpu"] = p.cpu;
                    if (p.writer_cpu >= 0) j["writer_cpu"] = p.writer_cpu;
                    if (!args.json)
                        std::printf("%-9s %7d %7d %12lld %12lld %12lld %8.0f%% %8.1f\n", m.c_str(), n, a, (long long)p.median_ns,
                                    (long long)p.min_ns, (long long)p.max_ns, 100.0 * spread, p.ready_per_call);
                }
                rows.push_back(j);
            }
        }
    }
    // --calibrate: the same fit as `compare --sweep` (compare_sweep.h, fit_cost_model): the
    // per-step constants from these medians, the working-set model's cache parameters, and the
    // micro-measurements (wait-queue registration, copy per byte, wakeup/switch).
    nlohmann::ordered_json calib;
    if (!args.calibrate_out.empty()) {
        SweepGrid g;
        g.mechanisms = args.mechanisms;
        g.fds = args.fds;
        g.active = args.active;
        g.iterations = args.iterations;
        g.repetitions = args.repetitions;
        g.seed = args.seed;
        SweepComparison fit;
        if (!fit_cost_model(points, g, fit)) {
            std::cerr << "sweep --live --calibrate: " << fit.error << "\n";
            return 2;
        }
        const compare::Calibration& c = fit.calibration;
        std::ofstream f(args.calibrate_out);
        f << c.toml();
        if (!f) {
            std::cerr << args.calibrate_out << ": error: cannot write the cost profile\n";
            return 1;
        }
        calib = calibration_json(fit);
        calib["profile"] = args.calibrate_out;
        if (!args.json) std::printf("%s", fitted_text(fit, args.calibrate_out).c_str());
    }
    if (args.json) {
        utsname u {};
        uname(&u);
        live::NofileLimit lim = live::nofile_limit();
        nlohmann::ordered_json out;
        out["sweep"] = "live";
        out["method"] = "libevent bench.c: N AF_UNIX socket pairs, K random active per iteration, one timed call with timeout 0 "
                        "(CLOCK_MONOTONIC around the call only), thread pinned to one CPU";
        out["seed"] = args.seed;
        out["machine"] = {{"kernel", std::string(u.sysname) + " " + u.release}, {"cpus_online", sysconf(_SC_NPROCESSORS_ONLN)},
                          {"rlimit_nofile", {{"soft", lim.soft}, {"hard", lim.hard}}}};
        out["results"] = rows;
        if (!calib.is_null()) out["calibration"] = calib;
        std::printf("%s\n", out.dump(2).c_str());
    }
    if (limit_failed) {
        std::cerr << "sweep --live: some points could not run: RLIMIT_NOFILE could not be raised far enough (see above)\n";
        return 3;
    }
    return 0;
}

int cmd_sweep(const SweepArgs& args) {
    for (const auto& m : args.mechanisms) {
        if (m != "select" && m != "poll" && m != "epoll-lt" && m != "epoll-et") {
            std::cerr << "--mechanisms: unknown mechanism '" << m << "' (select, poll, epoll-lt, epoll-et)\n";
            return 2;
        }
    }
    for (int n : args.fds) if (n < 1 || n > 100000) { std::cerr << "--fds: " << n << " is out of range 1..100000\n"; return 2; }
    for (int a : args.active) if (a < 0) { std::cerr << "--active: " << a << " must be >= 0\n"; return 2; }
    if (args.live && !args.costs.empty()) {
        std::cerr << "sweep: --costs is for the simulated sweep (the live sweep measures; use --calibrate to fit a profile)\n";
        return 2;
    }
    if (args.live && args.writer != "self") {
        std::cerr << "sweep: --writer is for the simulated sweep (the live sweep picks its writer from RLIMIT_NOFILE; see 'writer' in its JSON)\n";
        return 2;
    }
    if (args.live) return sweep_live(args);
    SweepWriter writer = SweepWriter::Self;
    if (!parse_sweep_writer(args.writer, &writer)) {
        std::cerr << "--writer: unknown writer '" << args.writer << "' (self, other-task, other-cpu)\n";
        return 2;
    }
    // --costs: a fitted profile (sweep --live --calibrate, compare --profile), so the simulated
    // cells can be set against a live sweep's cell by cell.
    CostModel costs;
    if (!args.costs.empty()) {
        std::string err;
        if (!compare::load_cost_profile(args.costs, costs, &err)) {
            std::cerr << err << "\n";
            return 2;
        }
    }
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    if (!args.json) std::printf("%-9s %7s %7s %12s %12s %12s %10s %10s\n", "mechanism", "fds", "active", "median ns", "min ns", "max ns", "scanned", "wq adds");
    for (const auto& m : args.mechanisms) {
        for (int n : args.fds) {
            for (int a : args.active) {
                SweepPoint p = run_sweep_point(m, n, a, args.iterations, args.seed, costs, writer);
                nlohmann::ordered_json j;
                j["mechanism"] = p.mechanism;
                j["fds"] = p.fds;
                j["active"] = p.active;
                j["supported"] = p.supported;
                if (!p.supported) {
                    j["note"] = p.note;
                    if (!args.json) std::printf("%-9s %7d %7d   n/a: %s\n", m.c_str(), n, a, p.note.c_str());
                } else {
                    j["ns_per_call"] = {{"min", p.min_ns}, {"median", p.median_ns}, {"max", p.max_ns}};
                    j["steps_per_call"] = {{"fds_scanned", p.fds_scanned}, {"wait_queue_adds", p.wait_queue_adds},
                                           {"wait_queue_removes", p.wait_queue_removes}, {"bytes_copied", p.bytes_copied}};
                    j["iterations"] = p.iterations;
                    j["reported_active_every_call"] = p.reported_ok;
                    j["writer"] = sweep_writer_name(p.writer);
                    if (m == "select") j["fd_set"] = kSelectFdSet;
                    j["cpus"] = p.cpus;
                    if (!args.json)
                        std::printf("%-9s %7d %7d %12lld %12lld %12lld %10.0f %10.0f\n", m.c_str(), n, a, (long long)p.median_ns,
                                    (long long)p.min_ns, (long long)p.max_ns, p.fds_scanned, p.wait_queue_adds);
                }
                rows.push_back(j);
            }
        }
    }
    if (args.json) {
        nlohmann::ordered_json out;
        out["sweep"] = "sim";
        out["method"] = "libevent bench.c: N socket pairs, K random active per iteration, one timed call with timeout 0";
        out["note"] = "timeout 0 registers no wait-queue entry (select/poll set _qproc = NULL; epoll_wait never sleeps): "
                      "wait_queue_adds and wait_queue_removes are 0, as in the kernel";
        out["seed"] = args.seed;
        out["costs"] = args.costs.empty() ? "default" : args.costs;
        out["writer"] = sweep_writer_name(writer);
        out["results"] = rows;
        std::printf("%s\n", out.dump(2).c_str());
    }
    return 0;
}

} // namespace ioscope
