// inspect_input.h — what every inspector model is built from: the trace, the State *after* the
// current record, and that record's index. GL-free (ioscope_gui_core), unit-tested.
//
// Contract: `state` is Reconstructor::seek(record + 1) — the kernel as it is once the current
// record has happened — and each model marks what that record changed (its "highlight").
// record == kNoRecord (playhead at position 0) means nothing changed yet.
#pragma once
#include "sim/trace/state.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace ioscope::gui {

constexpr size_t kNoRecord = SIZE_MAX;

struct InspectInput {
    const ioscope::Trace& trace;
    const ioscope::State& state;
    size_t record { kNoRecord };

    // The current record, or null at position 0.
    const ioscope::Record* rec() const {
        return record < trace.size() ? &trace.records[record] : nullptr;
    }
    bool is(ioscope::Kind k) const { const ioscope::Record* r = rec(); return r && r->kind == k; }
    std::string str(uint32_t id) const { return std::string(trace.str(id)); }
    // "echo_server (tid 3)" / "idle" / "tid 9" — kernel-style names, never translated.
    std::string task_name(uint32_t tid) const;
    // The object's label and type: "sock 4 (Socket) #12"; "#12" if the trace never announced it.
    std::string object_name(uint32_t id) const;
    // The State for the position this input describes (record + 1 applied), checked in tests.
    size_t position() const { return record == kNoRecord ? 0 : record + 1; }
};

// The fd that names `obj` in the process of `tid` (the first one in fd order), or -1.
int64_t fd_of(const ioscope::State& st, uint32_t tid, uint32_t obj);

} // namespace ioscope::gui
