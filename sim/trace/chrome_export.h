// chrome_export.h — Chrome Trace Event JSON that ui.perfetto.dev opens (docs/FORMATS.md §1):
// one lane per CPU (which task runs, in which mode), a state lane and a syscall lane per task,
// instants for clock ticks and IRQs, counters (run queue, socket buffers), wakeup flow arrows.
#pragma once
#include "trace.h"

#include <iosfwd>
#include <string>

namespace ioscope {

void write_chrome_json(const Trace& trace, std::ostream& out);
bool write_chrome_json_file(const Trace& trace, const std::string& path, std::string* error = nullptr);

} // namespace ioscope
