// stats_window.cpp — see the header.
#include "stats_window.h"

#include "i18n.h"
#include "record_text.h"
#include "theme.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace ioscope::gui {

namespace {
// A heading with a rule under it (ImGui 1.86 has no SeparatorText).
void section(const char* text) {
    ImGui::Spacing();
    ImGui::TextColored(ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram), "%s", text);
    ImGui::Separator();
}
} // namespace

void draw_log2_histogram(const Log2Histogram& h, float height) {
    if (h.counts.empty()) { ImGui::TextDisabled("%s", tr(S::NoData)); return; }
    const uint64_t peak = *std::max_element(h.counts.begin(), h.counts.end());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float label_h = fs * 1.2f;
    const float bar_w = std::min(fs * 4.0f, w / float(h.counts.size()));
    const Theme& th = theme();
    for (size_t k = 0; k < h.counts.size(); ++k) {
        const float x0 = p.x + float(k) * bar_w, x1 = x0 + bar_w - 3;
        const float bh = peak ? (height - label_h - fs) * float(h.counts[k]) / float(peak) : 0;
        const float base = p.y + height - label_h;
        dl->AddRectFilled(ImVec2(x0, base - bh), ImVec2(x1, base), th.syscall, 2.0f);
        char n[32];
        std::snprintf(n, sizeof n, "%llu", (unsigned long long)h.counts[k]);
        if (h.counts[k]) dl->AddText(ImVec2(x0 + 2, base - bh - fs), th.text, n);
        // Lower bucket bound: 2^(first + k) ns.
        const std::string lo = duration_text(int64_t(1) << std::min(62, h.first + int(k)));
        dl->PushClipRect(ImVec2(x0, base), ImVec2(x1 + 2, base + label_h), true);
        dl->AddText(ImVec2(x0, base + 1), th.text_dim, lo.c_str());
        dl->PopClipRect();
    }
    ImGui::Dummy(ImVec2(w, height));
}

void StatsWindow::draw(const Document& doc, bool has_range, int64_t t0, int64_t t1, bool& open) {
    if (!open) return;
    const ImGuiIO& io = ImGui::GetIO();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.52f, io.DisplaySize.y * 0.12f), ImGuiCond_Appearing);
    ImGui::SetNextWindowSize(ImVec2(std::min(io.DisplaySize.x * 0.46f, fs * 34), io.DisplaySize.y * 0.7f), ImGuiCond_Appearing);
    const std::string title = std::string(tr(S::ActStats)) + "###stats";
    if (!ImGui::Begin(title.c_str(), &open, ImGuiWindowFlags_NoSavedSettings)) { ImGui::End(); return; }
    if (!has_range) {
        ImGui::TextWrapped("%s", tr(S::StatsNoRange));
        ImGui::End();
        return;
    }
    if (!have_ || doc_ != &doc || st_.t0 != t0 || st_.t1 != t1) {
        st_ = compute_range_stats(*doc.trace, doc.model, t0, t1);
        doc_ = &doc;
        have_ = true;
    }
    ImGui::Text("%s: %s .. %s  (%s)", tr(S::StatsRange), duration_text(t0).c_str(), duration_text(t1).c_str(),
                duration_text(t1 - t0).c_str());
    ImGui::Text("%zu %s", st_.records, tr(S::RecordsInRange));

    section(tr(S::SyscallsByName));
    if (st_.syscalls.empty()) ImGui::TextDisabled("%s", tr(S::None));
    else if (ImGui::BeginTable("##sys", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn(tr(S::Call));
        ImGui::TableSetupColumn(tr(S::CountCol));
        ImGui::TableSetupColumn(tr(S::TotalTime));
        ImGui::TableSetupColumn(tr(S::MeanTime));
        ImGui::TableHeadersRow();
        for (const SyscallStat& s : st_.syscalls) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0); ImGui::TextUnformatted(s.name.c_str());
            ImGui::TableSetColumnIndex(1); ImGui::Text("%llu", (unsigned long long)s.count);
            ImGui::TableSetColumnIndex(2); ImGui::TextUnformatted(duration_text(s.total_ns).c_str());
            ImGui::TableSetColumnIndex(3); ImGui::TextUnformatted(duration_text(s.total_ns / int64_t(std::max<uint64_t>(1, s.count))).c_str());
        }
        ImGui::EndTable();
    }

    section(tr(S::ContextSwitches));
    ImGui::Text("%llu  (%llu %s)", (unsigned long long)st_.switches, (unsigned long long)st_.preempted, tr(S::PreemptedCount));

    section(tr(S::CpuTimeByMode));
    // One row per mode, one column per CPU: reads down a CPU like a `top` summary line.
    const int ncpu = int(std::min<size_t>(st_.cpu.size(), 60));
    if (ncpu > 0 && ImGui::BeginTable("##cpu", ncpu + 1, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollX)) {
        ImGui::TableSetupColumn(tr(S::Mode));
        for (int k = 0; k < ncpu; ++k) {
            const std::string h = std::string(tr(S::Cpu)) + " " + std::to_string(st_.cpu[size_t(k)].cpu);
            ImGui::TableSetupColumn(h.c_str());
        }
        ImGui::TableHeadersRow();
        for (int m : { 1, 2, 3, 4, 0 }) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(tr_cpu_mode(m));
            for (int k = 0; k < ncpu; ++k) {
                ImGui::TableSetColumnIndex(k + 1);
                const int64_t v = st_.cpu[size_t(k)].ns[size_t(m)];
                const double pct = t1 > t0 ? 100.0 * double(v) / double(t1 - t0) : 0;
                ImGui::Text("%s  %.0f%%", duration_text(v).c_str(), pct);
            }
        }
        ImGui::EndTable();
    }

    section(tr(S::Wakeups));
    ImGui::Text("%llu", (unsigned long long)st_.wakeups);
    if (st_.wake_latency_n) {
        ImGui::SameLine(0, fs * 2);
        ImGui::Text("%s: %s / %s", tr(S::WakeupLatency),
                    duration_text(st_.wake_latency_sum / int64_t(st_.wake_latency_n)).c_str(),
                    duration_text(st_.wake_latency_max).c_str());
    }

    section(tr(S::RequestLatency));
    if (st_.requests.empty()) ImGui::TextDisabled("%s", tr(S::NoRequests));
    else draw_log2_histogram(st_.request_hist, fs * 8);
    ImGui::End();
}

} // namespace ioscope::gui
