// compare_view.cpp — the compare window (compare_view.h). Layout, top to bottom: a summary line;
// the shared timeline (ruler, A's lanes, A's and B's request rows joined by lines, B's lanes);
// then three tables side by side: per system call (ratio A/B of the median, red outside
// ±tolerance), matched requests (click one to align B on it and zoom to it: one shift, so call
// durations stay true; no time warp) and the cost profile's constants.
// Wheel zooms about the mouse, drag pans, double-click fits (the main timeline's gestures).
#include "compare_view.h"

#include "sim/compare/cost_profile.h"
#include "sim/compare/trace_compare.h"
#include "theme.h"
#include "timeline_math.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <functional>

namespace ioscope::gui {

namespace {

constexpr float kLaneH = 16.0f, kReqH = 14.0f, kLabelW = 170.0f, kRulerH = 20.0f;
constexpr int kMaxLanes = 10;               // per side; the rest is summarised in one line

ImU32 name_color(int name) {
    static const ImU32 palette[] = { IM_COL32(86, 156, 214, 255), IM_COL32(78, 201, 176, 255), IM_COL32(220, 170, 90, 255),
                                     IM_COL32(197, 134, 192, 255), IM_COL32(156, 220, 120, 255), IM_COL32(230, 110, 110, 255),
                                     IM_COL32(120, 170, 250, 255), IM_COL32(210, 210, 120, 255) };
    return palette[size_t(name) % (sizeof palette / sizeof palette[0])];
}
const ImU32 kDiffer = IM_COL32(235, 80, 70, 255);

struct State {
    CompareModel model;
    compare::TraceComparison calls;
    std::vector<std::vector<const CompareSpan*>> lanes_a, lanes_b;
    CostModel costs;
    bool have_costs { false };
    TimeView view;
    ViewLimits lim;
    int64_t offset { 0 };                   // B -> shared axis; starts as the model's (first pair)
    int64_t aligned_id { -1 };              // the request whose starts coincide
};

// Align B on request pair i (its starts coincide; durations are never stretched) and zoom to it.
void align_on(State& st, size_t i) {
    const RequestPair& p = st.model.requests[i];
    st.offset = p.a_start - p.b_start;
    st.aligned_id = p.id;
    st.lim.lo = std::min<int64_t>(0, st.offset);
    st.lim.hi = std::max<int64_t>(1, std::max(st.model.a.end_ns, st.model.b.end_ns + st.offset));
    const int64_t lo = p.a_start, hi = std::max(p.a_end, p.b_end + st.offset);
    const int64_t pad = std::max<int64_t>(1000, (hi - lo) / 4);
    st.view = clamp_view(TimeView { lo - pad, hi + pad }, st.lim);
}

std::vector<std::vector<const CompareSpan*>> by_lane(const CompareSide& s) {
    std::vector<std::vector<const CompareSpan*>> out(s.lanes.size());
    for (const CompareSpan& sp : s.spans) out[size_t(sp.lane)].push_back(&sp);
    return out;
}

// One side's lanes: spans at t + offset on the shared axis; spans narrower than a pixel merge.
float draw_lanes(ImDrawList* dl, const State& st, const CompareSide& side, const std::vector<std::vector<const CompareSpan*>>& lanes,
                 int64_t offset, ImVec2 origin, float width, const char* tag) {
    float y = origin.y;
    const Theme& th = theme();
    const int shown = std::min<int>(int(lanes.size()), kMaxLanes);
    for (int l = 0; l < shown; ++l) {
        dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + kLabelW + width, y + kLaneH), l % 2 ? th.lane_bg_alt : th.lane_bg);
        char label[160];
        std::snprintf(label, sizeof label, "%s %s", tag, side.lanes[size_t(l)].c_str());
        dl->AddText(ImVec2(origin.x + 4, y + 1), th.text, label);
        const float x0 = origin.x + kLabelW;
        float last_px = -1e9f;
        for (const CompareSpan* sp : lanes[size_t(l)]) {
            const int64_t t0 = sp->t0 + offset, t1 = sp->t1 + offset;
            if (t1 < st.view.start || t0 > st.view.end) continue;
            float a = float(st.view.to_px(t0, width)), b = float(st.view.to_px(t1, width));
            a = std::max(a, 0.0f);
            b = std::min(std::max(b, a + 1.0f), width);
            if (b <= last_px) continue;                       // inside the previous pixel
            const ImU32 c = name_color(sp->name);
            if (sp->slept) dl->AddRect(ImVec2(x0 + a, y + 2), ImVec2(x0 + b, y + kLaneH - 2), c);
            else dl->AddRectFilled(ImVec2(x0 + a, y + 2), ImVec2(x0 + b, y + kLaneH - 2), c);
            if (b - a > 40) {
                const std::string& n = st.model.names[size_t(sp->name)];
                dl->PushClipRect(ImVec2(x0 + a, y), ImVec2(x0 + b, y + kLaneH), true);
                dl->AddText(ImVec2(x0 + a + 2, y + 1), sp->slept ? th.text : text_color_on(c), n.c_str());
                dl->PopClipRect();
            }
            last_px = b;
        }
        y += kLaneH;
    }
    if (int(lanes.size()) > shown) {
        char more[64];
        std::snprintf(more, sizeof more, "%s: %d more tasks not shown", tag, int(lanes.size()) - shown);
        dl->AddText(ImVec2(origin.x + 4, y), th.text_dim, more);
        y += kLaneH;
    }
    return y;
}

void draw_timeline(State& st, float height) {
    const Theme& th = theme();
    ImGui::BeginChild("##cmp_timeline", ImVec2(0, height), true, ImGuiWindowFlags_NoScrollWithMouse);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float width = std::max(50.0f, ImGui::GetContentRegionAvail().x - kLabelW);
    const float x0 = o.x + kLabelW;
    // Input: the same gestures as the main timeline.
    const ImVec2 area = ImGui::GetContentRegionAvail();
    ImGui::InvisibleButton("##cmp_area", ImVec2(std::max(area.x, 1.0f), std::max(area.y, 1.0f)));
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsItemHovered()) {
        const float mx = io.MousePos.x - x0;
        if (io.MouseWheel != 0 && mx >= 0)
            st.view = zoom_about(st.view, st.view.to_ns(mx, width), wheel_zoom_factor(io.MouseWheel, io.KeyCtrl, io.KeyShift), st.lim);
        if (ImGui::IsMouseDoubleClicked(0)) st.view = fit_view(st.lim.lo, st.lim.hi, st.lim);
    }
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(0)) st.view = pan_px(st.view, io.MouseDelta.x, width, st.lim);
    // Ruler.
    dl->AddRectFilled(o, ImVec2(x0 + width, o.y + kRulerH), th.ruler_bg);
    const RulerTicks rt = ruler_ticks(st.view, width, 90.0f);
    for (int64_t t = rt.first; t < st.view.end; t += rt.step) {
        const float x = x0 + float(st.view.to_px(t, width));
        dl->AddLine(ImVec2(x, o.y + kRulerH - 6), ImVec2(x, o.y + height), th.grid);
        dl->AddText(ImVec2(x + 3, o.y + 2), th.ruler_text, format_tick(t, rt.step).c_str());
    }
    dl->AddText(ImVec2(o.x + 4, o.y + 2), th.ruler_text, "shared axis");
    float y = o.y + kRulerH;
    const CompareModel& m = st.model;
    y = draw_lanes(dl, st, m.a, st.lanes_a, 0, ImVec2(o.x, y), width, "A");
    // Request rows: A's bars, B's bars (shifted), a line from each A request to its B twin.
    const float ya = y + 2, yb = y + kReqH + 10;
    dl->AddText(ImVec2(o.x + 4, ya), th.text, "A requests");
    dl->AddText(ImVec2(o.x + 4, yb), th.text, "B requests");
    for (const RequestPair& p : m.requests) {
        const int64_t bs = p.b_start + st.offset, be = p.b_end + st.offset;
        if (std::max(p.a_end, be) < st.view.start || std::min(p.a_start, bs) > st.view.end) continue;
        auto px = [&](int64_t t) { return x0 + std::clamp(float(st.view.to_px(t, width)), -2.0f, width + 2.0f); };
        ImU32 c = p.differs ? kDiffer : th.syscall;
        if (p.id == st.aligned_id) c = th.playhead;               // the request B is aligned on
        dl->AddRectFilled(ImVec2(px(p.a_start), ya), ImVec2(std::max(px(p.a_end), px(p.a_start) + 1), ya + kReqH), with_alpha(c, 0.75f));
        dl->AddRectFilled(ImVec2(px(bs), yb), ImVec2(std::max(px(be), px(bs) + 1), yb + kReqH), with_alpha(c, 0.75f));
        dl->AddLine(ImVec2(px(p.a_start), ya + kReqH), ImVec2(px(bs), yb), with_alpha(c, 0.5f));
    }
    y = yb + kReqH + 4;
    draw_lanes(dl, st, m.b, st.lanes_b, st.offset, ImVec2(o.x, y), width, "B");
    ImGui::EndChild();
}

void draw_calls_table(const State& st) {
    const auto& c = st.calls;
    const double tol = st.model.tolerance;
    ImGui::TextUnformatted("Per system call: median ns, calls that did not sleep (*) and all calls; ratio A / B");
    if (!ImGui::BeginTable("##cmp_calls", 9, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit,
                           ImVec2(0, ImGui::GetContentRegionAvail().y)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* h : { "syscall", "A n", "B n", "A med*", "B med*", "ratio*", "A med", "B med", "ratio" }) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    auto ratio_cell = [&](const std::optional<double>& r) {
        if (!r) { ImGui::TextUnformatted("-"); return; }
        const bool out = *r < 1 - tol || *r > 1 + tol;
        if (out) ImGui::PushStyleColor(ImGuiCol_Text, kDiffer);
        ImGui::Text("%.2f", *r);
        if (out) ImGui::PopStyleColor();
    };
    for (const auto& r : c.rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn(); ImGui::TextUnformatted(r.name.c_str());
        ImGui::TableNextColumn(); ImGui::Text("%llu", (unsigned long long)r.a.count);
        ImGui::TableNextColumn(); ImGui::Text("%llu", (unsigned long long)r.b.count);
        ImGui::TableNextColumn(); ImGui::TextUnformatted(r.a.nosleep_count ? compare::format_ns(r.a.nosleep_median_ns).c_str() : "-");
        ImGui::TableNextColumn(); ImGui::TextUnformatted(r.b.nosleep_count ? compare::format_ns(r.b.nosleep_median_ns).c_str() : "-");
        ImGui::TableNextColumn(); ratio_cell(r.nosleep_ratio);
        ImGui::TableNextColumn(); ImGui::TextUnformatted(r.a.count ? compare::format_ns(r.a.median_ns).c_str() : "-");
        ImGui::TableNextColumn(); ImGui::TextUnformatted(r.b.count ? compare::format_ns(r.b.median_ns).c_str() : "-");
        ImGui::TableNextColumn(); ratio_cell(r.ratio);
    }
    ImGui::EndTable();
}

void draw_requests_table(State& st) {
    const CompareModel& m = st.model;
    ImGui::Text("Requests in both: %zu, differing by more than ±%.0f %%: %d", m.requests.size(), 100 * m.tolerance, m.differing());
    if (!ImGui::BeginTable("##cmp_reqs", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit,
                           ImVec2(0, ImGui::GetContentRegionAvail().y)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* h : { "request", "A latency", "B latency", "A / B" }) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    ImGuiListClipper clip;
    clip.Begin(int(m.requests.size()));
    while (clip.Step()) {
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            const RequestPair& p = m.requests[size_t(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            char id[48];
            std::snprintf(id, sizeof id, "%lld.%lld##r%d", (long long)(p.id / 1000000), (long long)(p.id % 1000000), i);
            if (p.differs) ImGui::PushStyleColor(ImGuiCol_Text, kDiffer);
            if (ImGui::Selectable(id, p.id == st.aligned_id, ImGuiSelectableFlags_SpanAllColumns)) align_on(st, size_t(i));
            ImGui::TableNextColumn(); ImGui::TextUnformatted(compare::format_ns(p.a_end - p.a_start).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(compare::format_ns(p.b_end - p.b_start).c_str());
            ImGui::TableNextColumn(); ImGui::Text("%.2f", p.ratio);
            if (p.differs) ImGui::PopStyleColor();
        }
    }
    ImGui::EndTable();
}

void draw_costs_table(const State& st, const std::string& path) {
    if (!st.have_costs) {
        ImGui::TextWrapped("No cost profile given (--costs FILE: what `ioscope-cli compare --profile` or `sweep --live --calibrate` wrote).");
        return;
    }
    ImGui::Text("Calibrated constants: %s", path.c_str());
    if (!ImGui::BeginTable("##cmp_costs", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit,
                           ImVec2(0, ImGui::GetContentRegionAvail().y)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* h : { "constant", "fitted", "default" }) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    const CostModel d;
    for (const auto& f : CostModel::fields()) {
        const int64_t v = st.costs.*(f.member), dv = d.*(f.member);
        if (v == dv) continue;                                  // only what the profile changed
        ImGui::TableNextRow();
        ImGui::TableNextColumn(); ImGui::TextUnformatted(std::string(f.key).c_str());
        ImGui::TableNextColumn(); ImGui::Text("%lld", (long long)v);
        ImGui::TableNextColumn(); ImGui::Text("%lld", (long long)dv);
    }
    ImGui::EndTable();
}

} // namespace

int run_compare_view(Platform& platform, Fonts& fonts, const CompareInputs& in, int frames, Image* shot) {
    State st;
    if (!in.costs_path.empty()) {
        std::string err;
        if (!compare::load_cost_profile(in.costs_path, st.costs, &err)) {
            std::fprintf(stderr, "ioscope: --costs: %s\n", err.c_str());
            return 2;
        }
        st.have_costs = true;
    }
    st.model = build_compare_model(*in.a, *in.b);
    st.calls = compare::compare_traces(compare::trace_stats(*in.a), compare::trace_stats(*in.b), "A", "B");
    st.lanes_a = by_lane(st.model.a);
    st.lanes_b = by_lane(st.model.b);
    st.offset = st.model.b_offset_ns;
    st.lim.lo = std::min<int64_t>(0, st.offset);
    st.lim.hi = st.model.axis_end();
    st.view = fit_view(st.lim.lo, st.lim.hi, st.lim);
    // Open aligned on the first request both traces contain, zoomed to it.
    if (!st.model.requests.empty()) align_on(st, 0);
    int rendered = 0;
    int settle = 3;
    while (!platform.should_close()) {
        platform.wait_events(frames > 0 || settle > 0 ? 0.0 : -1.0);
        if (fonts.dirty()) { fonts.build(); platform.rebuild_font_texture(); }
        platform.new_frame();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos(vp->WorkPos);
        ImGui::SetNextWindowSize(vp->WorkSize);
        ImGui::Begin("##compare", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
        const CompareModel& m = st.model;
        ImGui::Text("A: %s (%s, %s)    B: %s (%s, %s)", in.a_name.c_str(), m.a.label.c_str(), m.a.scenario.c_str(), in.b_name.c_str(),
                    m.b.label.c_str(), m.b.scenario.c_str());
        if (m.requests.empty())
            ImGui::TextUnformatted("No request in both traces: B is not shifted (both start at 0).");
        else
            ImGui::Text("B shifted by %s%s so that request %lld.%lld starts together (click a request to align on it); %zu requests in "
                        "both (%llu only in A, %llu only in B), %d differ by more than ±%.0f %% (red)",
                        st.offset < 0 ? "-" : "+", compare::format_ns(std::abs(st.offset)).c_str(), (long long)(st.aligned_id / 1000000),
                        (long long)(st.aligned_id % 1000000), m.requests.size(), (unsigned long long)m.a_only,
                        (unsigned long long)m.b_only, m.differing(), 100 * m.tolerance);
        ImGui::TextDisabled("calls: filled = did not sleep, outline = slept; wheel zooms, drag pans, double-click fits");
        const float avail = ImGui::GetContentRegionAvail().y;
        draw_timeline(st, std::max(200.0f, avail * 0.55f));
        const float w = ImGui::GetContentRegionAvail().x;
        ImGui::BeginChild("##cmp_calls_pane", ImVec2(w * 0.5f, 0), false);
        draw_calls_table(st);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("##cmp_reqs_pane", ImVec2(w * 0.22f, 0), false);
        draw_requests_table(st);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("##cmp_costs_pane", ImVec2(0, 0), false);
        draw_costs_table(st, in.costs_path);
        ImGui::EndChild();
        ImGui::End();
        const ImGuiIO& io = ImGui::GetIO();
        const bool input = io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 || ImGui::IsAnyMouseDown();
        settle = input ? 3 : std::max(0, settle - 1);
        ++rendered;
        const bool last = frames > 0 && rendered >= frames;
        platform.set_clear_color(theme().clear);
        platform.render(last ? shot : nullptr);
        if (last) break;
    }
    return 0;
}

} // namespace ioscope::gui
