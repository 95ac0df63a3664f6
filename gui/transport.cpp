// transport.cpp — see the header. Buttons carry their key in the tooltip (from the action table),
// so the keyboard bindings are discoverable without a manual.
#include "transport.h"

#include "i18n.h"
#include "record_text.h"

#include <imgui.h>

#include <algorithm>
#include <string>

namespace ioscope::gui {

namespace {

// A button bound to an action: the tooltip shows the action's label and key.
void action_button(const char* label, Action a, TransportResult& res, float w, bool repeat = false) {
    if (repeat) ImGui::PushButtonRepeat(true);
    if (ImGui::Button(label, ImVec2(w, 0))) res.action = a;
    if (repeat) ImGui::PopButtonRepeat();
    if (ImGui::IsItemHovered()) {
        const ActionInfo& info = action_info(a);
        ImGui::SetTooltip("%s  [%s]", tr(info.label), key_text(info.key).c_str());
    }
}

} // namespace

TransportResult draw_transport(Playback& pb, bool& follow) {
    TransportResult res;
    const ioscope::Trace* trace = pb.trace();
    const size_t n = trace ? trace->size() : 0;
    const float fs = ImGui::GetFontSize();
    // Row 1 must fit the window (1024 px projectors, presentation text): the buttons shrink
    // first, then the "Speed" label goes; the position and time live in the scrubber (row 2).
    const float sp_x = ImGui::GetStyle().ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float follow_w = ImGui::GetFrameHeight() + sp_x + ImGui::CalcTextSize(tr(S::Follow)).x + fs * 0.6f;
    const float speed_label_w = ImGui::CalcTextSize(tr(S::Speed)).x + sp_x;
    const float combo_w = fs * 9;
    const float fixed_w = fs + combo_w + follow_w + sp_x * 11;
    const bool show_speed_label = avail - fixed_w - speed_label_w >= 12.6f * fs * 1.6f;
    const float bw = std::clamp((avail - fixed_w - (show_speed_label ? speed_label_w : 0.0f)) / 12.6f, fs * 1.3f, fs * 2.2f);
    ImGui::BeginDisabled(n == 0);

    // Row 1: first, back by narration/wakeup/syscall/record, play, forward ..., last.
    action_button("|\xE2\x97\x80##first", Action::First, res, bw);                 // |◀
    ImGui::SameLine();
    action_button("N\xE2\x97\x80##nb", Action::NarrationBack, res, bw, true);
    ImGui::SameLine();
    action_button("W\xE2\x97\x80##wb", Action::WakeupBack, res, bw, true);
    ImGui::SameLine();
    action_button("S\xE2\x97\x80##sb", Action::SyscallBack, res, bw, true);
    ImGui::SameLine();
    action_button("\xE2\x97\x80##back", Action::StepBack, res, bw, true);
    ImGui::SameLine();
    {
        std::string label = pb.playing() ? std::string("|| ") + tr(S::Pause) : std::string("\xE2\x96\xB6 ") + tr(S::Play);
        label += "###play";
        action_button(label.c_str(), Action::TogglePlay, res, bw * 2.6f);
    }
    ImGui::SameLine();
    action_button("\xE2\x96\xB6##fwd", Action::StepForward, res, bw, true);
    ImGui::SameLine();
    action_button("\xE2\x96\xB6S##sf", Action::SyscallForward, res, bw, true);
    ImGui::SameLine();
    action_button("\xE2\x96\xB6W##wf", Action::WakeupForward, res, bw, true);
    ImGui::SameLine();
    action_button("\xE2\x96\xB6N##nf", Action::NarrationForward, res, bw, true);
    ImGui::SameLine();
    action_button("\xE2\x96\xB6|##last", Action::Last, res, bw);

    ImGui::SameLine(0, fs);
    if (show_speed_label) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr(S::Speed));
        ImGui::SameLine();
    }
    ImGui::SetNextItemWidth(combo_w);
    const auto& sp = speeds();
    auto label_of = [&](int i) {
        return speed_label(sp[size_t(i)], tr(S::RecPerSec), tr(S::SimPerSec), tr(S::StepsPerSec));
    };
    if (ImGui::BeginCombo("##speed", label_of(pb.speed_index()).c_str())) {
        for (int i = 0; i < int(sp.size()); ++i)
            if (ImGui::Selectable(label_of(i).c_str(), i == pb.speed_index())) pb.set_speed_index(i);
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s [%s]  %s [%s]  %s [%s]", tr(S::ActSlower), key_text(action_info(Action::Slower).key).c_str(),
                          tr(S::ActFaster), key_text(action_info(Action::Faster).key).c_str(), tr(S::ActLectureSpeed),
                          key_text(action_info(Action::LectureSpeed).key).c_str());

    ImGui::SameLine(0, fs * 0.6f);
    ImGui::Checkbox(tr(S::Follow), &follow);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s  [%s]", tr(S::MenuFollowPlayhead), key_text(action_info(Action::FollowPlayhead).key).c_str());

    // Row 2: the scrubber over the record index.
    ImGui::SetNextItemWidth(-1);
    int pos = int(std::min<size_t>(pb.position(), size_t(INT32_MAX)));
    const int maxv = int(std::min<size_t>(n, size_t(INT32_MAX)));
    const std::string fmt = std::string(tr(S::Position)) + " %d / " + std::to_string(n) + "   " + duration_text(pb.playhead_ns());
    if (ImGui::SliderInt("##scrub", &pos, 0, std::max(maxv, 1), fmt.c_str(), ImGuiSliderFlags_AlwaysClamp)) {
        pb.pause();
        pb.seek(size_t(pos));
        res.moved = true;
    }
    ImGui::EndDisabled();
    return res;
}

} // namespace ioscope::gui
