// run.h — run a scenario through the simulator into a Trace, and summarise it.
// Shared by ioscope-cli (run, bench) and the GUI (open a scenario), so both see the same run.
#pragma once
#include "sim/scenario/scenario.h"
#include "sim/trace/trace.h"

#include <memory>
#include <string>

namespace ioscope {

struct RunOptions {
    std::optional<uint64_t> seed;          // overrides the scenario's seed
    std::optional<SimTime> until;          // overrides the scenario's duration
    bool record { true };                  // false: metrics only (benchmarks of the model itself)
};

struct RunResult {
    std::unique_ptr<Trace> trace;
    std::string summary_json;              // --summary-json object (docs/ARCHITECTURE.md §4)
    int64_t wall_ns { 0 };
    bool crashed { false };                // a simulated program threw (recorded in the trace)
};

RunResult run_scenario(const Scenario& sc, const RunOptions& opts);

// The trace's name and titles for a scenario: "ID" or "ID@VARIANT", the variant's title appended.
void name_trace(const Scenario& sc, Trace& tr);

} // namespace ioscope
