// navigate.h — "find the next/previous record of kind X" for the transport's step buttons and
// the lecture speed. GL-free; unit-tested (tests/gui/navigate_test.cpp).
//
// Positions follow playback.h: position p means records [0, p) are applied and the current
// record is p - 1. Stepping to a record i therefore lands on position i + 1, so the record the
// step was looking for is the one shown in the details panel and the inspectors.
#pragma once
#include "sim/trace/trace.h"

#include <cstddef>
#include <cstdint>

namespace ioscope::gui {

// What a step moves over. Each unit is a set of record kinds (a mask over ioscope::Kind).
enum class StepUnit : uint8_t {
    Record,       // any record
    Syscall,      // SyscallEnter / SyscallExit: one system call boundary at a time
    Wakeup,       // try_to_wake_up (Wakeup)
    Narration,    // the scenario's narration points
    KernelStep,   // one kernel-visible step: kernel functions, switches, wakeups, queue changes
    Switch,       // ContextSwitch
    Count_
};

using KindMask = uint64_t;
static_assert(size_t(ioscope::Kind::Count_) <= 64, "KindMask holds one bit per Kind");
constexpr KindMask kind_bit(ioscope::Kind k) { return KindMask(1) << unsigned(k); }
KindMask step_mask(StepUnit u);

// First index i >= from with a kind in `mask`, or trace.size() if none.
size_t find_next(const ioscope::Trace& trace, KindMask mask, size_t from);
// Last index i < before (i.e. i <= before - 1) with a kind in `mask`, or SIZE_MAX if none.
size_t find_prev(const ioscope::Trace& trace, KindMask mask, size_t before);

// The position one step of `unit` forward / back from position p.
//  forward: the next matching record after the current one (index >= p) becomes current;
//           none left: the end of the trace.
//  back:    the previous matching record before the current one (index < p - 1) becomes
//           current; none: position 0 (nothing applied).
size_t step_position(const ioscope::Trace& trace, StepUnit unit, size_t p, bool forward);

} // namespace ioscope::gui
