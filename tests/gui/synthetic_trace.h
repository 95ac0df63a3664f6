// synthetic_trace.h — small hand-made traces for the GUI core tests, written the way the
// simulator writes them (record.h field contract), so the tests need no simulator run.
#pragma once
#include "sim/trace/trace.h"

namespace ioscope::gui_test {

// One CPU, tasks 100 ("server") and 200 ("client"):
//   0      TaskNew 100, TaskNew 200 (both New)
//   1000   100 Ready, ContextSwitch -> 100, Running, user mode
//   2000   100 SyscallEnter recv(4, 64, 0), kernel mode, KernelStep tcp_recvmsg 500 ns
//   3000   100 Waiting "Reading" on wait queue 7, ContextSwitch -> 200 (prev 100), 200 Running
//   4000   ClockTick (task 200)
//   5000   IRQ on cpu 0, Wakeup 100 by interrupt context; 100 Ready
//   6000   ContextSwitch -> 100 (prev 200), 100 Running; 200 Ready
//   7000   100 SyscallExit recv = 64, user mode
//   9000   100 exits
// end_ns = 10000
ioscope::Trace make_small_trace();

// n_tasks tasks round-robin on one CPU with a context switch every `slice` ns, n_switches times.
ioscope::Trace make_round_robin_trace(int n_tasks, int n_switches, int64_t slice);

} // namespace ioscope::gui_test
