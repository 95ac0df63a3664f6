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

} // namespace ioscope::gui
