// trace_compare.h — two traces side by side (`ioscope-cli compare A B`, and the per-call part of
// `compare --scenario S --live`): per canonical system call, counts, median and p90 durations of
// all calls and of the calls that did not sleep, and the ratios A/B; per request, latency
// percentiles of each trace and, for the requests both traces contain (same marker id:
// connection × 10^6 + sequence, the rule of the simulator and of live mode), the median of the
// per-request latency ratio A/B.
#pragma once
#include "trace_stats.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ioscope::compare {

struct Side {
    uint64_t count { 0 }, slept { 0 };
    int64_t median_ns { 0 }, p90_ns { 0 };               // over all calls
    uint64_t nosleep_count { 0 };
    int64_t nosleep_median_ns { 0 }, nosleep_p90_ns { 0 };
};

struct CallRow {
    std::string name;
    Side a, b;
    std::optional<double> ratio;          // a.median / b.median (both sides have calls)
    std::optional<double> nosleep_ratio;  // the same over calls that did not sleep
};

struct RequestSide { uint64_t completed { 0 }; int64_t p50_ns { 0 }, p99_ns { 0 }; };

struct RequestAlignment {
    RequestSide a, b;
    uint64_t matched { 0 };               // request ids present in both traces
    int64_t matched_a_p50_ns { 0 }, matched_b_p50_ns { 0 };
    std::optional<double> median_ratio;   // median over matched requests of latency_a / latency_b
};

struct TraceComparison {
    std::string a_label, b_label;         // e.g. "sim", "live"
    std::vector<CallRow> rows;            // sorted by name
    RequestAlignment requests;
};

TraceComparison compare_traces(const TraceStats& a, const TraceStats& b, std::string a_label, std::string b_label);

// JSON (keys documented in docs/LIVE.md, "Compare") and a readable table.
nlohmann::ordered_json to_json(const TraceComparison& c);
std::string to_table(const TraceComparison& c);

// "850 ns", "12.3 us", "4.56 ms" (tables); "-" for a negative value.
std::string format_ns(int64_t ns);

} // namespace ioscope::compare
