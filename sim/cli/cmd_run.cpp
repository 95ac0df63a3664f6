// cmd_run.cpp — `run`: simulate a scenario, write the trace, print the summary.
#include "commands.h"
#include "sim/app/run.h"
#include "sim/trace/chrome_export.h"
#include "sim/trace/jsonl.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

namespace ioscope {

static void print_human_summary(const std::string& summary_json) {
    auto j = nlohmann::json::parse(summary_json);
    auto& m = j["metrics"];
    std::printf("scenario %s, seed %llu: %s simulated, %llu records, %s wall\n",
                j["scenario"].get<std::string>().c_str(), (unsigned long long)j["seed"].get<uint64_t>(),
                format_duration(SimTime(j["sim_time_ns"].get<int64_t>())).c_str(),
                (unsigned long long)j["records"].get<uint64_t>(),
                format_duration(SimTime(j["wall_ns"].get<int64_t>())).c_str());
    std::printf("  requests completed %llu, latency p50 %s, p99 %s, max %s\n",
                (unsigned long long)m["requests_completed"].get<uint64_t>(),
                format_duration(SimTime(m["latency_ns"]["p50"].get<int64_t>())).c_str(),
                format_duration(SimTime(m["latency_ns"]["p99"].get<int64_t>())).c_str(),
                format_duration(SimTime(m["latency_ns"]["max"].get<int64_t>())).c_str());
    std::printf("  context switches %llu, wakeups %llu (spurious %llu), wait-queue adds %llu\n",
                (unsigned long long)m["context_switches"].get<uint64_t>(), (unsigned long long)m["wakeups"].get<uint64_t>(),
                (unsigned long long)m["spurious_wakeups"].get<uint64_t>(), (unsigned long long)m["wait_queue_adds"].get<uint64_t>());
    std::printf("  syscalls:");
    for (auto& [name, n] : m["syscalls"].items()) std::printf(" %s=%llu", name.c_str(), (unsigned long long)n.get<uint64_t>());
    std::printf("\n");
    if (m.contains("accepts_by_task") && m["accepts_by_task"].size() > 1) {   // several acceptors: who took how many
        std::printf("  accepts by task:");
        for (auto& [who, n] : m["accepts_by_task"].items()) std::printf(" %s=%llu", who.c_str(), (unsigned long long)n.get<uint64_t>());
        std::printf("\n");
    }
    if (m.contains("ostep")) {                         // an [ostep] scenario: process-run -p's figures
        auto& o = m["ostep"];
        std::printf("  process-run: Total Time %lld ticks, CPU Busy %lld, IO Busy %lld\n",
                    (long long)o["total_ticks"].get<int64_t>(), (long long)o["cpu_busy_ticks"].get<int64_t>(),
                    (long long)o["io_busy_ticks"].get<int64_t>());
    }
    for (auto& c : m["cpu_busy_ns"]) {
        std::printf("  cpu%d: user %s, kernel %s, softirq %s, irq %s, idle %s\n", c["cpu"].get<int>(),
                    format_duration(SimTime(c["user"].get<int64_t>())).c_str(),
                    format_duration(SimTime(c["kernel"].get<int64_t>())).c_str(),
                    format_duration(SimTime(c["softirq"].get<int64_t>())).c_str(),
                    format_duration(SimTime(c["irq"].get<int64_t>())).c_str(),
                    format_duration(SimTime(c["idle"].get<int64_t>())).c_str());
    }
}

int cmd_run(const RunArgs& args) {
    if (args.format_given && args.trace_out.empty()) {
        std::cerr << "--format " << args.format << ": there is no trace to format; add --trace FILE\n";
        return 2;
    }
    if (args.seed && *args.seed < 0) {
        std::cerr << "--seed: " << *args.seed << " is negative; a seed is 0 .. 9223372036854775807 (as the scenario's `seed`)\n";
        return 2;
    }
    Scenario sc;
    if (!load_or_report(args.scenario, sc)) return 2;
    if (args.clients) {
        // The same bounds as the scenario's clients.count (scenarios/README.md).
        constexpr int64_t kMax = 100000;
        if (!sc.clients.present) {
            std::cerr << "--clients: scenario '" << sc.id << "' has no [clients] workload to resize\n";
            return 2;
        }
        if (*args.clients < 1 || *args.clients > kMax) {
            std::cerr << "--clients: " << *args.clients << " is out of range (1 .. " << kMax << ")\n";
            return 2;
        }
        if (sc.clients.active != UINT32_MAX && int64_t(sc.clients.active) > *args.clients) {
            std::cerr << "--clients: " << *args.clients << " is fewer than the scenario's clients.active ("
                      << sc.clients.active << ")\n";
            return 2;
        }
        sc.clients.count = uint32_t(*args.clients);
    }
    RunOptions opts;
    // Without --trace nothing reads the records, so none are stored: the kernel still counts and
    // times every step (the summary is the same), but a one-second C10K poll run no longer
    // allocates 1.2 GB of records it would throw away (tests: Cli.SummaryIsTheSameWithOrWithoutATrace).
    opts.record = !args.trace_out.empty();
    if (args.seed) opts.seed = uint64_t(*args.seed);
    if (args.until) {
        SimTime t;
        if (!parse_duration(*args.until, t) || t.ns <= 0) {
            std::cerr << "--until: '" << *args.until << "' is not a positive duration (e.g. 5ms, 250us)\n";
            return 2;
        }
        opts.until = t;
    }
    RunResult res = run_scenario(sc, opts);
    if (!args.trace_out.empty()) {
        std::string err;
        bool ok = args.format == "chrome" ? write_chrome_json_file(*res.trace, args.trace_out, &err)
                                          : write_jsonl_file(*res.trace, args.trace_out, &err);
        if (!ok) {
            std::cerr << args.trace_out << ": error: " << err << "\n";
            return 1;
        }
        if (!args.summary_json)
            std::fprintf(stderr, "trace (%s, %zu records) written to %s\n", args.format.c_str(), res.trace->size(), args.trace_out.c_str());
    }
    if (args.summary_json) std::printf("%s\n", res.summary_json.c_str());
    else print_human_summary(res.summary_json);
    if (res.crashed) {
        std::cerr << "a simulated program crashed (see TaskCrash in the trace)\n";
        return 3;
    }
    return 0;
}

} // namespace ioscope
