// cmd_sweep.cpp — `sweep`: per-call cost of select / poll / epoll-lt / epoll-et against the
// number of watched fds and of active ones, simulated (sim/programs/sweep_bench.h).
#include "commands.h"
#include "sim/programs/sweep_bench.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

namespace ioscope {

int cmd_sweep(const SweepArgs& args) {
    if (args.live) {
        std::cerr << "sweep --live: live measurement on real sockets is not implemented yet; run without --live for the simulated sweep\n";
        return 2;
    }
    for (const auto& m : args.mechanisms) {
        if (m != "select" && m != "poll" && m != "epoll-lt" && m != "epoll-et") {
            std::cerr << "--mechanisms: unknown mechanism '" << m << "' (select, poll, epoll-lt, epoll-et)\n";
            return 2;
        }
    }
    for (int n : args.fds) if (n < 1 || n > 100000) { std::cerr << "--fds: " << n << " is out of range 1..100000\n"; return 2; }
    for (int a : args.active) if (a < 0) { std::cerr << "--active: " << a << " must be >= 0\n"; return 2; }
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    if (!args.json) std::printf("%-9s %7s %7s %12s %12s %12s %10s %10s\n", "mechanism", "fds", "active", "median ns", "min ns", "max ns", "scanned", "wq adds");
    for (const auto& m : args.mechanisms) {
        for (int n : args.fds) {
            for (int a : args.active) {
                SweepPoint p = run_sweep_point(m, n, a, args.iterations, args.seed);
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
                                           {"bytes_copied", p.bytes_copied}};
                    j["iterations"] = p.iterations;
                    j["reported_active_every_call"] = p.reported_ok;
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
        out["seed"] = args.seed;
        out["results"] = rows;
        std::printf("%s\n", out.dump(2).c_str());
    }
    return 0;
}

} // namespace ioscope
