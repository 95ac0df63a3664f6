// loadgen.h — the load generator of a live run: N TCP connections to 127.0.0.1:port, at most
// K of them with a request outstanding at any time (closed loop: the next request on a
// connection goes out when its response is complete).
//
// Contract:
//  * Requests are split over the first min(N, R) connections (R/N each, the remainder to the
//    first ones); connections are activated in connect order and closed when their share is
//    done, so the connection a one-at-a-time (blocking) server is serving is always an active
//    one. The rest stay open and idle until the end (C10K style), then close.
//  * requests = 0 means "until the deadline": the first K connections loop forever.
//  * Ends when every request is answered, at deadline_abs (CLOCK_MONOTONIC ns, 0 = none), or
//    when stop_fd (if >= 0) becomes readable. Every descriptor it opened is closed on return.
//  * Records one thread ("client") with request markers only — its own syscalls are not the
//    subject and are not recorded. Latency = first byte of the request sent → last byte of the
//    response received, CLOCK_MONOTONIC.
#pragma once
#include "recorder.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ioscope::live {

struct LoadSpec {
    int conns { 10 };
    int active { 1 };
    int64_t requests { 1000 };
    int req_bytes { 64 };
    int resp_bytes { 64 };
};

struct LoadResult {
    uint64_t sent { 0 }, completed { 0 };
    std::vector<int64_t> latencies_ns;
    int connected { 0 };
    bool finished { false };              // every request answered
    bool deadline { false }, stopped { false };
    std::string error;                    // empty unless the load could not run (connect failed, ...)
};

LoadResult run_load(Recording& rec, uint32_t parent_tid, int port, const LoadSpec& spec, int64_t deadline_abs, int stop_fd);

} // namespace ioscope::live
