// help_overlay.h — the keys window (key '?'): generated from the action table (actions.h), so
// it cannot list a key that does not work or miss one that does.
#pragma once

namespace ioscope::gui {

void draw_help_overlay(bool& open);

} // namespace ioscope::gui
