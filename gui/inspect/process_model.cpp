// process_model.cpp — see the header. Every value is read from State; the highlight comes from
// the current record's kind and the fields record.h says it changes.
#include "process_model.h"

namespace ioscope::gui {

using ioscope::Kind;

namespace {

// Which PCB the current record changed, and which column.
void mark_pcb(const ioscope::Record& r, std::vector<PcbRow>& rows) {
    uint32_t tid = r.task;
    const char* field = "";
    switch (r.kind) {
    case Kind::TaskNew: case Kind::TaskExit: case Kind::StateChange: field = "state"; break;
    case Kind::TaskRename: field = "comm"; break;
    case Kind::ContextSwitch: tid = r.obj2; field = "saved_context"; break;   // prev's PCB is written
    case Kind::SyscallEnter: case Kind::SyscallExit: field = "syscall"; break;
    case Kind::ModeSwitch: field = "cpu_time"; break;
    case Kind::SignalRaise: case Kind::SignalDeliver: field = "signals"; break;
    default: return;
    }
    for (PcbRow& p : rows)
        if (p.tid == tid && tid != 0) { p.highlight = true; p.changed_field = field; }
}

} // namespace

ProcessView build_process_view(const InspectInput& in) {
    ProcessView v;
    const ioscope::State& st = in.state;
    for (const auto& [tid, t] : st.tasks) {
        PcbRow p;
        p.tid = tid;
        p.pid = t.pid;
        p.comm = in.str(t.comm);
        p.thread = t.thread;
        p.state = t.state;
        p.lstate = t.lstate;
        if (t.state == ioscope::TaskState::Waiting) {
            p.wait_reason = in.str(t.wait_reason);
            if (t.wait_queue) p.wait_queue = in.object_name(t.wait_queue);
        }
        p.syscall = in.str(t.syscall);
        p.saved_context = in.str(t.saved_context);
        p.user_ns = t.user_ns;
        p.kernel_ns = t.kernel_ns;
        p.nvcsw = t.nvcsw;
        p.nivcsw = t.nivcsw;
        p.cpu = t.cpu == ioscope::kNoCpu ? -1 : int(t.cpu);
        for (const auto& c : st.cpus) if (c.curr == tid) p.on_cpu = true;
        v.rows.push_back(std::move(p));
    }
    const ioscope::Record* r = in.rec();
    if (r) mark_pcb(*r, v.rows);

    for (size_t i = 0; i < st.cpus.size(); ++i) {
        const ioscope::CpuInfo& c = st.cpus[i];
        const bool here = r && r->cpu == i;
        RunQueueView q;
        q.cpu = int(i);
        q.curr = c.curr;
        q.curr_name = in.task_name(c.curr);
        q.queued = c.runq;
        for (uint32_t t : c.runq) q.queued_names.push_back(in.task_name(t));
        if (here && (r->kind == Kind::RunqEnqueue || r->kind == Kind::RunqDequeue || r->kind == Kind::ContextSwitch)) {
            q.highlight = true;
            q.moved_task = r->task;
            q.enqueued = r->kind == Kind::RunqEnqueue;
        }
        v.runqueues.push_back(std::move(q));

        CpuView cv;
        cv.cpu = int(i);
        cv.curr = c.curr;
        cv.curr_name = in.task_name(c.curr);
        cv.mode = c.mode;
        cv.in_mode_ns = st.now - c.mode_since;
        cv.jiffies = c.jiffies;
        cv.tick_now = here && r->kind == Kind::ClockTick;
        cv.need_resched = c.need_resched;
        cv.last_fn = in.str(c.last_fn);
        for (int m = 0; m < 5; ++m) cv.busy_ns[m] = c.busy_ns[m];
        cv.switches = c.switches;
        cv.highlight = here;
        v.cpus.push_back(std::move(cv));
    }
    return v;
}

} // namespace ioscope::gui
