// process_run_trace.h — OSTEP's process-run recorded as an ioscope trace, so the GUI can animate
// a homework exercise tick by tick. The schedule comes from simulate() itself (through its
// ScheduleObserver): nothing here decides what runs, it only writes down what the original's
// scheduler did, with the records every other trace uses:
//  - a process is a task (tid kFirstTid + PID, comm "PID:n"); READY = TaskState::Ready on the run
//    queue, RUNNING = Running, BLOCKED = Waiting (TASK_UNINTERRUPTIBLE, reason "I/O"), DONE =
//    TaskExit + Terminated;
//  - the one CPU switches between tasks with ContextSwitch records, in user mode while an
//    instruction executes (a UserStep named "cpu", "io" or "io_done" lasting the whole tick) and
//    idle when nothing can run;
//  - an I/O is a Marker "I/O start" when issued and "I/O done" plus a Wakeup when it completes;
//  - tick k covers [(k-1)·tick, k·tick). Its records end with exactly one Narration (en + zh)
//    that describes the printed row, so the state right after that record is the row of the
//    `-c` output, and stepping by narration steps by tick.
#pragma once
#include "process_run.h"
#include "sim/trace/trace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ioscope::ostep {

constexpr uint32_t kFirstTid = 100;      // tid of PID 0 (tid 0 is the idle task)

struct TraceNote {                       // a note from the scenario file, placed by time
    int64_t at_ns { 0 };
    std::string en, zh;
};

struct ProcessRunTraceSpec {
    std::vector<Program> procs;
    bool switch_on_end { false };
    bool io_run_immediate { false };
    int64_t io_length { 5 };
    int64_t tick_ns { 1000000 };
    int64_t until_ns { INT64_MAX };      // records after this time are not written
    std::vector<TraceNote> notes;        // sorted by at_ns
};

// Runs simulate() and appends its run to `out` (records and strings; meta is the caller's).
// Returns the schedule, i.e. exactly what `process-run -c -p` prints.
Schedule record_process_run(const ProcessRunTraceSpec& spec, Trace& out);

} // namespace ioscope::ostep
