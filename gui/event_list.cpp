// event_list.cpp — see the header.
#include "event_list.h"

#include "i18n.h"
#include "record_text.h"

#include <imgui.h>

#include <cinttypes>
#include <cstdio>

namespace ioscope::gui {

using ioscope::Kind;

namespace {

struct Group { const char* name; KindMask mask; };

// Kind groups named like the kernel's tracepoint subsystems (syscalls, sched, net, ...).
const std::vector<Group>& groups() {
    auto b = [](std::initializer_list<Kind> ks) { KindMask m = 0; for (Kind k : ks) m |= kind_bit(k); return m; };
    static const std::vector<Group> g = {
        { nullptr, ~KindMask(0) },
        { "syscalls", b({ Kind::SyscallEnter, Kind::SyscallExit, Kind::CopyFromUser, Kind::CopyToUser }) },
        { "sched", b({ Kind::ContextSwitch, Kind::Wakeup, Kind::StateChange, Kind::RunqEnqueue, Kind::RunqDequeue,
                       Kind::NeedResched, Kind::ClockTick, Kind::TaskNew, Kind::TaskExit }) },
        { "kernel/user steps", b({ Kind::KernelStep, Kind::UserStep, Kind::ModeSwitch }) },
        { "wait queues", b({ Kind::WqAdd, Kind::WqRemove, Kind::WqWake }) },
        { "select / poll", b({ Kind::FdSetCopyIn, Kind::FdSetCopyOut, Kind::FdSetWord, Kind::FdPoll, Kind::PollfdWrite }) },
        { "epoll", b({ Kind::RbInsert, Kind::RbErase, Kind::RbRecolor, Kind::RbRotate, Kind::RdlAdd, Kind::RdlRemove,
                       Kind::OvfAdd, Kind::OvfRemove }) },
        { "net / irq", b({ Kind::PacketRx, Kind::PacketTx, Kind::SockBuf, Kind::SockState, Kind::IrqEnter, Kind::IrqExit,
                           Kind::SoftirqEnter, Kind::SoftirqExit }) },
        { "fd table", b({ Kind::FdInstall, Kind::FdClose, Kind::ObjectNew, Kind::ObjectFree }) },
        { "signals / aio / timers", b({ Kind::SignalRaise, Kind::SignalDeliver, Kind::AioSubmit, Kind::AioComplete,
                                        Kind::TimerArm, Kind::TimerFire, Kind::TimerCancel }) },
        { "narration / markers", b({ Kind::Narration, Kind::Marker }) },
    };
    return g;
}

std::string summary(const Document& doc, uint32_t i) {
    const ioscope::Record& r = doc.trace->records[i];
    if (r.kind == Kind::SyscallEnter) return syscall_call_text(*doc.trace, r);
    if (r.kind == Kind::SyscallExit) return std::string(doc.trace->str(r.name)) + " = " + return_text(r.a);
    std::string s(doc.trace->str(r.name));
    if (r.kind == Kind::Narration) {
        const auto zh = doc.trace->str(r.c);
        if (chinese() && !zh.empty()) s = zh;
        return s;
    }
    // A few kind-specific fields after the name (the details panel has them all).
    const auto fields = describe_record(*doc.trace, doc.model, i);
    for (size_t k = 0; k < fields.size() && k < 3; ++k) {
        if (fields[k].value.empty() || fields[k].value == s) continue;
        s += (s.empty() ? "" : "  ") + fields[k].label + " " + fields[k].value;
    }
    return s;
}

} // namespace

void EventList::reset() {
    filter_ = EventFilter {};
    rows_.clear();
    filtered_ = false;
    dirty_ = true;
    group_ = 0;
    task_ = 0;
    fd_ = -1;
    search_[0] = 0;
    focus_fd_ = false;
    last_position_ = SIZE_MAX;
}

void EventList::cycle_kind() { group_ = (group_ + 1) % int(groups().size()); }

void EventList::cycle_task(const Document& doc) { task_ = (task_ + 1) % int(doc.model.tasks.size() + 1); }

void EventList::apply(const Document& doc) {
    EventFilter f;
    f.kinds = groups()[size_t(group_)].mask;
    f.task = task_ > 0 && size_t(task_ - 1) < doc.model.tasks.size() ? doc.model.tasks[size_t(task_ - 1)].tid : 0;
    f.fd = fd_;
    f.text = search_;
    if (f == filter_ && !dirty_) return;
    filter_ = f;
    dirty_ = false;
    filtered_ = f.active();
    rows_.clear();
    if (filtered_) rows_ = filter_records(*doc.trace, f);
    last_position_ = SIZE_MAX;                     // re-sync the scroll position
}

uint32_t EventList::draw(const Document& doc, size_t position, uint32_t selected, bool& open, bool focus_search) {
    uint32_t clicked = UINT32_MAX;
    if (!open) return clicked;
    const ImGuiIO& io = ImGui::GetIO();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.30f, io.DisplaySize.y * 0.30f), ImGuiCond_Appearing);
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x * 0.68f, io.DisplaySize.y * 0.52f), ImGuiCond_Appearing);
    const std::string title = std::string(tr(S::EventsTitle)) + "###events";
    if (!ImGui::Begin(title.c_str(), &open, ImGuiWindowFlags_NoSavedSettings)) { ImGui::End(); return clicked; }

    // Filters: search, kind group, task, fd.
    ImGui::SetNextItemWidth(fs * 11);
    if (focus_search) ImGui::SetKeyboardFocusHere();
    ImGui::InputTextWithHint("##search", tr(S::SearchHint), search_, sizeof search_);
    // Labels before their widgets (ImGui's default puts them after, where they read as belonging
    // to the next widget in a row of filters).
    auto label = [](const char* text) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(text);
        ImGui::SameLine();
    };
    label(tr(S::FilterKind));
    ImGui::SetNextItemWidth(fs * 8);
    const auto& gs = groups();
    auto gname = [&](int i) { return gs[size_t(i)].name ? gs[size_t(i)].name : tr(S::AllItems); };
    if (ImGui::BeginCombo("##kind", gname(group_))) {
        for (int i = 0; i < int(gs.size()); ++i)
            if (ImGui::Selectable(gname(i), i == group_)) group_ = i;
        ImGui::EndCombo();
    }
    label(tr(S::FilterTask));
    ImGui::SetNextItemWidth(fs * 8);
    auto tname = [&](int i) -> std::string {
        if (i == 0 || size_t(i - 1) >= doc.model.tasks.size()) return tr(S::AllItems);
        const TaskLaneData& t = doc.model.tasks[size_t(i - 1)];
        return std::string(doc.trace->str(t.comm_at(INT64_MAX))) + " (" + std::to_string(t.tid) + ")";   // its latest name
    };
    if (ImGui::BeginCombo("##task", tname(task_).c_str())) {
        for (int i = 0; i <= int(doc.model.tasks.size()); ++i)
            if (ImGui::Selectable(tname(i).c_str(), i == task_)) task_ = i;
        ImGui::EndCombo();
    }
    label(tr(S::FilterFd));
    // Room for "-1" (all) and a three-digit fd beside the two step buttons.
    ImGui::SetNextItemWidth(fs * 3.5f + 2 * ImGui::GetFrameHeight());
    if (focus_fd_) { ImGui::SetKeyboardFocusHere(); focus_fd_ = false; }
    ImGui::InputInt("##fd", &fd_, 1, 10);
    if (fd_ < -1) fd_ = -1;
    apply(doc);
    const size_t n = rows(doc);
    ImGui::SameLine();
    ImGui::TextDisabled("%zu %s", n, tr(S::Matches));

    const ImGuiTableFlags tf = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                               ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("##ev", 6, tf)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, fs * 4.5f);
        ImGui::TableSetupColumn(tr(S::Time), ImGuiTableColumnFlags_WidthFixed, fs * 6.5f);
        ImGui::TableSetupColumn(tr(S::Cpu), ImGuiTableColumnFlags_WidthFixed, fs * 2.2f);
        ImGui::TableSetupColumn(tr(S::Task), ImGuiTableColumnFlags_WidthFixed, fs * 6.5f);
        ImGui::TableSetupColumn(tr(S::Kind), ImGuiTableColumnFlags_WidthFixed, fs * 8.5f);
        ImGui::TableSetupColumn(tr(S::Name), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();

        // Follow the playhead: when it moved, bring its row to the middle of the list.
        const float row_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
        const size_t cur_row = filtered_ ? row_for_position(rows_, position) : (position ? position - 1 : 0);
        if (position != last_position_ && n > 0) {
            ImGui::SetScrollY(std::max(0.0f, float(cur_row) * row_h - ImGui::GetWindowHeight() * 0.45f));
            last_position_ = position;
        }
        ImGuiListClipper clip;
        clip.Begin(int(std::min<size_t>(n, size_t(INT32_MAX))), row_h);
        while (clip.Step()) {
            for (int row = clip.DisplayStart; row < clip.DisplayEnd; ++row) {
                const uint32_t i = row_record(size_t(row));
                const ioscope::Record& r = doc.trace->records[i];
                ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
                const bool is_current = position > 0 && i == position - 1;
                if (is_current) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, IM_COL32(230, 60, 60, 90));
                ImGui::TableSetColumnIndex(0);
                char idx[24];
                std::snprintf(idx, sizeof idx, "%u##r%u", i, i);
                if (ImGui::Selectable(idx, i == selected, ImGuiSelectableFlags_SpanAllColumns)) clicked = i;
                ImGui::TableSetColumnIndex(1);
                ImGui::TextUnformatted(duration_text(r.t).c_str());
                ImGui::TableSetColumnIndex(2);
                if (r.cpu != 0xff) ImGui::Text("%u", unsigned(r.cpu));
                ImGui::TableSetColumnIndex(3);
                if (r.task) ImGui::TextUnformatted(task_text(*doc.trace, doc.model, r.task, r.t).c_str());
                ImGui::TableSetColumnIndex(4);
                ImGui::TextUnformatted(ioscope::kind_name(r.kind));
                ImGui::TableSetColumnIndex(5);
                ImGui::TextUnformatted(summary(doc, i).c_str());
            }
        }
        ImGui::EndTable();
    }
    ImGui::End();
    return clicked;
}

} // namespace ioscope::gui
