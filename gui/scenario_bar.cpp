// scenario_bar.cpp — see the header.
#include "scenario_bar.h"

#include "i18n.h"
#include "theme.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstring>

namespace ioscope::gui {

void ScenarioBar::refresh_bundled() {
    bundled_.clear();
    texts_.clear();
    for (const auto& b : ioscope::list_bundled_scenarios()) {
        Entry e { b.id, b.path, { b.title, "" } };
        ioscope::LoadResult r = ioscope::load_scenario_file(b.path);
        if (r.ok()) e.title = r.scenario->title;
        texts_.push_back(e.title.zh);
        bundled_.push_back(std::move(e));
    }
}

void ScenarioBar::set_path(const std::string& p) {
    std::snprintf(path_, sizeof path_, "%s", p.c_str());
}

std::string ScenarioBar::draw(const Document* doc, const std::string& narration, bool one_line) {
    std::string request;
    const float fs = ImGui::GetFontSize();
    const float y_start = ImGui::GetCursorPosY();

    // Row 1: bundled scenarios (the preview carries the title), the explanation toggle, path
    // field, Open / Reload. In one-line mode: the chooser, then the note.
    ImGui::AlignTextToFramePadding();
    if (!one_line) { ImGui::TextUnformatted(tr(S::Scenario)); ImGui::SameLine(); }
    ImGui::SetNextItemWidth(one_line ? std::min(fs * 16, ImGui::GetContentRegionAvail().x * 0.3f)
                                     : std::min(fs * 26, ImGui::GetContentRegionAvail().x * 0.4f));
    std::string preview = doc ? doc->name : std::string();
    for (const Entry& e : bundled_) if (doc && !doc->from_trace_file && e.id == doc->name) preview = e.id + " - " + e.title.get(chinese());
    if (open_list_) { ImGui::SetKeyboardFocusHere(); }
    if (ImGui::BeginCombo("##bundled", preview.c_str())) {
        for (const Entry& e : bundled_) {
            const std::string label = e.id + " - " + e.title.get(chinese());
            const bool cur = doc && e.id == doc->name;
            if (ImGui::Selectable(label.c_str(), cur)) request = e.id;
            if (cur && ImGui::IsWindowAppearing()) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    if (open_list_) {
        // Open the list as a click would (ImGui 1.86: the combo's popup id hangs off its own).
        const ImGuiID combo_id = ImGui::GetItemID();
        ImGui::OpenPopupEx(ImHashStr("##ComboPopup", 0, combo_id));
        open_list_ = false;
    }
    const std::string& expl = doc ? doc->explanation.get(chinese()) : std::string();
    const std::string& look = doc ? doc->look_at.get(chinese()) : std::string();
    if (!expl.empty() || !look.empty()) {
        ImGui::SameLine();
        if (ImGui::Button(show_explanation_ ? "-##expl" : "?##expl")) show_explanation_ = !show_explanation_;
        if (ImGui::IsItemHovered() && !show_explanation_) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(fs * 40);
            ImGui::TextUnformatted(expl.c_str());
            if (!look.empty()) { ImGui::Separator(); ImGui::Text("%s: %s", tr(S::LookAt), look.c_str()); }
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
    ImGui::SameLine();
    if (one_line) {
        // The note (or the "look at" hint) on the rest of the row, wrapped in that column: the
        // whole sentence is what the lecture needs (the bar grows to fit it, up to its cap).
        const std::string full = !narration.empty() ? narration : (!look.empty() ? std::string(tr(S::LookAt)) + ": " + look : std::string());
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, theme().light ? ImVec4(0.55f, 0.35f, 0.0f, 1.0f) : ImVec4(1.0f, 0.86f, 0.45f, 1.0f));
        ImGui::TextWrapped("%s", full.c_str());
        ImGui::PopStyleColor();
        if (!hint_.empty()) ImGui::TextDisabled("%s", hint_.c_str());
    } else {
        const float btn_w = fs * 5.5f;
        ImGui::SetNextItemWidth(std::max(fs * 8, ImGui::GetContentRegionAvail().x - 2 * btn_w - 2 * ImGui::GetStyle().ItemSpacing.x));
        if (focus_path_) { ImGui::SetKeyboardFocusHere(); focus_path_ = false; }
        const bool enter = ImGui::InputTextWithHint("##path", tr(S::PathHint), path_, sizeof path_, ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if ((ImGui::Button(tr(S::Open), ImVec2(btn_w, 0)) || enter) && path_[0]) request = path_;
        ImGui::SameLine();
        ImGui::BeginDisabled(!doc);
        if (ImGui::Button(tr(S::Reload), ImVec2(btn_w, 0)) && doc) request = doc->source;
        ImGui::EndDisabled();
    }
    if (one_line) focus_path_ = false;

    // Errors of the last open: shown until the next successful open (or Ctrl+X).
    if (!errors_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.40f, 1.0f));
        ImGui::TextUnformatted(tr(S::OpenFailed));
        ImGui::SameLine();
        if (ImGui::SmallButton("x##dismiss")) errors_.clear();
        for (const std::string& e : errors_) ImGui::TextWrapped("%s", e.c_str());
        ImGui::PopStyleColor();
    } else if (doc) {
        if (show_explanation_) {
            ImGui::BeginChild("##explanation", ImVec2(0, fs * 6), true);
            ImGui::TextWrapped("%s", expl.c_str());
            if (!look.empty()) { ImGui::Spacing(); ImGui::TextWrapped("%s: %s", tr(S::LookAt), look.c_str()); }
            ImGui::EndChild();
        }
        // Row 2: the narration at the playhead, the sentence a teacher would say now, whole
        // (the bar grows to fit it). Before the first note, the scenario's "look at" hint.
        if (!one_line && !narration.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, theme().light ? ImVec4(0.55f, 0.35f, 0.0f, 1.0f) : ImVec4(1.0f, 0.86f, 0.45f, 1.0f));
            ImGui::TextWrapped("%s", narration.c_str());
            ImGui::PopStyleColor();
        } else if (!one_line && !look.empty() && !show_explanation_) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextWrapped("%s: %s", tr(S::LookAt), look.c_str());
            ImGui::PopStyleColor();
        }
    }
    wanted_h_ = ImGui::GetCursorPosY() - y_start + ImGui::GetStyle().WindowPadding.y * 2 - ImGui::GetStyle().ItemSpacing.y;
    return request;
}

} // namespace ioscope::gui
