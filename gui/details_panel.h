// details_panel.h — the record under the mouse (or the selected one, or the one at the playhead),
// its fields, and the reconstructed task/CPU state right after it (UI.md §7).
#pragma once
#include "document.h"

namespace ioscope::gui {

enum class DetailsSource { Hovered, Selected, Playhead };

void draw_details(Document& doc, uint32_t record, DetailsSource source);

} // namespace ioscope::gui
