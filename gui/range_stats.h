// range_stats.h — statistics of a time range [t0, t1): what the range-selection window shows.
// GL-free; computed from the trace and its TimelineModel (so spans already pair enter/exit).
//
// Contracts (tests/gui/range_stats_test.cpp):
//  * a system call counts in the range if it starts in it; its time is its whole duration;
//  * CPU time by mode is the overlap of each CPU's mode spans with the range (idle = the rest);
//  * context switches and wakeups count records in the range; wakeup latency is measured from
//    try_to_wake_up to the wakee running (the flow arrow), for wakeups issued in the range;
//  * a request's latency is RequestEnd - RequestStart for the same request id (Marker.a), both
//    markers in the range; the histogram has power-of-two buckets.
#pragma once
#include "timeline_model.h"

#include <array>
#include <string>
#include <vector>

namespace ioscope::gui {

struct SyscallStat {
    std::string name;
    uint64_t count { 0 };
    int64_t total_ns { 0 };
    int64_t max_ns { 0 };
};

struct CpuModeTime {
    uint32_t cpu { 0 };
    std::array<int64_t, 5> ns {};         // indexed by CpuMode (Idle .. Irq)
};

// Power-of-two histogram: bucket k holds values in [2^(first+k), 2^(first+k+1)) ns.
struct Log2Histogram {
    int first { 0 };
    std::vector<uint64_t> counts;
    void add(int64_t v);
    uint64_t total() const;
};

struct RangeStats {
    int64_t t0 { 0 }, t1 { 0 };
    size_t records { 0 };
    std::vector<SyscallStat> syscalls;    // by count, then name
    uint64_t switches { 0 }, preempted { 0 };
    std::vector<CpuModeTime> cpu;
    uint64_t wakeups { 0 };
    int64_t wake_latency_sum { 0 }, wake_latency_max { 0 };
    uint64_t wake_latency_n { 0 };
    std::vector<int64_t> requests;        // latencies, in order of completion
    Log2Histogram request_hist;
};

RangeStats compute_range_stats(const ioscope::Trace& trace, const TimelineModel& model, int64_t t0, int64_t t1);

} // namespace ioscope::gui
