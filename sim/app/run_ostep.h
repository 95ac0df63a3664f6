// run_ostep.h — run an [ostep] scenario: OSTEP's process-run model recorded as a trace
// (sim/ostep/process_run_trace.h), with the same summary keys as every other run plus "ostep".
#pragma once
#include "run.h"

namespace ioscope {

// sc.ostep.present must be true. The scenario's seed (or opts.seed) is process-run's -s.
RunResult run_ostep_scenario(const Scenario& sc, const RunOptions& opts);

} // namespace ioscope
