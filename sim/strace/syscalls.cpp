// syscalls.cpp — the table behind syscall_info(). Wait reasons match the simulator's labels
// (sim/kernel: "epoll_wait", "Selecting", "Polling", "Reading", "Accepting", "Sleeping",
// "Paused") so imported and simulated traces read alike in the GUI.
#include "syscalls.h"

namespace ioscope::strace {

namespace {

struct Row {
    std::string_view name;
    SyscallInfo info;
};

SyscallInfo wait_on_fd(const char* reason) {
    SyscallInfo i;
    i.wait_reason = reason;
    i.fd_wait = true;
    return i;
}
SyscallInfo waits(const char* reason) {
    SyscallInfo i;
    i.wait_reason = reason;
    return i;
}
SyscallInfo mux(Mux m, const char* reason, int targ, TimeoutKind tk) {
    SyscallInfo i;
    i.wait_reason = reason;
    i.mux = m;
    i.timeout_arg = targ;
    i.timeout = tk;
    return i;
}
SyscallInfo creates(Creates c, int pair_arg = -1) {
    SyscallInfo i;
    i.creates = c;
    i.pair_arg = pair_arg;
    return i;
}

const Row kRows[] = {
    // Multiplexers. glibc's select() is pselect6 on x86-64 and arm64; poll() may be ppoll;
    // arm64 has only epoll_pwait. All keep their real names in the trace.
    { "epoll_wait", mux(Mux::Epoll, "epoll_wait", 3, TimeoutKind::Ms) },
    { "epoll_pwait", mux(Mux::Epoll, "epoll_wait", 3, TimeoutKind::Ms) },
    { "epoll_pwait2", mux(Mux::Epoll, "epoll_wait", 3, TimeoutKind::Timespec) },
    { "select", mux(Mux::Select, "Selecting", 4, TimeoutKind::Timeval) },
    { "_newselect", mux(Mux::Select, "Selecting", 4, TimeoutKind::Timeval) },
    { "pselect6", mux(Mux::Select, "Selecting", 4, TimeoutKind::Timespec) },
    { "poll", mux(Mux::Poll, "Polling", 2, TimeoutKind::Ms) },
    { "ppoll", mux(Mux::Poll, "Polling", 2, TimeoutKind::Timespec) },
    // Calls that sleep on a socket/pipe unless it is non-blocking (sk_wait_data, inet_csk_accept,
    // sk_stream_wait_memory, inet_wait_for_connect).
    { "accept", [] { auto i = wait_on_fd("Accepting"); i.creates = Creates::Accept; return i; }() },
    { "accept4", [] { auto i = wait_on_fd("Accepting"); i.creates = Creates::Accept; return i; }() },
    { "read", wait_on_fd("Reading") },
    { "readv", wait_on_fd("Reading") },
    { "recvfrom", wait_on_fd("Reading") },
    { "recvmsg", wait_on_fd("Reading") },
    { "recvmmsg", wait_on_fd("Reading") },
    { "write", wait_on_fd("Writing") },
    { "writev", wait_on_fd("Writing") },
    { "sendto", wait_on_fd("Writing") },
    { "sendmsg", wait_on_fd("Writing") },
    { "sendmmsg", wait_on_fd("Writing") },
    { "connect", wait_on_fd("Connecting") },
    // Calls that sleep whatever the descriptors.
    { "futex", waits("futex") },
    { "nanosleep", waits("Sleeping") },
    { "clock_nanosleep", waits("Sleeping") },
    { "pause", waits("Paused") },
    { "rt_sigsuspend", waits("Paused") },
    { "rt_sigtimedwait", waits("Waiting for a signal") },
    { "wait4", waits("Waiting for a child") },
    { "waitid", waits("Waiting for a child") },
    // Descriptor factories.
    { "socket", creates(Creates::Socket) },
    { "epoll_create", creates(Creates::EventPoll) },
    { "epoll_create1", creates(Creates::EventPoll) },
    { "open", creates(Creates::Open) },
    { "creat", creates(Creates::Open) },
    { "openat", creates(Creates::OpenAt) },
    { "openat2", creates(Creates::OpenAt) },
    { "eventfd", creates(Creates::Anon) },
    { "eventfd2", creates(Creates::Anon) },
    { "timerfd_create", creates(Creates::Anon) },
    { "signalfd", creates(Creates::Anon) },
    { "signalfd4", creates(Creates::Anon) },
    { "memfd_create", creates(Creates::Anon) },
    { "inotify_init", creates(Creates::Anon) },
    { "inotify_init1", creates(Creates::Anon) },
    { "pidfd_open", creates(Creates::Anon) },
    { "userfaultfd", creates(Creates::Anon) },
    { "io_uring_setup", creates(Creates::Anon) },
    { "pipe", creates(Creates::Pair, 0) },
    { "pipe2", creates(Creates::Pair, 0) },
    { "socketpair", creates(Creates::Pair, 3) },
    { "dup", creates(Creates::Dup) },
    { "dup2", creates(Creates::Dup2) },
    { "dup3", creates(Creates::Dup2) },
};

} // namespace

SyscallInfo syscall_info(std::string_view name) {
    for (const Row& r : kRows)
        if (r.name == name) return r.info;
    return {};
}

} // namespace ioscope::strace
