// plots_window.cpp — see the header. Multi-series and log-scale charts are drawn with ImDrawList
// (ImGui 1.86's PlotLines has one series and linear axes).
#include "plots_window.h"

#include "i18n.h"
#include "record_text.h"
#include "stats_window.h"
#include "theme.h"

#include "sim/programs/sweep_bench.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ioscope::gui {

namespace {

// One counter as min/max columns (no peak is lost however many changes a column covers).
void counter_plot(const char* label, const CounterSeries& s, TimeView view, int64_t playhead_ns, ImU32 col) {
    const Theme& th = theme();
    const float fs = ImGui::GetFontSize();
    const float w = ImGui::GetContentRegionAvail().x, h = fs * 3.6f;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float gutter = fs * 3.0f;
    const float x0 = p.x + gutter, pw = std::max(10.0f, w - gutter), y1 = p.y + h, y0 = p.y + fs * 1.2f;
    dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + pw, y1), th.lane_bg);
    const auto cols = downsample(s, view.start, view.end, int(pw));
    int64_t vmax = 1;
    for (const MinMax& m : cols) vmax = std::max(vmax, m.hi);
    auto y_of = [&](int64_t v) { return y1 - (y1 - y0 - 2) * float(v) / float(vmax); };
    for (size_t c = 0; c < cols.size(); ++c) {
        const float x = x0 + float(c);
        if (cols[c].hi == 0) continue;
        dl->AddLine(ImVec2(x + 0.5f, y1), ImVec2(x + 0.5f, y_of(cols[c].hi)), with_alpha(col, 0.45f));
        dl->AddLine(ImVec2(x + 0.5f, y_of(cols[c].lo)), ImVec2(x + 0.5f, y_of(cols[c].hi) - 1), col);
    }
    if (playhead_ns >= view.start && playhead_ns <= view.end) {
        const float px = x0 + float(double(playhead_ns - view.start) / double(view.span()) * pw);
        dl->AddLine(ImVec2(px, y0), ImVec2(px, y1), th.playhead, 2.0f);
    }
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s   = %lld", label, (long long)s.value_at(playhead_ns));
    dl->AddText(ImVec2(p.x, p.y), th.text, buf);
    std::snprintf(buf, sizeof buf, "%lld", (long long)vmax);
    dl->AddText(ImVec2(p.x, y0), th.text_dim, buf);
    dl->AddText(ImVec2(p.x, y1 - fs), th.text_dim, "0");
    ImGui::Dummy(ImVec2(w, h + 4));
}

} // namespace

bool PlotsWindow::open_sweep(const std::string& path) {
    SweepData d;
    std::string err;
    const bool ok = read_sweep_file(path, d, err);
    if (ok) { sweep_ = std::move(d); sweep_error_.clear(); }
    else sweep_error_ = err;
    std::snprintf(sweep_path_, sizeof sweep_path_, "%s", path.c_str());
    return ok;
}

void PlotsWindow::run_simulated_sweep() {
    // The default of `ioscope-cli sweep`, smaller: three sizes are enough to see linear vs flat,
    // and the run stays well under a second on the GUI thread.
    SweepData d;
    d.source = "simulated";
    for (const char* m : { "select", "poll", "epoll-lt" })
        for (int fds : { 10, 100, 1000 }) {
            const ioscope::SweepPoint p = ioscope::run_sweep_point(m, fds, 1, 5, 1);
            if (p.supported) add_sweep_point(d, m, 1, fds, double(p.median_ns));
        }
    sweep_ = std::move(d);
    sweep_error_.clear();
}

void PlotsWindow::draw(const Document& doc, TimeView view, int64_t playhead_ns, bool& open) {
    if (!open) return;
    if (doc_ != &doc) { counters_.reset(); whole_.reset(); doc_ = &doc; }
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.40f, io.DisplaySize.y * 0.08f), ImGuiCond_Appearing);
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x * 0.58f, io.DisplaySize.y * 0.80f), ImGuiCond_Appearing);
    const std::string title = std::string(tr(S::PlotsTitle)) + "###plots";
    if (!ImGui::Begin(title.c_str(), &open, ImGuiWindowFlags_NoSavedSettings)) { ImGui::End(); return; }
    if (ImGui::BeginTabBar("##plots")) {
        const std::string t1 = std::string(tr(S::PlotsTitle)) + "###tc";
        // A tab picked by key is selected once; a click on a tab makes it the current one.
        auto flags = [&](int i) { return select_tab_ && tab_ == i ? ImGuiTabItemFlags_SetSelected : 0; };
        auto shown = [&](int i) { if (!select_tab_) tab_ = i; };
        if (ImGui::BeginTabItem(t1.c_str(), nullptr, flags(0))) {
            shown(0);
            draw_counters(doc, view, playhead_ns);
            ImGui::EndTabItem();
        }
        const std::string t2 = std::string(tr(S::LatencyHistogram)) + "###tl";
        if (ImGui::BeginTabItem(t2.c_str(), nullptr, flags(1))) {
            shown(1);
            if (!whole_) whole_ = compute_range_stats(*doc.trace, doc.model, 0, doc.trace->end_ns() + 1);
            ImGui::TextDisabled("%s: %zu", tr(S::LatencyAllRequests), whole_->requests.size());
            draw_log2_histogram(whole_->request_hist, ImGui::GetFontSize() * 12);
            ImGui::EndTabItem();
        }
        const std::string t3 = std::string(tr(S::SweepChart)) + "###ts";
        if (ImGui::BeginTabItem(t3.c_str(), nullptr, flags(2))) {
            shown(2);
            draw_sweep();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
        select_tab_ = false;
    }
    ImGui::End();
}

void PlotsWindow::draw_counters(const Document& doc, TimeView view, int64_t playhead_ns) {
    if (!counters_) counters_ = Counters::build(*doc.trace);
    ImGui::TextDisabled("%s: %s .. %s", tr(S::CountersHint), duration_text(view.start).c_str(), duration_text(view.end).c_str());
    const Theme& th = theme();
    counter_plot(tr(S::RunQueueLen), (*counters_)[Counter::RunQueue], view, playhead_ns, state_color(1));
    counter_plot(tr(S::ReadyListLen), (*counters_)[Counter::ReadyList], view, playhead_ns, th.flow);
    counter_plot(tr(S::WaitQueueEntries), (*counters_)[Counter::WaitQueue], view, playhead_ns, state_color(3));
    counter_plot(tr(S::BufferFill), (*counters_)[Counter::ReceiveBuffers], view, playhead_ns, th.syscall);
}

void PlotsWindow::draw_sweep() {
    const float fs = ImGui::GetFontSize();
    // The path field takes what the two buttons leave (at least 12 em); a button that does not
    // fit on the row goes to the next one, never past the window's edge (the window is ~58% of
    // a 1280 px screen).
    const ImGuiStyle& st = ImGui::GetStyle();
    auto button_w = [&](const char* label) { return ImGui::CalcTextSize(label).x + st.FramePadding.x * 2; };
    const float open_w = button_w(tr(S::SweepOpen)), run_w = button_w(tr(S::SweepRun));
    const float avail = ImGui::GetContentRegionAvail().x;
    const float field_w = std::clamp(avail - open_w - run_w - st.ItemSpacing.x * 2, fs * 12, fs * 20);
    ImGui::SetNextItemWidth(std::min(field_w, avail));
    const bool enter = ImGui::InputTextWithHint("##sweeppath", tr(S::SweepHint), sweep_path_, sizeof sweep_path_,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    auto same_line_if_fits = [&](float w) {
        const float right = ImGui::GetItemRectMax().x + st.ItemSpacing.x + w;
        if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
    };
    same_line_if_fits(open_w);
    if ((ImGui::Button(tr(S::SweepOpen)) || enter) && sweep_path_[0]) open_sweep(sweep_path_);
    same_line_if_fits(run_w);
    if (ImGui::Button(tr(S::SweepRun))) run_simulated_sweep();
    if (!sweep_error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.40f, 1.0f));
        ImGui::TextWrapped("%s", sweep_error_.c_str());
        ImGui::PopStyleColor();
    }
    if (!sweep_) { ImGui::TextWrapped("%s", tr(S::SweepNeedsData)); return; }
    const SweepData& d = *sweep_;
    ImGui::TextDisabled("%s", d.source.c_str());

    // Log-log axes: select/poll grow linearly in n (a straight line of slope 1), epoll stays flat.
    const Theme& th = theme();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x, h = std::max(fs * 12, ImGui::GetContentRegionAvail().y - fs);
    const float left = fs * 4.5f, bottom = fs * 2.2f, legend_w = fs * 8;
    const float x0 = p.x + left, x1 = p.x + w - legend_w, y0 = p.y + fs * 0.5f, y1 = p.y + h - bottom;
    dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), th.lane_bg);
    const double lx0 = std::floor(std::log10(std::max(1, d.min_fds))), lx1 = std::max(lx0 + 1, std::ceil(std::log10(std::max(1, d.max_fds))));
    const double ly0 = std::floor(std::log10(std::max(1.0, d.min_ns))), ly1 = std::max(ly0 + 1, std::ceil(std::log10(std::max(1.0, d.max_ns))));
    auto X = [&](double fds) { return x0 + float((std::log10(fds) - lx0) / (lx1 - lx0)) * (x1 - x0); };
    auto Y = [&](double ns) { return y1 - float((std::log10(std::max(1.0, ns)) - ly0) / (ly1 - ly0)) * (y1 - y0); };
    char buf[64];
    for (double e = lx0; e <= lx1; ++e) {
        const float x = X(std::pow(10.0, e));
        dl->AddLine(ImVec2(x, y0), ImVec2(x, y1), th.grid);
        std::snprintf(buf, sizeof buf, "%.0f", std::pow(10.0, e));
        dl->AddText(ImVec2(x - 4, y1 + 3), th.ruler_text, buf);
    }
    for (double e = ly0; e <= ly1; ++e) {
        const float y = Y(std::pow(10.0, e));
        dl->AddLine(ImVec2(x0, y), ImVec2(x1, y), th.grid);
        const std::string t = duration_text(int64_t(std::pow(10.0, e)));
        dl->AddText(ImVec2(p.x, y - fs * 0.5f), th.ruler_text, t.c_str());
    }
    dl->AddText(ImVec2((x0 + x1) * 0.5f - fs * 2, y1 + fs * 1.1f), th.text_dim, "fds");
    const ImU32 palette[] = { IM_COL32(240, 110, 90, 255), IM_COL32(250, 200, 80, 255), IM_COL32(90, 200, 120, 255),
                              IM_COL32(100, 170, 250, 255), IM_COL32(200, 130, 240, 255), IM_COL32(180, 180, 180, 255) };
    for (size_t k = 0; k < d.series.size(); ++k) {
        const SweepSeries& s = d.series[k];
        const ImU32 col = palette[k % (sizeof palette / sizeof palette[0])];
        for (size_t i = 0; i < s.points.size(); ++i) {
            const ImVec2 a(X(s.points[i].first), Y(s.points[i].second));
            dl->AddCircleFilled(a, 4.0f, col);
            if (i + 1 < s.points.size()) dl->AddLine(a, ImVec2(X(s.points[i + 1].first), Y(s.points[i + 1].second)), col, 2.5f);
        }
        std::snprintf(buf, sizeof buf, "%s (%d)", s.mechanism.c_str(), s.active);
        const float ly = y0 + fs * 1.4f * float(k);
        dl->AddLine(ImVec2(x1 + 8, ly + fs * 0.5f), ImVec2(x1 + 8 + fs, ly + fs * 0.5f), col, 3.0f);
        dl->AddText(ImVec2(x1 + 12 + fs, ly), th.text, buf);
    }
    ImGui::Dummy(ImVec2(w, h));
}

} // namespace ioscope::gui
