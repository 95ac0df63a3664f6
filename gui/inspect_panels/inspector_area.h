// inspector_area.h — the GUI's kernel-object area: the narration strip (what the current record
// did, in words, plus the scenario's note) above the inspector tabs. App owns one and calls
// draw() once per frame with the rectangle the fixed layout gives it.
#pragma once
#include "gui/document.h"
#include "gui/inspect/inspectors.h"
#include "gui/playback.h"
#include "panels.h"

#include <imgui.h>

#include <array>
#include <string>
#include <vector>

namespace ioscope::gui {

class InspectorArea {
public:
    // Draws into [pos, pos + size). Clicking a scenario note moves the playback position.
    void draw(Document* doc, Playback& pb, ImVec2 pos, ImVec2 size);
    bool animating() const { return epoll_.animating(); }
    // Pin an inspector (the --inspector flag; a tab click does the same).
    void open_notes() { open_notes_ = true; }   // J: the list of all scenario notes
    void show(InspectorId id) { pinned_ = true; active_ = id; force_tab_ = true; }

private:
    void on_document(Document* doc);
    void draw_narration(Document& doc, Playback& pb, const InspectInput& in);
    void draw_inspectors(Document& doc, Playback& pb, const InspectInput& in);
    void draw_notes_button(Document& doc, Playback& pb, const InspectInput& in);
    void handle_keys();

    const Document* doc_ { nullptr };
    std::array<bool, kInspectorCount> available_ {};
    std::vector<uint32_t> notes_;
    InspectorId active_ { InspectorId::Processes };
    bool pinned_ { false };               // false: follow the current record
    InspectorFocus focus_;                // which tab following the records shows
    size_t focus_record_ { size_t(-2) };  // the record focus_ last saw
    bool force_tab_ { true };
    bool open_notes_ { false };
    float narr_wanted_ { 0 };             // the narration's content height last frame
    size_t last_pos_ { size_t(-1) };       // position of the last frame (reveal on change)             // select active_'s tab on the next frame
    EpollPanel epoll_;
};

} // namespace ioscope::gui
