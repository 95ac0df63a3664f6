// waitqueue_model.cpp — see the header.
#include "waitqueue_model.h"

namespace ioscope::gui {

using ioscope::Kind;

uint32_t entry_task(const InspectInput& in, uint32_t task, uint32_t owner) {
    if (task) return task;
    // pollwake entries carry the poll_wqueues, not a task: its polling task created the table.
    auto o = in.state.objects.find(owner);
    return o != in.state.objects.end() && o->second.type == ioscope::ObjType::PollTable ? o->second.task : 0;
}

TaskWaitEntries task_wait_entries(const InspectInput& in, uint32_t tid) {
    TaskWaitEntries out;
    if (!tid) return out;
    const ioscope::Record* r = in.rec();
    for (const auto& [qid, o] : in.state.objects) {
        if (o.type != ioscope::ObjType::WaitQueue) continue;
        for (const ioscope::WaitEntryInfo& e : o.waiters)
            if (entry_task(in, e.task, e.owner) == tid)
                out.entries.push_back({ in.object_name(qid), in.str(e.func),
                                        r && r->kind == Kind::WqAdd && r->obj == qid && uint32_t(r->a) == e.id });
    }
    // poll_freewait unlinks pollwake entries (no task of their own) in the polling task's context.
    if (r && r->kind == Kind::WqRemove &&
        (r->task == tid || (r->cpu < in.state.cpus.size() && in.state.cpus[r->cpu].curr == tid)))
        out.removed = in.object_name(r->obj);
    return out;
}

std::string remover_of(const InspectInput& in) {
    const ioscope::Record* r = in.rec();
    if (!r || r->kind != Kind::WqRemove) return {};
    // A WqRemove emitted inside a wake walk (autoremove_wake_function) comes right before that
    // entry's WqWake; otherwise remove_wait_queue ran as a KernelStep just before it.
    if (in.record + 1 < in.trace.size()) {
        const ioscope::Record& n = in.trace.records[in.record + 1];
        if (n.kind == Kind::WqWake && n.obj == r->obj && n.a == r->a) return in.str(n.name);
    }
    const ioscope::CpuInfo* cpu = r->cpu < in.state.cpus.size() ? &in.state.cpus[r->cpu] : nullptr;
    std::string fn = cpu ? in.str(cpu->last_fn) : std::string();
    // select/poll remove every entry of their table on the way out: poll_freewait.
    const uint32_t tid = r->task ? r->task : (cpu ? cpu->curr : 0);
    auto t = in.state.tasks.find(tid);
    if (fn == "remove_wait_queue" && t != in.state.tasks.end()) {
        const std::string call = in.str(t->second.syscall);
        if (call == "select" || call == "poll" || call == "pselect6" || call == "ppoll") return "poll_freewait";
    }
    return fn.empty() ? "remove_wait_queue" : fn;
}

WaitQueuesView build_wait_queues_view(const InspectInput& in) {
    WaitQueuesView v;
    const ioscope::Record* r = in.rec();
    const bool wq_record = r && (r->kind == Kind::WqAdd || r->kind == Kind::WqRemove || r->kind == Kind::WqWake);
    for (const auto& [id, o] : in.state.objects) {
        if (o.type != ioscope::ObjType::WaitQueue) continue;
        const bool touched = wq_record && r->obj == id;
        if (o.waiters.empty() && !touched) continue;
        WaitQueueView q;
        q.id = id;
        q.name = in.object_name(id);
        if (o.owner) {
            q.owner = in.object_name(o.owner);
            auto ow = in.state.objects.find(o.owner);
            if (ow != in.state.objects.end()) { q.owner_type = ow->second.type; q.owner_known = true; }
        }
        q.highlight = touched;
        for (const ioscope::WaitEntryInfo& e : o.waiters) {
            WaitEntryView ev;
            ev.id = e.id;
            ev.task = e.task;
            ev.task_name = e.task ? in.task_name(e.task) : std::string();
            ev.func = in.str(e.func);
            ev.exclusive = (e.flags & ioscope::WQ_FLAG_EXCLUSIVE) != 0;
            ev.woken_flag = (e.flags & ioscope::WQ_FLAG_WOKEN) != 0;
            if (e.owner) ev.owner = in.object_name(e.owner);
            ev.for_task = entry_task(in, e.task, e.owner);
            ev.for_task_name = ev.for_task ? in.task_name(ev.for_task) : std::string();
            if (touched && uint32_t(r->a) == e.id) {
                if (r->kind == Kind::WqAdd) ev.change = EntryChange::Added;
                else if (r->kind == Kind::WqWake) ev.change = r->b ? EntryChange::Woken : EntryChange::WakeDeclined;
            }
            q.entries.push_back(std::move(ev));
        }
        // A removed entry is gone from the state: its task comes from the record that added it
        // (a pollwake entry has no task of its own: the poll table's owner is the waiter).
        auto removed_task = [&](uint32_t entry) -> uint32_t {
            constexpr size_t kLookBack = 200000;
            for (size_t i = in.record; i-- > 0 && in.record - i <= kLookBack;) {
                const ioscope::Record& a = in.trace.records[i];
                if (a.kind == Kind::WqAdd && a.obj == r->obj && uint32_t(a.a) == entry) return entry_task(in, a.task, a.obj2);
            }
            return r->task;
        };
        if (touched && r->kind == Kind::WqRemove) {
            const uint32_t t = removed_task(uint32_t(r->a));
            q.removed = RemovedEntry { uint32_t(r->a), t, t ? in.task_name(t) : std::string(), remover_of(in) };
        }
        // autoremove_wake_function unlinks the entry before its WqWake record: show it as removed.
        if (touched && r->kind == Kind::WqWake) {
            bool present = false;
            for (const auto& e : q.entries) present |= e.id == uint32_t(r->a);
            if (!present) {
                const uint32_t t = removed_task(uint32_t(r->a));
                q.removed = RemovedEntry { uint32_t(r->a), t, t ? in.task_name(t) : std::string(), in.str(r->name) };
            }
        }
        v.queues.push_back(std::move(q));
    }
    return v;
}

} // namespace ioscope::gui
