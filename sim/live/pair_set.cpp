#include "pair_set.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ioscope::live {

namespace {

constexpr int kFdBatch = 200;              // SCM_RIGHTS carries at most SCM_MAX_FD (253) per message
constexpr int kIdxBatch = 1024;            // indices per command message

// The writer process: receives the write ends, then for each command writes one byte to each
// listed pair and acknowledges after the last chunk. Exits when the control socket closes.
[[noreturn]] void writer_main(int ctl) {
    std::vector<int> fds;
    alignas(cmsghdr) char cbuf[CMSG_SPACE(sizeof(int) * kFdBatch)];
    for (;;) {
        char tag = 0;
        iovec iov { &tag, 1 };
        msghdr msg {};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = cbuf;
        msg.msg_controllen = sizeof cbuf;
        ssize_t r = recvmsg(ctl, &msg, 0);
        if (r <= 0) _exit(1);
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
            size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            const unsigned char* p = CMSG_DATA(c);
            for (size_t i = 0; i < n; ++i) {
                int fd;
                std::memcpy(&fd, p + i * sizeof(int), sizeof(int));
                fds.push_back(fd);
            }
        }
        if (tag == 'E') break;
    }
    if (send(ctl, "k", 1, MSG_NOSIGNAL) != 1) _exit(1);
    std::vector<uint32_t> buf(kIdxBatch + 1);
    for (;;) {
        ssize_t r = recv(ctl, buf.data(), buf.size() * sizeof(uint32_t), 0);
        if (r <= 0) _exit(0);
        size_t n = size_t(r) / sizeof(uint32_t);
        for (size_t i = 1; i < n; ++i)
            if (buf[i] < fds.size() && write(fds[buf[i]], "x", 1) != 1) _exit(2);
        if ((buf[0] & 1) && send(ctl, "k", 1, MSG_NOSIGNAL) != 1) _exit(1);
    }
}

bool send_fds(int ctl, const int* fds, int n, char tag) {
    alignas(cmsghdr) char cbuf[CMSG_SPACE(sizeof(int) * kFdBatch)] {};
    iovec iov { &tag, 1 };
    msghdr msg {};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (n > 0) {
        msg.msg_control = cbuf;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * size_t(n));
        cmsghdr* c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * size_t(n));
        std::memcpy(CMSG_DATA(c), fds, sizeof(int) * size_t(n));
    }
    return sendmsg(ctl, &msg, MSG_NOSIGNAL) == 1;
}

} // namespace

bool PairSet::open(int n, bool writer_process, std::string* error) {
    close_all();
    auto fail = [&](const std::string& what) {
        if (error) *error = what + ": " + std::strerror(errno);
        close_all();
        return false;
    };
    if (writer_process) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) return fail("socketpair(SOCK_SEQPACKET)");
        pid_t pid = fork();
        if (pid < 0) { ::close(sv[0]); ::close(sv[1]); return fail("fork"); }
        if (pid == 0) {
            ::close(sv[0]);
            writer_main(sv[1]);
        }
        ::close(sv[1]);
        pid_ = pid;
        ctl_ = sv[0];
    }
    std::vector<int> pending;
    int high_base = -1;                        // where write ends go in same-process mode
    rd_.reserve(size_t(n));
    for (int i = 0; i < n; ++i) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
            return fail("socketpair (pair " + std::to_string(i) + " of " + std::to_string(n) + ")");
        int fl = fcntl(sv[0], F_GETFL);
        fcntl(sv[0], F_SETFL, fl | O_NONBLOCK);
        rd_.push_back(sv[0]);
        if (!writer_process) {
            // Move the write end above every read end (F_DUPFD: lowest free >= high_base), so the
            // next pair's read end reuses its number: read ends stay contiguous and low (select's
            // bitmap spans ~N bits; both ends interleaved would reach 2N + 3).
            if (high_base < 0) high_base = sv[0] + n + 16;
            int hi = fcntl(sv[1], F_DUPFD_CLOEXEC, high_base);
            if (hi < 0) {
                ::close(sv[1]);
                return fail("fcntl(F_DUPFD) for a write end (pair " + std::to_string(i) + " of " + std::to_string(n) + ")");
            }
            ::close(sv[1]);
            wr_.push_back(hi);
            continue;
        }
        pending.push_back(sv[1]);
        if (int(pending.size()) == kFdBatch || i == n - 1) {
            bool ok = send_fds(ctl_, pending.data(), int(pending.size()), 'F');
            for (int fd : pending) ::close(fd);       // the writer holds its own references now
            pending.clear();
            if (!ok) return fail("sendmsg(SCM_RIGHTS) to the writer process");
        }
    }
    if (writer_process) {
        char ack = 0;
        if (!send_fds(ctl_, nullptr, 0, 'E') || recv(ctl_, &ack, 1, 0) != 1) return fail("writer process did not start");
    }
    return true;
}

bool PairSet::poke(const int* idx, int k) {
    if (pid_ <= 0) {
        for (int j = 0; j < k; ++j)
            if (write(wr_[size_t(idx[j])], "x", 1) != 1) return false;
        return true;
    }
    uint32_t buf[kIdxBatch + 1];
    for (int off = 0; off < k || off == 0; off += kIdxBatch) {
        int m = std::min(kIdxBatch, k - off);
        buf[0] = off + m >= k ? 1u : 0u;
        for (int j = 0; j < m; ++j) buf[j + 1] = uint32_t(idx[off + j]);
        if (send(ctl_, buf, sizeof(uint32_t) * size_t(m + 1), MSG_NOSIGNAL) < 0) return false;
        if (k == 0) break;
    }
    char ack = 0;
    return recv(ctl_, &ack, 1, 0) == 1;
}

bool PairSet::pin_writer(int cpu) {
    if (pid_ <= 0) return true;
    if (cpu < 0) return false;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    return sched_setaffinity(pid_, sizeof one, &one) == 0;
}

void PairSet::close_all() {
    for (int fd : rd_) ::close(fd);
    for (int fd : wr_) ::close(fd);
    rd_.clear();
    wr_.clear();
    if (ctl_ >= 0) ::close(ctl_);               // the writer sees EOF and exits
    ctl_ = -1;
    if (pid_ > 0) {
        int st = 0;
        while (waitpid(pid_, &st, 0) < 0 && errno == EINTR) {}
    }
    pid_ = -1;
}

} // namespace ioscope::live
