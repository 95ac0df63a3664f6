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
    notes_ = narration_points(*doc->trace);
    if (!available_[size_t(active_)]) { active_ = InspectorId::Processes; pinned_ = false; }
    force_tab_ = true;
}

void InspectorArea::draw(Document* doc, Playback& pb, ImVec2 pos, ImVec2 size) {
    if (doc && doc != doc_) on_document(doc);
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float narr_h = std::min(size.y * 0.4f, line * 2.7f + ImGui::GetStyle().WindowPadding.y * 2);
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(ImVec2(size.x, narr_h));
    const std::string nt = std::string(tr(SI::NarrTitle)) + "###narration";
    const size_t p = doc ? std::min(pb.position(), doc->trace->size()) : 0;
    if (ImGui::Begin(nt.c_str(), nullptr, kFixed) && doc) {
        const ioscope::State& st = doc->playhead->seek(p);
        const InspectInput in { *doc->trace, st, p ? p - 1 : kNoRecord };
        draw_narration(*doc, pb, in);
    }
    ImGui::End();
    ImGui::SetNextWindowPos(ImVec2(pos.x, pos.y + narr_h));
    ImGui::SetNextWindowSize(ImVec2(size.x, size.y - narr_h));
    const std::string it = std::string(tr(SI::Inspectors)) + "###inspectors";
    if (ImGui::Begin(it.c_str(), nullptr, kFixed) && doc) {
        const ioscope::State& st = doc->playhead->seek(p);
        const InspectInput in { *doc->trace, st, p ? p - 1 : kNoRecord };
        draw_inspectors(in);
    }
    ImGui::End();
}

void InspectorArea::draw_narration(Document& doc, Playback& pb, const InspectInput& in) {
    const std::string sentence = narrate_record(in);
    if (in.record != kNoRecord) ImGui::TextDisabled("#%zu", in.record);
    if (in.record != kNoRecord) ImGui::SameLine();
    ImGui::TextWrapped("%s", sentence.c_str());
    // The note itself is shown by the scenario bar; here: which note is in force, and all of
    // them as a list that moves the playhead (UI.md §12).
    if (notes_.empty()) return;
    const int64_t note = note_at(notes_, in.position());
    const bool fresh = note >= 0 && size_t(note) == in.record;
    const size_t k = size_t(std::lower_bound(notes_.begin(), notes_.end(), uint32_t(note < 0 ? 0 : note)) - notes_.begin());
    if (ImGui::SmallButton((std::string(tr(SI::NarrNotes)) + "...").c_str())) ImGui::OpenPopup("##notes");
    ImGui::SameLine();
    if (note < 0) ImGui::TextDisabled("%s", tr(SI::NarrNoNote));
    else if (fresh) panel::chip(std::string(tr(SI::NarrScenarioNote)) + " " + std::to_string(k + 1) + "/" + std::to_string(notes_.size()), panel::highlight());
    else ImGui::TextDisabled("%s %zu/%zu", tr(SI::NarrScenarioNote), k + 1, notes_.size());
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

void InspectorArea::draw_inspectors(const InspectInput& in) {
    handle_keys();
    if (!pinned_) {
        const InspectorId want = inspector_for_record(in);
        if (available_[size_t(want)] && want != active_) { active_ = want; force_tab_ = true; }
    }
    if (ImGui::BeginTabBar("##insp")) {
        // "Follow the record" as a trailing tab button: on, the tab follows what each record changes.
        const std::string fl = std::string(pinned_ ? "[ ] " : "[x] ") + tr(SI::AutoFollow) + "###follow";
        if (ImGui::TabItemButton(fl.c_str(), ImGuiTabItemFlags_Trailing)) { pinned_ = !pinned_; force_tab_ = !pinned_; }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (Ctrl+0)\nCtrl+1..8: %s", tr(SI::AutoFollowHint), tr(SI::Inspectors));
        for (size_t i = 0; i < kInspectorCount; ++i) {
            if (!available_[i]) continue;
            const InspectorId id = InspectorId(i);
            ImGuiTabItemFlags f = (force_tab_ && id == active_) ? ImGuiTabItemFlags_SetSelected : 0;
            const std::string label = std::string(tr(inspector_title(id))) + "###" + inspector_key(id);
            if (ImGui::BeginTabItem(label.c_str(), nullptr, f)) {
                // A click on another tab pins it.
                if (!force_tab_ && id != active_) { active_ = id; pinned_ = true; }
                ImGui::BeginChild("##body");
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
}

} // namespace ioscope::gui
