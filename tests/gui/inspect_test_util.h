// inspect_test_util.h — runs a bundled scenario through the simulator (as the GUI's document
// loader does) for the inspector tests, and steps a Reconstructor through it.
#pragma once
#include "gui/inspect/inspect_input.h"
#include "sim/app/run.h"
#include "sim/scenario/scenario.h"
#include "sim/trace/state.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace ioscope::gui::testing {

inline std::unique_ptr<ioscope::Trace> run_bundled(const std::string& id) {
    ioscope::LoadResult r = ioscope::load_scenario_file(ioscope::resolve_scenario(id));
    for (const auto& e : r.errors) ADD_FAILURE() << e.format();
    if (!r.ok()) return nullptr;
    ioscope::RunResult run = ioscope::run_scenario(*r.scenario, ioscope::RunOptions {});
    return std::move(run.trace);
}

// Walks a trace record by record: at(i) gives the InspectInput for "record i just happened".
class Stepper {
public:
    explicit Stepper(const ioscope::Trace& t) : trace_(t), rc_(t) {}
    InspectInput at(size_t i) {
        const ioscope::State& st = rc_.seek(i + 1);
        return InspectInput { trace_, st, i };
    }
    const ioscope::Trace& trace() const { return trace_; }

private:
    const ioscope::Trace& trace_;
    ioscope::Reconstructor rc_;
};

} // namespace ioscope::gui::testing
