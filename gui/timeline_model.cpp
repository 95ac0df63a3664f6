// timeline_model.cpp — one pass over the records, following record.h's field contract.
#include "timeline_model.h"

namespace ioscope::gui {

namespace {

constexpr uint32_t kNone = UINT32_MAX;

// Close the last span of `v` if it is still open, dropping it when it has no duration (a task
// that is Ready and Running at the same nanosecond was never visibly Ready).
void close_last(std::vector<Span>& v, uint32_t& open, int64_t t, uint32_t rec, bool drop_empty) {
    if (open == kNone) return;
    Span& s = v[open];
    s.t1 = std::max(t, s.t0);
    s.rec_end = rec;
    if (drop_empty && s.t1 == s.t0 && open + 1 == v.size()) v.pop_back();
    open = kNone;
}

uint32_t open_span(std::vector<Span>& v, int64_t t, uint32_t rec, uint32_t value, uint32_t label) {
    v.push_back(Span { t, t, rec, UINT32_MAX, value, label });
    return uint32_t(v.size() - 1);
}

struct CpuBuild {
    uint32_t run_open { kNone }, mode_open { kNone };
    CpuMode mode { CpuMode::Idle };
    bool curr_known { false };
};

struct TaskBuild {
    uint32_t state_open { kNone }, sys_open { kNone };
};

} // namespace

TimelineModel TimelineModel::build(const ioscope::Trace& trace) {
    using ioscope::Kind;
    TimelineModel m;
    m.t_begin = 0;
    m.t_end = std::max<int64_t>(trace.end_ns(), 1);

    uint32_t ncpus = std::max<uint32_t>(trace.meta.cpus, 1);
    for (const Record& r : trace.records)
        if (r.cpu != kNoCpu) ncpus = std::max<uint32_t>(ncpus, uint32_t(r.cpu) + 1);
    m.cpus.resize(ncpus);
    for (uint32_t c = 0; c < ncpus; ++c) m.cpus[c].cpu = c;
    std::vector<CpuBuild> cb(ncpus);

    std::vector<TaskBuild> tb;
    auto task_of = [&](uint32_t tid) -> uint32_t {
        auto [it, fresh] = m.task_index.try_emplace(tid, uint32_t(m.tasks.size()));
        if (fresh) {
            TaskLaneData d;
            d.tid = tid;
            d.pid = tid;                                  // until a TaskNew says otherwise
            m.tasks.push_back(std::move(d));
            tb.emplace_back();
        }
        return it->second;
    };

    const auto& recs = trace.records;
    for (uint32_t i = 0; i < recs.size(); ++i) {
        const Record& r = recs[i];
        const bool on_cpu = r.cpu != kNoCpu;
        switch (r.kind) {
        case Kind::TaskNew: {
            uint32_t k = task_of(r.task);
            m.tasks[k].pid = uint32_t(r.a);
            m.tasks[k].comm = r.name;
            close_last(m.tasks[k].state, tb[k].state_open, r.t, i, true);
            tb[k].state_open = open_span(m.tasks[k].state, r.t, i, uint32_t(TaskState::New), 0);
            break;
        }
        case Kind::TaskRename: {
            if (r.task == 0) break;
            m.tasks[task_of(r.task)].renames.emplace_back(r.t, r.name);
            break;
        }
        case Kind::StateChange: {
            if (r.task == 0) break;
            uint32_t k = task_of(r.task);
            close_last(m.tasks[k].state, tb[k].state_open, r.t, i, true);
            const auto st = TaskState(r.a);
            tb[k].state_open = open_span(m.tasks[k].state, r.t, i, uint32_t(r.a),
                                         st == TaskState::Waiting ? r.name : 0);
            break;
        }
        case Kind::TaskExit: {
            uint32_t k = task_of(r.task);
            close_last(m.tasks[k].state, tb[k].state_open, r.t, i, true);
            close_last(m.tasks[k].syscalls, tb[k].sys_open, r.t, i, false);
            tb[k].state_open = open_span(m.tasks[k].state, r.t, i, uint32_t(TaskState::Terminated), 0);
            break;
        }
        case Kind::SyscallEnter: {
            if (r.task == 0) break;
            uint32_t k = task_of(r.task);
            close_last(m.tasks[k].syscalls, tb[k].sys_open, r.t, i, false);
            tb[k].sys_open = open_span(m.tasks[k].syscalls, r.t, i, 0, r.name);
            break;
        }
        case Kind::SyscallExit: {
            if (r.task == 0) break;
            uint32_t k = task_of(r.task);
            close_last(m.tasks[k].syscalls, tb[k].sys_open, r.t, i, false);
            break;
        }
        case Kind::KernelStep:
        case Kind::UserStep: {
            // Interrupt work (and scheduler work with no task) belongs to the CPU, not to the task
            // it happened to interrupt.
            const bool irq_ctx = on_cpu && (cb[r.cpu].mode == CpuMode::Irq || cb[r.cpu].mode == CpuMode::Softirq);
            std::vector<Span>* steps = nullptr;
            uint32_t value = r.kind == Kind::UserStep ? 1u : 0u;
            if (on_cpu && (irq_ctx || r.task == 0)) {
                steps = &m.cpus[r.cpu].steps;
                value = uint32_t(cb[r.cpu].mode);
            } else if (r.task != 0) {
                steps = &m.tasks[task_of(r.task)].steps;
            }
            if (!steps) break;
            // Steps are sequential per lane; if the model emits the next one before the previous
            // cost has elapsed, the earlier one ends there (keeps the list non-overlapping).
            if (!steps->empty() && steps->back().t1 > r.t) steps->back().t1 = std::max(steps->back().t0, r.t);
            steps->push_back(Span { r.t, r.t + std::max<int64_t>(r.a, 0), i, i, value, r.name });
            break;
        }
        case Kind::ContextSwitch: {
            if (!on_cpu) break;
            auto& c = m.cpus[r.cpu];
            close_last(c.run, cb[r.cpu].run_open, r.t, i, true);
            cb[r.cpu].curr_known = true;
            if (r.task != 0) cb[r.cpu].run_open = open_span(c.run, r.t, i, r.task, 0);
            break;
        }
        case Kind::ModeSwitch: {
            if (!on_cpu) break;
            auto& c = m.cpus[r.cpu];
            close_last(c.mode, cb[r.cpu].mode_open, r.t, i, true);
            cb[r.cpu].mode = CpuMode(r.a);
            if (CpuMode(r.a) != CpuMode::Idle) cb[r.cpu].mode_open = open_span(c.mode, r.t, i, uint32_t(r.a), 0);
            break;
        }
        case Kind::ObjectNew:
            m.objects[r.obj] = ObjectName { uint8_t(r.a), r.name, r.obj2 };
            break;
        case Kind::ClockTick:
            if (on_cpu) m.cpus[r.cpu].marks.push_back(Instant { r.t, r.t, i, Instant::Tick });
            break;
        case Kind::IrqEnter:
            if (on_cpu) m.cpus[r.cpu].marks.push_back(Instant { r.t, r.t, i, Instant::Irq });
            break;
        case Kind::SoftirqEnter:
            if (on_cpu) m.cpus[r.cpu].marks.push_back(Instant { r.t, r.t, i, Instant::Softirq });
            break;
        case Kind::Wakeup:
            if (r.task != 0) {
                task_of(r.task);
                m.flows.push_back(Flow { r.t, r.t, i, r.obj2, r.cpu, r.task });
            }
            break;
        default:
            break;
        }
        // A trace that starts mid-run (cut, imported) may show work on a CPU before any context
        // switch there: the task doing it is the one running.
        if (on_cpu && r.task != 0 && !cb[r.cpu].curr_known &&
            (r.kind == Kind::ModeSwitch || r.kind == Kind::KernelStep || r.kind == Kind::UserStep ||
             r.kind == Kind::SyscallEnter || r.kind == Kind::SyscallExit)) {
            cb[r.cpu].curr_known = true;
            cb[r.cpu].run_open = open_span(m.cpus[r.cpu].run, r.t, i, r.task, 0);
        }
    }

    // Close what is still open at the end of the recorded interval (rec_end stays "open").
    constexpr uint32_t kOpenAtEnd = UINT32_MAX;
    for (uint32_t c = 0; c < ncpus; ++c) {
        close_last(m.cpus[c].run, cb[c].run_open, m.t_end, kOpenAtEnd, false);
        close_last(m.cpus[c].mode, cb[c].mode_open, m.t_end, kOpenAtEnd, false);
    }
    for (uint32_t k = 0; k < m.tasks.size(); ++k) {
        close_last(m.tasks[k].state, tb[k].state_open, m.t_end, kOpenAtEnd, false);
        close_last(m.tasks[k].syscalls, tb[k].sys_open, m.t_end, kOpenAtEnd, false);
    }

    // Wakeup arrows end where the wakee next starts running.
    for (Flow& f : m.flows) {
        const Record& r = recs[f.rec];
        const TaskLaneData* t = m.task(f.to_task);
        if (!t || r.b == 1) continue;                // already running: nothing to wait for
        auto it = std::lower_bound(t->state.begin(), t->state.end(), f.t0,
                                   [](const Span& s, int64_t v) { return s.t0 < v; });
        for (; it != t->state.end(); ++it)
            if (TaskState(it->value) == TaskState::Running) { f.t1 = it->t0; break; }
        m.max_flow_ns = std::max(m.max_flow_ns, f.t1 - f.t0);
    }

    // Lanes in (pid, tid) order, except that a process whose tasks had all exited before half
    // of the trace goes after the others: a master that forks its workers and exits (prefork
    // servers, thundering-herd) would otherwise take the first task lane and push the lanes
    // that do the work off the first screen. The index follows.
    std::unordered_map<uint32_t, int64_t> proc_end;   // pid -> when its last task exited (t_end: alive)
    for (const TaskLaneData& t : m.tasks) {
        const bool exited = !t.state.empty() && TaskState(t.state.back().value) == TaskState::Terminated;
        const int64_t end = exited ? t.state.back().t0 : m.t_end;
        auto [it, fresh] = proc_end.try_emplace(t.pid, end);
        if (!fresh) it->second = std::max(it->second, end);
    }
    const int64_t half = m.t_begin + (m.t_end - m.t_begin) / 2;
    auto exited_early = [&](const TaskLaneData& t) { return proc_end[t.pid] < half; };
    std::stable_sort(m.tasks.begin(), m.tasks.end(), [&](const TaskLaneData& a, const TaskLaneData& b) {
        const bool ea = exited_early(a), eb = exited_early(b);
        if (ea != eb) return eb;
        return a.pid != b.pid ? a.pid < b.pid : a.tid < b.tid;
    });
    m.task_index.clear();
    for (uint32_t k = 0; k < m.tasks.size(); ++k) m.task_index[m.tasks[k].tid] = k;
    return m;
}

} // namespace ioscope::gui
