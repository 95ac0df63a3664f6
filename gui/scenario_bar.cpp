// scenario_bar.cpp — see the header.
#include "scenario_bar.h"

#include "i18n.h"
#include "theme.h"

#include <imgui.h>

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

std::string ScenarioBar::draw(const Document* doc, const std::string& narration) {
    std::string request;
    const float fs = ImGui::GetFontSize();

    // Row 1: bundled scenarios, path field, Open / Reload.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(S::Scenario));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 26);
    std::string preview = doc ? doc->name : std::string();
    for (const Entry& e : bundled_) if (doc && !doc->from_trace_file && e.id == doc->name) preview = e.id + " - " + e.title.get(chinese());
    if (ImGui::BeginCombo("##bundled", preview.c_str())) {
        for (const Entry& e : bundled_) {
            const std::string label = e.id + " - " + e.title.get(chinese());
            if (ImGui::Selectable(label.c_str(), doc && e.id == doc->name)) request = e.id;
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
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

    // Errors of the last open: shown until the next successful open.
    if (!errors_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.40f, 1.0f));
        ImGui::TextUnformatted(tr(S::OpenFailed));
        ImGui::SameLine();
        if (ImGui::SmallButton("x##dismiss")) errors_.clear();
        for (const std::string& e : errors_) ImGui::TextWrapped("%s", e.c_str());
        ImGui::PopStyleColor();
        return request;
    }
    if (!doc) return request;

    // Row 2: title, and the explanation on demand.
    const std::string& title = doc->title.get(chinese());
    ImGui::TextUnformatted(title.empty() ? doc->name.c_str() : title.c_str());
    const std::string& expl = doc->explanation.get(chinese());
    const std::string& look = doc->look_at.get(chinese());
    if (!expl.empty() || !look.empty()) {
        ImGui::SameLine();
        if (ImGui::SmallButton(show_explanation_ ? "-##expl" : "?##expl")) show_explanation_ = !show_explanation_;
        if (ImGui::IsItemHovered() && !show_explanation_) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(fs * 40);
            ImGui::TextUnformatted(expl.c_str());
            if (!look.empty()) { ImGui::Separator(); ImGui::Text("%s: %s", tr(S::LookAt), look.c_str()); }
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
    if (show_explanation_) {
        ImGui::BeginChild("##explanation", ImVec2(0, fs * 7), true);
        ImGui::TextWrapped("%s", expl.c_str());
        if (!look.empty()) { ImGui::Spacing(); ImGui::TextWrapped("%s: %s", tr(S::LookAt), look.c_str()); }
        ImGui::EndChild();
    }
    // Row 3: the narration at the playhead, the sentence a teacher would say now.
    // Before the first narration note, the scenario's "look at" hint takes its place.
    if (!narration.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme().light ? ImVec4(0.55f, 0.35f, 0.0f, 1.0f) : ImVec4(1.0f, 0.86f, 0.45f, 1.0f));
        ImGui::TextWrapped("%s", narration.c_str());
        ImGui::PopStyleColor();
    } else if (!look.empty() && !show_explanation_) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s: %s", tr(S::LookAt), look.c_str());
        ImGui::PopStyleColor();
    }
    return request;
}

} // namespace ioscope::gui
