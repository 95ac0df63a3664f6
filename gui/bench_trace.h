// bench_trace.h — a big synthetic trace for `ioscope --bench`: an epoll server's pattern
// (switch, user work, recv with kernel steps and copies, epoll_wait sleeping on a wait queue,
// packet IRQs waking tasks, request markers) repeated over several CPUs and tasks until it has
// the requested number of records. Deterministic (fixed-seed LCG), time-ordered, record.h's
// field contract, so the GUI treats it like a simulated trace.
#pragma once
#include "sim/trace/trace.h"

#include <cstddef>
#include <memory>

namespace ioscope::gui {

std::unique_ptr<ioscope::Trace> make_bench_trace(size_t records, unsigned cpus = 4, unsigned tasks_per_cpu = 16);

} // namespace ioscope::gui
