// sched.cpp — the scheduler: __schedule with the six steps of a process switch from the source
// texts (save context into the PCB, update the PCB, move it to a queue, pick the next task,
// switch memory-management structures, restore the next context), try_to_wake_up, and wakeup
// preemption. CFS-like: the runnable task with the smallest vruntime runs next.
#include "kernel.h"

#include <algorithm>

namespace ioscope {

void Kernel::update_curr(Cpu& c) {
    if (!c.curr) return;
    Task& t = *c.curr;
    t.vruntime += now().ns - t.exec_start;
    t.exec_start = now().ns;
    int64_t mv = t.vruntime;
    for (Task* r : c.rq) mv = std::min(mv, r->vruntime);
    c.min_vruntime = std::max(c.min_vruntime, mv);
}

void Kernel::ScheduleAwaiter::await_suspend(std::coroutine_handle<> h) {
    t.resume_point = h;
    k.cpu_schedule(k.cpus_[t.cpu], preempt);
}

static void rq_erase(Cpu& c, Task* t) {
    auto it = std::find(c.rq.begin(), c.rq.end(), t);
    if (it != c.rq.end()) c.rq.erase(it);
}

// __schedule(): prev is c.curr (nullptr when the idle task calls it). The caller has already
// saved how to continue prev (its coroutine in resume_point, or a preempted user segment).
void Kernel::cpu_schedule(Cpu& c, bool preempt) {
    Task* prev = c.curr;
    c.need_resched = false;
    if (prev && !prev->exited && prev->lstate == LinuxState::Running && c.rq.empty()) {
        // Nothing else is runnable: pick_next_task would return prev. Keep running it.
        resume_task(c, *prev);
        return;
    }
    c.scheduling = true;
    c.sched_prev = prev;
    c.sched_preempt = preempt;
    set_mode(c, CpuMode::Kernel);
    if (prev) {
        update_curr(c);
        // Step 1-3: save the context into the PCB, update its state, move it to a queue. A task
        // still TASK_RUNNING goes back to the run queue (Ready); a sleeping one is dequeued
        // (deactivate_task) and now hangs only on wait-queue entries (Waiting).
        if (prev->exited) {
            // do_exit already made it Terminated; it never runs again.
        } else if (prev->lstate == LinuxState::Running) {
            prev->on_rq = true;
            prev->preempted = true;
            c.rq.push_back(prev);
            set_state(*prev, TaskState::Ready, LinuxState::Running);
            Record& r = emit(Kind::RunqEnqueue, c.id, prev->tid);
            r.a = int64_t(c.rq.size());
        } else {
            prev->preempted = false;
            set_state(*prev, TaskState::Waiting, prev->lstate);
        }
    }
    // Step 4: pick the next task (the interrupts-off part of __schedule).
    Record& r = emit(Kind::KernelStep, c.id, prev ? prev->tid : 0);
    r.name = nm("pick_next_task_fair");
    r.a = cost_.pick_next_task_ns;
    c.switching_ns += cost_.pick_next_task_ns;
    start_segment(c, cost_.pick_next_task_ns, &Kernel::sched_after_pick, this, c.id, true);
}

void Kernel::sched_after_pick(void* kp, uint64_t cpu) {
    Kernel& k = *static_cast<Kernel*>(kp);
    Cpu& c = k.cpus_[cpu];
    Task* prev = c.sched_prev;
    Task* next = nullptr;
    for (Task* t : c.rq) if (!next || t->vruntime < next->vruntime) next = t;   // ties: enqueue order
    if (!next) {
        // Nothing runnable: switch to the idle task — switch_to still runs (the idle task keeps
        // the old mm: lazy TLB, so no switch_mm).
        if (prev) {
            Record& st = k.emit(Kind::KernelStep, c.id, prev->tid);
            st.name = k.nm("switch_to");
            st.a = k.cost_.switch_to_ns;
            c.switching_ns += k.cost_.switch_to_ns;
            k.start_segment(c, k.cost_.switch_to_ns, &Kernel::sched_to_idle, kp, cpu, true);
            return;
        }
        sched_to_idle(kp, cpu);
        return;
    }
    rq_erase(c, next);
    next->on_rq = false;
    Record& d = k.emit(Kind::RunqDequeue, c.id, next->tid);
    d.a = int64_t(c.rq.size());
    if (next == prev) {
        // prev was still the best choice (smallest vruntime): no switch happens, and it starts a
        // new slice (EEVDF gives it a new deadline), so the next tick does not ask again at once.
        prev->slice_start = k.now().ns;
        k.set_state(*prev, TaskState::Running, LinuxState::Running);
        c.scheduling = false;
        k.resume_task(c, *prev);
        return;
    }
    c.sched_next = next;
    // Step 5: switch memory-management structures — only when the address space changes.
    // Threads of one process share an mm, so switching between them skips this (cheaper).
    uint32_t prev_mm = prev ? prev->mm : c.last_mm;
    c.sched_mm_switch = prev_mm != next->mm;
    if (c.sched_mm_switch) {
        Record& r = k.emit(Kind::KernelStep, c.id, prev ? prev->tid : 0);
        r.name = k.nm("switch_mm_irqs_off");
        r.a = k.cost_.switch_mm_ns;
        c.switching_ns += k.cost_.switch_mm_ns;
        k.start_segment(c, k.cost_.switch_mm_ns, &Kernel::sched_after_mm, kp, cpu, true);
    } else {
        sched_after_mm(kp, cpu);
    }
}

void Kernel::sched_to_idle(void* kp, uint64_t cpu) {
    Kernel& k = *static_cast<Kernel*>(kp);
    Cpu& c = k.cpus_[cpu];
    Task* prev = c.sched_prev;
    if (prev) {
        Record& r = k.emit(Kind::ContextSwitch, c.id, 0);
        r.obj2 = prev->tid;
        r.a = int64_t(prev->state);
        r.name = prev->user_pc;
        prev->nvcsw++;
        k.metrics_.context_switches++;
        c.nr_switches++;
    }
    k.set_mode(c, CpuMode::Idle);
    c.curr = nullptr;
    c.scheduling = false;
    if (!c.pending_irqs.empty()) {
        IrqKind kind = c.pending_irqs.front();
        c.pending_irqs.pop_front();
        k.take_interrupt(c, kind);
    } else if (!c.rq.empty()) {
        k.cpu_schedule(c, false);                         // woken during switch_to: run it
    }
}

void Kernel::sched_after_mm(void* kp, uint64_t cpu) {
    Kernel& k = *static_cast<Kernel*>(kp);
    Cpu& c = k.cpus_[cpu];
    // Step 6: switch_to — save prev's registers into its PCB, load next's.
    Record& r = k.emit(Kind::KernelStep, c.id, c.sched_prev ? c.sched_prev->tid : 0);
    r.name = k.nm("switch_to");
    r.a = k.cost_.switch_to_ns;
    c.switching_ns += k.cost_.switch_to_ns;
    k.start_segment(c, k.cost_.switch_to_ns, &Kernel::sched_after_switch, kp, cpu, true);
}

void Kernel::sched_after_switch(void* kp, uint64_t cpu) {
    Kernel& k = *static_cast<Kernel*>(kp);
    Cpu& c = k.cpus_[cpu];
    Task* prev = c.sched_prev;
    Task* next = c.sched_next;
    k.set_mode(c, CpuMode::Kernel);   // flushes kernel time to prev before curr changes
    {
        int64_t d = k.now().ns - c.mode_since;
        c.busy_ns[int(c.mode)] += d;
        if (prev) prev->kernel_ns += d;
        c.mode_since = k.now().ns;
    }
    Record& r = k.emit(Kind::ContextSwitch, c.id, next->tid);
    r.obj2 = prev ? prev->tid : 0;
    r.a = prev ? int64_t(prev->state) : 0;
    r.b = c.sched_mm_switch ? 1 : 0;
    r.name = prev ? prev->user_pc : 0;
    r.c = prev && prev->preempted && c.sched_preempt ? 1 : 0;
    if (prev) {
        if (r.c) prev->nivcsw++; else prev->nvcsw++;
    }
    k.metrics_.context_switches++;
    c.nr_switches++;
    c.curr = next;
    next->cpu = c.id;
    next->slice_start = k.now().ns;
    next->exec_start = k.now().ns;
    c.last_mm = next->mm;
    c.scheduling = false;
    k.set_state(*next, TaskState::Running, LinuxState::Running);
    k.arm_tick(c);
    k.resume_task(c, *next);
}

// Continue `t` on `c` the way it stopped: a preempted user segment, a first start (ret_from_fork
// to user mode), or a coroutine suspended in schedule() (back in kernel mode).
void Kernel::resume_task(Cpu& c, Task& t) {
    if (t.saved.valid) {
        SavedSegment s = t.saved;
        t.saved.valid = false;
        set_mode(c, s.mode);
        start_segment(c, s.remaining, s.cont, s.ctx, s.arg);
        return;
    }
    std::coroutine_handle<> h = t.resume_point;
    t.resume_point = {};
    if (!t.started) {
        t.started = true;
        set_mode(c, CpuMode::User);
    } else {
        set_mode(c, CpuMode::Kernel);
    }
    // Resume from the event loop rather than from inside the caller's stack.
    ev_.schedule(now(), &Kernel::resume_handle, h.address());
}

// try_to_wake_up(p): make a sleeping task runnable. Only acts if p sleeps; returns whether it did.
// The caller charges try_to_wake_up_ns on the waker's CPU.
bool Kernel::ttwu(Cpu& waker, Task& p) {
    if (p.lstate != LinuxState::Interruptible && p.lstate != LinuxState::Uninterruptible) return false;
    metrics_.wakeups++;
    Cpu& home = cpus_[p.cpu];
    bool still_on_cpu = home.curr == &p && p.state != TaskState::Waiting;
    Record& w = emit(Kind::Wakeup, waker.id, p.tid);
    w.obj2 = (waker.curr && (waker.mode == CpuMode::Kernel || waker.mode == CpuMode::User)) ? waker.curr->tid : 0;
    if (still_on_cpu) {
        // It set TASK_INTERRUPTIBLE but has not reached schedule() yet: just make it RUNNING
        // again; its schedule() will then keep it (the lost-wakeup race the kernel closes).
        w.a = p.cpu;
        w.b = 1;
        p.lstate = LinuxState::Running;
        set_state(p, p.state, LinuxState::Running, WaitEnd::Woken);
        return true;
    }
    // select_task_rq_fair: its previous CPU if idle, else the waker's if idle, else any idle
    // CPU, else its previous CPU — unless its affinity allows one CPU only.
    auto idle = [](const Cpu& c) { return !c.curr && c.rq.empty() && !c.scheduling; };
    Cpu* target = &home;
    if (p.pinned_cpu >= 0 && size_t(p.pinned_cpu) < cpus_.size()) {
        target = &cpus_[size_t(p.pinned_cpu)];             // cpus_allowed: this CPU only
    } else if (!idle(home)) {
        if (idle(waker)) target = &waker;
        else for (auto& c : cpus_) if (idle(c)) { target = &c; break; }
    }
    w.a = target->id;
    p.cpu = target->id;
    p.lstate = LinuxState::Running;
    // place_entity: a sleeper comes back with at most half a scheduling period of credit.
    int64_t floor = target->min_vruntime - cost_.sched_latency_ns / 2;
    p.vruntime = std::max(p.vruntime, floor);
    p.on_rq = true;
    target->rq.push_back(&p);
    set_state(p, TaskState::Ready, LinuxState::Running, WaitEnd::Woken);
    Record& e = emit(Kind::RunqEnqueue, target->id, p.tid);
    e.a = int64_t(target->rq.size());
    if (!target->curr) {
        // An idle CPU: kick it (IPI) unless we are running on it already, in which case the
        // return from this interrupt schedules.
        if (target != &waker && !target->scheduling && !target->in_interrupt) raise_irq(target->id, IrqKind::Resched);
    } else if (target->curr != &p) {
        // check_preempt_wakeup: preempt the current task if the wakee is far enough behind.
        update_curr(*target);
        Task& cur = *target->curr;
        if (cur.vruntime - p.vruntime > cost_.wakeup_granularity_ns && !target->need_resched) {
            target->need_resched = true;
            Record& n = emit(Kind::NeedResched, target->id, cur.tid);
            n.name = nm("check_preempt_wakeup");
            if (target != &waker) raise_irq(target->id, IrqKind::Resched);
        }
    }
    return true;
}

} // namespace ioscope
