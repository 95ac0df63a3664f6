// timeline_controller.cpp — see the header.
//
//  [SECTION] Lanes and navigation
//  [SECTION] Frame: layout, input, drawing
//  [SECTION] Ruler
//  [SECTION] A/B markers
//  [SECTION] Wakeup arrows
#include "timeline_controller.h"

#include "i18n.h"
#include "record_text.h"
#include "theme.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace ioscope::gui {

//-----------------------------------------------------------------------------
// [SECTION] Lanes and navigation
//-----------------------------------------------------------------------------

void TimelineController::set_model(const ioscope::Trace* trace, const TimelineModel* model) {
    trace_ = trace;
    model_ = model;
    items_.clear();
    order_.clear();
    scroll_y_ = 0;
    selected_record = UINT32_MAX;
    selected_task = 0;
    mark_a.reset();
    mark_b.reset();
    if (!model) return;
    // CPUs first (what the hardware does), then one lane per task in the model's order
    // ((pid, tid), processes that exited early last).
    for (const CpuLaneData& c : model->cpus) {
        auto& slot = items_[&c];
        slot = std::make_unique<CpuLane>(&c);
        order_.push_back(slot.get());
    }
    for (uint32_t k = 0; k < model->tasks.size(); ++k) {
        const TaskLaneData& t = model->tasks[k];
        auto& slot = items_[&t];
        slot = std::make_unique<TaskLane>(&t, k);
        order_.push_back(slot.get());
    }
    fit();
}

ViewLimits TimelineController::limits() const {
    ViewLimits l;
    l.lo = model_ ? model_->t_begin : 0;
    l.hi = model_ ? model_->t_end : 1;
    l.min_span = 50;
    return l;
}

void TimelineController::fit() {
    if (model_) view_ = fit_view(model_->t_begin, model_->t_end, limits());
}

void TimelineController::zoom_center(double factor) {
    view_ = zoom_about(view_, view_.start + view_.span() / 2, factor, limits());
    following = false;
}

void TimelineController::pan_fraction(double f) {
    view_ = pan_px(view_, -f * last_width_, last_width_, limits());
    following = false;
}

void TimelineController::show_range(int64_t t0, int64_t t1) {
    if (t1 <= t0) t1 = t0 + 1000;
    const int64_t margin = std::max<int64_t>((t1 - t0) / 10, 10);
    view_ = clamp_view(TimeView { t0 - margin, t1 + margin }, limits());
}

void TimelineController::center_on(int64_t t) {
    const int64_t span = view_.span();
    view_ = clamp_view(TimeView { t - span / 2, t - span / 2 + span }, limits());
}

void TimelineController::follow(int64_t t) {
    if (following) view_ = clamp_view(keep_in_view(view_, t, 0.1, 0.9), limits());
}

//-----------------------------------------------------------------------------
// [SECTION] Frame: layout, input, drawing
//-----------------------------------------------------------------------------

void TimelineController::draw(const TimelineInput& in, TimelineOutput& out) {
    const Theme& th = theme();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (avail.x < 50 || avail.y < 50 || !in.trace || !in.model || !model_) {
        ImGui::TextDisabled("%s", tr(S::NoTrace));
        return;
    }
    const float fs = ImGui::GetFontSize();
    const float label_w = std::clamp(avail.x * 0.21f, 150.0f, 280.0f);
    const float ruler_h = std::floor(fs * 1.7f);
    const float bar_w = 8;                               // vertical scroll indicator

    TimelineContext ctx;
    ctx.label_x0 = p0.x;
    ctx.label_w = label_w;
    ctx.x0 = p0.x + label_w;
    ctx.width = std::max(10.0f, avail.x - label_w - bar_w);
    ctx.clip_y0 = p0.y + ruler_h;
    ctx.clip_y1 = p0.y + avail.y;
    ctx.row_h = std::floor(fs * 1.3f);
    ctx.dl = dl;
    ctx.trace = in.trace;
    ctx.model = in.model;
    ctx.state = in.state;
    ctx.bold = in.bold;
    ctx.mouse = ImGui::GetIO().MousePos;
    last_width_ = ctx.width;

    // Input items first (ImGui needs them to know what is hovered), drawing after.
    ImGui::SetCursorScreenPos(ImVec2(ctx.x0, p0.y));
    ImGui::InvisibleButton("##ruler", ImVec2(ctx.width, ruler_h), ImGuiButtonFlags_MouseButtonLeft);
    // Until the pointer has moved, its position is wherever the window system parked it (the
    // middle of an Xvfb screen): no hover line, no tooltip.
    const bool ruler_hovered = ImGui::IsItemHovered() && in.pointer_live;
    const bool ruler_active = ImGui::IsItemActive();
    ImGui::SetCursorScreenPos(ImVec2(p0.x, ctx.clip_y0));
    const float lanes_h = ctx.clip_y1 - ctx.clip_y0;
    ImGui::InvisibleButton("##lanes", ImVec2(avail.x, lanes_h),
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const bool lanes_hovered = ImGui::IsItemHovered() && in.pointer_live;
    const bool lanes_active = ImGui::IsItemActive();
    ctx.mouse_in_lanes = lanes_hovered && ctx.mouse.x >= ctx.x0 && ctx.mouse.x < ctx.x0 + ctx.width;

    // Wheel zoom about the cursor (over the ruler too).
    const ImGuiIO& io = ImGui::GetIO();
    if ((lanes_hovered || ruler_hovered) && io.MouseWheel != 0 && ctx.mouse.x >= ctx.x0) {
        const int64_t anchor = view_.to_ns(ctx.mouse.x - ctx.x0, ctx.width);
        view_ = zoom_about(view_, anchor, wheel_zoom_factor(io.MouseWheel, io.KeyCtrl, io.KeyShift), limits());
        following = false;
    }
    ctx.view = view_;
    ctx.min_ns = std::max<int64_t>(1, (int64_t)std::llround(3.0 * double(view_.span()) / ctx.width));

    // Layout.
    std::vector<float> heights;
    std::vector<LaneSlot> slots;
    auto measure = [&] {
        heights.clear();
        for (TimelineItem* it : order_) heights.push_back(it->height(ctx));
        return layout_lanes(heights, 2.0f, scroll_y_, lanes_h, slots);
    };
    float total_h = measure();
    natural_h_ = ruler_h + total_h;
    // Few lanes (blocking-echo: one CPU, one task): use the room for taller rows, which read
    // better from the back of a classroom.
    if (total_h > 0 && total_h < lanes_h * 0.7f) {
        ctx.row_h = std::floor(ctx.row_h * std::min(1.7f, lanes_h * 0.7f / total_h));
        total_h = measure();
    }
    // Many lanes (thundering-herd: two CPUs, four workers, the master): compact rows, so five or
    // six lanes show at 1280x800 instead of three; the natural height above stays the full one.
    if (total_h > lanes_h) {
        ctx.compact = true;
        ctx.row_h = std::floor(ctx.row_h * 0.6f);
        total_h = measure();
    }
    scroll_y_ = std::clamp(scroll_y_, 0.0f, std::max(0.0f, total_h - lanes_h));

    // Background and grid.
    const RulerTicks ticks = ruler_ticks(view_, ctx.width, std::max(110.0f, fs * 6.5f));
    dl->PushClipRect(ImVec2(p0.x, ctx.clip_y0), ImVec2(p0.x + avail.x, ctx.clip_y1), true);
    dl->AddRectFilled(ImVec2(ctx.x0, ctx.clip_y0), ImVec2(ctx.x0 + ctx.width, ctx.clip_y1), th.lane_bg);
    for (size_t i = 0; i < order_.size(); ++i) {
        if (!slots[i].visible) continue;
        const float y0 = ctx.clip_y0 + slots[i].y0, y1 = ctx.clip_y0 + slots[i].y1;
        if (i % 2) dl->AddRectFilled(ImVec2(ctx.x0, y0), ImVec2(ctx.x0 + ctx.width, y1), th.lane_bg_alt);
    }
    for (int64_t t = ticks.first; t <= view_.end; t += ticks.step) {
        const float x = ctx.x(t);
        dl->AddLine(ImVec2(x, ctx.clip_y0), ImVec2(x, ctx.clip_y1), th.grid);
    }

    // Lanes (only those intersecting the viewport cost anything).
    TimelineHover hover;
    task_anchor_y_.clear();
    cpu_anchor_y_.clear();
    for (size_t i = 0; i < order_.size(); ++i) {
        TimelineItem* it = order_[i];
        const float y0 = ctx.clip_y0 + slots[i].y0, y1 = ctx.clip_y0 + slots[i].y1;
        if (it->is_cpu()) cpu_anchor_y_[it->cpu_id()] = it->anchor_y(ctx, y0);
        else task_anchor_y_[it->task_id()] = it->anchor_y(ctx, y0);
        if (!slots[i].visible) continue;
        dl->PushClipRect(ImVec2(ctx.x0, std::max(y0, ctx.clip_y0)), ImVec2(ctx.x0 + ctx.width, std::min(y1, ctx.clip_y1)), true);
        it->draw(ctx, y0, hover);
        dl->PopClipRect();
        dl->PushClipRect(ImVec2(ctx.label_x0, std::max(y0, ctx.clip_y0)), ImVec2(ctx.label_x0 + label_w, std::min(y1, ctx.clip_y1)), true);
        it->draw_label(ctx, y0, y1);
        dl->PopClipRect();
        if (ctx.mouse_in_lanes && ctx.mouse.y >= y0 && ctx.mouse.y < y1 && !it->is_cpu()) hover.task = it->task_id();
    }

    // Wakeup arrows, hover line, selection, playhead — over every lane.
    dl->PushClipRect(ImVec2(ctx.x0, ctx.clip_y0), ImVec2(ctx.x0 + ctx.width, ctx.clip_y1), true);
    draw_flows(ctx, in, hover.task);
    if (selected_record < in.trace->size()) {
        const float x = ctx.x(in.trace->records[selected_record].t);
        dl->AddLine(ImVec2(x, ctx.clip_y0), ImVec2(x, ctx.clip_y1), with_alpha(th.selection, 0.5f), 1.0f);
    }
    if (lanes_hovered || ruler_hovered)
        dl->AddLine(ImVec2(ctx.mouse.x, ctx.clip_y0), ImVec2(ctx.mouse.x, ctx.clip_y1), th.hover_line, 1.0f);
    const float px = ctx.x(in.playhead_ns);
    dl->AddLine(ImVec2(px, ctx.clip_y0), ImVec2(px, ctx.clip_y1), th.playhead, 2.0f);
    dl->PopClipRect();
    draw_markers(ctx, p0.y);

    // Vertical scroll indicator.
    if (total_h > lanes_h) {
        const float bx = ctx.x0 + ctx.width + 1;
        const float frac0 = scroll_y_ / total_h, frac1 = (scroll_y_ + lanes_h) / total_h;
        dl->AddRectFilled(ImVec2(bx, ctx.clip_y0), ImVec2(bx + bar_w - 2, ctx.clip_y1), th.label_bg);
        dl->AddRectFilled(ImVec2(bx, ctx.clip_y0 + frac0 * lanes_h), ImVec2(bx + bar_w - 2, ctx.clip_y0 + frac1 * lanes_h),
                          th.fold_stripe, 3.0f);
    }
    dl->PopClipRect();

    draw_ruler(ctx, ImVec2(p0.x, p0.y), ImVec2(p0.x + avail.x, p0.y + ruler_h), out, in);
    if (ruler_active) {
        out.seek_time = view_.to_ns(std::clamp(ctx.mouse.x, ctx.x0, ctx.x0 + ctx.width) - ctx.x0, ctx.width);
        ruler_dragging_ = true;
    } else {
        ruler_dragging_ = false;
    }

    handle_mouse(ctx, lanes_hovered, lanes_active, hover, out, lanes_h, total_h);

    out.hovered_record = hover.any && !hover.folded ? hover.rec : UINT32_MAX;
    if (hover.any && !dragging_ && !hover.tooltip.empty()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
        ImGui::TextUnformatted(hover.tooltip.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    } else if (ruler_hovered && !ruler_active) {
        ImGui::SetTooltip("%s", tr(S::ZoomHint));
    }
}

void TimelineController::handle_mouse(const TimelineContext& ctx, bool hovered, bool active, const TimelineHover& hover,
                                      TimelineOutput& out, float lanes_h, float total_h) {
    const ImGuiIO& io = ImGui::GetIO();
    // Shift + left drag: select a time range (markers A and B), KernelShark-style.
    if (active && (range_dragging_ || (io.KeyShift && ImGui::IsMouseDragging(ImGuiMouseButton_Left)))) {
        auto at = [&](float x) { return view_.to_ns(std::clamp(x, ctx.x0, ctx.x0 + ctx.width) - ctx.x0, ctx.width); };
        if (!range_dragging_) mark_a = at(io.MouseClickedPos[0].x);
        mark_b = at(ctx.mouse.x);
        range_dragging_ = dragging_ = true;
        if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) range_dragging_ = false;
        return;
    }
    range_dragging_ = false;
    if (active) {
        // Left drag on the lanes or right drag anywhere: pan in time and scroll lanes.
        const bool drag_l = ImGui::IsMouseDragging(ImGuiMouseButton_Left);
        const bool drag_r = ImGui::IsMouseDragging(ImGuiMouseButton_Right);
        if (drag_l || drag_r) {
            dragging_ = true;
            if (io.MouseDelta.x != 0) {
                view_ = pan_px(view_, io.MouseDelta.x, ctx.width, limits());
                following = false;
            }
            scroll_y_ = std::clamp(scroll_y_ - io.MouseDelta.y, 0.0f, std::max(0.0f, total_h - lanes_h));
        }
    }
    if (hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left) && !dragging_) {
        if (hover.any && hover.folded) {
            show_range(hover.fold_t0, hover.fold_t1);      // click a folded block: zoom to it
            following = false;
        } else if (hover.any && hover.rec != UINT32_MAX) {
            selected_record = hover.rec;
            selected_task = hover.task;
            out.clicked_record = true;
        } else if (!ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
            selected_record = UINT32_MAX;
            selected_task = hover.task;
        }
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && !hover.any) {
        fit();
        following = false;
    }
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left) && !ImGui::IsMouseDown(ImGuiMouseButton_Right)) dragging_ = false;
}

//-----------------------------------------------------------------------------
// [SECTION] Ruler
//-----------------------------------------------------------------------------

void TimelineController::draw_ruler(const TimelineContext& ctx, ImVec2 a, ImVec2 b, TimelineOutput&, const TimelineInput& in) {
    const Theme& th = theme();
    ImDrawList* dl = ctx.dl;
    dl->AddRectFilled(a, b, th.ruler_bg);
    // Corner: the visible span.
    const std::string span = "\xE2\x86\x94 " + duration_text(view_.span());   // ↔
    dl->AddText(ImVec2(a.x + 8, a.y + (b.y - a.y - ImGui::GetFontSize()) * 0.5f), th.text_dim, span.c_str());
    dl->PushClipRect(ImVec2(ctx.x0, a.y), ImVec2(ctx.x0 + ctx.width, b.y), true);
    const RulerTicks ticks = ruler_ticks(view_, ctx.width, std::max(110.0f, ImGui::GetFontSize() * 6.5f));
    const int64_t minor = std::max<int64_t>(ticks.step / ticks.sub, 1);
    for (int64_t t = ticks.first - ticks.step; t <= view_.end; t += minor) {
        if (t < view_.start) continue;
        const float x = ctx.x(t);
        const bool major = (t - ticks.first) % ticks.step == 0;
        dl->AddLine(ImVec2(x, b.y - (major ? 10.0f : 5.0f)), ImVec2(x, b.y), th.ruler_text);
        if (major) {
            const std::string label = format_tick(t, ticks.step);
            dl->AddText(ImVec2(x + 4, a.y + 3), th.ruler_text, label.c_str());
        }
    }
    // Playhead handle.
    const float px = ctx.x(in.playhead_ns);
    const float s = 7;
    dl->AddTriangleFilled(ImVec2(px - s, b.y - s * 1.4f), ImVec2(px + s, b.y - s * 1.4f), ImVec2(px, b.y), th.playhead);
    dl->AddLine(ImVec2(px, a.y), ImVec2(px, b.y), th.playhead, 2.0f);
    dl->PopClipRect();
    dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), th.border);
    // Time under the mouse.
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (in.pointer_live && ImGui::IsWindowHovered() && m.x >= ctx.x0 && m.x < ctx.x0 + ctx.width && m.y >= a.y && m.y < ctx.clip_y1) {
        const std::string t = duration_text(view_.to_ns(m.x - ctx.x0, ctx.width));
        const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
        float x = std::min(m.x + 6, ctx.x0 + ctx.width - ts.x - 6);
        const float y = b.y - ts.y - 3;
        dl->AddRectFilled(ImVec2(x - 4, y - 1), ImVec2(x + ts.x + 4, y + ts.y + 1), th.label_bg, 3.0f);
        dl->AddText(ImVec2(x, y), th.text, t.c_str());
    }
}

//-----------------------------------------------------------------------------
// [SECTION] A/B markers
//-----------------------------------------------------------------------------

void TimelineController::draw_markers(const TimelineContext& ctx, float ruler_y0) {
    if (!mark_a && !mark_b) return;
    const Theme& th = theme();
    ImDrawList* dl = ctx.dl;
    const ImU32 col_a = IM_COL32(80, 200, 255, 255), col_b = IM_COL32(255, 120, 220, 255);
    dl->PushClipRect(ImVec2(ctx.x0, ruler_y0), ImVec2(ctx.x0 + ctx.width, ctx.clip_y1), true);
    if (has_range()) {
        const float xa = ctx.x(range_t0()), xb = ctx.x(range_t1());
        dl->AddRectFilled(ImVec2(xa, ctx.clip_y0), ImVec2(xb, ctx.clip_y1), IM_COL32(120, 170, 255, 34));
    }
    auto line = [&](const std::optional<int64_t>& m, ImU32 col, const char* name) {
        if (!m) return;
        const float x = ctx.x(*m);
        for (float y = ctx.clip_y0; y < ctx.clip_y1; y += 10) dl->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 6, ctx.clip_y1)), col, 1.5f);
        const ImVec2 ts = ImGui::CalcTextSize(name);
        dl->AddRectFilled(ImVec2(x - ts.x * 0.5f - 4, ctx.clip_y0), ImVec2(x + ts.x * 0.5f + 4, ctx.clip_y0 + ts.y + 2), col, 3.0f);
        dl->AddText(ImVec2(x - ts.x * 0.5f, ctx.clip_y0 + 1), IM_COL32(10, 10, 14, 255), name);
    };
    line(mark_a, col_a, "A");
    line(mark_b, col_b, "B");
    if (mark_a && mark_b) {
        // The time between the markers, centred between them (or beside them if they are close).
        const std::string d = std::string(tr(S::MarkerDelta)) + " = " + duration_text(*mark_b - *mark_a);
        const ImVec2 ts = ImGui::CalcTextSize(d.c_str());
        const float xa = ctx.x(*mark_a), xb = ctx.x(*mark_b);
        float x = (xa + xb) * 0.5f - ts.x * 0.5f;
        x = std::clamp(x, ctx.x0 + 4, ctx.x0 + ctx.width - ts.x - 4);
        const float y = ctx.clip_y0 + ts.y + 6;
        dl->AddRectFilled(ImVec2(x - 5, y - 2), ImVec2(x + ts.x + 5, y + ts.y + 2), th.label_bg, 4.0f);
        dl->AddText(ImVec2(x, y), th.text, d.c_str());
    }
    dl->PopClipRect();
}

//-----------------------------------------------------------------------------
// [SECTION] Wakeup arrows
//-----------------------------------------------------------------------------

void TimelineController::draw_flows(const TimelineContext& ctx, const TimelineInput& in, uint32_t hovered_task) {
    const auto& flows = ctx.model->flows;
    if (flows.empty()) return;
    const Theme& th = theme();
    // Default: arrows of the hovered and selected tasks and the wakeup at the playhead (UI.md §6:
    // all of them at once is clutter); the View menu shows all.
    std::set<uint32_t> tasks;
    if (hovered_task) tasks.insert(hovered_task);
    if (selected_task) tasks.insert(selected_task);
    auto first = std::lower_bound(flows.begin(), flows.end(), view_.start - ctx.model->max_flow_ns,
                                  [](const Flow& f, int64_t t) { return f.t0 < t; });
    // A handful of arrows in view is no clutter: show them all, the unfocused ones dimmed.
    constexpr int kFewFlows = 8;
    int in_view = 0;
    for (auto it = first; it != flows.end() && it->t0 <= view_.end && in_view <= kFewFlows; ++it)
        if (it->t1 >= view_.start) ++in_view;
    const bool few = in_view <= kFewFlows;
    for (auto it = first; it != flows.end() && it->t0 <= view_.end; ++it) {
        const Flow& f = *it;
        if (f.t1 < view_.start) continue;
        const bool current = f.rec == in.current_record;
        const bool focused = show_all_flows || current || tasks.count(f.to_task) || (f.from_task && tasks.count(f.from_task));
        if (!focused && !few) continue;
        const ImU32 col = focused ? th.flow : with_alpha(th.flow, 0.55f);
        float y_from;
        if (f.from_task && task_anchor_y_.count(f.from_task)) y_from = task_anchor_y_[f.from_task];
        else if (cpu_anchor_y_.count(f.from_cpu)) y_from = cpu_anchor_y_[f.from_cpu];
        else continue;
        if (!task_anchor_y_.count(f.to_task)) continue;
        const float y_to = task_anchor_y_[f.to_task];
        const ImVec2 a(ctx.x(f.t0), y_from), b(ctx.x(f.t1), y_to);
        const float thick = current ? 3.5f : focused ? 2.5f : 1.5f;
        const float dx = std::max(20.0f, (b.x - a.x) * 0.5f);
        ctx.dl->AddCircleFilled(a, thick + 1.5f, col);
        ctx.dl->AddBezierCubic(a, ImVec2(a.x + dx * 0.3f, a.y), ImVec2(b.x - dx, b.y), ImVec2(b.x - 6, b.y), col, thick);
        const float s = 6 + thick;
        ctx.dl->AddTriangleFilled(ImVec2(b.x, b.y), ImVec2(b.x - s * 1.3f, b.y - s * 0.7f), ImVec2(b.x - s * 1.3f, b.y + s * 0.7f), col);
    }
}

} // namespace ioscope::gui
