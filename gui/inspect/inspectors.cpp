// inspectors.cpp — see the header.
#include "inspectors.h"

namespace ioscope::gui {

using ioscope::Kind;

namespace {

constexpr const char* kKeys[kInspectorCount] = { "processes", "cpus", "waitqueues", "select", "poll", "epoll", "sockets", "signals" };
constexpr SI kTitles[kInspectorCount] = { SI::TabProcesses, SI::TabCpus, SI::TabWaitQueues, SI::TabSelect,
                                          SI::TabPoll, SI::TabEpoll, SI::TabSockets, SI::TabSignals };

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
        // ep->wq belongs to the epoll picture.
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
    case Kind::Wakeup: case Kind::TaskNew: case Kind::TaskExit: case Kind::TaskCrash:
        return InspectorId::Processes;
    default:
        return by_call();
    }
}

} // namespace ioscope::gui
