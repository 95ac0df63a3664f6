// live_run.h — one live run (`ioscope-cli live`): a real server design on 127.0.0.1 and the load
// generator, in this process on threads, recorded into an ioscope Trace that the GUI opens like
// a simulated one (meta.source = "live").
//
// Contract:
//  * validate_live_options() checks everything before any descriptor is opened and explains
//    what is wrong (unknown mechanism, K > N, select beyond FD_SETSIZE, RLIMIT_NOFILE).
//  * run_live() always stops and joins every thread it started and closes every descriptor it
//    opened, whether the load finished, the deadline passed, stop_fd became readable (SIGINT in
//    the CLI) or something failed; the trace holds everything recorded until then.
//  * The summary JSON carries the keys of `run --summary-json` that make sense live
//    (docs/LIVE.md lists them).
#pragma once
#include "sim/trace/trace.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace ioscope::live {

struct LiveOptions {
    std::string mechanism { "epoll-lt" };
    int conns { 10 };
    int active { 1 };
    int64_t requests { 1000 };            // 0 = until the duration ends
    int64_t duration_ns { 0 };            // 0 = no time limit (requests must then be > 0)
    int req_bytes { 64 };
    int resp_bytes { 64 };
    bool record { true };
    size_t max_records_per_thread { 8u << 20 };
    int stop_fd { -1 };                   // readable => stop now (the CLI's SIGINT self-pipe)
};

struct LiveResult {
    bool ok { false };                    // false: could not run (error says why); nothing leaked
    std::string error;
    bool finished { false }, timed_out { false }, interrupted { false };
    Trace trace;
    nlohmann::ordered_json summary;
};

bool validate_live_options(const LiveOptions& o, std::string* error);
LiveResult run_live(const LiveOptions& o);

} // namespace ioscope::live
