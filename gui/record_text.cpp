// record_text.cpp — one case per record kind, following the field comments in record.h.
#include "record_text.h"

#include "i18n.h"
#include "record_labels.h"
#include "sim/core/sim_time.h"

#include <cstdio>
#include <cstring>
#include <string.h>   // strerrorname_np (glibc >= 2.32)

namespace ioscope::gui {

namespace {

std::string num(int64_t v) { return std::to_string(v); }
std::string hex_text(int64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "%llx", (unsigned long long)uint64_t(v));
    return b;
}
std::string str(const ioscope::Trace& t, uint32_t id) { return std::string(t.str(id)); }

const char* tcp_state_name(int64_t s) {
    static const char* names[] = { "CLOSED", "LISTEN", "SYN_SENT", "SYN_RECV", "ESTABLISHED",
                                   "CLOSE_WAIT", "FIN_WAIT", "LAST_ACK", "TIME_WAIT" };
    return s >= 0 && s < 9 ? names[s] : "?";
}

const char* sock_queue_name(uint32_t q) {
    static const char* names[] = { "sk_receive_queue", nullptr, "sk_write_queue", "backlog" };
    if (q == 1) return tr(RL::AcceptQueue);
    return q < 4 ? names[q] : "?";
}

} // namespace

std::string duration_text(int64_t ns) { return ioscope::format_duration(ioscope::SimTime(ns)); }

const char* wait_end_name(uint32_t w) {
    static constexpr RL ids[] = { RL::EndWoken, RL::EndTimeout, RL::EndSignal, RL::EndNotBlocked };
    if (w == 0) return "-";
    return w < 5 ? tr(ids[w - 1]) : "?";
}

std::string return_text(int64_t ret) {
    if (ret >= 0 || ret < -4095) return num(ret);
    const char* name = strerrorname_np(int(-ret));
    return num(ret) + " (" + (name ? name : "errno") + ")";
}

std::string tcp_flags_text(int64_t f) {
    std::string s;
    auto add = [&](int64_t bit, const char* n) { if (f & bit) { if (!s.empty()) s += '|'; s += n; } };
    add(ioscope::TCP_SYN, "SYN"); add(ioscope::TCP_ACK, "ACK"); add(ioscope::TCP_FIN, "FIN");
    add(ioscope::TCP_DATA, "DATA"); add(ioscope::TCP_RST, "RST");
    return s.empty() ? "-" : s;
}

std::string task_text(const ioscope::Trace& trace, const TimelineModel& model, uint32_t tid, int64_t at) {
    if (tid == 0) return tr(S::Idle);
    const TaskLaneData* t = model.task(tid);
    std::string name = t ? str(trace, t->comm_at(at)) : std::string();
    if (name.empty()) return "tid " + num(tid);
    return name + " (tid " + num(tid) + ")";
}

std::string object_text(const ioscope::Trace& trace, const TimelineModel& model, uint32_t obj) {
    if (obj == 0) return tr(S::None);
    auto it = model.objects.find(obj);
    if (it == model.objects.end()) return "#" + num(obj);
    std::string label = str(trace, it->second.label);
    std::string type = ioscope::obj_type_name(ioscope::ObjType(it->second.type));
    return (label.empty() ? type : label + " (" + type + ")") + " #" + num(obj);
}

std::string syscall_call_text(const ioscope::Trace& trace, const ioscope::Record& r) {
    return str(trace, r.name) + "(" + num(r.a) + ", " + num(r.b) + ", " + num(int64_t(r.c)) + ")";
}

std::vector<Field> describe_record(const ioscope::Trace& trace, const TimelineModel& model, size_t index) {
    using ioscope::Kind;
    std::vector<Field> f;
    if (index >= trace.size()) return f;
    const ioscope::Record& r = trace.records[index];
    auto add = [&](const char* label, std::string value) { f.push_back({ label, std::move(value) }); };
    auto name = [&] { return str(trace, r.name); };
    auto task = [&](uint32_t tid) { return task_text(trace, model, tid, r.t); };
    auto obj = [&](uint32_t id) { return object_text(trace, model, id); };
    switch (r.kind) {
    case Kind::TaskNew:
        add(tr(S::Name), name()); add(tr(S::Pid), num(r.a));
        add(tr(RL::Parent), task(uint32_t(r.b))); add(tr(RL::Thread), r.c & 1 ? tr(S::Yes) : tr(S::No));
        break;
    case Kind::TaskExit: add(tr(RL::ExitCode), num(r.a)); break;
    case Kind::TaskCrash: add(tr(RL::Exception), name()); break;
    case Kind::TaskRename: add(tr(S::Name), name()); break;
    case Kind::ObjectNew:
        add(tr(S::Object), obj(r.obj)); add(tr(RL::Type), ioscope::obj_type_name(ioscope::ObjType(r.a)));
        if (r.obj2) add(tr(RL::Owner), obj(r.obj2));
        break;
    case Kind::ObjectFree: add(tr(S::Object), obj(r.obj)); break;
    case Kind::FdInstall:
    case Kind::FdClose:
        add("fd", num(r.a)); add(tr(S::Object), obj(r.obj)); add(tr(S::Pid), num(r.b));
        break;
    case Kind::ModeSwitch:
        add(tr(S::Mode), std::string(tr_cpu_mode(int(r.b))) + " -> " + tr_cpu_mode(int(r.a)));
        break;
    case Kind::StateChange:
        add(tr(S::State), tr_task_state(int(r.a)));
        add(tr(S::LinuxState), ioscope::linux_state_name(ioscope::LinuxState(r.b)));
        if (r.name) add(tr(S::WaitReason), wait_reason_text(trace.str(r.name)));
        if (r.obj) add(tr(S::WaitQueue), obj(r.obj));
        if (r.c) add(tr(S::WaitEnded), wait_end_name(r.c));
        break;
    case Kind::RunqEnqueue:
    case Kind::RunqDequeue:
        add(tr(S::RunQueue), std::string(tr(S::Length)) + " " + num(r.a));
        break;
    case Kind::ContextSwitch:
        add(tr(RL::Prev), task(r.obj2) + ", " + tr_task_state(int(r.a)));
        add(tr(RL::Next), task(r.task));
        if (r.name) add(tr(S::SavedContext), name());
        add("switch_mm", r.b ? tr(S::Yes) : tr(S::No));
        if (r.c) add(tr(S::Preempted), tr(S::Yes));
        break;
    case Kind::ClockTick:
        add(tr(S::Jiffies), num(r.a));
        if (r.name) add(tr(S::KernelFunction), name());
        break;
    case Kind::NeedResched: add("TIF_NEED_RESCHED", name()); break;
    case Kind::IrqEnter: add("irq", num(r.a)); add(tr(RL::Handler), name()); break;
    case Kind::IrqExit: add("irq", num(r.a)); break;
    case Kind::SoftirqEnter: add(tr(S::Softirq), name()); break;
    case Kind::SoftirqExit: break;
    case Kind::KernelStep:
        add(tr(S::KernelFunction), name()); add(tr(S::Duration), duration_text(r.a));
        break;
    case Kind::UserStep:
        add(tr(S::UserWork), name()); add(tr(S::Duration), duration_text(r.a));
        break;
    case Kind::Wakeup:
        add(tr(S::Task), task(r.task));
        add(tr(S::Waker), r.obj2 ? task(r.obj2) : std::string(tr(S::WakeupInterrupt)));
        add(tr(S::TargetCpu), num(r.a));
        if (r.b == 1) add(tr(RL::AlreadyRunning), tr(S::Yes));
        break;
    case Kind::SyscallEnter: add(tr(S::Call), syscall_call_text(trace, r)); break;
    case Kind::SyscallExit: add(tr(S::Call), name()); add(tr(S::Return), return_text(r.a)); break;
    case Kind::CopyFromUser:
    case Kind::CopyToUser:
        add(tr(S::KernelFunction), name()); add(tr(S::Bytes), num(r.a));
        if (r.obj) add(tr(S::Object), obj(r.obj));
        break;
    case Kind::PacketRx:
    case Kind::PacketTx:
        add(tr(S::Bytes), num(r.a)); add("TCP", tcp_flags_text(r.b)); add(tr(RL::Packet), "#" + num(int64_t(r.c)));
        if (r.obj) add(tr(RL::Socket), obj(r.obj));
        if (r.obj2) add(r.kind == Kind::PacketRx ? tr(RL::Nic) : tr(RL::To), obj(r.obj2));
        break;
    case Kind::SockBuf:
        add(tr(RL::Socket), obj(r.obj)); add(tr(RL::Queue), sock_queue_name(r.obj2));
        add(tr(S::Length), num(r.a) + " (" + (r.b >= 0 ? "+" : "") + num(r.b) + ")");
        break;
    case Kind::SockState:
        add(tr(RL::Socket), obj(r.obj)); add("TCP", tcp_state_name(r.a));
        if (r.b) add("RCV_SHUTDOWN", tr(S::Yes));
        break;
    case Kind::WqAdd:
        add(tr(S::WaitQueue), obj(r.obj)); add(tr(S::Task), r.task ? task(r.task) : std::string("-"));
        add(tr(S::WakeFunction), name()); add(tr(RL::Entry), "#" + num(r.a));
        add(tr(S::Exclusive), (r.b & ioscope::WQ_FLAG_EXCLUSIVE) ? tr(S::Yes) : tr(S::No));
        add(tr(RL::Position), r.c ? tr(RL::Tail) : tr(RL::Head));
        if (r.obj2) add(tr(RL::Owner), obj(r.obj2));
        break;
    case Kind::WqRemove:
        add(tr(S::WaitQueue), obj(r.obj)); add(tr(RL::Entry), "#" + num(r.a));
        if (r.task) add(tr(S::Task), task(r.task));
        break;
    case Kind::WqWake:
        add(tr(S::WaitQueue), obj(r.obj)); add(tr(RL::Entry), "#" + num(r.a));
        if (r.task) add(tr(S::Task), task(r.task));
        add(tr(S::WakeFunction), name()); add(tr(RL::Woke), r.b ? tr(S::Yes) : tr(S::No));
        if (r.obj2) add(tr(S::Waker), task(r.obj2));
        break;
    // select / poll / epoll / signals / AIO / timers: kernel field names (epitem, revents) stay as
    // they are; plain words (entry, colour, step) come from record_labels.
    case Kind::FdSetCopyIn:
    case Kind::FdSetCopyOut: {
        static const char* sets[] = { "in", "out", "ex" };
        add("fd_set", r.c < 3 ? sets[r.c] : "?");
        add("n", num(r.a)); add(tr(S::Bytes), num(r.b));
        add(tr(S::KernelFunction), r.kind == Kind::FdSetCopyIn ? "get_fd_set (copy_from_user)" : "set_fd_set (copy_to_user)");
        break;
    }
    case Kind::FdSetWord: {
        static const char* maps[] = { "in", "out", "ex", "res_in", "res_out", "res_ex" };
        char hex[24];
        std::snprintf(hex, sizeof hex, "0x%016llx", (unsigned long long)uint64_t(r.b));
        add(tr(RL::Bitmap), r.c < 6 ? maps[r.c] : num(int64_t(r.c)));
        add(tr(RL::Word), num(r.a) + "  (fd " + num(r.a * 64) + "-" + num(r.a * 64 + 63) + ")");
        add(tr(RL::Value), hex);
        break;
    }
    case Kind::FdPoll:
        add("fd", num(r.a)); add(tr(S::KernelFunction), name()); add(tr(RL::Mask), "0x" + hex_text(r.b));
        if (r.c) add(tr(RL::Pass), num(int64_t(r.c)));
        break;
    case Kind::PollfdWrite: {
        const uint64_t b = uint64_t(r.b);
        add("pollfd", "[" + num(r.a) + "]"); add("fd", num(int32_t(uint32_t(b >> 32))));
        add("events", "0x" + hex_text(int64_t((b >> 16) & 0xffff))); add("revents", "0x" + hex_text(int64_t(b & 0xffff)));
        break;
    }
    case Kind::RbInsert:
        add("eventpoll", obj(r.obj)); add("epitem", "#" + num(r.obj2) + "  fd " + num(r.a));
        add(tr(RL::Colour), (r.b & 1) ? tr(RL::Red) : tr(RL::Black));
        add(tr(RL::ParentNode), r.c ? "#" + num(int64_t(r.c)) + " " + tr((r.b & 2) ? RL::RightChild : RL::LeftChild) : std::string(tr(RL::Root)));
        break;
    case Kind::RbErase:
        add("eventpoll", obj(r.obj)); add("epitem", "#" + num(r.obj2) + "  fd " + num(r.a));
        if (r.c) add(tr(RL::Successor), "#" + num(int64_t(r.c)));
        break;
    case Kind::RbRecolor:
        add("eventpoll", obj(r.obj)); add("epitem", "#" + num(r.obj2) + "  fd " + num(r.a)); add(tr(RL::Colour), (r.b & 1) ? tr(RL::Red) : tr(RL::Black));
        if (r.c) add(tr(RL::Step), rb_step_text(int(r.c & 0xff)));
        break;
    case Kind::RbRotate:
        add("eventpoll", obj(r.obj)); add(tr(RL::Pivot), "#" + num(r.obj2) + "  fd " + num(r.a)); add(tr(RL::Rotation), (r.b & 1) ? tr(RL::Right) : tr(RL::Left));
        if (r.c) add(tr(RL::Step), rb_step_text(int(r.c & 0xff)));
        break;
    case Kind::RdlAdd: case Kind::RdlRemove: case Kind::OvfAdd: case Kind::OvfRemove:
        add("eventpoll", obj(r.obj)); add("epitem", "#" + num(r.obj2)); add("fd", num(r.a));
        add(tr(RL::List), (r.kind == Kind::RdlAdd || r.kind == Kind::RdlRemove) ? "rdllist" : "ovflist");
        if (r.kind == Kind::RdlAdd) add(tr(RL::Position), r.b ? tr(RL::Tail) : tr(RL::Head));
        break;
    case Kind::SignalRaise:
    case Kind::SignalDeliver:
        add("signo", num(r.a));
        if (r.name) add(tr(S::KernelFunction), name());
        if (r.kind == Kind::SignalRaise && r.obj2) add(tr(S::Waker), task(r.obj2));
        break;
    case Kind::AioSubmit: case Kind::AioComplete:
        add(tr(RL::Request), num(r.a)); add(r.kind == Kind::AioSubmit ? tr(S::Bytes) : tr(S::Return), num(r.b));
        if (r.obj) add(tr(RL::Context), obj(r.obj));
        break;
    case Kind::TimerArm:
        add(tr(RL::Timer), "#" + num(r.obj)); add(tr(RL::TimerKind), name()); add(tr(RL::Expires), duration_text(r.a)); add(tr(RL::Slack), duration_text(r.b));
        break;
    case Kind::TimerFire: case Kind::TimerCancel: add(tr(RL::Timer), "#" + num(r.obj)); break;
    case Kind::Marker: add(tr(S::Name), name()); if (r.a) add(tr(RL::Request), num(r.a)); break;
    case Kind::Narration: {
        std::string zh = str(trace, r.c);
        add(tr(S::Narration), chinese() && !zh.empty() ? zh : name());
        break;
    }
    default:
        // Anything else (a kind added later): raw fields, nothing hidden.
        if (r.name) add(tr(S::Name), name());
        if (r.obj) add(tr(S::Object), obj(r.obj));
        if (r.obj2) add("obj2", obj(r.obj2));
        add("a / b / c", num(r.a) + " / " + num(r.b) + " / " + num(int64_t(r.c)));
        break;
    }
    return f;
}

std::vector<Field> describe_record_full(const ioscope::Trace& trace, const TimelineModel& model, size_t index) {
    std::vector<Field> f;
    if (index >= trace.size()) return f;
    const ioscope::Record& r = trace.records[index];
    f.push_back({ tr(S::Record), "#" + std::to_string(index) });
    f.push_back({ tr(S::Time), duration_text(r.t) });
    f.push_back({ tr(S::Kind), ioscope::kind_name(r.kind) });
    if (r.cpu != ioscope::kNoCpu) f.push_back({ tr(S::Cpu), std::to_string(r.cpu) });
    if (r.task != 0 && r.kind != ioscope::Kind::Wakeup && r.kind != ioscope::Kind::ContextSwitch)
        f.push_back({ tr(S::Task), task_text(trace, model, r.task, r.t) });
    for (Field& x : describe_record(trace, model, index)) f.push_back(std::move(x));
    return f;
}

} // namespace ioscope::gui
