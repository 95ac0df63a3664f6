// inspectors.h — which inspectors exist, which a document has anything for, and which one the
// current record is about (the panel follows it unless the user picked a tab). GL-free.
#pragma once
#include "inspect_input.h"
#include "inspect_strings.h"

#include <array>
#include <string>

namespace ioscope::gui {

enum class InspectorId : uint8_t { Processes, Cpus, WaitQueues, Select, Poll, Epoll, Sockets, Signals, Count_ };
constexpr size_t kInspectorCount = size_t(InspectorId::Count_);

const char* inspector_key(InspectorId id);           // "select" (for --inspector)
bool inspector_from_key(const std::string& key, InspectorId& out);
std::string inspector_keys();                          // "processes, cpus, ..." for help text
SI inspector_title(InspectorId id);

// Inspectors with something to show anywhere in the trace (Processes and CPUs always).
std::array<bool, kInspectorCount> available_inspectors(const ioscope::Trace& trace);

// The inspector that shows what the current record changed.
InspectorId inspector_for_record(const InspectInput& in);

// The multiplexing call `tid` is inside (select/pselect6, poll/ppoll, epoll_*): that mechanism's
// inspector; Processes if the task is in no such call.
InspectorId call_inspector(const InspectInput& in, uint32_t tid);

// The tab the inspector area shows while it follows the records. Stepping record by record must
// not make the tab jump back and forth (a projector audience loses the picture), so:
//  - while a task is inside select()/poll()/epoll_wait(), that mechanism's tab stays, whatever
//    the records of the call (its wait-queue entries, the sleep, the wakeup by softirq) touch —
//    each mechanism's tab shows the task's own wait-queue entries;
//  - otherwise it follows inspector_for_record, but switches at most once per system call of a
//    task (and once per interrupt/user-mode stretch between them).
// Deterministic in the sequence of positions it is given; a jump (seek) just continues from the
// new record. GL-free, unit-tested.
class InspectorFocus {
public:
    void reset(const std::array<bool, kInspectorCount>& available);
    // The position moved to `in`; returns the tab to show.
    InspectorId update(const InspectInput& in);
    InspectorId active() const { return active_; }
    void set_active(InspectorId id) { active_ = id; }
    uint64_t switches() const { return switches_; }   // tab changes made by update()

private:
    std::array<bool, kInspectorCount> available_ {};
    InspectorId active_ { InspectorId::Processes };
    // The multiplexing call holding the focus: its task and that task's syscall count.
    uint32_t hold_task_ { 0 };
    uint64_t hold_call_ { 0 };
    // The stretch in which the last switch happened: (task, syscall count, inside a call).
    uint32_t sw_task_ { UINT32_MAX };
    uint64_t sw_call_ { 0 };
    bool sw_in_call_ { false };
    uint64_t switches_ { 0 };
};

} // namespace ioscope::gui
