// queue_panels.cpp — wait queues, poll, sockets (with the NIC -> IRQ -> softirq path), signals and AIO.
#include "panels.h"
#include "panel_util.h"

#include "gui/record_labels.h"
#include "gui/record_text.h"
#include "gui/theme.h"

#include <algorithm>

namespace ioscope::gui {

namespace {

// Boxes left to right, wrapping at the window edge.
bool fits_next(float next_w) { return ImGui::GetContentRegionAvail().x > next_w + 30; }

ImU32 func_color(const std::string& f) {
    if (f == "pollwake") return IM_COL32(70, 120, 200, 255);
    if (f == "ep_poll_callback") return IM_COL32(150, 90, 190, 255);
    if (f == "autoremove_wake_function") return IM_COL32(60, 150, 110, 255);
    if (f == "woken_wake_function") return IM_COL32(40, 140, 150, 255);
    return panel::box_fill();
}

} // namespace

void draw_wait_queues_panel(const WaitQueuesView& v) {
    if (v.queues.empty()) { panel::empty(SI::WqNone); return; }
    for (const WaitQueueView& q : v.queues) {
        ImGui::PushID(int(q.id));
        ImGui::AlignTextToFramePadding();
        if (q.highlight) panel::chip(q.name, panel::highlight());
        else ImGui::TextUnformatted(q.name.c_str());
        if (!q.owner.empty()) { ImGui::SameLine(); ImGui::TextDisabled("%s %s", tr(SI::WqOwner), q.owner.c_str()); }
        ImGui::SameLine(0, ImGui::GetFontSize());
        ImGui::TextDisabled("head ->");
        ImGui::SameLine();
        if (q.entries.empty()) { ImGui::TextDisabled("%s", tr(SI::WqEmpty)); ImGui::SameLine(); }
        for (const WaitEntryView& e : q.entries) {
            std::string text = (e.task ? e.task_name : e.for_task_name.empty() ? std::string(tr(SI::WqNoTask)) : e.for_task_name) + " | " + e.func;
            if (e.exclusive) text += std::string(" | ") + tr(S::Exclusive);
            if (e.change == EntryChange::Added) text += std::string("  (") + tr(SI::WqAddedNow) + ")";
            else if (e.change == EntryChange::Woken) text += std::string("  (") + tr(SI::WqWokenNow) + ")";
            else if (e.change == EntryChange::WakeDeclined) text += std::string("  (") + tr(SI::WqDeclinedNow) + ")";
            const std::string tip = std::string(tr(SI::WqEntry)) + " #" + std::to_string(e.id) + (e.owner.empty() ? "" : "\n" + e.owner);
            if (!fits_next(ImGui::CalcTextSize(text.c_str()).x + 20)) ImGui::NewLine();
            panel::box(text, func_color(e.func), e.change != EntryChange::None, 0, tip.c_str());
            ImGui::SameLine();
            ImGui::TextUnformatted("->");
            ImGui::SameLine();
        }
        if (q.removed) {
            const std::string text = "#" + std::to_string(q.removed->id) + " " + q.removed->task_name + "  " + tr(SI::WqRemoved) + " " + q.removed->by;
            const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
            if (!fits_next(ts.x + 20)) ImGui::NewLine();
            const ImVec2 a = ImGui::GetCursorScreenPos();
            const ImVec2 b(a.x + ts.x + 16, a.y + ts.y + 10);
            ImGui::Dummy(ImVec2(b.x - a.x + 4, b.y - a.y + 4));
            panel::box_at(ImGui::GetWindowDrawList(), a, b, panel::ghost(), text, true, true);
            ImGui::SameLine();
        }
        ImGui::NewLine();
        ImGui::Separator();
        ImGui::PopID();
    }
}

void draw_poll_panel(const PollView& v) {
    if (!v.valid) { panel::empty(SI::PollNone); return; }
    ImGui::Text("poll() - %s   nfds = %lld", v.task_name.c_str(), (long long)v.nfds);
    if (v.scan_fd >= 0) { ImGui::SameLine(); panel::chip(std::string(tr(SI::PollCursor)) + " " + std::to_string(v.scan_fd) + "  (" + pass_text(v.scan_pass) + ")", panel::highlight()); }
    // The pollfd array first: it is what the user passed and what poll() writes back (revents);
    // at 1280x800 the chunks and wait-queue entries below must not push it out of sight.
    panel::heading(tr(SI::PollArray));
    if (!v.fds.empty() && ImGui::BeginTable("##pollfd", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
        for (SI c : { SI::PollIndex, SI::ColName, SI::PollEvents, SI::PollRevents }) ImGui::TableSetupColumn(c == SI::ColName ? "fd" : tr(c));
        ImGui::TableHeadersRow();
        ImGuiListClipper clip;
        clip.Begin(int(v.fds.size()));
        while (clip.Step())
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const PollfdView& p = v.fds[size_t(i)];
                ImGui::TableNextRow();
                if (p.written || p.cursor) panel::highlight_row();
                ImGui::TableSetColumnIndex(0);
                ImGui::Text("%s%lld", p.cursor ? "> " : "", (long long)p.index);
                ImGui::TableSetColumnIndex(1);
                ImGui::Text("%d", p.fd);
                ImGui::TableSetColumnIndex(2);
                ImGui::TextUnformatted(poll_events_text(p.events).c_str());
                ImGui::TableSetColumnIndex(3);
                ImGui::TextUnformatted(poll_events_text(p.revents).c_str());
            }
        ImGui::EndTable();
    }
    panel::heading(tr(SI::PollChunks));
    for (const PollChunkView& c : v.chunks) {
        const std::string text = std::string(c.on_stack ? tr(SI::PollStack) : tr(SI::PollPage)) + ": [" + std::to_string(c.first) + ".." +
                                 std::to_string(c.first + c.count - 1) + "]  " + std::to_string(c.bytes) + " B" + (c.copying ? std::string("  ") + tr(SI::PollCopying) : "");
        panel::box(text, c.on_stack ? IM_COL32(70, 110, 160, 255) : IM_COL32(90, 90, 130, 255), c.copying);
        ImGui::SameLine();
    }
    ImGui::NewLine();
    // The task's wait-queue entries (one pollwake entry per polled socket while it sleeps).
    if (!v.wq.entries.empty() || !v.wq.removed.empty()) {
        const float fs = ImGui::GetFontSize();
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s:", tr(SI::TabWaitQueues));
        for (const TaskWaitEntry& e : v.wq.entries) {
            ImGui::SameLine();
            if (ImGui::GetContentRegionAvail().x < fs * 8) ImGui::NewLine();
            panel::box(e.queue + " | " + e.func, IM_COL32(70, 120, 200, 255), e.added_now);
        }
        if (!v.wq.removed.empty()) {
            ImGui::SameLine();
            panel::box(v.wq.removed, panel::ghost(), true);
        }
    }
}

void draw_sockets_panel(const SocketsView& v) {
    panel::heading(tr(SI::TabSockets));
    // The socket table first, at most eight rows tall (it scrolls): the queues are what the
    // records change, and at 1280x800 the receive path above it had left only its header visible.
    const float row_h = ImGui::GetFrameHeight() + ImGui::GetStyle().CellPadding.y * 2;
    const float table_h = row_h * float(std::min<size_t>(v.sockets.size(), 7) + 1) + ImGui::GetStyle().CellPadding.y * 2;
    if (v.sockets.empty()) panel::empty(SI::SkNone);
    else if (ImGui::BeginTable("##socks", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY,
                               ImVec2(0, table_h))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (SI c : { SI::ColName, SI::SkTcp, SI::SkAcceptQ, SI::SkRecvQ, SI::SkSendQ, SI::SkWaiters }) ImGui::TableSetupColumn(tr(c));
        ImGui::TableHeadersRow();
        ImGuiListClipper clip;
        clip.Begin(int(v.sockets.size()));
        while (clip.Step())
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const SocketView& s = v.sockets[size_t(i)];
                ImGui::TableNextRow();
                if (s.highlight) panel::highlight_row();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextUnformatted(s.name.c_str());
                ImGui::TableSetColumnIndex(1);
                ImGui::Text("%s%s", tcp_state_text(s.state), s.rcv_shutdown ? " RCV_SHUTDOWN" : "");
                auto cell = [&](int col, int q, int64_t val, const char* unit) {
                    ImGui::TableSetColumnIndex(col);
                    if (s.changed_queue == q) panel::chip(std::to_string(val) + unit, panel::highlight());
                    else ImGui::Text("%lld%s", (long long)val, unit);
                };
                if (s.listening) cell(2, int(ioscope::SockQueue::Accept), s.accept_len, "");
                else { ImGui::TableSetColumnIndex(2); ImGui::TextDisabled("-"); }
                cell(3, int(ioscope::SockQueue::Receive), s.rx_bytes, " B");
                cell(4, int(ioscope::SockQueue::Send), s.tx_bytes, " B");
                ImGui::TableSetColumnIndex(5);
                ImGui::Text("%u", s.waiters);
            }
        ImGui::EndTable();
    }
    // The receive path: NIC -> hard IRQ -> NET_RX softirq -> tcp_v4_rcv -> socket queue -> wakeup.
    panel::heading(tr(SI::NetPath));
    static const SI stages[] = { SI::NetNic, SI::NetHardIrq, SI::NetSoftirq, SI::NetProtocol, SI::NetQueued, SI::NetWakeup };
    for (int i = 0; i < 6; ++i) {
        const bool on = int(v.net.stage) == i + 1;
        std::string text = tr(stages[i]);
        if (on && !v.net.function.empty() && v.net.function != text) text += "\n" + v.net.function;
        if (i > 0 && !fits_next(ImGui::CalcTextSize(text.c_str()).x + ImGui::GetFontSize() * 2)) ImGui::NewLine();
        panel::box(text, on ? IM_COL32(60, 130, 90, 255) : panel::box_fill(), on);
        if (i < 5) { ImGui::SameLine(); ImGui::TextUnformatted("->"); ImGui::SameLine(); }
    }
    if (v.net.have_packet)
        ImGui::TextDisabled("%s: #%u, %lld B, %s %s", tr(SI::NetLastPacket), v.net.packet_id, (long long)v.net.packet_bytes,
                            tcp_flags_text(v.net.packet_flags).c_str(), v.net.packet_socket.c_str());
}

namespace {

struct FlowBox { std::string text; ImU32 fill; bool highlighted; std::string tip; };

// Boxes after a label on the current line, wrapping onto at most `rows` rows; what does not fit
// is counted in a trailing "+N" — no horizontal scrolling at projector sizes (lists are given
// newest first, so the newest stay in view).
void flow_boxes(const std::vector<FlowBox>& items, int rows) {
    const float fs = ImGui::GetFontSize();
    const float more_w = ImGui::CalcTextSize("+9999").x + fs;
    int row = 0;
    for (size_t i = 0; i < items.size(); ++i) {
        const float w = ImGui::CalcTextSize(items[i].text.c_str()).x + fs + 8;
        const bool last_row = row + 1 >= rows;
        ImGui::SameLine();
        if (ImGui::GetContentRegionAvail().x < w + (last_row && i + 1 < items.size() ? more_w : 0)) {
            if (last_row) { ImGui::AlignTextToFramePadding(); ImGui::TextDisabled("+%zu", items.size() - i); return; }
            ImGui::NewLine();
            ++row;
        }
        panel::box(items[i].text, items[i].fill, items[i].highlighted, 0, items[i].tip.empty() ? nullptr : items[i].tip.c_str());
    }
}

} // namespace

// Compact enough for the async-io scenario at 1280x800 without scrolling: no headings (the tab
// names the panel), one line per task with signal activity (or one dim line), and per AIO
// context its in-flight requests and its recent completions as rows of boxes, newest first.
void draw_signals_panel(const SignalsView& v) {
    if (v.tasks.empty()) ImGui::TextDisabled("%s", tr(SI::SigNone));
    for (const TaskSignalsView& t : v.tasks) {
        ImGui::AlignTextToFramePadding();
        if (t.highlight) panel::chip(t.name, panel::highlight());
        else ImGui::TextUnformatted(t.name.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("%s:", tr(SI::SigPending));
        for (int s : t.pending) { ImGui::SameLine(); panel::chip(signal_name(s), IM_COL32(200, 120, 40, 255)); }
        if (t.pending.empty()) { ImGui::SameLine(); ImGui::TextDisabled("-"); }
        if (t.handler) { ImGui::SameLine(); panel::chip(std::string(tr(SI::SigHandler)) + ": " + signal_name(t.handler), IM_COL32(60, 150, 90, 255)); }
        if (t.last_delivered) { ImGui::SameLine(); ImGui::TextDisabled("%s: %s", tr(SI::SigLastDelivered), signal_name(t.last_delivered)); }
    }
    if (v.aio.empty()) { ImGui::TextDisabled("%s", tr(SI::AioNone)); return; }
    // A request: its operation, its id when the program gave one (accept has none: -1), and
    // the bytes asked for / the result.
    auto label = [](const AioRequestView& q, bool done) {
        std::string s = q.op.empty() ? std::string("?") : aio_op_short(q.op);
        if (q.info.id >= 0) s += " #" + std::to_string(q.info.id);
        if (done) s += " = " + std::to_string(q.info.value);
        else if (q.info.value > 0) s += " " + std::to_string(q.info.value) + " B";
        return s;
    };
    const float box_h = ImGui::GetFontSize() * 1.6f + 4 + ImGui::GetStyle().ItemSpacing.y;
    for (const AioContextView& a : v.aio) {
        std::vector<FlowBox> inflight, completed;
        for (size_t i = a.inflight.size(); i-- > 0;) {
            const auto& q = a.inflight[i];
            inflight.push_back({ label(q, false), IM_COL32(70, 110, 160, 255), a.submitted_now && a.changed_request == q.info.id, q.op });
        }
        // The completion the current record added is the last one with its id.
        for (size_t i = a.completed.size(); i-- > 0;) {
            const auto& q = a.completed[i];
            const bool now = !a.submitted_now && a.changed_request == q.info.id && i + 1 == a.completed.size();
            completed.push_back({ label(q, true), IM_COL32(60, 140, 90, 255), now, q.op });
        }
        // In-flight rows take what the completions' one row leaves of the panel.
        const int rows = std::max(1, int((ImGui::GetContentRegionAvail().y - box_h) / box_h));
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(a.name.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("%s:", tr(SI::AioInflight));
        if (inflight.empty()) { ImGui::SameLine(); ImGui::TextDisabled("-"); }
        flow_boxes(inflight, rows);
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s:", tr(SI::AioCompleted));
        if (completed.empty()) { ImGui::SameLine(); ImGui::TextDisabled("-"); }
        flow_boxes(completed, 1);
    }
}

} // namespace ioscope::gui
