// cpu.h — one simulated CPU: what it executes right now, its run queue, its pending interrupts.
//
// Execution model: everything a CPU does is a *segment* of known cost started by start_segment();
// when the segment's time has passed its continuation runs. A hardware interrupt arriving during
// an interruptible segment pauses it (remaining time saved), runs the handler, and then either
// resumes it or — at a preemption point (return to user mode with TIF_NEED_RESCHED) — leaves it in
// the task's PCB and calls the scheduler. Segments run with interrupts off (the scheduler's own)
// make an arriving interrupt wait until the next interruptible segment starts.
#pragma once
#include "sim/core/event_queue.h"
#include "sim/trace/record.h"

#include <cstdint>
#include <deque>
#include <vector>

namespace ioscope {

struct Task;

enum class IrqKind : uint8_t { Timer = 0, Nic = 1, Resched = 2, HrTimer = 3 };

struct Cpu {
    uint8_t id { 0 };
    Task* curr { nullptr };               // task whose context the CPU is in; nullptr = idle
    CpuMode mode { CpuMode::Idle };
    int64_t mode_since { 0 };

    // --- the segment in flight -----------------------------------------------------------------
    bool seg_active { false };
    bool seg_irqs_off { false };
    EventId seg_event;
    int64_t seg_end { 0 };
    EventFn seg_cont { nullptr };
    void* seg_ctx { nullptr };
    uint64_t seg_arg { 0 };

    // --- interrupts ------------------------------------------------------------------------------
    bool in_interrupt { false };          // a hard IRQ or softirq handler is running
    std::deque<IrqKind> pending_irqs;     // arrived while interrupts were off
    std::vector<Task*> expired_timers;    // hrtimers that fired, for the next hrtimer_interrupt
    struct WheelTimer { uint64_t expires; Task* task; uint32_t id; };
    std::vector<WheelTimer> wheel;        // timer_list timers (schedule_timeout), by jiffies
    // The context an interrupt paused (valid while in_interrupt).
    bool intr_saved_valid { false };
    int64_t intr_remaining { 0 };
    EventFn intr_cont { nullptr };
    void* intr_ctx { nullptr };
    uint64_t intr_arg { 0 };
    CpuMode intr_mode { CpuMode::Idle };
    bool intr_irqs_off { false };

    // --- scheduler ---------------------------------------------------------------------------------
    std::vector<Task*> rq;                // runnable tasks other than curr (CFS-like: pick min vruntime)
    int64_t min_vruntime { 0 };
    bool need_resched { false };          // TIF_NEED_RESCHED of curr
    bool scheduling { false };            // inside __schedule (interrupts off)
    bool ipi_pending { false };
    Task* sched_prev { nullptr };         // __schedule in progress: prev, next, and whether mm changes
    Task* sched_next { nullptr };
    bool sched_mm_switch { false };
    bool sched_preempt { false };
    uint32_t last_mm { 0 };               // lazy TLB: the idle task keeps the last mm loaded
    bool tick_armed { false };            // NO_HZ_IDLE: the tick runs only while the CPU is busy
    uint64_t jiffies { 0 };
    uint64_t nr_switches { 0 };

    // --- accounting (metrics) ----------------------------------------------------------------------
    int64_t busy_ns[5] { 0, 0, 0, 0, 0 }; // by CpuMode
    int64_t switching_ns { 0 };           // time inside context switches
};

} // namespace ioscope
