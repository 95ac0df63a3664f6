// navigate.cpp — see the header. Linear scans: a step moves over at most the records between two
// matches, and even a miss over 5 M records is a few milliseconds of sequential reads of 48-byte
// records (the GUI benchmark measures it); no per-kind index is worth its memory.
#include "navigate.h"

#include <algorithm>

namespace ioscope::gui {

using ioscope::Kind;

KindMask step_mask(StepUnit u) {
    switch (u) {
    case StepUnit::Record: return ~KindMask(0);
    case StepUnit::Syscall: return kind_bit(Kind::SyscallEnter) | kind_bit(Kind::SyscallExit);
    case StepUnit::Wakeup: return kind_bit(Kind::Wakeup);
    case StepUnit::Narration: return kind_bit(Kind::Narration);
    case StepUnit::KernelStep:
        // What a lecturer would point at, one per second: the kernel functions and the changes
        // they make, not the bookkeeping (mode switches, run-queue lengths, buffer counters).
        return kind_bit(Kind::KernelStep) | kind_bit(Kind::ContextSwitch) | kind_bit(Kind::Wakeup) |
               kind_bit(Kind::SyscallEnter) | kind_bit(Kind::SyscallExit) | kind_bit(Kind::WqAdd) |
               kind_bit(Kind::WqRemove) | kind_bit(Kind::WqWake) | kind_bit(Kind::FdPoll) |
               kind_bit(Kind::RdlAdd) | kind_bit(Kind::RdlRemove) | kind_bit(Kind::PacketRx) |
               kind_bit(Kind::IrqEnter) | kind_bit(Kind::SoftirqEnter);
    case StepUnit::Switch: return kind_bit(Kind::ContextSwitch);
    case StepUnit::Count_: break;
    }
    return 0;
}

size_t find_next(const ioscope::Trace& trace, KindMask mask, size_t from) {
    const auto& r = trace.records;
    for (size_t i = from; i < r.size(); ++i)
        if (mask & kind_bit(r[i].kind)) return i;
    return r.size();
}

size_t find_prev(const ioscope::Trace& trace, KindMask mask, size_t before) {
    const auto& r = trace.records;
    for (size_t i = std::min(before, r.size()); i-- > 0;)
        if (mask & kind_bit(r[i].kind)) return i;
    return SIZE_MAX;
}

size_t step_position(const ioscope::Trace& trace, StepUnit unit, size_t p, bool forward) {
    const KindMask m = step_mask(unit);
    const size_t n = trace.size();
    if (p > n) p = n;
    if (forward) {
        const size_t i = find_next(trace, m, p);
        return i >= n ? n : i + 1;
    }
    if (p <= 1) return 0;
    const size_t i = find_prev(trace, m, p - 1);
    return i == SIZE_MAX ? 0 : i + 1;
}

} // namespace ioscope::gui
