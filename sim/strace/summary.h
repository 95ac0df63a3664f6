// summary.h — what an imported strace trace contains, computed from its records (not from the
// importer's own counters, so tests can hold one against the other and against the log).
#pragma once
#include "importer.h"

#include <string>

namespace ioscope::strace {

// One JSON object:
//   {"source":"strace","file":..,"records":N,"span_ns":N,"lines":N,"joined":N,"orphan_resumed":N,
//    "never_returned":N,"signals":N,
//    "tasks":[{"tid","pid","comm","syscalls","waiting_ns","exit_code"}],
//    "syscalls":{name:count}, "errors":{name:count of calls that failed},
//    "multiplexing":{name:{"calls","ready_total","timeouts","max_ready"}}}
std::string summary_json(const Trace& trace, const ImportStats& stats);

} // namespace ioscope::strace
