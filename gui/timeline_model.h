// timeline_model.h — a trace turned into per-lane interval lists, once per trace.
//
// The lanes never walk records while drawing: TimelineModel::build() makes one pass over the
// trace and produces, per CPU and per task, sorted non-overlapping span lists (what fold_spans()
// needs) plus instants and wakeup flows. Drawing then binary-searches the visible range. No GL,
// no ImGui: unit-tested against small hand-made traces.
#pragma once
#include "sim/trace/trace.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ioscope::gui {

// A time interval tied to the record that opened it (and the one that closed it, if any).
struct Span {
    int64_t t0 { 0 }, t1 { 0 };
    uint32_t rec { 0 };                   // record index that started the span
    uint32_t rec_end { UINT32_MAX };      // record that ended it (UINT32_MAX: open at trace end)
    uint32_t value { 0 };                 // lane-specific: tid, TaskState, CpuMode, 0 kernel/1 user
    uint32_t label { 0 };                 // string id: wait reason, syscall, function
};

// A point event (clock tick, IRQ entry). Drawn as a small triangle; folded like zero-width spans.
struct Instant {
    int64_t t0 { 0 }, t1 { 0 };           // t1 == t0; named so fold_spans() can take instants too
    uint32_t rec { 0 };
    uint32_t value { 0 };                 // Instant::Tick, ::Irq, ::Softirq
    enum : uint32_t { Tick = 0, Irq = 1, Softirq = 2 };
};

// try_to_wake_up: from the waker (a task, or interrupt context on a CPU) to the wakee, ending
// where the wakee next starts running (the wakeup latency is the arrow's horizontal length).
struct Flow {
    int64_t t0 { 0 }, t1 { 0 };
    uint32_t rec { 0 };                   // the Wakeup record
    uint32_t from_task { 0 };             // 0 = interrupt/softirq context on from_cpu
    uint8_t from_cpu { 0xff };
    uint32_t to_task { 0 };
};

struct CpuLaneData {
    uint32_t cpu { 0 };
    std::vector<Span> run;                // value = tid running (idle time is left empty)
    std::vector<Span> mode;               // value = CpuMode (Idle spans omitted)
    std::vector<Instant> marks;           // ticks and interrupts, by time
    std::vector<Span> steps;              // kernel steps in interrupt context or with no task
                                          //   (scheduler, NET_RX): value = CpuMode, label = function
};

struct TaskLaneData {
    uint32_t tid { 0 }, pid { 0 };
    uint32_t comm { 0 };                  // string id of the name it was created with (TaskNew)
    std::vector<std::pair<int64_t, uint32_t>> renames;   // TaskRename (prctl PR_SET_NAME): (t, name), by time
    std::vector<Span> state;              // value = TaskState, label = wait reason (Waiting)
    std::vector<Span> syscalls;           // label = syscall name; rec/rec_end = enter/exit records
    std::vector<Span> steps;              // KernelStep (value 0) / UserStep (value 1) in the task's own
                                          //   context, label = name

    // The name at time t: the last rename at or before t, else the creation name.
    uint32_t comm_at(int64_t t) const {
        uint32_t n = comm;
        for (const auto& [rt, name] : renames) {
            if (rt > t) break;
            n = name;
        }
        return n;
    }
};

// Kernel objects by id (ObjectNew), so records that only carry an id can be labelled.
struct ObjectName {
    uint8_t type { 0 };                   // ObjType
    uint32_t label { 0 };                 // string id
    uint32_t owner { 0 };
};

struct TimelineModel {
    std::vector<CpuLaneData> cpus;
    std::vector<TaskLaneData> tasks;      // sorted by (pid, tid): threads stay next to their process;
                                          //   processes gone before half the trace go last
    std::unordered_map<uint32_t, uint32_t> task_index;   // tid -> index in tasks
    std::vector<Flow> flows;              // by t0
    int64_t max_flow_ns { 0 };            // longest flow, to widen the visible-range search
    int64_t t_begin { 0 }, t_end { 1 };
    std::unordered_map<uint32_t, ObjectName> objects;

    static TimelineModel build(const ioscope::Trace& trace);

    const TaskLaneData* task(uint32_t tid) const {
        auto it = task_index.find(tid);
        return it == task_index.end() ? nullptr : &tasks[it->second];
    }
};

// Index of the span containing t in a sorted non-overlapping list, or -1.
template <class SpanT>
long find_span_at(const std::vector<SpanT>& spans, int64_t t) {
    auto it = std::upper_bound(spans.begin(), spans.end(), t, [](int64_t v, const SpanT& s) { return v < s.t0; });
    if (it == spans.begin()) return -1;
    --it;
    return (t >= it->t0 && t < it->t1) ? long(it - spans.begin()) : -1;
}

} // namespace ioscope::gui
