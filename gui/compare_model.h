// compare_model.h — what the compare view (`ioscope A --compare B`) draws, computed without GL:
// two traces on one time axis, aligned by request (issue 6 item 4, docs/GUI.md "Compare view").
//
//  * Each side's server tasks become lanes of system-call spans (entry -> exit, canonical names,
//    as `ioscope-cli compare` counts them: sim/compare/trace_stats.h; `client…` tasks left out).
//  * Requests present in both traces (same marker id: connection × 10^6 + sequence) are paired.
//    B is drawn shifted by `b_offset_ns` so that the first such request starts at the same x in
//    both; each pair also has its own latency comparison, `differs` when latency A / latency B is
//    outside 1 ± tolerance (the highlighted rows).
#pragma once
#include "sim/trace/trace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ioscope::gui {

struct CompareSpan {
    int lane { 0 };
    int64_t t0 { 0 }, t1 { 0 };
    int name { 0 };                        // index into CompareModel::names
    bool slept { false };                  // the task went Waiting inside the call
};

struct CompareSide {
    std::string label;                     // the trace's source ("sim", "live", "strace") or scenario
    std::string scenario;
    std::vector<std::string> lanes;        // task names, in first-call order
    std::vector<CompareSpan> spans;        // by t0
    int64_t end_ns { 0 };
};

struct RequestPair {
    int64_t id { 0 };
    int64_t a_start { 0 }, a_end { 0 }, b_start { 0 }, b_end { 0 };
    double ratio { 0 };                    // latency A / latency B
    bool differs { false };
};

struct CompareModel {
    CompareSide a, b;
    std::vector<std::string> names;        // canonical syscall names
    int64_t b_offset_ns { 0 };             // B's time + offset = the shared axis
    std::vector<RequestPair> requests;     // matched, by A start
    uint64_t a_only { 0 }, b_only { 0 };   // completed requests found in one trace only
    double tolerance { 0.25 };
    int differing() const;
    int64_t axis_end() const;              // the shared axis covers [0, axis_end)
};

CompareModel build_compare_model(const Trace& a, const Trace& b, double tolerance = 0.25);

} // namespace ioscope::gui
