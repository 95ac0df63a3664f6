// cmd_live.cpp — `live`: a real server design on 127.0.0.1 under a real load, recorded as a trace
// (sim/live/live_run.h, docs/LIVE.md). Ctrl-C (SIGINT) or SIGTERM ends the run cleanly: the load
// stops, every thread is joined, the trace recorded so far is written, exit 130.
#include "commands.h"
#include "sim/core/sim_time.h"
#include "sim/live/live_run.h"
#include "sim/trace/chrome_export.h"
#include "sim/trace/jsonl.h"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <sys/eventfd.h>
#include <unistd.h>

namespace ioscope {

namespace {
int g_stop_efd = -1;
extern "C" void on_stop_signal(int) {
    uint64_t one = 1;
    ssize_t r = ::write(g_stop_efd, &one, sizeof one);       // async-signal-safe
    (void)r;
}
} // namespace

int cmd_live(const LiveArgs& args) {
    live::LiveOptions o;
    o.mechanism = args.mechanism;
    o.conns = args.conns;
    o.active = args.active;
    o.requests = args.requests;
    o.req_bytes = args.request_bytes;
    o.resp_bytes = args.response_bytes;
    o.record = !args.no_record;
    if (!args.duration.empty()) {
        SimTime t;
        if (!parse_duration(args.duration, t) || t.ns <= 0) {
            std::cerr << "--duration: '" << args.duration << "' is not a positive duration (e.g. 2s, 500ms)\n";
            return 2;
        }
        o.duration_ns = t.ns;
    }
    std::string err;
    if (!live::validate_live_options(o, &err)) {
        std::cerr << "live: " << err << "\n";
        return 2;
    }
    g_stop_efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (g_stop_efd < 0) { std::perror("live: eventfd"); return 1; }
    o.stop_fd = g_stop_efd;
    struct sigaction sa {}, old_int {}, old_term {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    live::LiveResult r = live::run_live(o);
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    ::close(g_stop_efd);
    g_stop_efd = -1;
    if (!r.error.empty() && r.trace.size() == 0) {
        std::cerr << "live: " << r.error << "\n";
        return 1;
    }
    if (!args.trace_out.empty()) {
        bool ok = args.format == "chrome" ? write_chrome_json_file(r.trace, args.trace_out, &err)
                                          : write_jsonl_file(r.trace, args.trace_out, &err);
        if (!ok) { std::cerr << args.trace_out << ": error: " << err << "\n"; return 1; }
        if (!args.json) std::fprintf(stderr, "trace (%s, %zu records) written to %s\n", args.format.c_str(), r.trace.size(), args.trace_out.c_str());
    }
    if (args.json) {
        std::printf("%s\n", r.summary.dump(2).c_str());
    } else {
        auto& s = r.summary;
        auto& m = s["metrics"];
        std::printf("live %s: %d connections, %d active, %s in %s (%s)\n", o.mechanism.c_str(), o.conns, o.active,
                    (std::to_string(m["requests_completed"].get<uint64_t>()) + " requests").c_str(),
                    format_duration(SimTime(s["run_ns"].get<int64_t>())).c_str(),
                    r.finished ? "finished" : r.interrupted ? "interrupted" : r.timed_out ? "duration reached" : "stopped");
        std::printf("  latency p50 %s, p99 %s, max %s\n", format_duration(SimTime(m["latency_ns"]["p50"].get<int64_t>())).c_str(),
                    format_duration(SimTime(m["latency_ns"]["p99"].get<int64_t>())).c_str(),
                    format_duration(SimTime(m["latency_ns"]["max"].get<int64_t>())).c_str());
        std::printf("  context switches %llu voluntary, %llu involuntary; cpu user %s, kernel %s; %llu records\n",
                    (unsigned long long)m["context_switches_voluntary"].get<uint64_t>(),
                    (unsigned long long)m["context_switches_involuntary"].get<uint64_t>(),
                    format_duration(SimTime(m["cpu_time_ns"]["user"].get<int64_t>())).c_str(),
                    format_duration(SimTime(m["cpu_time_ns"]["kernel"].get<int64_t>())).c_str(),
                    (unsigned long long)s["records"].get<uint64_t>());
        std::printf("  syscalls:");
        for (auto& [name, n] : m["syscalls"].items()) std::printf(" %s=%llu", name.c_str(), (unsigned long long)n.get<uint64_t>());
        std::printf("\n");
        for (auto& e : s["errors"]) std::printf("  error: %s\n", e.get<std::string>().c_str());
    }
    if (!r.ok) { std::cerr << "live: " << r.error << "\n"; return 1; }
    return r.interrupted ? 130 : 0;
}

} // namespace ioscope
