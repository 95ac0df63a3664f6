// cmd_compare_scenario.cpp — `compare --scenario S --live`: the scenario's server design run in the
// simulator and for real on 127.0.0.1 with the same connections, active connections, requests and
// sizes; the cost model fitted to this machine (a short live sweep for the select/poll/epoll
// constants, then the scenario's own live trace for the socket-call constants, sim/compare); the
// simulation re-run with the fitted profile; per mechanism (sweep cells) and per system call,
// simulated vs live cost and ratio for the default and the calibrated model.
#include "commands.h"
#include "compare_sweep.h"
#include "sim/app/run.h"
#include "sim/compare/cost_profile.h"
#include "sim/compare/trace_compare.h"
#include "sim/compare/trace_fit.h"
#include "sim/core/sim_time.h"
#include "sim/live/live_run.h"
#include "sim/trace/jsonl.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>

namespace ioscope {

namespace {

// The live design that serves like a simulated server model; "" = none.
std::string live_mechanism_for(const ProcessSpec& p) {
    if (p.model == "blocking-echo-server") return "blocking";
    if (p.model == "thread-per-connection-server") return "threads";
    if (p.model == "select-server") return "select";
    if (p.model == "poll-server") return "poll";
    if (p.model == "epoll-server") {
        auto it = p.options.find("edge_triggered");
        return it != p.options.end() && it->second ? "epoll-et" : "epoll-lt";
    }
    return "";
}
constexpr const char* kMapped = "blocking-echo-server, thread-per-connection-server, select-server, poll-server, epoll-server";

// The wait call each mechanism's loop makes (canonical name), to point at in the text output.
const char* wait_call(const std::string& mech) {
    if (mech == "select") return "select";
    if (mech == "poll") return "poll";
    if (mech.rfind("epoll", 0) == 0) return "epoll_wait";
    return "";
}

int64_t nosleep_median(const compare::TraceStats& s, const std::string& name) {
    auto it = s.calls.find(name);
    return it == s.calls.end() ? -1 : compare::percentile_sorted(it->second.nosleep_ns, 50);
}

std::string fmt(int64_t ns) { return compare::format_ns(ns); }
std::string fmt_r(const std::optional<double>& r) {
    if (!r) return "-";
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", *r);
    return b;
}

// One table for both models: the cost of the call itself (calls that did not sleep) first, then
// the median over every call (which includes waiting for the peer: a workload property).
std::string per_call_table(const compare::TraceComparison& d, const compare::TraceComparison& c) {
    std::string out;
    char line[512];
    std::snprintf(line, sizeof line, "%-13s %7s %7s | %10s %10s %6s %10s %6s | %10s %10s %6s\n", "syscall", "sim n", "live n", "live med*",
                  "default", "ratio", "calib.", "ratio", "live med", "calib.", "ratio");
    out += line;
    for (const auto& rc : c.rows) {
        const compare::CallRow* rd = nullptr;
        for (const auto& r : d.rows) if (r.name == rc.name) rd = &r;
        std::snprintf(line, sizeof line, "%-13s %7llu %7llu | %10s %10s %6s %10s %6s | %10s %10s %6s\n", rc.name.c_str(),
                      (unsigned long long)rc.a.count, (unsigned long long)rc.b.count,
                      fmt(rc.b.nosleep_count ? rc.b.nosleep_median_ns : -1).c_str(),
                      fmt(rd && rd->a.nosleep_count ? rd->a.nosleep_median_ns : -1).c_str(), fmt_r(rd ? rd->nosleep_ratio : std::nullopt).c_str(),
                      fmt(rc.a.nosleep_count ? rc.a.nosleep_median_ns : -1).c_str(), fmt_r(rc.nosleep_ratio).c_str(),
                      fmt(rc.b.count ? rc.b.median_ns : -1).c_str(), fmt(rc.a.count ? rc.a.median_ns : -1).c_str(), fmt_r(rc.ratio).c_str());
        out += line;
    }
    out += "  med* = median ns per call over the calls that did not sleep (the call's own cost); ratio = sim / live\n"
           "  med  = median over every call (includes waiting for the peer, which depends on the workload)\n";
    return out;
}

} // namespace

int cmd_compare_scenario(const CompareArgs& args) {
    Scenario sc;
    if (!load_or_report(args.scenario, sc)) return 2;
    const ProcessSpec* server = nullptr;
    std::string mech;
    std::vector<std::string> unmapped;
    for (const auto& p : sc.processes) {
        std::string m = live_mechanism_for(p);
        if (!m.empty() && !server) { server = &p; mech = m; }
        else unmapped.push_back(p.name + " (" + p.model + ")");
    }
    if (!server) {
        std::string models;
        for (const auto& p : sc.processes) models += (models.empty() ? "" : ", ") + p.model;
        std::cerr << "compare --scenario " << args.scenario << ": no live counterpart for "
                  << (models.empty() ? std::string("this scenario (it has no server process)") : "server model " + models)
                  << "; live mode runs " << kMapped << "\n";
        return 2;
    }
    if (!sc.clients.present || sc.clients.requests == 0) {
        std::cerr << "compare --scenario " << args.scenario << ": the scenario has no [clients] sending requests, nothing to run live\n";
        return 2;
    }
    const ClientSpec& cl = sc.clients;
    const uint32_t active_clients = std::min(cl.active, cl.count);
    live::LiveOptions o;
    o.mechanism = mech;
    o.conns = int(cl.count);
    o.active = int(std::max<uint32_t>(1, active_clients));
    o.requests = args.live_requests ? args.live_requests : int64_t(active_clients) * cl.requests;
    o.req_bytes = int(cl.request_bytes);
    o.resp_bytes = int(cl.response_bytes);
    std::string err;
    if (!live::validate_live_options(o, &err)) {
        std::cerr << "compare --scenario " << args.scenario << ": the live run cannot mirror this scenario: " << err << "\n";
        return 2;
    }
    CostModel given;
    if (!args.costs.empty() && !compare::load_cost_profile(args.costs, given, &err)) {
        std::cerr << err << "\n";
        return 2;
    }
    // What the live run cannot mirror, said up front rather than hidden in the ratios.
    std::vector<std::string> diffs;
    if (cl.think.ns > 0)
        diffs.push_back("simulated clients think " + format_duration(cl.think) + " between requests; the live load is closed-loop without "
                        "think time, so calls that sleep wait for different times: compare the med* columns");
    if (cl.placement == Placement::Remote)
        diffs.push_back("simulated clients are on a remote host (NIC, IRQ, softirq); live ones on 127.0.0.1 in this process");
    if (auto it = server->options.find("handler"); it != server->options.end() && it->second > 0)
        diffs.push_back("the simulated server spends handler = " + format_duration(SimTime(it->second)) +
                        " of user time per request; the live server does none");
    if (active_clients < cl.count)
        diffs.push_back("the simulation spreads its " + std::to_string(active_clients) + " active clients over the connect order; live "
                        "activates the first " + std::to_string(o.active));
    if (args.live_requests) diffs.push_back("live requests set by --live-requests (" + std::to_string(o.requests) + ")");
    for (const auto& u : unmapped) diffs.push_back("not run live: " + u);

    // 1. Simulated with the scenario's own costs (the default model unless the file overrides).
    RunResult sim_d = run_scenario(sc, RunOptions {});
    compare::TraceStats st_d = compare::trace_stats(*sim_d.trace);
    // 2. The same design live.
    live::LiveResult lr = live::run_live(o);
    if (!lr.ok) {
        std::cerr << "compare --scenario: the live run failed: " << lr.error << "\n";
        return 1;
    }
    compare::TraceStats st_l = compare::trace_stats(lr.trace);
    // 3. Calibration: a short live sweep (per-mechanism cells, select/poll/epoll constants), then
    //    the socket-call constants from the scenario's live trace, relative to a run with the
    //    sweep-fitted model.
    SweepGrid g;
    g.mechanisms = {"select", "poll", "epoll-lt", "epoll-et"};
    g.fds = {10, 100, 1000};
    g.active = {1, 10};
    g.iterations = args.iterations;
    g.repetitions = args.repetitions;
    g.seed = args.seed;
    g.tolerance = args.tolerance;
    SweepComparison sw = run_sweep_comparison(g, args.costs.empty() ? nullptr : &given);
    if (!sw.ok) {
        std::cerr << "compare --scenario: cannot calibrate: " << sw.error << "\n";
        return 1;
    }
    Scenario sc_cal = sc;
    sc_cal.machine.costs = sw.calibration.costs;
    std::vector<compare::FittedConstant> trace_fitted;
    if (args.costs.empty()) {
        RunResult mid = run_scenario(sc_cal, RunOptions {});
        trace_fitted = compare::fit_from_traces(compare::trace_stats(*mid.trace), st_l, sc_cal.machine.costs);
        for (const auto& f : trace_fitted) sw.calibration.fitted.push_back(f);
    }
    // 4. Simulated again with the fitted profile.
    RunResult sim_c = run_scenario(sc_cal, RunOptions {});
    compare::TraceStats st_c = compare::trace_stats(*sim_c.trace);
    std::string profile = args.profile_out;
    if (profile.empty() && args.costs.empty()) profile = sc.id + ".costs.toml";
    if (args.costs.empty()) {
        std::ofstream f(profile);
        f << sw.calibration.toml();
        if (!f) { std::cerr << profile << ": error: cannot write the cost profile\n"; return 1; }
    }
    for (auto [path, tr] : {std::pair{args.sim_trace_out, sim_c.trace.get()}, std::pair{args.live_trace_out, &lr.trace}}) {
        if (path.empty()) continue;
        if (!write_jsonl_file(*tr, path, &err)) { std::cerr << path << ": error: " << err << "\n"; return 1; }
    }
    compare::TraceComparison cd = compare::compare_traces(st_d, st_l, "sim", "live");
    compare::TraceComparison cc = compare::compare_traces(st_c, st_l, "sim", "live");
    const auto& lm = lr.summary["metrics"];

    if (args.json) {
        nlohmann::ordered_json j;
        j["compare"] = "scenario";
        j["scenario"] = sim_d.trace->meta.scenario;
        j["sim_model"] = server->model;
        j["mechanism"] = mech;
        j["wait_call"] = wait_call(mech);
        j["live"] = {{"conns", o.conns}, {"active", o.active}, {"requests", o.requests}, {"request_bytes", o.req_bytes},
                     {"response_bytes", o.resp_bytes}, {"run_ns", lr.summary["run_ns"]}, {"requests_completed", lm["requests_completed"]},
                     {"finished", lr.finished}};
        j["differences"] = diffs;
        j["calibration"] = calibration_json(sw);
        j["calibration"]["profile"] = args.costs.empty() ? profile : args.costs;
        j["calibration"]["fitted_from_profile"] = !args.costs.empty();
        j["sweep"] = sweep_cells_json(sw);
        j["default"] = compare::to_json(cd);
        j["calibrated"] = compare::to_json(cc);
        std::printf("%s\n", j.dump(2).c_str());
        return 0;
    }
    std::printf("compare %s: simulated %s vs live %s (%d connections, %d active, %lld requests of %d/%d bytes; live %s)\n",
                sim_d.trace->meta.scenario.c_str(), server->model.c_str(), mech.c_str(), o.conns, o.active, (long long)o.requests,
                o.req_bytes, o.resp_bytes, format_duration(SimTime(lr.summary["run_ns"].get<int64_t>())).c_str());
    for (const auto& d : diffs) std::printf("  differs: %s\n", d.c_str());
    std::printf("\nper mechanism — one timed call on socket pairs (sweep), ns per call:\n%s", sweep_table(sw).c_str());
    std::printf("\nper system call — the scenario's server, simulated (default and calibrated model) vs live:\n%s",
                per_call_table(cd, cc).c_str());
    if (const char* w = wait_call(mech); *w) {
        int64_t l = nosleep_median(st_l, w), d = nosleep_median(st_d, w), c = nosleep_median(st_c, w);
        if (l > 0 && d >= 0 && c >= 0)
            std::printf("  %s (the design's wait call, did not sleep): live %s, default %s (%.2f), calibrated %s (%.2f)\n", w, fmt(l).c_str(),
                        fmt(d).c_str(), double(d) / double(l), fmt(c).c_str(), double(c) / double(l));
    }
    const auto& q = cc.requests;
    std::printf("requests: sim %llu (p50 %s, p99 %s, calibrated), live %llu (p50 %s, p99 %s); %llu aligned by request id, latency sim/live median %s\n",
                (unsigned long long)q.a.completed, fmt(q.a.p50_ns).c_str(), fmt(q.a.p99_ns).c_str(), (unsigned long long)q.b.completed,
                fmt(q.b.p50_ns).c_str(), fmt(q.b.p99_ns).c_str(), (unsigned long long)q.matched, fmt_r(q.median_ratio).c_str());
    if (args.costs.empty()) {
        std::printf("\nfitted constants (null syscall %lld ns, clock read %lld ns) -> %s:\n", (long long)sw.null_syscall_ns,
                    (long long)sw.clock_read_ns, profile.c_str());
        for (const auto& fc : sw.calibration.fitted)
            std::printf("  %-22s %7lld ns (default %lld)%s  %s\n", fc.key.c_str(), (long long)fc.fitted_ns, (long long)fc.default_ns,
                        fc.clamped ? " clamped" : "", fc.from.c_str());
    } else {
        std::printf("\ncalibrated model: the profile %s (no fit)\n", args.costs.c_str());
    }
    return 0;
}

} // namespace ioscope
