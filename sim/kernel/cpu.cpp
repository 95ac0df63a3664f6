// cpu.cpp — the CPU execution engine: segments of known cost, hard interrupts with their
// handlers and softirqs, the periodic clock tick, and preemption on return from an interrupt.
#include "kernel.h"

#include <cassert>

namespace ioscope {

void Kernel::resume_handle(void* addr, uint64_t) {
    std::coroutine_handle<>::from_address(addr).resume();
}

static void on_segment_done(void* kp, uint64_t cpu) {
    Kernel& k = *static_cast<Kernel*>(kp);
    Cpu& c = k.cpus_[cpu];
    c.seg_active = false;
    EventFn fn = c.seg_cont;
    void* ctx = c.seg_ctx;
    uint64_t arg = c.seg_arg;
    fn(ctx, arg);
}

// Interrupts can be taken only where Linux has them enabled: in user mode, in ordinary kernel
// code and in the idle loop — not inside a hard IRQ, a softirq, or the scheduler's locked part.
static bool irqs_enabled(const Cpu& c) {
    if (c.in_interrupt || c.scheduling) return false;
    if (c.seg_active && c.seg_irqs_off) return false;
    return c.mode == CpuMode::User || c.mode == CpuMode::Kernel || c.mode == CpuMode::Idle;
}

void Kernel::start_segment(Cpu& c, int64_t cost, EventFn cont, void* ctx, uint64_t arg, bool irqs_off) {
    c.seg_active = true;
    c.seg_irqs_off = irqs_off;
    c.seg_cont = cont;
    c.seg_ctx = ctx;
    c.seg_arg = arg;
    c.seg_end = now().ns + cost;
    if (!irqs_off && !c.pending_irqs.empty() && irqs_enabled(c)) {
        // An interrupt was held back while interrupts were off; it is taken before this
        // segment makes progress.
        IrqKind kind = c.pending_irqs.front();
        c.pending_irqs.pop_front();
        c.seg_event = {};
        take_interrupt(c, kind);
        return;
    }
    c.seg_event = ev_.schedule(SimTime(c.seg_end), &on_segment_done, this, c.id);
}

void Kernel::set_mode(Cpu& c, CpuMode m) {
    if (c.mode == m) return;
    int64_t d = now().ns - c.mode_since;
    c.busy_ns[int(c.mode)] += d;
    if (c.curr) {
        if (c.mode == CpuMode::User) c.curr->user_ns += d;
        else if (c.mode == CpuMode::Kernel) c.curr->kernel_ns += d;
    }
    Record& r = emit(Kind::ModeSwitch, c.id, c.curr ? c.curr->tid : 0);
    r.a = int64_t(m);
    r.b = int64_t(c.mode);
    c.mode = m;
    c.mode_since = now().ns;
}

Kernel::StepAwaiter Kernel::step(Task& t, uint32_t name, int64_t cost) {
    Cpu& c = cpus_[t.cpu];
    if (cost > 0) {
        Record& r = emit(Kind::KernelStep, c.id, t.tid);
        r.name = name;
        r.a = cost;
    }
    return StepAwaiter{*this, c, cost};
}

Kernel::StepAwaiter Kernel::cpu_step(Cpu& c, uint32_t name, int64_t cost) {
    if (cost > 0) {
        Record& r = emit(Kind::KernelStep, c.id, c.curr ? c.curr->tid : 0);
        r.name = name;
        r.a = cost;
    }
    return StepAwaiter{*this, c, cost};
}

Kernel::StepAwaiter Kernel::user_step(Task& t, uint32_t name, int64_t cost) {
    Cpu& c = cpus_[t.cpu];
    if (cost > 0) {
        Record& r = emit(Kind::UserStep, c.id, t.tid);
        r.name = name;
        r.a = cost;
    }
    return StepAwaiter{*this, c, cost};
}

// ---------------------------------------------------------------------------------------------
// Hard interrupts
// ---------------------------------------------------------------------------------------------
void Kernel::raise_irq(uint8_t cpu, IrqKind kind) {
    Cpu& c = cpus_[cpu];
    // At an event boundary a CPU with a current task is always inside a segment; if it is not
    // (its task is about to be resumed by a zero-delay event), hold the interrupt for a moment.
    if (!irqs_enabled(c) || (c.curr && !c.seg_active)) {
        c.pending_irqs.push_back(kind);
        return;
    }
    take_interrupt(c, kind);
}

void Kernel::take_interrupt(Cpu& c, IrqKind kind) {
    if (c.seg_active) {
        if (c.seg_event.valid()) ev_.cancel(c.seg_event);
        c.intr_saved_valid = true;
        c.intr_remaining = c.seg_end - now().ns;
        c.intr_cont = c.seg_cont;
        c.intr_ctx = c.seg_ctx;
        c.intr_arg = c.seg_arg;
        c.intr_irqs_off = c.seg_irqs_off;
        c.seg_active = false;
    } else {
        c.intr_saved_valid = false;   // the idle loop
    }
    c.intr_mode = c.mode;
    c.in_interrupt = true;
    set_mode(c, CpuMode::Irq);
    start_irq_handler(c, kind);
}

// Handler frames finish inside their own final suspend (which calls irq_return), so they are
// destroyed later, from the run loop, never while unwinding.
void Kernel::start_irq_handler(Cpu& c, IrqKind kind) {
    irq_roots_.push_back(irq_handler(c, kind));
    irq_roots_.back().start_root([](void* p) {
        const IrqCtx& x = *static_cast<const IrqCtx*>(p);
        x.k->irq_return(x.k->cpus_[x.cpu]);
    }, &irq_ctx_[c.id]);
}

KCo<void> Kernel::irq_handler(Cpu& c, IrqKind kind) {
    static const char* const handler_names[] = { "apic_timer_interrupt", "nic_irq_handler", "reschedule_interrupt", "hrtimer_interrupt" };
    Record& e = emit(Kind::IrqEnter, c.id, c.curr ? c.curr->tid : 0);
    e.a = int64_t(kind);
    e.name = nm(handler_names[int(kind)]);
    bool run_net_rx = false;
    bool run_timer_softirq = false;
    switch (kind) {
    case IrqKind::Timer: {
        c.jiffies = uint64_t(now().ns / (1000000000 / hz_));
        Record& t = emit(Kind::ClockTick, c.id, c.curr ? c.curr->tid : 0);
        t.a = int64_t(c.jiffies);
        t.name = nm("update_process_times");
        co_await cpu_step(c, nm("update_process_times"), cost_.tick_ns);
        // run_local_timers: expired timer_list timers are left to the TIMER softirq.
        for (auto& w : c.wheel) if (w.expires <= c.jiffies) { run_timer_softirq = true; break; }
        // sched_tick -> task_tick_fair: has the current task used up its slice?
        if (c.curr && !c.rq.empty()) {
            Task& cur = *c.curr;
            cur.vruntime += now().ns - cur.exec_start;
            cur.exec_start = now().ns;
            if (now().ns - cur.slice_start >= slice_ns_ && !c.need_resched) {
                c.need_resched = true;
                Record& n = emit(Kind::NeedResched, c.id, cur.tid);
                n.name = nm("task_tick_fair");
            }
        }
        break;
    }
    case IrqKind::Nic:
        // The device has DMA'd frames into its ring; the handler only schedules NAPI polling.
        co_await cpu_step(c, nm("napi_schedule"), cost_.nic_irq_ns);
        run_net_rx = true;
        break;
    case IrqKind::HrTimer: {
        // hrtimer_interrupt runs the expired timers' callbacks: hrtimer_wakeup -> wake_up_process.
        std::vector<Task*> expired;
        expired.swap(c.expired_timers);
        for (Task* t : expired) {
            co_await cpu_step(c, nm("hrtimer_wakeup"), cost_.hrtimer_ns);
            Record& f = emit(Kind::TimerFire, c.id, t->tid);
            f.obj = t->tid;
            t->timed_out = true;
            if (ttwu(c, *t)) co_await cpu_step(c, nm("try_to_wake_up"), cost_.try_to_wake_up_ns);
        }
        break;
    }
    case IrqKind::Resched:
        co_await cpu_step(c, nm("scheduler_ipi"), c.curr ? cost_.ipi_ns : cost_.idle_exit_ns);
        break;
    }
    Record& x = emit(Kind::IrqExit, c.id, c.curr ? c.curr->tid : 0);
    x.a = int64_t(kind);
    // irq_exit() -> invoke_softirq(): pending softirqs run now, still in interrupt context.
    if (run_timer_softirq) co_await timer_softirq(c);
    if (run_net_rx) co_await net_rx_softirq(c);
}

// Return from interrupt: tail-chain held-back interrupts, then either resume what was
// interrupted or — returning to user mode with TIF_NEED_RESCHED set — preempt it.
void Kernel::irq_return(Cpu& c) {
    if (!c.pending_irqs.empty()) {
        IrqKind kind = c.pending_irqs.front();
        c.pending_irqs.pop_front();
        set_mode(c, CpuMode::Irq);
        start_irq_handler(c, kind);
        return;
    }
    c.in_interrupt = false;
    if (!c.intr_saved_valid) {
        // We interrupted the idle loop.
        set_mode(c, CpuMode::Idle);
        if (!c.rq.empty()) cpu_schedule(c, false);
        return;
    }
    c.intr_saved_valid = false;
    set_mode(c, c.intr_mode);
    if (c.intr_mode == CpuMode::User && c.need_resched && c.curr) {
        // Preemption point: exit_to_user_mode with TIF_NEED_RESCHED. The rest of the user-mode
        // segment is kept in the PCB and continues when the task is picked again.
        Task& t = *c.curr;
        t.saved = SavedSegment{true, c.intr_remaining, c.intr_cont, c.intr_ctx, c.intr_arg, CpuMode::User};
        cpu_schedule(c, true);
        return;
    }
    start_segment(c, c.intr_remaining, c.intr_cont, c.intr_ctx, c.intr_arg, c.intr_irqs_off);
}

// ---------------------------------------------------------------------------------------------
// The clock tick (NO_HZ_IDLE: armed only while the CPU has work)
// ---------------------------------------------------------------------------------------------
void Kernel::on_tick(void* kp, uint64_t cpu) {
    Kernel& k = *static_cast<Kernel*>(kp);
    Cpu& c = k.cpus_[cpu];
    c.tick_armed = false;
    bool idle = !c.curr && !c.in_interrupt && c.rq.empty() && !c.scheduling;
    // NO_HZ_IDLE stops the tick on an idle CPU — unless a timer_list timer is due, which the
    // stopped tick is programmed to fire for.
    bool timer_due = false;
    for (auto& w : c.wheel) if (w.expires <= uint64_t(k.now().ns / (1000000000 / k.hz_))) timer_due = true;
    if (idle && !timer_due) {
        if (!c.wheel.empty()) k.arm_tick_at_jiffy(c, c.wheel.front().expires);
        return;
    }
    k.arm_tick(c);
    k.raise_irq(c.id, IrqKind::Timer);
}

// TIMER softirq: run_timer_softirq -> expired timers' callbacks (process_timeout wakes the task).
KCo<void> Kernel::timer_softirq(Cpu& c) {
    set_mode(c, CpuMode::Softirq);
    Record& e = emit(Kind::SoftirqEnter, c.id, c.curr ? c.curr->tid : 0);
    e.name = nm("TIMER");
    co_await cpu_step(c, nm("run_timer_softirq"), cost_.softirq_entry_ns);
    std::vector<Cpu::WheelTimer> due;
    std::erase_if(c.wheel, [&](const Cpu::WheelTimer& w) {
        if (w.expires > c.jiffies) return false;
        due.push_back(w);
        return true;
    });
    for (auto& w : due) {
        co_await cpu_step(c, nm("process_timeout"), cost_.hrtimer_ns);
        Record& f = emit(Kind::TimerFire, c.id, w.task->tid);
        f.obj = w.id;
        w.task->timed_out = true;
        if (ttwu(c, *w.task)) co_await cpu_step(c, nm("try_to_wake_up"), cost_.try_to_wake_up_ns);
    }
    emit(Kind::SoftirqExit, c.id, c.curr ? c.curr->tid : 0);
}

void Kernel::arm_tick_at_jiffy(Cpu& c, uint64_t jiffy) {
    if (c.tick_armed) return;
    int64_t period = 1000000000 / hz_;
    int64_t at = std::max(int64_t(jiffy) * period, (now().ns / period + 1) * period);
    c.tick_armed = true;
    ev_.schedule(SimTime(at), &Kernel::on_tick, this, c.id);
}

void Kernel::arm_tick(Cpu& c) {
    if (c.tick_armed) return;
    int64_t period = 1000000000 / hz_;
    int64_t next = (now().ns / period + 1) * period;
    c.tick_armed = true;
    ev_.schedule(SimTime(next), &Kernel::on_tick, this, c.id);
}

} // namespace ioscope
