// narration.cpp — see the header. One case per record kind, following record.h's field
// comments; the kernel function is either in the record (name) or inferred the same way the
// inspectors infer it (epoll_change_by, remover_of), so narration and inspectors agree.
#include "narration.h"

#include "epoll_model.h"
#include "inspect_strings.h"
#include "poll_model.h"
#include "signal_model.h"
#include "socket_model.h"
#include "waitqueue_model.h"

#include "sim/core/sim_time.h"

#include <algorithm>
#include <cstdio>

namespace ioscope::gui {

using ioscope::Kind;

namespace {

std::string num(int64_t v) { return std::to_string(v); }
std::string dur(int64_t ns) { return ioscope::format_duration(ioscope::SimTime(ns)); }

std::string flags_text(int64_t f) {
    std::string s;
    auto add = [&](int64_t bit, const char* n) { if (f & bit) { if (!s.empty()) s += '|'; s += n; } };
    add(ioscope::TCP_SYN, "SYN"); add(ioscope::TCP_ACK, "ACK"); add(ioscope::TCP_FIN, "FIN");
    add(ioscope::TCP_DATA, "DATA"); add(ioscope::TCP_RST, "RST");
    return s.empty() ? "-" : s;
}

const char* map_name(int m) {
    static const char* names[] = { "in", "out", "ex", "res_in", "res_out", "res_ex" };
    return m >= 0 && m < 6 ? names[m] : "?";
}

std::string ready_text(bool ready) { return tr(ready ? SI::NReady : SI::NNotReady); }

int64_t ep_ready_len(const InspectInput& in, uint32_t ep) {
    auto it = in.state.epolls.find(ep);
    return it == in.state.epolls.end() ? 0 : int64_t(it->second.rdllist.size());
}

std::string item_fd(const InspectInput& in, const ioscope::Record& r) {
    if (r.a) return num(r.a);
    auto ep = in.state.epolls.find(r.obj);
    if (ep != in.state.epolls.end()) {
        auto n = ep->second.items.find(r.obj2);
        if (n != ep->second.items.end()) return num(n->second.fd);
    }
    return "#" + num(r.obj2);
}

// The fd of any epitem of an eventpoll, from the state ("#id" if it is not in the tree).
std::string node_fd(const InspectInput& in, uint32_t ep, uint32_t item) {
    auto e = in.state.epolls.find(ep);
    if (e != in.state.epolls.end())
        if (auto n = e->second.items.find(item); n != e->second.items.end()) return num(n->second.fd);
    return "#" + num(item);
}

// Which case of rb_insert_color / rb_erase a RbRecolor / RbRotate record is (record.h RbStep).
std::string rb_step_text(const ioscope::Record& r) {
    using ioscope::RbStep;
    switch (RbStep(r.c & 0xff)) {
    case RbStep::InsertRoot: return tr(SI::NRbStepInsertRoot);
    case RbStep::InsertCase1: return tr(SI::NRbStepInsert1);
    case RbStep::InsertCase2: return tr(SI::NRbStepInsert2);
    case RbStep::InsertCase3: return tr(SI::NRbStepInsert3);
    case RbStep::EraseCase1: return tr(SI::NRbStepErase1);
    case RbStep::EraseCase2: return tr(SI::NRbStepErase2);
    case RbStep::EraseCase3: return tr(SI::NRbStepErase3);
    case RbStep::EraseCase4: return tr(SI::NRbStepErase4);
    case RbStep::None: break;
    }
    return tr(SI::NRbStepNone);
}

} // namespace

std::string narrate_record(const InspectInput& in) {
    const ioscope::Record* rp = in.rec();
    if (!rp) return tr(SI::NarrStart);
    const ioscope::Record& r = *rp;
    const std::string task = in.task_name(r.task);
    const std::string name = in.str(r.name);
    const std::string cpu = r.cpu == ioscope::kNoCpu ? "-" : num(r.cpu);
    auto obj = [&](uint32_t id) { return in.object_name(id); };
    switch (r.kind) {
    case Kind::TaskNew: return trf(SI::NTaskNew, { task, num(r.a) });
    case Kind::TaskExit: return trf(SI::NTaskExit, { task, num(r.a) });
    case Kind::TaskCrash: return trf(SI::NTaskCrash, { task, name });
    case Kind::TaskRename: return trf(SI::NTaskRename, { num(r.task), name });
    case Kind::ObjectNew: return trf(SI::NObjectNew, { task, obj(r.obj) });
    case Kind::ObjectFree: return trf(SI::NObjectFree, { obj(r.obj) });
    case Kind::FdInstall: return trf(SI::NFdInstall, { num(r.a), num(r.b), obj(r.obj) });
    case Kind::FdClose: return trf(SI::NFdClose, { num(r.a), num(r.b), obj(r.obj) });
    case Kind::ModeSwitch: return trf(SI::NModeSwitch, { cpu, tr_cpu_mode(int(r.b)), tr_cpu_mode(int(r.a)) });
    case Kind::StateChange:
        switch (ioscope::TaskState(r.a)) {
        case ioscope::TaskState::Waiting:
            return trf(SI::NStateWaiting, { task, name.empty() ? std::string("-") : name, r.obj ? obj(r.obj) : std::string("-") });
        case ioscope::TaskState::Ready: return trf(SI::NStateReady, { task });
        case ioscope::TaskState::Running: {
            auto t = in.state.tasks.find(r.task);
            return trf(SI::NStateRunning, { task, t != in.state.tasks.end() && t->second.cpu != ioscope::kNoCpu ? num(t->second.cpu) : cpu });
        }
        case ioscope::TaskState::New: return trf(SI::NStateNew, { task });
        case ioscope::TaskState::Terminated: return trf(SI::NStateTerminated, { task });
        }
        return {};
    case Kind::RunqEnqueue: return trf(SI::NRunqEnqueue, { task, cpu, num(r.a) });
    case Kind::RunqDequeue: return trf(SI::NRunqDequeue, { task, cpu, num(r.a) });
    case Kind::ContextSwitch: {
        const std::string ctx = name.empty() ? std::string("-") : name;
        return trf(SI::NContextSwitch, { cpu, in.task_name(r.obj2), task, ctx });
    }
    case Kind::ClockTick: return trf(SI::NClockTick, { cpu, num(r.a) });
    case Kind::NeedResched: return trf(SI::NNeedResched, { task, name.empty() ? std::string("resched_curr") : name });
    case Kind::IrqEnter: return trf(SI::NIrqEnter, { cpu, num(r.a), name, task });
    case Kind::IrqExit: return tr(SI::NIrqExit);
    case Kind::SoftirqEnter: return trf(SI::NSoftirqEnter, { cpu, name, task });
    case Kind::SoftirqExit: return trf(SI::NSoftirqExit, { cpu });
    case Kind::KernelStep: return trf(SI::NKernelStep, { task, name, cpu, dur(r.a) });
    case Kind::UserStep: return trf(SI::NUserStep, { task, name, dur(r.a) });
    case Kind::Wakeup:
        return r.obj2 ? trf(SI::NWakeup, { task, in.task_name(r.obj2) }) : trf(SI::NWakeupIrq, { task });
    case Kind::SyscallEnter: {
        std::string args = num(r.a) + ", " + num(r.b) + ", " + num(int64_t(r.c));
        return trf(SI::NSyscallEnter, { task, name, args });
    }
    case Kind::SyscallExit: {
        std::string ret = num(r.a);
        if (r.a < 0 && r.a >= -4095) ret += " (-errno)";
        return trf(SI::NSyscallExit, { task, name, ret });
    }
    case Kind::CopyFromUser: return trf(SI::NCopyFromUser, { task, name, num(r.a) });
    case Kind::CopyToUser: return trf(SI::NCopyToUser, { task, name, num(r.a) });
    case Kind::PacketRx: return trf(SI::NPacketRx, { cpu, num(r.a), flags_text(r.b) });
    case Kind::PacketTx: return trf(SI::NPacketTx, { r.obj ? obj(r.obj) : task, num(r.a), flags_text(r.b) });
    case Kind::SockBuf:
        if (r.obj2 == uint32_t(ioscope::SockQueue::Receive)) return trf(SI::NSockBufRx, { obj(r.obj), num(r.a) });
        if (r.obj2 == uint32_t(ioscope::SockQueue::Accept)) return trf(SI::NSockBufAccept, { obj(r.obj), num(r.a) });
        return trf(SI::NSockBufTx, { obj(r.obj), num(r.a), tr(r.obj2 == uint32_t(ioscope::SockQueue::Send) ? SI::SkSendQ : SI::SkRecvQ) });
    case Kind::SockState: return trf(SI::NSockState, { obj(r.obj), tcp_state_text(ioscope::TcpState(r.a)) });
    case Kind::WqAdd: {
        // The function that added it: __pollwait, ep_ptable_queue_proc, prepare_to_wait... is
        // the CPU's last kernel step.
        const ioscope::CpuInfo* c = r.cpu < in.state.cpus.size() ? &in.state.cpus[r.cpu] : nullptr;
        std::string adder = c ? in.str(c->last_fn) : std::string();
        if (adder.empty()) adder = "add_wait_queue";
        // The poll_table's queue function that called it: __pollwait for select/poll,
        // ep_ptable_queue_proc for epoll (both reached through poll_wait in tcp_poll).
        if (auto o = in.state.objects.find(r.obj2); o != in.state.objects.end()) {
            if (o->second.type == ioscope::ObjType::PollTable) adder = "__pollwait -> " + adder;
            else if (o->second.type == ioscope::ObjType::EpItem) adder = "ep_ptable_queue_proc -> " + adder;
        }
        const uint32_t wakes = entry_task(in, r.task, r.obj2);
        std::string who = wakes ? in.task_name(wakes) : std::string("-");
        if (!r.task && r.obj2) who += " (" + obj(r.obj2) + ")";
        return trf((r.b & ioscope::WQ_FLAG_EXCLUSIVE) ? SI::NWqAddExclusive : SI::NWqAdd, { who, adder, obj(r.obj), name });
    }
    case Kind::WqRemove: {
        const ioscope::CpuInfo* c = r.cpu < in.state.cpus.size() ? &in.state.cpus[r.cpu] : nullptr;
        const uint32_t who = r.task ? r.task : (c ? c->curr : 0);
        return trf(SI::NWqRemove, { who ? in.task_name(who) : "#" + num(r.a), remover_of(in), obj(r.obj) });
    }
    case Kind::WqWake:
        return trf(r.b ? SI::NWqWakeWoke : SI::NWqWakeNot, { obj(r.obj), name, r.task ? task : std::string(tr(SI::WqNoTask)) });
    case Kind::FdSetCopyIn: return trf(SI::NFdSetCopyIn, { map_name(int(r.c)), num(r.b), num(r.a) });
    case Kind::FdSetCopyOut: return trf(SI::NFdSetCopyOut, { map_name(int(3 + r.c)), num(r.b) });
    case Kind::FdSetWord: {
        char hex[24];
        std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)uint64_t(r.b));
        // Which kernel statement wrote the word (select.cpp names it); older traces: generic.
        const std::string by = in.str(r.name);
        if (by == "res |= bit") {
            auto t = in.state.tasks.find(r.task);
            const int64_t fd = t != in.state.tasks.end() ? t->second.scan_fd : -1;
            return trf(SI::NFdSetResBit, { num(fd), map_name(int(r.c)), num(r.a), hex });
        }
        if (by == "fds->res") return trf(SI::NFdSetResStore, { map_name(int(r.c)), num(r.a), hex });
        if (by == "zero_fd_set") return trf(SI::NFdSetZeroWord, { map_name(int(r.c)), num(r.a), num(r.a * 64), num(r.a * 64 + 63) });
        if (by == "get_fd_set") return trf(SI::NFdSetGetWord, { map_name(int(r.c)), num(r.a), num(r.a * 64), num(r.a * 64 + 63), hex });
        return trf(SI::NFdSetWord, { map_name(int(r.c)), num(r.a), num(r.a * 64), num(r.a * 64 + 63), hex });
    }
    case Kind::FdPoll: {
        auto t = in.state.tasks.find(r.task);
        const std::string call = t != in.state.tasks.end() ? in.str(t->second.syscall) : std::string();
        const std::string mask = poll_events_text(uint32_t(r.b));
        if (name == "ep_item_poll") return trf(SI::NFdPollEpoll, { num(r.a), mask + ", " + ready_text(r.b != 0) });
        const bool ready = (r.b & (0x001 | 0x040 | 0x010 | 0x008)) != 0;
        return trf(call == "poll" ? SI::NFdPollPoll : SI::NFdPollSelect,
                   { num(r.a), name.empty() ? std::string("tcp_poll") : name, num(int64_t(r.c)), mask + " - " + ready_text(ready) });
    }
    case Kind::PollfdWrite: {
        const uint64_t b = uint64_t(r.b);
        const std::string fd = num(int32_t(uint32_t(b >> 32)));
        const uint16_t ev = uint16_t(b >> 16), rev = uint16_t(b);
        auto t = in.state.tasks.find(r.task);
        // Before the passes the array is copied in (revents 0); after them revents are written.
        const bool results = t != in.state.tasks.end() && t->second.scan_pass > 0;
        return trf(results ? SI::NPollfdOut : SI::NPollfdIn, { num(r.a), fd, poll_events_text(ev), poll_events_text(rev) });
    }
    case Kind::RbInsert: {
        std::string where = tr(SI::NRbWhereRoot);
        if (r.c) {
            auto ep = in.state.epolls.find(r.obj);
            std::string parent_fd = "#" + num(r.c);
            if (ep != in.state.epolls.end())
                if (auto p = ep->second.items.find(r.c); p != ep->second.items.end()) parent_fd = num(p->second.fd);
            where = trf(SI::NRbWhereChild, { tr((r.b & 2) ? SI::EpRight : SI::EpLeft), parent_fd });
        }
        return trf(SI::NRbInsert, { num(r.a), tr((r.b & 1) ? SI::NRed : SI::NBlack), where, epoll_change_by(in) });
    }
    case Kind::RbErase:
        if (r.c) return trf(SI::NRbEraseSuccessor, { item_fd(in, r), node_fd(in, r.obj, r.c) });
        return trf(SI::NRbErase, { item_fd(in, r) });
    case Kind::RbRecolor: return trf(SI::NRbRecolor, { rb_step_text(r), item_fd(in, r), tr((r.b & 1) ? SI::NRed : SI::NBlack) });
    case Kind::RbRotate: {
        // The state is the one after the rotation: the pivot's parent is the node that came up.
        uint32_t up = 0;
        if (auto e = in.state.epolls.find(r.obj); e != in.state.epolls.end())
            if (auto n = e->second.items.find(r.obj2); n != e->second.items.end()) up = n->second.parent;
        return trf(SI::NRbRotate, { rb_step_text(r), tr((r.b & 1) ? SI::EpRight : SI::EpLeft), item_fd(in, r), node_fd(in, r.obj, up) });
    }
    case Kind::RdlAdd: {
        const std::string by = epoll_change_by(in);
        const std::string fd = item_fd(in, r);
        if (by == "ep_send_events") return trf(SI::NRdlAddRequeue, { fd });
        if (by == "ep_done_scan") return trf(SI::NRdlAddDone, { fd });
        if (by == "ep_insert") return trf(SI::NRdlAddInsert, { fd });
        return trf(SI::NRdlAddCallback, { fd, num(ep_ready_len(in, r.obj)) });
    }
    case Kind::RdlRemove:
        return trf(epoll_change_by(in) == "ep_remove" ? SI::NRdlRemoveCtl : SI::NRdlRemove, { item_fd(in, r) });
    case Kind::OvfAdd: return trf(SI::NOvfAdd, { item_fd(in, r) });
    case Kind::OvfRemove: return trf(SI::NOvfRemove, { item_fd(in, r) });
    case Kind::SignalRaise:
        return trf(SI::NSignalRaise, { task, name.empty() ? std::string("send_signal") : name, signal_name(int(r.a)) });
    case Kind::SignalDeliver:
        return trf(SI::NSignalDeliver, { task, name.empty() ? std::string("handle_signal") : name, signal_name(int(r.a)) });
    case Kind::AioSubmit: {
        // accept has no buffer and no request id of its own (-1): just the operation.
        const std::string detail = r.a >= 0 || r.b > 0 ? trf(SI::NAioBytes, { num(r.b), num(r.a) }) : std::string();
        return trf(SI::NAioSubmit, { task, name.empty() ? std::string("aio") : name, detail });
    }
    case Kind::AioComplete: {
        const std::string op = aio_op_before(in.trace, in.record, r.obj, r.task, r.a);
        return trf(SI::NAioComplete, { task, op.empty() ? "#" + num(r.a) : op, num(r.b), name.empty() ? std::string("aio_complete") : name });
    }
    case Kind::TimerArm: return trf(SI::NTimerArm, { task, name.empty() ? std::string("timer") : name, dur(r.a) });
    case Kind::TimerFire: return trf(SI::NTimerFire, { task });
    case Kind::TimerCancel: return trf(SI::NTimerCancel, { task });
    case Kind::Marker: return trf(SI::NMarker, { name });
    case Kind::Narration: return trf(SI::NNarration, { note_text(in.trace, uint32_t(in.record)) });
    case Kind::Count_: break;
    }
    return {};
}

std::vector<uint32_t> narration_points(const ioscope::Trace& trace) {
    std::vector<uint32_t> out;
    for (uint32_t i = 0; i < trace.size(); ++i)
        if (trace.records[i].kind == Kind::Narration) out.push_back(i);
    return out;
}

int64_t note_at(const std::vector<uint32_t>& points, size_t position) {
    auto it = std::lower_bound(points.begin(), points.end(), uint32_t(std::min<size_t>(position, UINT32_MAX)));
    if (it == points.begin()) return -1;
    return int64_t(*(it - 1));
}

std::string note_text(const ioscope::Trace& trace, uint32_t record) {
    if (record >= trace.size()) return {};
    const ioscope::Record& r = trace.records[record];
    const std::string_view zh = trace.str(r.c);
    return std::string(chinese() && !zh.empty() ? zh : trace.str(r.name));
}

} // namespace ioscope::gui
