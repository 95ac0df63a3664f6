// constants.h — the names strace prints for errnos, signals and common flag symbols, mapped to
// their Linux values (taken from the system headers where they exist, so they match the kernel
// ABI of the host; the kernel-internal restart codes come from include/linux/errno.h).
#pragma once
#include <cstdint>
#include <string_view>

namespace ioscope::strace {

// "EAGAIN" -> 11, "ERESTARTSYS" -> 512. False if unknown.
bool errno_value(std::string_view name, int64_t& out);
// "SIGCHLD" -> 17, "SIGRTMIN" -> 32, "SIGRT_3" -> 35. False if unknown.
bool signal_value(std::string_view name, int64_t& out);
// Flag and constant symbols seen in the first arguments of common calls (EPOLL_CTL_ADD,
// AF_INET, SOCK_NONBLOCK, O_NONBLOCK, F_SETFL, FUTEX_WAIT_PRIVATE, MSG_DONTWAIT, NULL ...).
bool symbol_value(std::string_view name, int64_t& out);
// Epoll/poll event names (EPOLLIN, POLLRDHUP ...) -> bit. False if unknown.
bool event_bit(std::string_view name, int64_t& out);

// Default action of a signal dumps core (SIGSEGV, SIGABRT, ...): such a death is a crash.
bool signal_dumps_core(int64_t signo);

} // namespace ioscope::strace
