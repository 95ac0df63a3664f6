// constants.cpp — name tables for constants.h. Linear lookups over short arrays: they run once
// per argument of a few calls, never in an inner loop that matters.
#include "constants.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

namespace ioscope::strace {

namespace {

struct Entry {
    std::string_view name;
    int64_t value;
};

#define E(x) Entry { #x, x }

constexpr Entry kErrnos[] = {
    E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG), E(ENOEXEC), E(EBADF),
    E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(ENOTBLK), E(EBUSY), E(EEXIST),
    E(EXDEV), E(ENODEV), E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY),
    E(ETXTBSY), E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK), E(EPIPE), E(EDOM), E(ERANGE),
    E(EDEADLK), E(ENAMETOOLONG), E(ENOLCK), E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(ENOMSG),
    E(EIDRM), E(ENODATA), E(ETIME), E(EOVERFLOW), E(EILSEQ), E(ENOTSOCK), E(EDESTADDRREQ),
    E(EMSGSIZE), E(EPROTOTYPE), E(ENOPROTOOPT), E(EPROTONOSUPPORT), E(ESOCKTNOSUPPORT),
    E(EOPNOTSUPP), E(EPFNOSUPPORT), E(EAFNOSUPPORT), E(EADDRINUSE), E(EADDRNOTAVAIL), E(ENETDOWN),
    E(ENETUNREACH), E(ENETRESET), E(ECONNABORTED), E(ECONNRESET), E(ENOBUFS), E(EISCONN),
    E(ENOTCONN), E(ESHUTDOWN), E(ETOOMANYREFS), E(ETIMEDOUT), E(ECONNREFUSED), E(EHOSTDOWN),
    E(EHOSTUNREACH), E(EALREADY), E(EINPROGRESS), E(ESTALE), E(EDQUOT), E(ECANCELED),
    E(EOWNERDEAD), E(ENOTRECOVERABLE),
    // Kernel-internal codes a traced task can show (include/linux/errno.h): a call interrupted by
    // a signal, restarted or turned into EINTR after the handler.
    Entry { "ERESTARTSYS", 512 }, Entry { "ERESTARTNOINTR", 513 }, Entry { "ERESTARTNOHAND", 514 },
    Entry { "ENOIOCTLCMD", 515 }, Entry { "ERESTART_RESTARTBLOCK", 516 }, Entry { "ENOTSUPP", 524 },
};

constexpr Entry kSignals[] = {
    E(SIGHUP), E(SIGINT), E(SIGQUIT), E(SIGILL), E(SIGTRAP), E(SIGABRT), E(SIGBUS), E(SIGFPE),
    E(SIGKILL), E(SIGUSR1), E(SIGSEGV), E(SIGUSR2), E(SIGPIPE), E(SIGALRM), E(SIGTERM),
    E(SIGSTKFLT), E(SIGCHLD), E(SIGCONT), E(SIGSTOP), E(SIGTSTP), E(SIGTTIN), E(SIGTTOU),
    E(SIGURG), E(SIGXCPU), E(SIGXFSZ), E(SIGVTALRM), E(SIGPROF), E(SIGWINCH), E(SIGIO),
    E(SIGPOLL), E(SIGPWR), E(SIGSYS),
};

constexpr Entry kSymbols[] = {
    Entry { "NULL", 0 },
    E(EPOLL_CTL_ADD), E(EPOLL_CTL_DEL), E(EPOLL_CTL_MOD), E(EPOLL_CLOEXEC),
    E(AF_UNIX), E(AF_LOCAL), E(AF_INET), E(AF_INET6), E(AF_NETLINK), E(AF_PACKET), E(AF_UNSPEC),
    E(SOCK_STREAM), E(SOCK_DGRAM), E(SOCK_RAW), E(SOCK_SEQPACKET), E(SOCK_NONBLOCK), E(SOCK_CLOEXEC),
    E(IPPROTO_IP), E(IPPROTO_TCP), E(IPPROTO_UDP), E(IPPROTO_IPV6),
    E(F_DUPFD), E(F_GETFD), E(F_SETFD), E(F_GETFL), E(F_SETFL), E(F_SETOWN), E(F_GETOWN),
    E(F_DUPFD_CLOEXEC), E(FD_CLOEXEC),
    E(O_RDONLY), E(O_WRONLY), E(O_RDWR), E(O_CREAT), E(O_EXCL), E(O_NOCTTY), E(O_TRUNC), E(O_APPEND),
    E(O_NONBLOCK), E(O_CLOEXEC), E(O_DIRECTORY), E(O_ASYNC), E(O_NOFOLLOW), E(O_PATH), E(O_LARGEFILE),
    E(MSG_PEEK), E(MSG_DONTWAIT), E(MSG_NOSIGNAL), E(MSG_WAITALL), E(MSG_TRUNC),
    E(SOL_SOCKET), E(SOL_TCP), E(SO_RCVTIMEO), E(SO_REUSEADDR), E(SO_KEEPALIVE), E(TCP_NODELAY),
    E(FIONBIO), E(PR_SET_NAME), E(PR_GET_NAME),
    E(FUTEX_WAIT), E(FUTEX_WAKE), E(FUTEX_WAIT_PRIVATE), E(FUTEX_WAKE_PRIVATE), E(FUTEX_WAIT_BITSET),
    E(FUTEX_WAIT_BITSET_PRIVATE), E(FUTEX_CLOCK_REALTIME), E(FUTEX_PRIVATE_FLAG),
    Entry { "AT_FDCWD", -100 },
};

constexpr Entry kEvents[] = {
    E(EPOLLIN), E(EPOLLPRI), E(EPOLLOUT), E(EPOLLERR), E(EPOLLHUP), E(EPOLLRDNORM), E(EPOLLRDBAND),
    E(EPOLLWRNORM), E(EPOLLWRBAND), E(EPOLLMSG), E(EPOLLRDHUP), E(EPOLLEXCLUSIVE), E(EPOLLWAKEUP),
    E(EPOLLONESHOT), Entry { "EPOLLET", int64_t(uint32_t(EPOLLET)) },
    E(POLLIN), E(POLLPRI), E(POLLOUT), E(POLLERR), E(POLLHUP), E(POLLNVAL), E(POLLRDNORM),
    E(POLLRDBAND), E(POLLWRNORM), E(POLLWRBAND), E(POLLMSG), E(POLLRDHUP),
};

#undef E

template <size_t N>
bool lookup(const Entry (&table)[N], std::string_view name, int64_t& out) {
    for (const Entry& e : table)
        if (e.name == name) { out = e.value; return true; }
    return false;
}

} // namespace

bool errno_value(std::string_view name, int64_t& out) { return lookup(kErrnos, name, out); }

bool signal_value(std::string_view name, int64_t& out) {
    if (lookup(kSignals, name, out)) return true;
    // Real-time signals as strace names them: SIGRTMIN is the kernel's 32, SIGRT_N is 32 + N.
    if (name == "SIGRTMIN") { out = 32; return true; }
    if (name.substr(0, 6) == "SIGRT_" && name.size() > 6) {
        int64_t n = 0;
        for (char c : name.substr(6)) {
            if (c < '0' || c > '9') return false;
            n = n * 10 + (c - '0');
        }
        out = 32 + n;
        return out <= 64;
    }
    return false;
}

bool symbol_value(std::string_view name, int64_t& out) {
    return lookup(kSymbols, name, out) || signal_value(name, out);
}

bool event_bit(std::string_view name, int64_t& out) { return lookup(kEvents, name, out); }

bool signal_dumps_core(int64_t s) {
    // signal(7): the signals whose default action is "Core".
    return s == SIGQUIT || s == SIGILL || s == SIGABRT || s == SIGFPE || s == SIGSEGV || s == SIGBUS ||
           s == SIGSYS || s == SIGTRAP || s == SIGXCPU || s == SIGXFSZ;
}

} // namespace ioscope::strace
