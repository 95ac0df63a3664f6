// narration.h — one plain-language sentence for the current record, naming the kernel function
// and the data structure it touched, in the current language (English or Simplified Chinese),
// and the scenario's own notes (Kind::Narration records) at the points the scenario marks.
// GL-free.
#pragma once
#include "inspect_input.h"

#include <string>
#include <vector>

namespace ioscope::gui {

// The sentence for in.record ("" at position 0). Kernel names are never translated.
std::string narrate_record(const InspectInput& in);

// Indexes of the trace's Narration records, in order.
std::vector<uint32_t> narration_points(const ioscope::Trace& trace);
// The scenario note in force at `position` (the last Narration record before it), or -1.
int64_t note_at(const std::vector<uint32_t>& points, size_t position);
// A Narration record's text in the current language (English if it has no Chinese).
std::string note_text(const ioscope::Trace& trace, uint32_t record);

} // namespace ioscope::gui
