// inspector_area.cpp — see the header.
#include "inspector_area.h"

#include "gui/inspect/narration.h"
#include "panel_util.h"

#include <algorithm>

namespace ioscope::gui {

namespace {

constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

} // namespace

void InspectorArea::on_document(Document* doc) {
    doc_ = doc;
    available_ = available_inspectors(*doc->trace);
    focus_.reset(available_);
    focus_record_ = size_t(-2);
    notes_ = narration_points(*doc->trace);
    if (!available_[size_t(active_)]) { active_ = InspectorId::Processes; pinned_ = false; }
    force_tab_ = true;
}

void InspectorArea::draw(Document* doc, Playback& pb, ImVec2 pos, ImVec2 size) {
    if (doc && doc != doc_) on_document(doc);
    const float line = ImGui::GetTextLineHeightWithSpacing();
    // The narration strip is as tall as its sentence (measured by the last frame), at most a
    // third of the area; no title bars: the tabs and the "#record" prefix say what each part is.
    const float pad = ImGui::GetStyle().WindowPadding.y * 2;
    const float narr_h = std::clamp(narr_wanted_ > 0 ? narr_wanted_ + pad : line * 2.7f + pad, line + pad, std::max(line + pad, size.y * 0.34f));
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(ImVec2(size.x, narr_h));
    const std::string nt = std::string(tr(SI::NarrTitle)) + "###narration";
    const size_t p = doc ? std::min(pb.position(), doc->trace->size()) : 0;
    if (ImGui::Begin(nt.c_str(), nullptr, kFixed | ImGuiWindowFlags_NoTitleBar) && doc) {
        const ioscope::State& st = doc->playhead->seek(p);
        const InspectInput in { *doc->trace, st, p ? p - 1 : kNoRecord };
        const float y0 = ImGui::GetCursorPosY();
        draw_narration(*doc, pb, in);
        narr_wanted_ = ImGui::GetCursorPosY() - y0 - ImGui::GetStyle().ItemSpacing.y;
    }
    ImGui::End();
    ImGui::SetNextWindowPos(ImVec2(pos.x, pos.y + narr_h));
    ImGui::SetNextWindowSize(ImVec2(size.x, size.y - narr_h));
    const std::string it = std::string(tr(SI::Inspectors)) + "###inspectors";
    // A new position: the panel scrolls its changed item (scan cursor, new entry) into view.
    if (p != last_pos_) { panel::arm_reveal(); last_pos_ = p; }
    if (ImGui::Begin(it.c_str(), nullptr, kFixed | ImGuiWindowFlags_NoTitleBar) && doc) {
        const ioscope::State& st = doc->playhead->seek(p);
        const InspectInput in { *doc->trace, st, p ? p - 1 : kNoRecord };
        draw_inspectors(*doc, pb, in);
    }
    ImGui::End();
}

void InspectorArea::draw_narration(Document& doc, Playback& pb, const InspectInput& in) {
    const std::string sentence = narrate_record(in);
    if (in.record != kNoRecord) ImGui::TextDisabled("#%zu", in.record);
    if (in.record != kNoRecord) ImGui::SameLine();
    ImGui::TextWrapped("%s", sentence.c_str());
}

// The note itself is shown by the scenario bar; here, as a trailing button of the inspector tab
// bar (no line of its own): which note is in force, and all of them as a list that moves the
// playhead (UI.md §12).
void InspectorArea::draw_notes_button(Document& doc, Playback& pb, const InspectInput& in) {
    if (notes_.empty()) return;
    const int64_t note = note_at(notes_, in.position());
    const bool fresh = note >= 0 && size_t(note) == in.record;
    const size_t k = size_t(std::lower_bound(notes_.begin(), notes_.end(), uint32_t(note < 0 ? 0 : note)) - notes_.begin());
    std::string label = std::string(tr(SI::NarrNotes)) + "... ";
    if (note < 0) label += tr(SI::NarrNoNote);
    else label += std::string(tr(SI::NarrScenarioNote)) + " " + std::to_string(k + 1) + "/" + std::to_string(notes_.size());
    // A note that starts at this record: the button in amber.
    if (fresh) {
        ImGui::PushStyleColor(ImGuiCol_Tab, panel::highlight());
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(20, 20, 20, 255));
    }
    const bool clicked = ImGui::TabItemButton((label + "###notesbtn").c_str(), ImGuiTabItemFlags_Trailing);
    if (fresh) ImGui::PopStyleColor(2);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s  [J]", tr(SI::NarrNotes));
    if (clicked || open_notes_) ImGui::OpenPopup("##notes");
    open_notes_ = false;
    if (ImGui::BeginPopup("##notes")) {
        for (uint32_t r : notes_) {
            std::string label = note_text(*doc.trace, r);
            if (label.size() > 100) label = label.substr(0, 97) + "...";
            label += "##" + std::to_string(r);
            if (ImGui::Selectable(label.c_str(), int64_t(r) == note)) { pb.pause(); pb.seek(r + 1); }
        }
        ImGui::EndPopup();
    }
}

void InspectorArea::handle_keys() {
    // Ctrl+1..8: pin the n-th inspector tab shown; Ctrl+0: follow the record again. (GLFW key
    // codes for digits are their ASCII codes, which ImGui 1.86 takes as key indexes.)
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.KeyCtrl || io.WantTextInput) return;
    if (ImGui::IsKeyPressed('0', false)) { pinned_ = false; force_tab_ = true; }
    int n = 0;
    for (size_t i = 0; i < kInspectorCount; ++i) {
        if (!available_[i]) continue;
        if (++n <= 9 && ImGui::IsKeyPressed('0' + n, false)) show(InspectorId(i));
    }
}

void InspectorArea::draw_inspectors(Document& doc, Playback& pb, const InspectInput& in) {
    handle_keys();
    if (!pinned_ && (in.record != focus_record_ || force_tab_)) {
        // InspectorFocus keeps the tab steady: a multiplexing call's own tab for the whole call,
        // at most one switch per system call otherwise.
        focus_.set_active(active_);
        const InspectorId want = focus_.update(in);
        focus_record_ = in.record;
        if (want != active_) { active_ = want; force_tab_ = true; }
    }
    // Scroll, never shrink: a shrunk tab reads "Wait queu..." (at 1280x800 in English the tabs
    // and the trailing buttons do not all fit); arrows appear at the ends instead.
    if (ImGui::BeginTabBar("##insp", ImGuiTabBarFlags_FittingPolicyScroll)) {
        // "Follow the record" as a trailing tab button: on, the tab follows what each record changes.
        const std::string fl = std::string(pinned_ ? "[ ] " : "[x] ") + tr(SI::AutoFollow) + "###follow";
        if (ImGui::TabItemButton(fl.c_str(), ImGuiTabItemFlags_Trailing)) { pinned_ = !pinned_; force_tab_ = !pinned_; }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (Ctrl+0)\nCtrl+1..8: %s", tr(SI::AutoFollowHint), tr(SI::Inspectors));
        draw_notes_button(doc, pb, in);
        for (size_t i = 0; i < kInspectorCount; ++i) {
            if (!available_[i]) continue;
            const InspectorId id = InspectorId(i);
            ImGuiTabItemFlags f = (force_tab_ && id == active_) ? ImGuiTabItemFlags_SetSelected : 0;
            const std::string label = std::string(tr(inspector_title(id))) + "###" + inspector_key(id);
            if (ImGui::BeginTabItem(label.c_str(), nullptr, f)) {
                // A click on another tab pins it.
                if (!force_tab_ && id != active_) { active_ = id; pinned_ = true; }
                ImGui::BeginChild("##body", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
                switch (id) {
                case InspectorId::Processes: draw_processes_panel(build_process_view(in)); break;
                case InspectorId::Cpus: draw_cpus_panel(build_process_view(in)); break;
                case InspectorId::WaitQueues: draw_wait_queues_panel(build_wait_queues_view(in)); break;
                case InspectorId::Select: draw_select_panel(build_select_view(in)); break;
                case InspectorId::Poll: draw_poll_panel(build_poll_view(in)); break;
                case InspectorId::Epoll: epoll_.draw(build_epoll_view(in), ImGui::GetTime()); break;
                case InspectorId::Sockets: draw_sockets_panel(build_sockets_view(in)); break;
                case InspectorId::Signals: draw_signals_panel(build_signals_view(in)); break;
                case InspectorId::Count_: break;
                }
                ImGui::EndChild();
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    force_tab_ = false;
    panel::disarm_reveal();
}

} // namespace ioscope::gui
