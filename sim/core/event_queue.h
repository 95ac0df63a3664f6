// event_queue.h — the discrete-event scheduler: a min-heap ordered by (time, sequence).
//
// Contract:
//  * Events run in (time, seq) order; seq is assigned at schedule time and grows monotonically,
//    so two events at the same instant run in the order they were scheduled (ns-3, SimPy).
//  * Cancellation is by flag (ns-3's Cancel()): the slot is marked and skipped when popped.
//    An EventId is {slot, seq}; cancelling a stale id (already run or reused slot) is a no-op.
//  * Callbacks are a plain function pointer + context + one integer: no allocation per event.
#pragma once
#include "sim_time.h"

#include <cstdint>
#include <vector>

namespace ioscope {

struct EventId {
    uint32_t slot { UINT32_MAX };
    uint64_t seq { 0 };
    bool valid() const { return slot != UINT32_MAX; }
};

using EventFn = void (*)(void* ctx, uint64_t arg);

class EventQueue {
public:
    EventId schedule(SimTime at, EventFn fn, void* ctx, uint64_t arg = 0);
    bool cancel(EventId id);                 // true if a pending event was cancelled
    bool pending(EventId id) const;

    // Pops and runs the next live event; returns false when the queue is empty or the next
    // event lies after `limit` (it stays queued). `now()` advances to the event's time first.
    bool run_one(SimTime limit = SimTime::max());
    SimTime now() const { return now_; }
    SimTime next_time() const;               // SimTime::max() when empty
    size_t size() const { return live_; }
    uint64_t executed() const { return executed_; }

private:
    struct HeapItem { int64_t t; uint64_t seq; uint32_t slot; };
    struct Slot { EventFn fn; void* ctx; uint64_t arg; uint64_t seq; bool cancelled; bool used; };
    static bool later(const HeapItem& a, const HeapItem& b) {
        return a.t != b.t ? a.t > b.t : a.seq > b.seq;
    }
    void drop_cancelled_top();

    std::vector<HeapItem> heap_;
    std::vector<Slot> slots_;
    std::vector<uint32_t> free_;
    SimTime now_ {};
    uint64_t next_seq_ { 1 };
    size_t live_ { 0 };
    uint64_t executed_ { 0 };
};

} // namespace ioscope
