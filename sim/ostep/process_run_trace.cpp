// process_run_trace.cpp — see process_run_trace.h. A ScheduleObserver that turns each step of
// the original's scheduler into trace records, plus one bilingual narration per tick.
#include "process_run_trace.h"

#include <algorithm>
#include <cstdio>

namespace ioscope::ostep {

namespace {

TaskState task_state(ProcState s) {
    switch (s) {
    case ProcState::Ready: return TaskState::Ready;
    case ProcState::Running: return TaskState::Running;
    case ProcState::Blocked: return TaskState::Waiting;
    case ProcState::Done: return TaskState::Terminated;
    }
    return TaskState::Ready;
}

std::string pid_name(size_t pid) { return "PID " + std::to_string(pid); }

class Recorder final : public ScheduleObserver {
public:
    Recorder(const ProcessRunTraceSpec& spec, Trace& tr)
        : spec_(spec), tr_(tr), states_(spec.procs.size(), ProcState::Ready), io_id_(spec.procs.size(), 0) {}

    // Before simulate(): the processes exist and are READY on the run queue, as in the original.
    void start() {
        for (size_t pid = 0; pid < states_.size(); ++pid) {
            uint32_t tid = tid_of(pid);
            if (Record* r = emit(Kind::TaskNew, kNoCpu, tid)) {
                r->a = tid;
                r->name = tr_.intern("PID:" + std::to_string(pid));
            }
            state_change(tid, TaskState::New, LinuxState::New);
            state_change(tid, TaskState::Ready, LinuxState::Running);
            enqueue(tid);
        }
    }

    // After simulate(): the last process is DONE, the CPU goes idle, -p's statistics are told.
    void finish(const Schedule& s) {
        settle_cpu();
        if (Record* r = emit(Kind::Narration, kNoCpu, 0)) {
            auto pct = [&](int64_t n) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.2f", s.total_ticks ? 100.0 * double(n) / double(s.total_ticks) : 0.0);
                return std::string(buf);
            };
            std::string T = std::to_string(s.total_ticks), C = std::to_string(s.cpu_busy), I = std::to_string(s.io_busy);
            r->name = tr_.intern("All processes are DONE after " + T + " ticks. process-run -p would print: Total Time " +
                                 T + ", CPU Busy " + C + " (" + pct(s.cpu_busy) + "%), IO Busy " + I + " (" +
                                 pct(s.io_busy) + "%).");
            r->c = tr_.intern("所有进程在 " + T + " 个时间单位后都已 DONE。process-run -p 会打印：Total Time " + T +
                              "，CPU Busy " + C + "（" + pct(s.cpu_busy) + "%），IO Busy " + I + "（" + pct(s.io_busy) +
                              "%）。");
        }
        flush_notes(INT64_MAX);
    }

    // --- ScheduleObserver ------------------------------------------------------------------------
    void tick_begin(int64_t tick) override {
        tick_ = tick;
        t_ = (tick - 1) * spec_.tick_ns;
    }

    void moved(size_t pid, ProcState from, ProcState to) override {
        const uint32_t tid = tid_of(pid);
        states_[pid] = to;
        if (from == ProcState::Ready) dequeue(tid);
        switch (to) {
        case ProcState::Ready:
            state_change(tid, TaskState::Ready, LinuxState::Running, from == ProcState::Blocked ? WaitEnd::Woken : WaitEnd::None);
            enqueue(tid);
            if (from == ProcState::Running) {
                preempted_ = true;
                event(pid_name(pid) + " is preempted and goes back to READY", pid_name(pid) + " 被抢占，回到 READY");
            }
            break;
        case ProcState::Running:
            switch_to(tid);
            state_change(tid, TaskState::Running, LinuxState::Running);
            if (tick_ == 0) event(pid_name(pid) + " is picked first", "首先选中 " + pid_name(pid));
            else event("the OS switches to " + pid_name(pid), "操作系统切换到 " + pid_name(pid));
            break;
        case ProcState::Blocked:
            state_change(tid, TaskState::Waiting, LinuxState::Uninterruptible, WaitEnd::None, tr_.intern("I/O"));
            break;
        case ProcState::Done:
            if (Record* r = emit(Kind::TaskExit, 0, tid)) r->a = 0;
            state_change(tid, TaskState::Terminated, LinuxState::Zombie);
            event(pid_name(pid) + " has no instructions left: DONE", pid_name(pid) + " 没有剩余指令：DONE");
            break;
        }
    }

    void io_completed(size_t pid) override {
        const uint32_t tid = tid_of(pid);
        if (Record* r = emit(Kind::Marker, 0, tid)) {
            r->name = tr_.intern("I/O done");
            r->a = io_id_[pid];
            r->b = int64_t(MarkerType::Instant);
        }
        if (Record* r = emit(Kind::Wakeup, 0, tid)) r->a = 0;       // woken by the device, not a task
        event(pid_name(pid) + "'s I/O is done (the * in the Time column), so it is READY again",
              pid_name(pid) + " 的 I/O 完成（Time 列中的 *），它重新变为 READY");
    }

    void executed(size_t pid, Instr i) override {
        settle_cpu();
        if (Record* r = emit(Kind::UserStep, 0, tid_of(pid))) {
            r->a = spec_.tick_ns;
            r->name = tr_.intern(instr_name(i));
        }
    }

    void row(const TickRow& row) override {
        settle_cpu();
        narrate(row);
        t_ = row.tick * spec_.tick_ns;                  // what follows happens at the end of the tick
    }

    void io_issued(size_t pid, int64_t done_tick) override {
        const uint32_t tid = tid_of(pid);
        io_id_[pid] = ++ios_;
        if (Record* r = emit(Kind::Marker, 0, tid)) {
            r->name = tr_.intern("I/O start");
            r->a = io_id_[pid];
            r->b = int64_t(MarkerType::Instant);
        }
        std::string d = std::to_string(done_tick);
        event(pid_name(pid) + " has started an I/O and is BLOCKED waiting for it (it completes at tick " + d + ")",
              pid_name(pid) + " 发起了一次 I/O，进入 BLOCKED 状态等待它完成（在时间 " + d + " 完成）");
    }

private:
    uint32_t tid_of(size_t pid) const { return kFirstTid + uint32_t(pid); }

    // A record at the current time, or nullptr past --until. Notes from the file come first.
    Record* emit(Kind k, uint8_t cpu, uint32_t task) {
        if (t_ > spec_.until_ns) return nullptr;
        flush_notes(t_);
        Record r;
        r.t = t_;
        r.kind = k;
        r.cpu = cpu;
        r.task = task;
        tr_.push(r);
        return &tr_.records.back();
    }

    void flush_notes(int64_t upto) {
        while (next_note_ < spec_.notes.size() && spec_.notes[next_note_].at_ns <= upto &&
               spec_.notes[next_note_].at_ns <= spec_.until_ns) {
            const TraceNote& n = spec_.notes[next_note_++];
            Record r;
            r.t = std::max(n.at_ns, tr_.records.empty() ? int64_t(0) : tr_.records.back().t);
            r.kind = Kind::Narration;
            r.name = tr_.intern(n.en);
            r.c = tr_.intern(n.zh);
            tr_.push(r);
        }
    }

    void state_change(uint32_t tid, TaskState s, LinuxState ls, WaitEnd end = WaitEnd::None, uint32_t reason = 0) {
        if (Record* r = emit(Kind::StateChange, 0, tid)) {
            r->a = int64_t(s);
            r->b = int64_t(ls);
            r->c = uint32_t(end);
            r->name = reason;
        }
    }

    void enqueue(uint32_t tid) {
        runq_.push_back(tid);
        if (Record* r = emit(Kind::RunqEnqueue, 0, tid)) r->a = int64_t(runq_.size());
    }

    void dequeue(uint32_t tid) {
        runq_.erase(std::find(runq_.begin(), runq_.end(), tid));
        if (Record* r = emit(Kind::RunqDequeue, 0, tid)) r->a = int64_t(runq_.size());
    }

    // The CPU goes to `next` (0 = idle). Separate processes have separate address spaces, so the
    // mm changes unless the CPU returns from idle to the process whose mm it still holds.
    void switch_to(uint32_t next) {
        if (next == on_cpu_) return;
        if (Record* r = emit(Kind::ContextSwitch, 0, next)) {
            r->obj2 = on_cpu_;
            r->a = on_cpu_ ? int64_t(task_state(states_[on_cpu_ - kFirstTid])) : 0;
            r->b = next && next != last_mm_ ? 1 : 0;
            r->c = preempted_ ? 1 : 0;
        }
        preempted_ = false;
        on_cpu_ = next;
        if (next) last_mm_ = next;
        CpuMode mode = next ? CpuMode::User : CpuMode::Idle;
        if (mode != mode_)
            if (Record* r = emit(Kind::ModeSwitch, 0, next)) {
                r->a = int64_t(mode);
                r->b = int64_t(mode_);
            }
        mode_ = mode;
    }

    // If the process on the CPU stopped running and nobody took its place, the CPU idles.
    void settle_cpu() {
        if (on_cpu_ && states_[on_cpu_ - kFirstTid] != ProcState::Running) {
            switch_to(0);
            event("nothing is READY: the CPU is idle", "没有 READY 的进程：CPU 空闲");
        }
    }

    void event(std::string en, std::string zh) {
        ev_en_.push_back(std::move(en));
        ev_zh_.push_back(std::move(zh));
    }

    // "Tick 7*: <what changed>. <what runs>. <the other processes>. <I/Os in flight>."
    void narrate(const TickRow& row) {
        std::string en = "Tick " + std::to_string(row.tick) + (row.io_done ? "*" : "") + ": ";
        std::string zh = "时间 " + std::to_string(row.tick) + (row.io_done ? "*" : "") + "：";
        for (size_t i = 0; i < ev_en_.size(); ++i) {
            en += (i ? "; " : "") + ev_en_[i];
            zh += (i ? "；" : "") + ev_zh_[i];
        }
        if (!ev_en_.empty()) { en += ". "; zh += "。"; }
        ev_en_.clear();
        ev_zh_.clear();
        if (row.executed) {
            std::string p = pid_name(row.executed->first);
            switch (row.executed->second) {
            case Instr::Cpu:
                en += p + " runs one cpu instruction.";
                zh += p + " 执行一条 cpu 指令。";
                break;
            case Instr::Io:
                en += p + " runs io: starting an I/O takes this tick of CPU.";
                zh += p + " 执行 io：发起 I/O 要占用这一个时间单位的 CPU。";
                break;
            case Instr::IoDone:
                en += p + " runs io_done: one more tick of CPU to handle its finished I/O.";
                zh += p + " 执行 io_done：再用一个时间单位的 CPU 处理已完成的 I/O。";
                break;
            }
        } else {
            en += "No process runs: the CPU is idle.";
            zh += "没有进程在运行：CPU 空闲。";
        }
        // The others, grouped by the state the -c output prints for them.
        for (ProcState s : { ProcState::Ready, ProcState::Blocked, ProcState::Done }) {
            std::string list;
            for (size_t pid = 0; pid < row.states.size(); ++pid)
                if (row.states[pid] == s && !(row.executed && row.executed->first == pid))
                    list += (list.empty() ? "" : ", ") + pid_name(pid);
            if (list.empty()) continue;
            en += std::string(" ") + state_name(s) + ": " + list + ".";
            zh += std::string(state_name(s)) + "：" + list + "。";
        }
        if (row.ios_in_flight > 0) {
            std::string n = std::to_string(row.ios_in_flight);
            en += " " + n + (row.ios_in_flight == 1 ? " I/O" : " I/Os") + " in flight.";
            zh += n + " 个 I/O 正在进行。";
        }
        if (Record* r = emit(Kind::Narration, kNoCpu, 0)) {
            r->name = tr_.intern(en);
            r->c = tr_.intern(zh);
        }
    }

    const ProcessRunTraceSpec& spec_;
    Trace& tr_;
    std::vector<ProcState> states_;       // as the scheduler last moved them
    std::vector<uint32_t> runq_;          // READY tasks, in enqueue order
    std::vector<int64_t> io_id_;          // per pid: id of its latest I/O
    int64_t ios_ { 0 };
    int64_t tick_ { 0 };
    int64_t t_ { 0 };                     // time of the records being written
    uint32_t on_cpu_ { 0 }, last_mm_ { 0 };
    CpuMode mode_ { CpuMode::Idle };
    bool preempted_ { false };            // the next switch-out is involuntary (IO_RUN_IMMEDIATE)
    size_t next_note_ { 0 };
    std::vector<std::string> ev_en_, ev_zh_;   // what happened since the last narration
};

} // namespace

Schedule record_process_run(const ProcessRunTraceSpec& spec, Trace& out) {
    Recorder rec(spec, out);
    rec.start();
    Schedule s = simulate(spec.procs, spec.switch_on_end, spec.io_run_immediate, spec.io_length, &rec);
    rec.finish(s);
    return s;
}

} // namespace ioscope::ostep
