// waitqueue_model.h — wait queues (struct wait_queue_head) with their entries in list order:
// who waits, with which wake function (pollwake, ep_poll_callback, autoremove_wake_function,
// woken_wake_function...), exclusive or not, and on whose behalf (the entry's owner). GL-free.
#pragma once
#include "inspect_input.h"

#include <optional>
#include <string>
#include <vector>

namespace ioscope::gui {

enum class EntryChange : uint8_t { None, Added, Woken, WakeDeclined };

struct WaitEntryView {
    uint32_t id { 0 };
    uint32_t task { 0 };                  // 0 = a callback entry with no task (ep_poll_callback)
    std::string task_name;
    uint32_t for_task { 0 };              // the task it wakes: its own, or its owner's (a poll table's caller)
    std::string for_task_name;
    std::string func;                     // wake function
    bool exclusive { false };             // WQ_FLAG_EXCLUSIVE: wake_up stops after one of these
    bool woken_flag { false };            // WQ_FLAG_WOKEN (woken_wake_function ran)
    std::string owner;                    // the poll table or epitem the entry belongs to
    EntryChange change { EntryChange::None };
};

struct RemovedEntry {
    uint32_t id { 0 };
    uint32_t task { 0 };
    std::string task_name;
    std::string by;                       // remove_wait_queue / poll_freewait / autoremove_wake_function ...
};

struct WaitQueueView {
    uint32_t id { 0 };
    std::string name;                     // "sk_wq #12"
    std::string owner;                    // the socket / eventpoll the head belongs to
    ioscope::ObjType owner_type { ioscope::ObjType::Socket };
    bool owner_known { false };
    std::vector<WaitEntryView> entries;   // list order: head first
    std::optional<RemovedEntry> removed;  // the entry the current record unlinked
    bool highlight { false };             // the current record touched this queue
};

struct WaitQueuesView {
    std::vector<WaitQueueView> queues;    // queues with entries, plus the one just touched; by id
};

WaitQueuesView build_wait_queues_view(const InspectInput& in);

// The kernel function that unlinked an entry, from the records just before the WqRemove (the
// trace records remove_wait_queue as a KernelStep, autoremove inside a WqWake walk). Exposed for
// the narration and the tests.
std::string remover_of(const InspectInput& in);
// The wait-queue entries that wake `tid` (its own, or its poll table's pollwake entries), for the
// mechanism inspectors that show them beside their own structures (poll; select keeps its own
// copy in SelectView). `removed`: the queue the current record unlinked one of them from.
struct TaskWaitEntry { std::string queue; std::string func; bool added_now { false }; };
struct TaskWaitEntries { std::vector<TaskWaitEntry> entries; std::string removed; };
TaskWaitEntries task_wait_entries(const InspectInput& in, uint32_t tid);

// The task an entry wakes: its own task, or for a pollwake entry (no task) the poll table's caller.
uint32_t entry_task(const InspectInput& in, uint32_t task, uint32_t owner);

} // namespace ioscope::gui
