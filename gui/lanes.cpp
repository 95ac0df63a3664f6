// lanes.cpp — CPU and task lanes.
//
//  [SECTION] Shared row drawing (fold, fill, label, hover)
//  [SECTION] CpuLane
//  [SECTION] TaskLane
#include "lanes.h"

#include "i18n.h"
#include "record_labels.h"
#include "record_text.h"
#include "theme.h"

#include <algorithm>
#include <cfloat>
#include <cstdio>

namespace ioscope::gui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Shared row drawing
//-----------------------------------------------------------------------------

std::string range_text(int64_t t0, int64_t t1) {
    return duration_text(t0) + " - " + duration_text(t1) + "  (" + duration_text(t1 - t0) + ")";
}

bool mouse_in(const TimelineContext& ctx, ImVec2 a, ImVec2 b) {
    return ctx.mouse_in_lanes && ctx.mouse.x >= a.x && ctx.mouse.x < b.x && ctx.mouse.y >= a.y && ctx.mouse.y < b.y;
}

// A folded block: hatched, so it never looks like real data (UI.md §13: never hide detail silently).
// The fill is tinted with the colour of one span sampled from the run (its middle one: O(1), so
// the cost stays per pixel), so a dense stretch that is mostly Waiting still reads red-ish.
ImU32 mix(ImU32 a, ImU32 b, float t) {
    auto ch = [&](int shift) {
        const float x = float((a >> shift) & 0xFF), y = float((b >> shift) & 0xFF);
        return uint32_t(x + (y - x) * t) << shift;
    };
    return ch(IM_COL32_R_SHIFT) | ch(IM_COL32_G_SHIFT) | ch(IM_COL32_B_SHIFT) | IM_COL32_A_MASK;
}

void draw_folded(const TimelineContext& ctx, ImVec2 a, ImVec2 b, ImU32 tint = 0) {
    const Theme& th = theme();
    ctx.dl->AddRectFilled(a, b, tint ? mix(th.fold, tint, 0.55f) : th.fold);
    ctx.dl->PushClipRect(a, b, true);
    const float h = b.y - a.y;
    for (float x = a.x - h; x < b.x; x += 6.0f)
        ctx.dl->AddLine(ImVec2(x, b.y), ImVec2(x + h, a.y), with_alpha(th.fold_stripe, 0.8f), 1.0f);
    ctx.dl->PopClipRect();
}

void claim_fold(const TimelineContext& ctx, const DrawSpan& d, TimelineHover& hover) {
    hover.any = true;
    hover.folded = true;
    hover.fold_t0 = d.t0;
    hover.fold_t1 = d.t1;
    hover.fold_count = d.count;
    hover.rec = UINT32_MAX;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%u %s\n%s", d.count, tr(S::Folded), tr(S::FoldedHint));
    hover.tooltip = buf;
    hover.tooltip += "\n" + range_text(d.t0, d.t1);
    (void)ctx;
}

// Label inside a filled span: whole if it fits, clipped if the span is at least a few
// characters wide, otherwise nothing (the tooltip has it).
void span_label(const TimelineContext& ctx, ImVec2 a, ImVec2 b, ImU32 fill, const char* text) {
    if (!text || !*text) return;
    const float w = b.x - a.x;
    if (w < 24) return;
    const ImVec2 ts = ImGui::CalcTextSize(text);
    const float pad = 4;
    const float visible_a = std::max(a.x, ctx.x0);   // keep the label on screen when the span starts off-left
    float tx = visible_a + pad;
    // A row shorter than the text (compact lanes) gets a smaller text size, so it is not cut.
    const float size = std::min(ImGui::GetFontSize(), std::max(10.0f, b.y - a.y));
    const float th = ts.y * size / ImGui::GetFontSize();
    const float ty = a.y + (b.y - a.y - th) * 0.5f;
    ImVec4 clip(std::max(a.x, ctx.x0) + 1, a.y, std::min(b.x, ctx.x0 + ctx.width) - 1, b.y);
    if (clip.z - clip.x < 16) return;
    ctx.dl->AddText(nullptr, size, ImVec2(tx, ty), text_color_on(fill), text, nullptr, 0.0f, &clip);
}

// Draw one row of spans. color(span) -> ImU32, label(span) -> std::string, tip(span) -> std::string.
template <class ColorFn, class LabelFn, class TipFn>
void draw_row(const TimelineContext& ctx, const std::vector<Span>& spans, float y0, float h,
              std::vector<DrawSpan>& scratch, ColorFn color, LabelFn label, TipFn tip, TimelineHover& hover,
              bool outline = true, bool (*hollow)(const Span&) = nullptr) {
    scratch.clear();
    fold_spans(spans, ctx.view.start, ctx.view.end, ctx.min_ns, scratch);
    const float xmin = ctx.x0 - 4, xmax = ctx.x0 + ctx.width + 4;
    for (const DrawSpan& d : scratch) {
        float xa = std::max(ctx.x(d.t0), xmin), xb = std::min(ctx.x(d.t1), xmax);
        if (xb - xa < 1.0f) xb = xa + 1.0f;
        const ImVec2 a(xa, y0), b(xb, y0 + h);
        if (d.folded()) {
            draw_folded(ctx, a, b, color(spans[d.index + d.count / 2]));
            if (mouse_in(ctx, a, b)) claim_fold(ctx, d, hover);
            continue;
        }
        const Span& s = spans[d.index];
        ImU32 fill = color(s);
        if (hollow && hollow(s)) {
            // Hollow bar (Tracy, KernelShark): runnable but not running — wakeup latency after a
            // wait, or time lost to preemption. Outline in the state colour over a faint fill.
            ctx.dl->AddRectFilled(a, b, with_alpha(fill, 0.22f));
            ctx.dl->AddRect(ImVec2(a.x + 0.5f, a.y + 0.5f), ImVec2(b.x - 0.5f, b.y - 0.5f), fill, 0.0f, 0, 2.0f);
            fill = theme().lane_bg;              // label contrast against the background
        } else {
            ctx.dl->AddRectFilled(a, b, fill);
            if (outline && xb - xa > 4) ctx.dl->AddRect(a, b, theme().border);
        }
        if (xb - xa >= 24) {
            const std::string text = label(s);
            span_label(ctx, a, b, fill, text.c_str());
        }
        if (mouse_in(ctx, a, b)) {
            hover.any = true;
            hover.folded = false;
            hover.rec = s.rec;
            hover.tooltip = tip(s);
            ctx.dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), theme().selection, 0.0f, 0, 2.0f);
        }
    }
}

// Small triangles for ticks and interrupts along the top of a row.
void draw_marks(const TimelineContext& ctx, const std::vector<Instant>& marks, float y0, float size,
                std::vector<DrawSpan>& scratch, TimelineHover& hover) {
    const Theme& th = theme();
    scratch.clear();
    fold_spans(marks, ctx.view.start, ctx.view.end, ctx.min_ns, scratch);
    for (const DrawSpan& d : scratch) {
        const Instant& m = marks[d.index];
        const float x = ctx.x(m.t0);
        const ImU32 col = m.value == Instant::Tick ? th.tick : m.value == Instant::Irq ? th.irq : th.softirq;
        const float s = d.folded() ? size * 1.25f : size;
        ctx.dl->AddTriangleFilled(ImVec2(x - s * 0.6f, y0), ImVec2(x + s * 0.6f, y0), ImVec2(x, y0 + s), col);
        ctx.dl->AddTriangle(ImVec2(x - s * 0.6f, y0), ImVec2(x + s * 0.6f, y0), ImVec2(x, y0 + s), th.border);
        if (mouse_in(ctx, ImVec2(x - s, y0), ImVec2(x + s, y0 + s + 2))) {
            hover.any = true;
            if (d.folded()) {
                claim_fold(ctx, d, hover);
            } else {
                hover.folded = false;
                hover.rec = m.rec;
                const ioscope::Record& r = ctx.trace->records[m.rec];
                const char* what = m.value == Instant::Tick ? tr(S::Tick) : m.value == Instant::Irq ? tr(S::Irq) : tr(S::Softirq);
                hover.tooltip = std::string(what) + "  " + std::string(ctx.trace->str(r.name)) + "\n" + duration_text(r.t);
            }
        }
    }
}

uint32_t lane_colour_of(const TimelineContext& ctx, uint32_t tid) {
    auto it = ctx.model->task_index.find(tid);
    return it == ctx.model->task_index.end() ? 0 : it->second;
}

// At least the label's two lines (name, state chip); a compact lane only the name line (its
// state row still says the state, and the chip comes back when the lane is tall enough).
float lane_min_height(const TimelineContext& ctx) { return ctx.compact ? ImGui::GetFontSize() + 12 : ImGui::GetFontSize() * 2 + 14; }

// The task's name at time `at` (prctl(PR_SET_NAME) renames count from their record on).
std::string name_at(const TimelineContext& ctx, uint32_t tid, int64_t at) {
    const TaskLaneData* t = ctx.model->task(tid);
    std::string n = t ? std::string(ctx.trace->str(t->comm_at(at))) : std::string();
    return n.empty() ? "tid " + std::to_string(tid) : n;
}

// The name at the playhead, as the process table shows it (State's task->comm).
std::string name_of(const TimelineContext& ctx, uint32_t tid) {
    if (ctx.state) {
        auto it = ctx.state->tasks.find(tid);
        if (it != ctx.state->tasks.end() && it->second.comm != 0) return std::string(ctx.trace->str(it->second.comm));
    }
    return name_at(ctx, tid, INT64_MIN);
}

// Lane label: a bold title with a dim suffix ("server  tid 100"), and below it the lane's
// state at the playhead, in the state's colour when there is one.
void label_lines(const TimelineContext& ctx, float y0, float y1, ImU32 swatch, const std::string& title,
                 const std::string& suffix, const std::string& sub, ImU32 sub_col) {
    const Theme& th = theme();
    ctx.dl->AddRectFilled(ImVec2(ctx.label_x0, y0), ImVec2(ctx.label_x0 + ctx.label_w, y1), th.label_bg);
    float x = ctx.label_x0 + 8;
    const float fs = ImGui::GetFontSize();
    if (swatch) {
        ctx.dl->AddRectFilled(ImVec2(x, y0 + 6), ImVec2(x + 6, y0 + 6 + fs), swatch);
        x += 12;
    }
    const ImVec4 clip(ctx.label_x0, y0, ctx.label_x0 + ctx.label_w - 4, y1);
    ctx.dl->AddText(ctx.bold, fs, ImVec2(x, y0 + 5), th.text, title.c_str(), nullptr, 0.0f, &clip);
    if (!suffix.empty()) {
        const float w = (ctx.bold ? ctx.bold : ImGui::GetFont())->CalcTextSizeA(fs, FLT_MAX, 0.0f, title.c_str()).x;
        ctx.dl->AddText(nullptr, 0.0f, ImVec2(x + w + fs * 0.5f, y0 + 5), th.text_dim, suffix.c_str(), nullptr, 0.0f, &clip);
    }
    if (sub.empty()) return;
    if (y1 - y0 < fs * 2 + 11) return;                  // compact lane: no room for the chip
    const float sy = y0 + 9 + fs;
    if (sub_col) {
        // A small state chip, so the label reads like the strip it describes.
        const ImVec2 ts = ImGui::CalcTextSize(sub.c_str());
        const float xe = std::min(x + ts.x + 10, ctx.label_x0 + ctx.label_w - 4);
        ctx.dl->AddRectFilled(ImVec2(x - 2, sy - 2), ImVec2(xe, sy + ts.y + 2), sub_col, 3.0f);
        ctx.dl->AddText(nullptr, 0.0f, ImVec2(x + 3, sy), text_color_on(sub_col), sub.c_str(), nullptr, 0.0f, &clip);
    } else {
        ctx.dl->AddText(nullptr, 0.0f, ImVec2(x, sy), th.text_dim, sub.c_str(), nullptr, 0.0f, &clip);
    }
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] CpuLane
//-----------------------------------------------------------------------------
// Rows: what runs (coloured by task, triangles for ticks/IRQs), the CPU mode strip, and kernel
// work done in interrupt context or by the scheduler (NET_RX's tcp_v4_rcv, pick_next_task_fair).

namespace {
struct CpuRows { float run_y, run_h, mode_y, mode_h, steps_y, steps_h, total; };
CpuRows cpu_rows(const TimelineContext& ctx) {
    CpuRows r;
    r.run_y = 3; r.run_h = ctx.row_h * 1.25f;
    r.mode_y = r.run_y + r.run_h + 1; r.mode_h = std::max(6.0f, ctx.row_h * 0.35f);
    r.steps_y = r.mode_y + r.mode_h + 2; r.steps_h = ctx.row_h * 0.95f;
    r.total = r.steps_y + r.steps_h + 4;
    return r;
}
} // namespace

float CpuLane::height(const TimelineContext& ctx) const {
    return std::max(cpu_rows(ctx).total, lane_min_height(ctx));
}

float CpuLane::anchor_y(const TimelineContext& ctx, float y0) const {
    CpuRows r = cpu_rows(ctx);
    return y0 + r.run_y + r.run_h * 0.5f;
}

void CpuLane::draw_label(const TimelineContext& ctx, float y0, float y1) {
    std::string sub;
    ImU32 col = 0;
    if (ctx.state && cpu_ < ctx.state->cpus.size()) {
        const ioscope::CpuInfo& c = ctx.state->cpus[cpu_];
        if (c.curr) sub = name_of(ctx, c.curr) + " | ";
        sub += tr_cpu_mode(int(c.mode));
        if (c.mode != ioscope::CpuMode::Idle) col = mode_color(int(c.mode));
        if (!c.runq.empty()) sub += " | " + std::string(tr(S::RunQueue)) + " " + std::to_string(c.runq.size());
    }
    label_lines(ctx, y0, y1, 0, std::string(tr(S::Cpu)) + " " + std::to_string(cpu_), "", sub, col);
}

void CpuLane::draw(const TimelineContext& ctx, float y0, TimelineHover& hover) {
    const CpuRows r = cpu_rows(ctx);
    const ioscope::Trace& tr_ = *ctx.trace;
    // What runs.
    draw_row(ctx, d_->run, y0 + r.run_y, r.run_h, scratch_,
        [&](const Span& s) { return task_color(lane_colour_of(ctx, s.value)); },
        [&](const Span& s) { return name_at(ctx, s.value, s.t0); },
        [&](const Span& s) {
            return task_text(tr_, *ctx.model, s.value, s.t0) + "  " + tr(S::Cpu) + " " + std::to_string(cpu_) + "\n" +
                   tr(S::StRunning) + "  " + range_text(s.t0, s.t1);
        }, hover);
    // Mode strip: thin, no labels.
    draw_row(ctx, d_->mode, y0 + r.mode_y, r.mode_h, scratch_,
        [&](const Span& s) { return mode_color(int(s.value)); },
        [&](const Span&) { return std::string(); },
        [&](const Span& s) { return std::string(tr(S::Mode)) + ": " + tr_cpu_mode(int(s.value)) + "\n" + range_text(s.t0, s.t1); },
        hover, false);
    // Interrupt / scheduler kernel work.
    draw_row(ctx, d_->steps, y0 + r.steps_y, r.steps_h, scratch_,
        [&](const Span& s) { return mode_color(int(s.value)); },
        [&](const Span& s) { return std::string(tr_.str(s.label)); },
        [&](const Span& s) {
            return std::string(tr_.str(s.label)) + "  (" + tr_cpu_mode(int(s.value)) + ")\n" + range_text(s.t0, s.t1);
        }, hover);
    draw_marks(ctx, d_->marks, y0 + r.run_y, std::max(7.0f, ctx.row_h * 0.45f), scratch_, hover);
}

//-----------------------------------------------------------------------------
// [SECTION] TaskLane
//-----------------------------------------------------------------------------
// Rows: system calls, the task's own kernel/user steps, and the state strip (Running green,
// Ready bronze, Waiting red with the wait reason, New/Terminated grey).

namespace {
struct TaskRows { float sys_y, sys_h, steps_y, steps_h, state_y, state_h, total; };
TaskRows task_rows(const TimelineContext& ctx) {
    TaskRows r;
    r.sys_y = 3; r.sys_h = ctx.row_h;
    // Compact: the kernel/user steps shrink to a strip like the CPU mode row (the tooltip names them).
    r.steps_y = r.sys_y + r.sys_h + 2; r.steps_h = ctx.compact ? std::max(6.0f, ctx.row_h * 0.35f) : ctx.row_h * 0.9f;
    r.state_y = r.steps_y + r.steps_h + 2; r.state_h = ctx.row_h;
    r.total = r.state_y + r.state_h + 4;
    return r;
}
} // namespace

float TaskLane::height(const TimelineContext& ctx) const {
    return std::max(task_rows(ctx).total, lane_min_height(ctx));
}

float TaskLane::anchor_y(const TimelineContext& ctx, float y0) const {
    TaskRows r = task_rows(ctx);
    return y0 + r.state_y + r.state_h * 0.5f;
}

void TaskLane::draw_label(const TimelineContext& ctx, float y0, float y1) {
    std::string sub;
    ImU32 col = 0;
    if (ctx.state) {
        auto it = ctx.state->tasks.find(d_->tid);
        if (it != ctx.state->tasks.end()) {
            const ioscope::TaskInfo& t = it->second;
            sub = tr_task_state(int(t.state));
            if (t.state == ioscope::TaskState::Waiting && t.wait_reason)
                sub += " (" + wait_reason_text(ctx.trace->str(t.wait_reason)) + ")";
            col = state_color(int(t.state));
        }
    }
    label_lines(ctx, y0, y1, task_color(colour_), name_of(ctx, d_->tid), "tid " + std::to_string(d_->tid), sub, col);
}

void TaskLane::draw(const TimelineContext& ctx, float y0, TimelineHover& hover) {
    const TaskRows r = task_rows(ctx);
    const ioscope::Trace& trace = *ctx.trace;
    const Theme& th = theme();
    const bool lane_hovered = ctx.mouse_in_lanes && ctx.mouse.y >= y0 && ctx.mouse.y < y0 + r.total;
    if (lane_hovered) hover.task = d_->tid;

    draw_row(ctx, d_->syscalls, y0 + r.sys_y, r.sys_h, scratch_,
        [&](const Span&) { return th.syscall; },
        [&](const Span& s) {
            std::string t(trace.str(s.label));
            if (s.rec_end < trace.size()) t += " = " + return_text(trace.records[s.rec_end].a);
            return t;
        },
        [&](const Span& s) {
            std::string t = syscall_call_text(trace, trace.records[s.rec]);
            if (s.rec_end < trace.size()) t += " = " + return_text(trace.records[s.rec_end].a);
            return t + "\n" + range_text(s.t0, s.t1);
        }, hover);
    draw_row(ctx, d_->steps, y0 + r.steps_y, r.steps_h, scratch_,
        [&](const Span& s) { return s.value ? th.user_step : th.kernel_step; },
        [&](const Span& s) { return std::string(trace.str(s.label)); },
        [&](const Span& s) {
            return std::string(trace.str(s.label)) + "  (" + (s.value ? tr(S::ModeUser) : tr(S::ModeKernel)) + ")\n" +
                   range_text(s.t0, s.t1);
        }, hover);
    draw_row(ctx, d_->state, y0 + r.state_y, r.state_h, scratch_,
        [&](const Span& s) { return state_color(int(s.value)); },
        [&](const Span& s) {
            std::string t = tr_task_state(int(s.value));
            if (s.label) t = wait_reason_text(trace.str(s.label)) + " - " + t;   // wait reason first: it is the point
            return t;
        },
        [&](const Span& s) {
            std::string t = std::string(tr(S::State)) + ": " + tr_task_state(int(s.value));
            if (s.label) t += "  (" + std::string(tr(S::WaitReason)) + ": " + wait_reason_text(trace.str(s.label)) + ")";
            const ioscope::Record& rr = trace.records[s.rec];
            if (rr.kind == ioscope::Kind::StateChange && rr.obj)
                t += "\n" + std::string(tr(S::WaitQueue)) + ": " + object_text(trace, *ctx.model, rr.obj);
            return t + "\n" + range_text(s.t0, s.t1);
        }, hover, true, [](const Span& s) { return s.value == uint32_t(ioscope::TaskState::Ready); });
}

} // namespace ioscope::gui
