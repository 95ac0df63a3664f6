// help_overlay.cpp — see the header.
#include "help_overlay.h"

#include "actions.h"
#include "i18n.h"

#include <imgui.h>

#include <string>

namespace ioscope::gui {

void draw_help_overlay(bool& open) {
    if (!open) return;
    const ImGuiIO& io = ImGui::GetIO();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(io.DisplaySize.x - 40, fs * 52), std::min(io.DisplaySize.y - 60, fs * 40)));
    ImGui::SetNextWindowBgAlpha(0.96f);
    const std::string title = std::string(tr(S::MenuKeys)) + "###keys";
    if (ImGui::Begin(title.c_str(), &open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove)) {
        // Two groups side by side: transport + timeline on the left, windows + view on the right.
        if (ImGui::BeginTable("##cols", 2, ImGuiTableFlags_SizingStretchSame)) {
            ImGui::TableNextRow();
            for (int col = 0; col < 2; ++col) {
                ImGui::TableSetColumnIndex(col);
                const ActionGroup groups[2][2] = { { ActionGroup::Transport, ActionGroup::Timeline },
                                                   { ActionGroup::Windows, ActionGroup::View } };
                for (ActionGroup g : groups[col]) {
                    ImGui::TextColored(ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram), "%s", group_label(g));
                    const std::string id = "##g" + std::to_string(int(g));
                    if (ImGui::BeginTable(id.c_str(), 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
                        // Keys as wide as they are; labels take the rest and wrap (long labels
                        // in big presentation text must not run past the window).
                        ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed);
                        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthStretch);
                        for (const ActionInfo& a : actions()) {
                            if (a.group != g) continue;
                            ImGui::TableNextRow();
                            ImGui::TableSetColumnIndex(0);
                            ImGui::TextUnformatted(key_text(a.key).c_str());
                            ImGui::TableSetColumnIndex(1);
                            ImGui::PushTextWrapPos(0);
                            ImGui::TextUnformatted(tr(a.label));
                            ImGui::PopTextWrapPos();
                        }
                        ImGui::EndTable();
                    }
                    ImGui::Spacing();
                }
                if (col == 1) {
                    ImGui::TextColored(ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram), "%s", tr(S::Timeline));
                    ImGui::PushTextWrapPos(0);
                    // Bullet + wrapped text: BulletText itself never wraps.
                    for (S s : { S::MouseWheel, S::MouseDrag, S::MouseClick, S::InspectorKeys }) {
                        ImGui::Bullet();
                        ImGui::TextUnformatted(tr(s));
                    }
                    ImGui::PopTextWrapPos();
                }
            }
            ImGui::EndTable();
        }
    }
    ImGui::End();
}

} // namespace ioscope::gui
