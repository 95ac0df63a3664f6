// cmd_compare.cpp — `compare`: the model held against reality (issue 6 item 4, docs/LIVE.md
// "Compare"). Three forms:
//   compare A.jsonl B.jsonl              per system call and per request, from two existing traces
//   compare --scenario S --live          the scenario simulated and run live, calibrated, compared
//                                        (cmd_compare_scenario.cpp)
//   compare --sweep                      sim(default), sim(calibrated), live per sweep cell, with
//                                        the ±tolerance verdict (compare_sweep.h)
// Bad input (missing or non-trace file, a scenario without a live counterpart, flags that do not
// fit the form) is a message on stderr and exit 2; an I/O failure afterwards is exit 1.
#include "commands.h"
#include "compare_sweep.h"
#include "sim/compare/cost_profile.h"
#include "sim/compare/trace_compare.h"
#include "sim/live/live_sweep.h"
#include "sim/trace/jsonl.h"

#include <cstdio>
#include <fstream>
#include <iostream>

namespace ioscope {

int cmd_compare_scenario(const CompareArgs& args);   // cmd_compare_scenario.cpp

namespace {

int compare_files(const CompareArgs& args) {
    std::optional<Trace> t[2];
    for (int i = 0; i < 2; ++i) {
        const std::string& path = args.traces[size_t(i)];
        if (!std::ifstream(path)) {
            std::cerr << "compare: " << path << ": cannot open (no such file?)\n";
            return 2;
        }
        std::vector<std::string> errors;
        t[i] = read_jsonl_file(path, errors);
        if (!t[i]) {
            std::cerr << "compare: " << path << ": not an ioscope JSONL trace (write one with `run --trace` or `live --trace`)\n";
            for (size_t e = 0; e < errors.size() && e < 3; ++e) std::cerr << "  " << errors[e] << "\n";
            return 2;
        }
    }
    compare::TraceStats a = compare::trace_stats(*t[0]), b = compare::trace_stats(*t[1]);
    if (a.calls.empty() && b.calls.empty()) {
        std::cerr << "compare: neither trace has a system call to compare\n";
        return 2;
    }
    // Label by source when the two differ ("sim" vs "live"), else by position.
    std::string la = a.source, lb = b.source;
    if (la.empty() || la == lb) { la = "a"; lb = "b"; }
    compare::TraceComparison c = compare::compare_traces(a, b, la, lb);
    if (args.json) {
        nlohmann::ordered_json j;
        j["compare"] = "traces";
        j["traces"] = {{la, {{"file", args.traces[0]}, {"scenario", a.scenario}, {"source", a.source}, {"unpaired_calls", a.unpaired}}},
                       {lb, {{"file", args.traces[1]}, {"scenario", b.scenario}, {"source", b.source}, {"unpaired_calls", b.unpaired}}}};
        j["comparison"] = compare::to_json(c);
        std::printf("%s\n", j.dump(2).c_str());
    } else {
        std::printf("%s: %s (%s)\n%s: %s (%s)\n\n", la.c_str(), args.traces[0].c_str(), a.scenario.c_str(), lb.c_str(),
                    args.traces[1].c_str(), b.scenario.c_str());
        std::printf("%s", compare::to_table(c).c_str());
    }
    return 0;
}

int compare_sweep(const CompareArgs& args) {
    SweepGrid g;
    g.mechanisms = args.mechanisms.empty() ? std::vector<std::string>{"select", "poll", "epoll-lt", "epoll-et"} : args.mechanisms;
    g.fds = args.fds.empty() ? std::vector<int>{100, 1000, 10000} : args.fds;
    g.active = args.active.empty() ? std::vector<int>{1, 100} : args.active;
    g.iterations = args.iterations;
    g.repetitions = args.repetitions;
    g.seed = args.seed;
    g.tolerance = args.tolerance;
    g.calibration_fds = {10, 25, 50};      // stage 1's cache-resident line (compare_sweep.h); fitted, not reported
    for (const auto& m : g.mechanisms)
        if (!live::is_live_mechanism(m)) {
            std::cerr << "--mechanisms: unknown mechanism '" << m << "' (select, poll, epoll-lt, epoll-et)\n";
            return 2;
        }
    for (int n : g.fds) if (n < 1 || n > 100000) { std::cerr << "--fds: " << n << " is out of range 1..100000\n"; return 2; }
    for (int k : g.active) if (k < 1) { std::cerr << "--active: " << k << " must be >= 1\n"; return 2; }
    CostModel given;
    if (!args.costs.empty()) {
        std::string err;
        if (!compare::load_cost_profile(args.costs, given, &err)) { std::cerr << err << "\n"; return 2; }
    }
    SweepComparison s = run_sweep_comparison(g, args.costs.empty() ? nullptr : &given);
    if (!s.ok) {
        std::cerr << "compare --sweep: cannot calibrate: " << s.error << " (include poll and epoll-et, two fds <= 1000, two active values)\n";
        return 2;
    }
    if (!args.profile_out.empty() && args.costs.empty()) {
        std::ofstream f(args.profile_out);
        f << s.calibration.toml();
        if (!f) { std::cerr << args.profile_out << ": error: cannot write the cost profile\n"; return 1; }
    }
    if (args.json) {
        nlohmann::ordered_json j;
        j["compare"] = "sweep";
        j["method"] = "live: libevent bench.c on AF_UNIX socket pairs (sweep --live); sim: the same loop in the model (sweep), "
                      "with the default costs and with the costs fitted to this live sweep";
        j["calibration"] = calibration_json(s);
        if (!args.costs.empty()) j["calibration"]["given_profile"] = args.costs;
        if (!args.profile_out.empty() && args.costs.empty()) j["calibration"]["profile"] = args.profile_out;
        const nlohmann::ordered_json cells = sweep_cells_json(s);
        for (auto it = cells.begin(); it != cells.end(); ++it) j[it.key()] = it.value();
        std::printf("%s\n", j.dump(2).c_str());
    } else {
        std::printf("%s", sweep_table(s).c_str());
        if (args.costs.empty()) std::printf("%s", fitted_text(s, args.profile_out).c_str());
    }
    return 0;
}

} // namespace

int cmd_compare(const CompareArgs& args) {
    const bool files = !args.traces.empty();
    const bool scenario = !args.scenario.empty();
    const int forms = int(files) + int(scenario) + int(args.sweep);
    if (forms != 1) {
        std::cerr << "compare: give exactly one of: two trace files (compare SIM.jsonl LIVE.jsonl), --scenario S --live, or --sweep\n";
        return 2;
    }
    if (files && args.traces.size() != 2) {
        std::cerr << "compare: expected two trace files, got " << args.traces.size() << "\n";
        return 2;
    }
    if (scenario && !args.live) {
        std::cerr << "compare --scenario: add --live (the live run of the same design is what the simulation is compared with)\n";
        return 2;
    }
    if (!scenario && (args.live || args.live_requests || !args.sim_trace_out.empty() || !args.live_trace_out.empty())) {
        std::cerr << "compare: --live, --live-requests, --sim-trace and --live-trace go with --scenario S\n";
        return 2;
    }
    if (files && (!args.profile_out.empty() || !args.costs.empty())) {
        std::cerr << "compare: --profile and --costs go with --scenario or --sweep (two traces are only compared, not calibrated)\n";
        return 2;
    }
    if (!args.costs.empty() && !args.profile_out.empty()) {
        std::cerr << "compare: --profile writes a fitted profile, but with --costs nothing is fitted (give one of them)\n";
        return 2;
    }
    if (!args.sweep && (!args.mechanisms.empty() || !args.fds.empty() || !args.active.empty())) {
        std::cerr << "compare: --mechanisms, --fds and --active go with --sweep\n";
        return 2;
    }
    if (files) return compare_files(args);
    if (scenario) return cmd_compare_scenario(args);
    return compare_sweep(args);
}

} // namespace ioscope
