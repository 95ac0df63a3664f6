// eventpoll.h — struct eventpoll and struct epitem (fs/eventpoll.c, KERNEL.md §3).
//
// The interest set is a red-black tree keyed by (file, fd); readiness is pushed by
// ep_poll_callback onto rdllist (or, while ep_send_events is scanning, onto the LIFO ovflist);
// epoll_wait harvests the ready list, re-polling each item. Nothing here is mmap'ed: results are
// copied out one event at a time with __put_user.
#pragma once
#include "rbtree.h"
#include "wait_queue.h"

#include <cstdint>
#include <list>
#include <memory>
#include <vector>

namespace ioscope {

struct File;
struct Sock;
struct EventPoll;

enum : uint32_t {
    EPOLLIN = 0x001, EPOLLPRI = 0x002, EPOLLOUT = 0x004, EPOLLERR = 0x008, EPOLLHUP = 0x010,
    EPOLLRDNORM = 0x040, EPOLLRDHUP = 0x2000,
    EPOLLEXCLUSIVE = 1u << 28, EPOLLWAKEUP = 1u << 29, EPOLLONESHOT = 1u << 30, EPOLLET = 1u << 31,
};
constexpr uint32_t EP_PRIVATE_BITS = EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE;
enum { EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3 };

struct EpollEvent {                       // struct epoll_event (12 bytes, packed on x86-64)
    uint32_t events { 0 };
    uint64_t data { 0 };
};

struct EpItem {
    RbNode rbn;                           // first member: RbNode* <-> EpItem*
    uint32_t id { 0 };                    // trace object (ObjType::EpItem)
    EventPoll* ep { nullptr };
    File* file { nullptr };               // epoll_filefd {file, fd}: the key
    int fd { -1 };
    EpollEvent event;                     // interest mask (incl. private bits) and user data
    bool on_rdllist { false };            // rdllink linked
    bool on_ovflist { false };            // epi->next != EP_UNACTIVE_PTR
    WaitEntry pwq;                        // eppoll_entry.wait: ep_poll_callback on the socket's queue
    struct WaitQueueHead* whead { nullptr };
};

struct EventPoll {
    uint32_t id { 0 };                    // trace object (ObjType::EventPoll)
    WaitQueueHead wq;                     // tasks sleeping in epoll_wait (exclusive, LIFO)
    std::list<EpItem*> rdllist;           // ready list (FIFO)
    bool scanning { false };              // ovflist != EP_UNACTIVE_PTR: a transfer is in progress
    std::vector<EpItem*> ovflist;         // pushed at the front (LIFO), as chain_epi_lockless does
    RbTree rbr { [](const RbNode* a, const RbNode* b) {
        auto* x = reinterpret_cast<const EpItem*>(a);
        auto* y = reinterpret_cast<const EpItem*>(b);
        return x->fd != y->fd ? x->fd < y->fd : x->file < y->file;   // ep_cmp_ffd
    } };
    std::vector<std::unique_ptr<EpItem>> items;   // ownership; erased items stay until the epoll dies
};

} // namespace ioscope
