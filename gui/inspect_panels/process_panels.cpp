// process_panels.cpp — the process table with run queues, and the CPU panel.
#include "panels.h"
#include "panel_util.h"

#include "gui/record_labels.h"
#include "gui/record_text.h"
#include "gui/theme.h"

namespace ioscope::gui {

void draw_processes_panel(const ProcessView& v) {
    // The run queues first (a line per CPU): with many tasks the table below is long, and the
    // queue is what changes at each switch (at 1280x800 it must not fall below the fold).
    panel::heading(tr(SI::RunQueues));
    for (const RunQueueView& q : v.runqueues) {
        ImGui::AlignTextToFramePadding();
        ImGui::Text("CPU %d", q.cpu);
        ImGui::SameLine();
        panel::box(std::string(tr(SI::Running)) + ": " + q.curr_name, state_color(int(ioscope::TaskState::Running)),
                   q.highlight && q.moved_task == q.curr && !q.enqueued);
        ImGui::SameLine();
        ImGui::TextUnformatted("<-");
        if (q.queued.empty()) { ImGui::SameLine(); ImGui::TextDisabled("%s", tr(SI::RunQueueEmpty)); }
        for (size_t i = 0; i < q.queued.size(); ++i) {
            ImGui::SameLine();
            panel::box(q.queued_names[i], state_color(int(ioscope::TaskState::Ready)), q.highlight && q.enqueued && q.moved_task == q.queued[i]);
        }
    }
    ImGui::Spacing();
    const ImGuiTableFlags f = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("##pcb", 8, f)) {
        for (SI c : { SI::ColPid, SI::ColName, SI::ColState, SI::ColLinux, SI::ColWait, SI::ColSyscall, SI::ColContext, SI::ColCpuTime })
            ImGui::TableSetupColumn(tr(c));
        ImGui::TableHeadersRow();
        for (const PcbRow& p : v.rows) {
            ImGui::TableNextRow();
            if (p.highlight) panel::highlight_row();
            ImGui::TableSetColumnIndex(0);
            ImGui::Text("%u / %u", p.pid, p.tid);
            ImGui::TableSetColumnIndex(1);
            ImGui::Text("%s%s%s", p.comm.c_str(), p.thread ? " " : "", p.thread ? tr(SI::ProcThread) : "");
            ImGui::TableSetColumnIndex(2);
            panel::chip(tr_task_state(int(p.state)), state_color(int(p.state)));
            ImGui::TableSetColumnIndex(3);
            ImGui::TextUnformatted(ioscope::linux_state_name(p.lstate));
            ImGui::TableSetColumnIndex(4);
            ImGui::Text("%s%s%s", wait_reason_text(p.wait_reason).c_str(), p.wait_queue.empty() ? "" : " @ ", p.wait_queue.c_str());
            ImGui::TableSetColumnIndex(5);
            ImGui::TextUnformatted(p.syscall.c_str());
            ImGui::TableSetColumnIndex(6);
            ImGui::TextUnformatted(p.saved_context.c_str());
            ImGui::TableSetColumnIndex(7);
            ImGui::Text("%s / %s", duration_text(p.user_ns).c_str(), duration_text(p.kernel_ns).c_str());
        }
        ImGui::EndTable();
    }
}

void draw_cpus_panel(const ProcessView& v) {
    for (const CpuView& c : v.cpus) {
        ImGui::PushID(c.cpu);
        ImGui::BeginGroup();
        panel::box("CPU " + std::to_string(c.cpu) + ":  " + c.curr_name, mode_color(int(c.mode)), c.highlight, ImGui::GetFontSize() * 14);
        ImGui::Text("%s: %s  (%s %s)", tr(SI::CpuMode), tr_cpu_mode(int(c.mode)), tr(SI::InMode), duration_text(c.in_mode_ns).c_str());
        ImGui::Text("%s: %llu", tr(SI::LastTick), (unsigned long long)c.jiffies);
        if (c.tick_now) { ImGui::SameLine(); panel::chip(tr(SI::TickNow), panel::highlight()); }
        if (!c.last_fn.empty()) ImGui::Text("%s: %s", tr(SI::LastFunction), c.last_fn.c_str());
        if (c.need_resched) panel::chip(tr(SI::NeedResched), IM_COL32(200, 60, 60, 255));
        // Time by mode as one stacked bar.
        int64_t total = 0;
        for (int m = 0; m < 5; ++m) total += c.busy_ns[m];
        ImGui::TextDisabled("%s", tr(SI::BusyByMode));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float w = ImGui::GetFontSize() * 16, h = ImGui::GetFontSize() * 0.9f;
        float x = p.x;
        for (int m = 0; m < 5 && total > 0; ++m) {
            const float dw = w * float(double(c.busy_ns[m]) / double(total));
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x, p.y), ImVec2(x + dw, p.y + h), m == 0 ? IM_COL32(90, 90, 90, 255) : mode_color(m));
            x += dw;
        }
        ImGui::Dummy(ImVec2(w, h + 2));
        if (ImGui::IsItemHovered()) {
            std::string tip;
            for (int m = 0; m < 5; ++m) tip += std::string(tr_cpu_mode(m)) + ": " + duration_text(c.busy_ns[m]) + "\n";
            ImGui::SetTooltip("%s", tip.c_str());
        }
        ImGui::EndGroup();
        ImGui::PopID();
        if (c.cpu + 1 < int(v.cpus.size()) && ImGui::GetContentRegionAvail().x > ImGui::GetFontSize() * 36) ImGui::SameLine(0, ImGui::GetFontSize() * 2);
    }
}

} // namespace ioscope::gui
