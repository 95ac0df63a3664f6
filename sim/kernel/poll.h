// poll.h — what select(2) and poll(2) share (fs/select.c): struct poll_wqueues with its
// poll_table_entry list, the event bits, and the user-visible argument types.
#pragma once
#include "wait_queue.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <vector>

namespace ioscope {

enum : uint32_t {
    POLLIN = 0x001, POLLPRI = 0x002, POLLOUT = 0x004, POLLERR = 0x008, POLLHUP = 0x010, POLLNVAL = 0x020,
    POLLRDNORM = 0x040, POLLRDBAND = 0x080, POLLWRNORM = 0x100, POLLWRBAND = 0x200, POLLRDHUP = 0x2000,
};
// fs/select.c: which poll bits count as "readable", "writable", "exceptional" for select.
constexpr uint32_t POLLIN_SET = POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR;
constexpr uint32_t POLLOUT_SET = POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR;
constexpr uint32_t POLLEX_SET = POLLPRI;

struct WaitQueueHead;

// struct poll_table_entry: one per fd registered by __pollwait on the first pass.
struct PollTableEntry {
    WaitEntry wait;                       // func = pollwake, priv = the poll_wqueues
    WaitQueueHead* wait_address { nullptr };
};

// struct poll_wqueues (the poll_table of one select/poll call).
struct PollWqueues {
    uint32_t id { 0 };                    // trace object (ObjType::PollTable)
    struct Task* polling_task { nullptr };
    bool triggered { false };             // set by pollwake; checked before sleeping
    bool qproc { false };                 // _qproc != NULL: this pass registers
    std::deque<PollTableEntry> entries;   // stable addresses: the wait queues point at them
};

// A user-space select bitmap. Default-constructed it is glibc's fd_set: 1024 bits. FD_SET beyond
// that is a user-space bug (see the select-fd-setsize scenario): the kernel itself has no such
// limit. FdSet(bits) is a hand-sized bitmap, the way libevent's select backend allocates it
// (howmany(nfds, NFDBITS) fd_mask words, bits set by hand rather than with glibc's macros): the
// kernel reads and writes FDS_BYTES(nfds) of it, whatever nfds is.
struct FdSet {
    static constexpr int kBits = 1024;    // __FD_SETSIZE
    std::vector<uint64_t> words;
    FdSet() : words(kBits / 64) {}
    explicit FdSet(int bits) : words(size_t(bits < 0 ? 0 : (bits + 63) / 64)) {}
    int bits() const { return int(words.size()) * 64; }
    // Bounds-checked (std::out_of_range, recorded as a program crash): a simulated program that
    // overflows its fd_set must model what glibc does about it (select_server, select_fd_setsize),
    // never corrupt the simulator's own memory.
    void set(int fd) { words.at(size_t(fd) / 64) |= uint64_t(1) << (fd % 64); }
    void clear(int fd) { words.at(size_t(fd) / 64) &= ~(uint64_t(1) << (fd % 64)); }
    bool isset(int fd) const { return words.at(size_t(fd) / 64) >> (fd % 64) & 1; }
    void zero() { std::fill(words.begin(), words.end(), 0); }
    // The kernel's view (get_fd_set copies FDS_BYTES(n) from the pointer): a bit past the end of
    // this buffer reads as 0 here — the real kernel would read whatever memory follows it.
    bool test(int fd) const { size_t w = size_t(fd) / 64; return fd >= 0 && w < words.size() && (words[w] >> (fd % 64) & 1); }
};

struct PollFd {
    int fd { -1 };
    uint32_t events { 0 };
    uint32_t revents { 0 };
};

} // namespace ioscope
