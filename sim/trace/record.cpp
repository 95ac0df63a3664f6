// record.cpp — names of record kinds and enum values.
//
// kind_name() is the JSONL spelling of a kind, so these strings are a file format: renaming one
// breaks every saved trace. Add new kinds at the end of the table, in enum order.
#include "record.h"

#include <cstring>

namespace ioscope {

namespace {

// Indexed by Kind value; [0] is unused (kinds start at 1).
constexpr const char* kKindNames[] = {
    "",
    "task_new", "task_exit", "task_crash", "object_new", "object_free", "fd_install", "fd_close",
    "mode_switch", "state_change", "runq_enqueue", "runq_dequeue", "context_switch", "clock_tick",
    "need_resched", "irq_enter", "irq_exit", "softirq_enter", "softirq_exit", "kernel_step",
    "user_step", "wakeup",
    "syscall_enter", "syscall_exit", "copy_from_user", "copy_to_user",
    "packet_rx", "packet_tx", "sock_buf", "sock_state",
    "wq_add", "wq_remove", "wq_wake",
    "fdset_copy_in", "fdset_copy_out", "fdset_word", "fd_poll", "pollfd_write",
    "rb_insert", "rb_erase", "rb_recolor", "rb_rotate", "rdl_add", "rdl_remove", "ovf_add",
    "ovf_remove",
    "signal_raise", "signal_deliver", "aio_submit", "aio_complete", "timer_arm", "timer_fire",
    "timer_cancel",
    "marker", "narration",
    "task_rename",
};
static_assert(sizeof(kKindNames) / sizeof(kKindNames[0]) == size_t(Kind::Count_),
              "every Kind needs a JSONL name");

} // namespace

const char* kind_name(Kind k) {
    auto i = size_t(k);
    return (i >= 1 && i < size_t(Kind::Count_)) ? kKindNames[i] : "unknown";
}

bool kind_from_name(const char* s, Kind& out) {
    if (!s) return false;
    // Linear scan: ~55 short strings; readers call this once per record, which is cheap next to
    // JSON parsing. A map would need static initialisation order care for no measurable gain.
    for (size_t i = 1; i < size_t(Kind::Count_); ++i) {
        if (std::strcmp(s, kKindNames[i]) == 0) {
            out = Kind(i);
            return true;
        }
    }
    return false;
}

const char* cpu_mode_name(CpuMode m) {
    switch (m) {
    case CpuMode::Idle: return "idle";
    case CpuMode::User: return "user";
    case CpuMode::Kernel: return "kernel";
    case CpuMode::Softirq: return "softirq";
    case CpuMode::Irq: return "irq";
    }
    return "unknown";
}

const char* task_state_name(TaskState s) {
    switch (s) {
    case TaskState::New: return "New";
    case TaskState::Ready: return "Ready";
    case TaskState::Running: return "Running";
    case TaskState::Waiting: return "Waiting";
    case TaskState::Terminated: return "Terminated";
    }
    return "Unknown";
}

const char* linux_state_name(LinuxState s) {
    switch (s) {
    case LinuxState::Running: return "TASK_RUNNING";
    case LinuxState::Interruptible: return "TASK_INTERRUPTIBLE";
    case LinuxState::Uninterruptible: return "TASK_UNINTERRUPTIBLE";
    case LinuxState::Zombie: return "EXIT_ZOMBIE";
    case LinuxState::Dead: return "EXIT_DEAD";
    case LinuxState::New: return "TASK_NEW";
    }
    return "UNKNOWN";
}

const char* rb_step_name(RbStep s) {
    switch (s) {
    case RbStep::None: return "";
    case RbStep::InsertRoot: return "rb_insert_color (root)";
    case RbStep::InsertCase1: return "rb_insert_color case 1";
    case RbStep::InsertCase2: return "rb_insert_color case 2";
    case RbStep::InsertCase3: return "rb_insert_color case 3";
    case RbStep::EraseCase1: return "rb_erase case 1";
    case RbStep::EraseCase2: return "rb_erase case 2";
    case RbStep::EraseCase3: return "rb_erase case 3";
    case RbStep::EraseCase4: return "rb_erase case 4";
    }
    return "";
}

const char* obj_type_name(ObjType t) {
    switch (t) {
    case ObjType::Socket: return "socket";
    case ObjType::ListenSocket: return "listen_socket";
    case ObjType::WaitQueue: return "wait_queue";
    case ObjType::EventPoll: return "eventpoll";
    case ObjType::EpItem: return "epitem";
    case ObjType::Nic: return "nic";
    case ObjType::Timer: return "timer";
    case ObjType::RemoteHost: return "remote_host";
    case ObjType::PollTable: return "poll_table";
    case ObjType::AioContext: return "aio_context";
    case ObjType::File: return "file";
    }
    return "unknown";
}

} // namespace ioscope
