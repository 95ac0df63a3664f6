// inspectors.cpp — see the header.
#include "inspectors.h"

namespace ioscope::gui {

using ioscope::Kind;

namespace {

constexpr const char* kKeys[kInspectorCount] = { "processes", "cpus", "waitqueues", "select", "poll", "epoll", "sockets", "signals" };
constexpr SI kTitles[kInspectorCount] = { SI::TabProcesses, SI::TabCpus, SI::TabWaitQueues, SI::TabSelect,
                                          SI::TabPoll, SI::TabEpoll, SI::TabSockets, SI::TabSignals };

// The wake function of the entry a wait-queue record is about. WqAdd and WqWake name it; a
// WqRemove does not, and its entry is gone from the state: the record that added it does.
std::string wake_function(const InspectInput& in) {
    const ioscope::Record* r = in.rec();
    if (!r) return {};
    if (r->kind != Kind::WqRemove) return in.str(r->name);
    constexpr size_t kLookBack = 200000;
    for (size_t i = in.record; i-- > 0 && in.record - i <= kLookBack;) {
        const ioscope::Record& a = in.trace.records[i];
        if (a.kind == Kind::WqAdd && a.obj == r->obj && a.a == r->a) return in.str(a.name);
    }
    return {};
}

// The task running on the record's CPU once it happened (the context it ran in: a WqRemove of a
// pollwake entry names no task, a softirq names whom it wakes), else the record's task.
uint32_t context_task(const InspectInput& in) {
    const ioscope::Record* r = in.rec();
    if (!r) return 0;
    if (r->kind != Kind::ContextSwitch && r->cpu < in.state.cpus.size() && in.state.cpus[r->cpu].curr) return in.state.cpus[r->cpu].curr;
    return r->task;
}

} // namespace

const char* inspector_key(InspectorId id) { return size_t(id) < kInspectorCount ? kKeys[size_t(id)] : "?"; }

bool inspector_from_key(const std::string& key, InspectorId& out) {
    for (size_t i = 0; i < kInspectorCount; ++i)
        if (key == kKeys[i]) { out = InspectorId(i); return true; }
    return false;
}

std::string inspector_keys() {
    std::string s;
    for (const char* k : kKeys) s += (s.empty() ? "" : ", ") + std::string(k);
    return s;
}

SI inspector_title(InspectorId id) { return size_t(id) < kInspectorCount ? kTitles[size_t(id)] : SI::Inspectors; }

std::array<bool, kInspectorCount> available_inspectors(const ioscope::Trace& trace) {
    std::array<bool, kInspectorCount> a {};
    a[size_t(InspectorId::Processes)] = a[size_t(InspectorId::Cpus)] = true;
    for (const ioscope::Record& r : trace.records) {
        switch (r.kind) {
        case Kind::WqAdd: a[size_t(InspectorId::WaitQueues)] = true; break;
        case Kind::FdSetCopyIn: a[size_t(InspectorId::Select)] = true; break;
        case Kind::PollfdWrite: a[size_t(InspectorId::Poll)] = true; break;
        case Kind::RbInsert: a[size_t(InspectorId::Epoll)] = true; break;
        case Kind::SockBuf: case Kind::SockState: case Kind::PacketRx: a[size_t(InspectorId::Sockets)] = true; break;
        case Kind::SignalRaise: case Kind::SignalDeliver: case Kind::AioSubmit: case Kind::AioComplete:
            a[size_t(InspectorId::Signals)] = true; break;
        default: break;
        }
    }
    return a;
}

InspectorId call_inspector(const InspectInput& in, uint32_t tid) {
    auto t = in.state.tasks.find(tid);
    if (t == in.state.tasks.end() || !t->second.syscall) return InspectorId::Processes;
    const std::string call = in.str(t->second.syscall);
    if (call == "select" || call == "pselect6") return InspectorId::Select;
    if (call == "poll" || call == "ppoll") return InspectorId::Poll;
    if (call.rfind("epoll_wait", 0) == 0 || call == "epoll_pwait" || call == "epoll_pwait2") return InspectorId::Epoll;
    return InspectorId::Processes;
}

void InspectorFocus::reset(const std::array<bool, kInspectorCount>& available) {
    available_ = available;
    if (!available_[size_t(active_)]) active_ = InspectorId::Processes;
    hold_task_ = 0;
    hold_call_ = 0;
    sw_task_ = UINT32_MAX;
    switches_ = 0;
}

InspectorId InspectorFocus::update(const InspectInput& in) {
    const ioscope::Record* r = in.rec();
    if (!r) return active_;
    auto calls_of = [&](uint32_t tid, bool& in_call) -> uint64_t {
        auto t = in.state.tasks.find(tid);
        in_call = t != in.state.tasks.end() && t->second.syscall != 0;
        return t == in.state.tasks.end() ? 0 : t->second.syscalls;
    };
    InspectorId want = inspector_for_record(in);
    const uint32_t ctx = context_task(in);
    const InspectorId own = call_inspector(in, ctx);
    bool in_call = false;
    const uint64_t calls = calls_of(ctx, in_call);
    if (own != InspectorId::Processes && available_[size_t(own)]) {
        // The record's task is in a multiplexing call: everything it does belongs to that picture.
        want = own;
        hold_task_ = ctx;
        hold_call_ = calls;
    } else if (hold_task_) {
        // Another context (softirq delivering the packet, the client, the scheduler) while the
        // holding task still sits in its call: the call's tab stays.
        bool held_in_call = false;
        const uint64_t held_calls = calls_of(hold_task_, held_in_call);
        if (held_in_call && held_calls == hold_call_ && call_inspector(in, hold_task_) == active_) return active_;
        hold_task_ = 0;
    }
    if (want == active_ || !available_[size_t(want)]) return active_;
    // Records that change nothing an inspector draws on its own (a kernel step, the user/kernel
    // mode switch around every syscall, the end of an interrupt) keep the tab: they would otherwise drag it to Processes
    // or CPUs and back at every call.
    const bool mux = own != InspectorId::Processes;
    const bool process_kind = r->kind == Kind::RunqEnqueue || r->kind == Kind::RunqDequeue || r->kind == Kind::ContextSwitch ||
                              r->kind == Kind::StateChange || r->kind == Kind::Wakeup || r->kind == Kind::TaskNew ||
                              r->kind == Kind::TaskExit || r->kind == Kind::TaskCrash || r->kind == Kind::TaskRename;
    if (!mux && (r->kind == Kind::ModeSwitch || r->kind == Kind::IrqExit || r->kind == Kind::SoftirqExit || (want == InspectorId::Processes && !process_kind))) return active_;
    // One switch per stretch: a syscall of a task, or the user-mode / interrupt stretch after it.
    // The multiplexing call's own tab always wins (it is the call's picture).
    const bool same_stretch = ctx == sw_task_ && calls == sw_call_ && in_call == sw_in_call_;
    if (same_stretch && !mux) return active_;
    sw_task_ = ctx;
    sw_call_ = calls;
    sw_in_call_ = in_call;
    active_ = want;
    ++switches_;
    return active_;
}

InspectorId inspector_for_record(const InspectInput& in) {
    const ioscope::Record* r = in.rec();
    if (!r) return InspectorId::Processes;
    auto syscall_of = [&](uint32_t tid) -> std::string {
        auto t = in.state.tasks.find(tid);
        return t == in.state.tasks.end() ? std::string() : in.str(t->second.syscall);
    };
    // Kernel steps inside a multiplexing call belong to that call's picture.
    auto by_call = [&] {
        const std::string call = syscall_of(r->task);
        if (call == "select" || call == "pselect6") return InspectorId::Select;
        if (call == "poll" || call == "ppoll") return InspectorId::Poll;
        if (call.rfind("epoll_", 0) == 0) return InspectorId::Epoll;
        return InspectorId::Processes;
    };
    switch (r->kind) {
    case Kind::FdSetCopyIn: case Kind::FdSetCopyOut: case Kind::FdSetWord: return InspectorId::Select;
    case Kind::PollfdWrite: return InspectorId::Poll;
    case Kind::FdPoll: {
        const std::string call = syscall_of(r->task);
        if (call == "poll" || call == "ppoll") return InspectorId::Poll;
        if (call == "epoll_wait" || call == "epoll_pwait") return InspectorId::Epoll;
        return InspectorId::Select;
    }
    case Kind::RbInsert: case Kind::RbErase: case Kind::RbRecolor: case Kind::RbRotate:
    case Kind::RdlAdd: case Kind::RdlRemove: case Kind::OvfAdd: case Kind::OvfRemove:
        return InspectorId::Epoll;
    case Kind::WqAdd: case Kind::WqRemove: case Kind::WqWake: {
        // An epitem's ep_poll_callback entry on a socket belongs to the epoll picture, and so
        // does ep->wq.
        if (wake_function(in) == "ep_poll_callback") return InspectorId::Epoll;
        auto q = in.state.objects.find(r->obj);
        if (q != in.state.objects.end()) {
            auto o = in.state.objects.find(q->second.owner);
            if (o != in.state.objects.end() && o->second.type == ioscope::ObjType::EventPoll) return InspectorId::Epoll;
        }
        return InspectorId::WaitQueues;
    }
    case Kind::CopyFromUser:
        if (auto o = in.state.objects.find(r->obj); o != in.state.objects.end() && o->second.type == ioscope::ObjType::PollTable)
            return InspectorId::Poll;
        return by_call();
    case Kind::PacketRx: case Kind::PacketTx: case Kind::SockBuf: case Kind::SockState: case Kind::SoftirqEnter:
    case Kind::IrqEnter:
        if (r->kind == Kind::IrqEnter && in.str(r->name).find("nic") == std::string::npos) return InspectorId::Cpus;
        if (r->kind == Kind::SoftirqEnter && in.str(r->name) != "NET_RX") return InspectorId::Cpus;
        return InspectorId::Sockets;
    case Kind::SignalRaise: case Kind::SignalDeliver: case Kind::AioSubmit: case Kind::AioComplete:
        return InspectorId::Signals;
    case Kind::ClockTick: case Kind::ModeSwitch: case Kind::NeedResched: case Kind::IrqExit: case Kind::SoftirqExit:
        return InspectorId::Cpus;
    case Kind::RunqEnqueue: case Kind::RunqDequeue: case Kind::ContextSwitch: case Kind::StateChange:
    case Kind::Wakeup: case Kind::TaskNew: case Kind::TaskExit: case Kind::TaskCrash: case Kind::TaskRename:
        return InspectorId::Processes;        // a rename changes the process table's name column
    default:
        return by_call();
    }
}

} // namespace ioscope::gui
