// syscalls.h — what the importer knows about particular system calls: which can sleep (and
// under what wait reason, the same labels the simulator uses), which are multiplexers and
// where their timeout is, which create descriptors. Anything not listed is imported
// generically: name, first three integer arguments, result.
#pragma once
#include <string_view>

namespace ioscope::strace {

enum class Mux { None, Epoll, Select, Poll };
enum class TimeoutKind { None, Ms, Timeval, Timespec };
enum class Creates { None, Socket, Accept, EventPoll, Open, OpenAt, Anon, Pair, Dup, Dup2 };

struct SyscallInfo {
    const char* wait_reason { nullptr };   // can sleep (TASK_INTERRUPTIBLE) with this label
    bool fd_wait { false };                // sleeps only when its fd (arg 0) is blocking
    Mux mux { Mux::None };
    int timeout_arg { -1 };
    TimeoutKind timeout { TimeoutKind::None };
    Creates creates { Creates::None };
    int pair_arg { -1 };                   // Creates::Pair: the argument holding [fd0, fd1]
};

SyscallInfo syscall_info(std::string_view name);

} // namespace ioscope::strace
