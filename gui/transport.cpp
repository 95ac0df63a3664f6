// transport.cpp — see the header. Buttons carry the key in their tooltip, so the keyboard
// bindings are discoverable without a manual.
#include "transport.h"

#include "i18n.h"
#include "record_text.h"

#include <imgui.h>

#include <algorithm>
#include <cinttypes>
#include <string>

namespace ioscope::gui {

namespace {

bool button(const char* label, const char* tip, const char* key, float w = 0) {
    const bool pressed = ImGui::Button(label, ImVec2(w, 0));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s  [%s]", tip, key);
    return pressed;
}

} // namespace

TransportResult draw_transport(Playback& pb, bool& follow) {
    TransportResult res;
    const ioscope::Trace* trace = pb.trace();
    const size_t n = trace ? trace->size() : 0;
    const float bw = ImGui::GetFontSize() * 2.6f;
    ImGui::BeginDisabled(n == 0);

    // Row 1: buttons, speed, position, follow.
    if (button("|\xE2\x97\x80##first", tr(S::First), "Home", bw)) { pb.seek(0); res.moved = true; }
    ImGui::SameLine();
    ImGui::PushButtonRepeat(true);
    if (button("\xE2\x97\x80##back", tr(S::StepBack), "Left", bw)) { pb.pause(); pb.step(-1); res.moved = true; }
    ImGui::SameLine();
    ImGui::PopButtonRepeat();
    {
        std::string label = pb.playing() ? std::string("|| ") + tr(S::Pause) : std::string("\xE2\x96\xB6 ") + tr(S::Play);
        label += "###play";
        if (button(label.c_str(), pb.playing() ? tr(S::Pause) : tr(S::Play), "Space", bw * 2.4f)) { pb.toggle(); res.moved = true; }
    }
    ImGui::SameLine();
    ImGui::PushButtonRepeat(true);
    if (button("\xE2\x96\xB6##fwd", tr(S::StepForward), "Right", bw)) { pb.pause(); pb.step(1); res.moved = true; }
    ImGui::PopButtonRepeat();
    ImGui::SameLine();
    if (button("\xE2\x96\xB6|##last", tr(S::Last), "End", bw)) { pb.seek(n); res.moved = true; }

    ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(S::Speed));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    const auto& sp = speeds();
    const std::string cur = speed_label(sp[size_t(pb.speed_index())], tr(S::RecPerSec), tr(S::SimPerSec));
    if (ImGui::BeginCombo("##speed", cur.c_str())) {
        for (int i = 0; i < int(sp.size()); ++i) {
            const std::string l = speed_label(sp[size_t(i)], tr(S::RecPerSec), tr(S::SimPerSec));
            if (ImGui::Selectable(l.c_str(), i == pb.speed_index())) pb.set_speed_index(i);
        }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s  [ [ / ] ]", tr(S::Speed));

    ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::Checkbox(tr(S::Follow), &follow);

    ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::AlignTextToFramePadding();
    const int64_t t = pb.playhead_ns();
    ImGui::Text("%s %zu / %zu   %s", tr(S::Position), pb.position(), n, duration_text(t).c_str());

    // Row 2: the scrubber over the record index.
    ImGui::SetNextItemWidth(-1);
    int pos = int(std::min<size_t>(pb.position(), size_t(INT32_MAX)));
    const int maxv = int(std::min<size_t>(n, size_t(INT32_MAX)));
    const std::string fmt = std::string(tr(S::Position)) + " %d";
    if (ImGui::SliderInt("##scrub", &pos, 0, std::max(maxv, 1), fmt.c_str(), ImGuiSliderFlags_AlwaysClamp)) {
        pb.pause();
        pb.seek(size_t(pos));
        res.moved = true;
    }
    ImGui::EndDisabled();
    return res;
}

} // namespace ioscope::gui
