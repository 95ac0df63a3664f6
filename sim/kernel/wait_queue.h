// wait_queue.h — struct wait_queue_head and wait_queue_entry (include/linux/wait.h).
//
// The *task* is never on a socket: a wait_queue_entry whose `task` field points at it is
// (KERNEL.md §9 myth 13). Non-exclusive entries are added at the head (add_wait_queue), exclusive
// ones at the tail (add_wait_queue_exclusive), so a wake walks non-exclusive waiters first.
#pragma once
#include <cstdint>
#include <list>

namespace ioscope {

struct Task;

// The wake functions ioscope models, by their kernel names.
enum class WakeFn : uint8_t {
    Default,      // default_wake_function -> try_to_wake_up
    Autoremove,   // autoremove_wake_function: default + list_del_init on success
    Woken,        // woken_wake_function: set WQ_FLAG_WOKEN, then default
    Pollwake,     // pollwake (select/poll)
    EpCallback,   // ep_poll_callback (epoll)
    IoPollWake,   // io_poll_wake (io_uring's armed poll: queues task_work)
};
const char* wake_fn_name(WakeFn f);

struct WaitEntry {
    uint32_t id { 0 };                    // trace id of the entry
    uint32_t flags { 0 };                 // WQ_FLAG_EXCLUSIVE, WQ_FLAG_WOKEN
    Task* task { nullptr };               // `private`: the sleeper (NULL for callbacks)
    WakeFn func { WakeFn::Default };
    uint32_t owner { 0 };                 // object that owns a callback entry (poll table, epitem)
    uint32_t key { 0 };                   // events the entry wants (pollwake filters on it)
    void* priv { nullptr };               // callback entries: their struct (poll_wqueues, epitem)
    bool linked { false };
};

struct WaitQueueHead {
    uint32_t id { 0 };                    // trace object id
    std::list<WaitEntry*> entries;        // list order = wake order
    bool has_sleeper() const { return !entries.empty(); }   // skwq_has_sleeper
};

} // namespace ioscope
