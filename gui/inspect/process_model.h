// process_model.h — the process table (one PCB row per task), the per-CPU run queues and the
// CPU panel, as plain view structs built from a State. GL-free.
#pragma once
#include "inspect_input.h"

#include <string>
#include <vector>

namespace ioscope::gui {

struct PcbRow {
    uint32_t tid { 0 }, pid { 0 };
    std::string comm;
    bool thread { false };
    ioscope::TaskState state { ioscope::TaskState::New };
    ioscope::LinuxState lstate { ioscope::LinuxState::New };
    std::string wait_reason;              // "Selecting", while Waiting
    std::string wait_queue;               // the object its wait entry hangs on
    std::string syscall;                  // current system call, "" in user mode
    std::string saved_context;            // user context saved into the PCB at the last switch-out
    int64_t user_ns { 0 }, kernel_ns { 0 };
    uint64_t nvcsw { 0 }, nivcsw { 0 };
    int cpu { -1 };
    bool on_cpu { false };                // the current task of some CPU
    bool highlight { false };             // the current record changed this PCB
    const char* changed_field { "" };     // which column it changed ("state", "saved_context", ...)
};

struct RunQueueView {
    int cpu { 0 };
    uint32_t curr { 0 };
    std::string curr_name;
    std::vector<uint32_t> queued;         // enqueue order
    std::vector<std::string> queued_names;
    bool highlight { false };             // enqueue / dequeue / switch on this CPU
    uint32_t moved_task { 0 };            // the task the current record enqueued/dequeued/switched in
    bool enqueued { false };              // true: moved_task was just enqueued; false: dequeued
};

struct CpuView {
    int cpu { 0 };
    uint32_t curr { 0 };
    std::string curr_name;
    ioscope::CpuMode mode { ioscope::CpuMode::Idle };
    int64_t in_mode_ns { 0 };             // how long it has been in this mode
    uint64_t jiffies { 0 };
    bool tick_now { false };              // the current record is this CPU's clock tick
    bool need_resched { false };
    std::string last_fn;                  // last kernel function run
    int64_t busy_ns[5] { 0, 0, 0, 0, 0 }; // by CpuMode
    uint64_t switches { 0 };
    bool highlight { false };             // the current record happened on this CPU
};

struct ProcessView {
    std::vector<PcbRow> rows;             // by tid
    std::vector<RunQueueView> runqueues;  // by CPU
    std::vector<CpuView> cpus;
};

ProcessView build_process_view(const InspectInput& in);

} // namespace ioscope::gui
