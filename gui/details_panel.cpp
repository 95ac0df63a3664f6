// details_panel.cpp — see the header. The state shown is State after applying the record
// (Reconstructor::seek(index + 1)), from the document's probe reconstructor, so hovering never
// moves the playhead.
#include "details_panel.h"

#include "i18n.h"
#include "record_labels.h"
#include "record_text.h"
#include "theme.h"

#include <imgui.h>

namespace ioscope::gui {

namespace {

void fields_table(const char* id, const std::vector<Field>& fields) {
    if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthStretch, 0.40f);
    ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch, 0.60f);
    for (const Field& f : fields) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        // Labels wrap rather than clip: a projector shows every word or none.
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", f.label.c_str());
        ImGui::PopStyleColor();
        ImGui::TableSetColumnIndex(1);
        ImGui::TextWrapped("%s", f.value.c_str());
    }
    ImGui::EndTable();
}

void heading(const char* text) {
    ImGui::Spacing();
    ImGui::TextUnformatted(text);
    ImGui::Separator();
}

// "worker 1 (tid 101)": the name the task has in this State (after any prctl(PR_SET_NAME) rename).
std::string task_here(const Document& doc, const ioscope::State& st, uint32_t tid) {
    auto it = st.tasks.find(tid);
    if (tid != 0 && it != st.tasks.end() && it->second.comm != 0)
        return std::string(doc.trace->str(it->second.comm)) + " (tid " + std::to_string(tid) + ")";
    return task_text(*doc.trace, doc.model, tid, st.now);
}

void task_section(Document& doc, const ioscope::State& st, uint32_t tid) {
    auto it = st.tasks.find(tid);
    if (it == st.tasks.end()) return;
    const ioscope::TaskInfo& t = it->second;
    const ioscope::Trace& tr_ = *doc.trace;
    heading((std::string(tr(S::TaskStateHere)) + ": " + task_here(doc, st, tid)).c_str());
    std::vector<Field> f;
    // The state as a coloured chip reads faster than a table row.
    const ImU32 col = state_color(int(t.state));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const std::string chip = std::string(tr_task_state(int(t.state))) +
                             (t.state == ioscope::TaskState::Waiting && t.wait_reason ? " - " + wait_reason_text(tr_.str(t.wait_reason)) : "");
    const ImVec2 ts = ImGui::CalcTextSize(chip.c_str());
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + ts.x + 16, p.y + ts.y + 6), col, 4.0f);
    ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + 8, p.y + 3), text_color_on(col), chip.c_str());
    ImGui::Dummy(ImVec2(ts.x + 16, ts.y + 8));

    f.push_back({ tr(S::LinuxState), ioscope::linux_state_name(t.lstate) });
    f.push_back({ tr(S::Pid), std::to_string(t.pid) + "  (tid " + std::to_string(t.tid) + ")" });
    if (t.cpu != ioscope::kNoCpu) f.push_back({ tr(S::Cpu), std::to_string(t.cpu) });
    if (t.syscall) {
        f.push_back({ tr(S::CurrentSyscall), std::string(tr_.str(t.syscall)) + "(" + std::to_string(t.syscall_args[0]) + ", " +
                      std::to_string(t.syscall_args[1]) + ", " + std::to_string(t.syscall_args[2]) + ")  " +
                      duration_text(st.now - t.syscall_since) });
    }
    if (t.state == ioscope::TaskState::Waiting && t.wait_queue) {
        std::string wq = object_text(tr_, doc.model, t.wait_queue);
        auto ob = st.objects.find(t.wait_queue);
        if (ob != st.objects.end()) wq += ", " + std::to_string(ob->second.waiters.size()) + " " + tr(S::Waiters);
        f.push_back({ tr(S::WaitQueue), wq });
    }
    if (t.last_wait_end != ioscope::WaitEnd::None) f.push_back({ tr(S::WaitEnded), wait_end_name(uint32_t(t.last_wait_end)) });
    if (t.saved_context) f.push_back({ tr(S::SavedContext), std::string(tr_.str(t.saved_context)) });
    f.push_back({ tr(S::CpuTime), duration_text(t.user_ns) + " / " + duration_text(t.kernel_ns) });
    f.push_back({ tr(S::Switches), std::to_string(t.nvcsw) + " / " + std::to_string(t.nivcsw) });
    f.push_back({ tr(S::Syscalls), std::to_string(t.syscalls) });
    fields_table("##task", f);

    // The wait queue's entries: who else sleeps there, and with which wake function.
    if (t.state == ioscope::TaskState::Waiting && t.wait_queue) {
        auto ob = st.objects.find(t.wait_queue);
        if (ob != st.objects.end() && !ob->second.waiters.empty()) {
            ImGui::TextDisabled("%s:", tr(S::WaitQueue));
            for (const ioscope::WaitEntryInfo& w : ob->second.waiters) {
                ImGui::BulletText("%s  %s%s", w.task ? task_here(doc, st, w.task).c_str() : "-",
                                  std::string(tr_.str(w.func)).c_str(),
                                  (w.flags & ioscope::WQ_FLAG_EXCLUSIVE) ? (std::string("  [") + tr(S::Exclusive) + "]").c_str() : "");
            }
        }
    }
}

void cpu_section(Document& doc, const ioscope::State& st, uint32_t cpu) {
    if (cpu >= st.cpus.size()) return;
    const ioscope::CpuInfo& c = st.cpus[cpu];
    const ioscope::Trace& tr_ = *doc.trace;
    heading((std::string(tr(S::CpuAtPoint)) + " " + std::to_string(cpu)).c_str());
    std::vector<Field> f;
    f.push_back({ tr(S::Task), task_here(doc, st, c.curr) });
    f.push_back({ tr(S::Mode), tr_cpu_mode(int(c.mode)) });
    std::string rq;
    for (uint32_t t : c.runq) rq += (rq.empty() ? "" : ", ") + task_here(doc, st, t);
    f.push_back({ tr(S::RunQueue), rq.empty() ? std::string(tr(S::None)) : rq });
    if (c.last_fn) f.push_back({ tr(S::KernelFunction), std::string(tr_.str(c.last_fn)) });
    if (c.need_resched) f.push_back({ "TIF_NEED_RESCHED", tr(S::Yes) });
    f.push_back({ tr(S::Jiffies), std::to_string(c.jiffies) });
    fields_table("##cpu", f);
}

} // namespace

void draw_details(Document& doc, uint32_t record, DetailsSource source) {
    const ioscope::Trace& tr_ = *doc.trace;
    if (record >= tr_.size()) {
        ImGui::TextWrapped("%s", tr(S::NoRecord));
        return;
    }
    const S src = source == DetailsSource::Hovered ? S::HoveredRecord : source == DetailsSource::Selected ? S::SelectedRecord : S::CurrentRecord;
    ImGui::TextDisabled("%s", tr(src));
    const ioscope::Record& r = tr_.records[record];
    fields_table("##rec", describe_record_full(tr_, doc.model, record));

    // For a syscall slice, the whole call: arguments, return value, duration.
    const ioscope::State& st = doc.probe->seek(record + 1);
    uint32_t tid = r.task;
    if (r.kind == ioscope::Kind::ContextSwitch && !tid) tid = r.obj2;
    if (tid) task_section(doc, st, tid);
    if (r.cpu != ioscope::kNoCpu) cpu_section(doc, st, r.cpu);
}

} // namespace ioscope::gui
