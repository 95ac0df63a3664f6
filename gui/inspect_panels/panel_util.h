// panel_util.h — drawing helpers shared by the inspector panels: boxes, arrows, the highlight
// of "what the current record changed" (one amber colour everywhere, readable on a projector).
#pragma once
#include "gui/inspect/inspect_strings.h"

#include <imgui.h>

#include <string>

namespace ioscope::gui::panel {

ImU32 highlight();                        // amber: the current record's change
ImU32 ghost();                            // removed items
ImU32 box_fill();                         // neutral box
ImU32 dim_text();

// A labelled box at the cursor (advances it like an item). Returns its rectangle.
struct Rect { ImVec2 a, b; };
Rect box(const std::string& text, ImU32 fill, bool highlighted, float min_w = 0, const char* tooltip = nullptr);
// A box drawn at an absolute position (no cursor movement).
void box_at(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 fill, const std::string& text, bool highlighted, bool dashed = false);
void arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 col, float thickness = 2.0f);
void heading(const char* text);
void note(const char* text);               // wrapped, dim
void empty(SI id);
void highlight_row();                      // inside a table row: amber background
void chip(const std::string& text, ImU32 fill);   // a small coloured label inline

// Scrolling to what changed: the inspector area arms this when the record changes; the first
// highlighted item drawn after that (reveal) scrolls the panel so it is on screen, once, so the
// user's own scrolling is left alone until the next step.
void arm_reveal();
void disarm_reveal();                      // end of the frame: nothing changed was drawn
void reveal(ImVec2 a, ImVec2 b);
void reveal_last_item();                   // reveal(item rect) for the last ImGui item

} // namespace ioscope::gui::panel
