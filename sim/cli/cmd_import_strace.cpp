// cmd_import_strace.cpp — `import-strace FILE [--trace OUT] [--format jsonl|chrome]`: a real
// server's `strace -f -ttt -T [-yy]` log -> an ioscope trace the GUI opens (docs/STRACE.md).
// Exit codes: 0 imported; 2 bad input (FILE:LINE:COL messages) or bad options; 1 cannot write.
#include "commands.h"
#include "sim/core/sim_time.h"
#include "sim/strace/importer.h"
#include "sim/strace/summary.h"
#include "sim/trace/chrome_export.h"
#include "sim/trace/jsonl.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

namespace ioscope {

static void print_human(const nlohmann::json& j) {
    std::printf("%s\n", j["title"].get<std::string>().c_str());
    std::printf("  %llu lines, %llu records over %s; %llu split calls joined, %llu signals\n",
                (unsigned long long)j["lines"].get<uint64_t>(), (unsigned long long)j["records"].get<uint64_t>(),
                format_duration(SimTime(j["span_ns"].get<int64_t>())).c_str(),
                (unsigned long long)j["joined"].get<uint64_t>(), (unsigned long long)j["signals"].get<uint64_t>());
    for (auto& t : j["tasks"]) {
        std::printf("  task %u (pid %u) %-16s %6llu syscalls, waiting %s%s\n", t["tid"].get<unsigned>(),
                    t["pid"].get<unsigned>(), t["comm"].get<std::string>().c_str(),
                    (unsigned long long)t["syscalls"].get<uint64_t>(),
                    format_duration(SimTime(t["waiting_ns"].get<int64_t>())).c_str(),
                    t["exit_code"].is_null() ? "" : (", exit " + std::to_string(t["exit_code"].get<int64_t>())).c_str());
    }
    std::vector<std::pair<uint64_t, std::string>> top;
    for (auto& [n, c] : j["syscalls"].items()) top.emplace_back(c.get<uint64_t>(), n);
    std::sort(top.begin(), top.end(), [](auto& a, auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    std::printf("  syscalls:");
    for (size_t i = 0; i < top.size() && i < 12; ++i) std::printf(" %s=%llu", top[i].second.c_str(), (unsigned long long)top[i].first);
    if (top.size() > 12) std::printf(" (+%zu more)", top.size() - 12);
    std::printf("\n");
    for (auto& [n, m] : j["multiplexing"].items()) {
        uint64_t calls = m["calls"].get<uint64_t>(), ready = m["ready_total"].get<uint64_t>();
        std::printf("  %s: %llu calls, %llu ready fds (%.2f per call, max %llu), %llu timed out\n", n.c_str(),
                    (unsigned long long)calls, (unsigned long long)ready, calls ? double(ready) / double(calls) : 0.0,
                    (unsigned long long)m["max_ready"].get<uint64_t>(), (unsigned long long)m["timeouts"].get<uint64_t>());
    }
}

int cmd_import_strace(const ImportStraceArgs& args) {
    strace::ImportOptions opts;
    opts.default_pid = args.pid;
    opts.keep_going = args.keep_going;
    SimTime w;
    if (!parse_duration(args.min_wait, w) || w.ns < 0) {
        std::cerr << "--min-wait: '" << args.min_wait << "' is not a duration (e.g. 200us, 1ms)\n";
        return 2;
    }
    opts.min_wait_ns = w.ns;

    strace::ImportResult res = strace::import_strace_file(args.file, opts);
    for (const std::string& e : res.errors) std::cerr << e << "\n";
    for (const std::string& wmsg : res.warnings) std::cerr << wmsg << "\n";
    if (!res.trace) {
        std::cerr << args.file << ": nothing imported\n";
        return 2;
    }
    const Trace& tr = *res.trace;
    if (!args.trace_out.empty()) {
        std::string err;
        bool ok = args.format == "chrome" ? write_chrome_json_file(tr, args.trace_out, &err)
                                          : write_jsonl_file(tr, args.trace_out, &err);
        if (!ok) {
            std::cerr << args.trace_out << ": error: " << err << "\n";
            return 1;
        }
        if (!args.summary_json)
            std::fprintf(stderr, "trace (%s, %zu records) written to %s\n", args.format.c_str(), tr.size(), args.trace_out.c_str());
    }
    std::string summary = strace::summary_json(tr, res.stats);
    if (args.summary_json) std::printf("%s\n", summary.c_str());
    else print_human(nlohmann::json::parse(summary));
    return 0;
}

} // namespace ioscope
