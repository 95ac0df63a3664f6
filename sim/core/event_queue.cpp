#include "event_queue.h"

#include <algorithm>
#include <cassert>

namespace ioscope {

EventId EventQueue::schedule(SimTime at, EventFn fn, void* ctx, uint64_t arg) {
    assert(at >= now_ && "events cannot be scheduled in the past");
    uint32_t slot;
    if (!free_.empty()) { slot = free_.back(); free_.pop_back(); }
    else { slot = uint32_t(slots_.size()); slots_.push_back({}); }
    uint64_t seq = next_seq_++;
    slots_[slot] = Slot{fn, ctx, arg, seq, false, true};
    heap_.push_back({at.ns, seq, slot});
    std::push_heap(heap_.begin(), heap_.end(), later);
    ++live_;
    return EventId{slot, seq};
}

bool EventQueue::cancel(EventId id) {
    if (!id.valid() || id.slot >= slots_.size()) return false;
    Slot& s = slots_[id.slot];
    if (!s.used || s.seq != id.seq || s.cancelled) return false;
    s.cancelled = true;
    --live_;
    return true;
}

bool EventQueue::pending(EventId id) const {
    if (!id.valid() || id.slot >= slots_.size()) return false;
    const Slot& s = slots_[id.slot];
    return s.used && s.seq == id.seq && !s.cancelled;
}

void EventQueue::drop_cancelled_top() {
    while (!heap_.empty()) {
        const HeapItem& top = heap_.front();
        Slot& s = slots_[top.slot];
        if (!s.cancelled) return;
        s.used = false;
        free_.push_back(top.slot);
        std::pop_heap(heap_.begin(), heap_.end(), later);
        heap_.pop_back();
    }
}

SimTime EventQueue::next_time() const {
    const_cast<EventQueue*>(this)->drop_cancelled_top();
    return heap_.empty() ? SimTime::max() : SimTime(heap_.front().t);
}

bool EventQueue::run_one(SimTime limit) {
    drop_cancelled_top();
    if (heap_.empty()) return false;
    HeapItem top = heap_.front();
    if (top.t > limit.ns) return false;
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
    Slot s = slots_[top.slot];
    slots_[top.slot].used = false;
    free_.push_back(top.slot);
    --live_;
    now_ = SimTime(top.t);
    ++executed_;
    s.fn(s.ctx, s.arg);
    return true;
}

} // namespace ioscope
