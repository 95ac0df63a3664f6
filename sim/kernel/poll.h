// poll.h — what select(2) and poll(2) share (fs/select.c): struct poll_wqueues with its
// poll_table_entry list, the event bits, and the user-visible argument types.
#pragma once
#include "wait_queue.h"

#include <array>
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

// glibc's fd_set: 1024 bits. FD_SET beyond that is a user-space bug (see the select-fd-setsize
// scenario): the kernel itself has no such limit.
struct FdSet {
    static constexpr int kBits = 1024;    // __FD_SETSIZE
    std::array<uint64_t, kBits / 64> words {};
    // Bounds-checked (std::out_of_range, recorded as a program crash): a simulated program that
    // overflows its fd_set must model what glibc does about it (select_server, select_fd_setsize),
    // never corrupt the simulator's own memory.
    void set(int fd) { words.at(size_t(fd) / 64) |= uint64_t(1) << (fd % 64); }
    void clear(int fd) { words.at(size_t(fd) / 64) &= ~(uint64_t(1) << (fd % 64)); }
    bool isset(int fd) const { return words.at(size_t(fd) / 64) >> (fd % 64) & 1; }
    void zero() { words.fill(0); }
};

struct PollFd {
    int fd { -1 };
    uint32_t events { 0 };
    uint32_t revents { 0 };
};

} // namespace ioscope
