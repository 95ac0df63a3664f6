// lanes.h — timeline lane kinds (STYLE.md 2.3: controller + lane items). A lane turns its
// interval lists (TimelineModel) into ImDrawList calls for the visible range, folding what is
// narrower than ~3 px (timeline_math.h), and reports what is under the mouse.
#pragma once
#include "timeline_math.h"
#include "timeline_model.h"

#include "sim/trace/state.h"

#include <imgui.h>

#include <string>
#include <vector>

namespace ioscope::gui {

// Frame geometry shared by all lanes (Tracy's TimelineContext).
struct TimelineContext {
    TimeView view;
    float x0 { 0 }, width { 1 };          // content area, screen x
    float label_x0 { 0 }, label_w { 0 };  // label column, screen x
    float clip_y0 { 0 }, clip_y1 { 0 };   // visible lane area, screen y
    int64_t min_ns { 1 };                 // what 3 px cover
    float row_h { 22 };
    bool compact { false };               // lanes overflow the area: thin step rows, smaller labels
    ImDrawList* dl { nullptr };
    ImVec2 mouse;
    bool mouse_in_lanes { false };
    const ioscope::Trace* trace { nullptr };
    const TimelineModel* model { nullptr };
    const ioscope::State* state { nullptr };   // at the playhead (lane labels show it)
    ImFont* bold { nullptr };

    float x(int64_t t) const { return x0 + float(view.to_px(t, width)); }
};

// What the mouse is over, filled by lanes during drawing (the last lane to claim it wins).
struct TimelineHover {
    bool any { false };
    uint32_t rec { UINT32_MAX };          // record to show in the details panel
    uint32_t task { 0 };                  // task lane under the mouse (for flow arrows)
    bool folded { false };
    int64_t fold_t0 { 0 }, fold_t1 { 0 };
    uint32_t fold_count { 0 };
    std::string tooltip;
};

class TimelineItem {
public:
    virtual ~TimelineItem() = default;
    virtual float height(const TimelineContext& ctx) const = 0;
    virtual void draw_label(const TimelineContext& ctx, float y0, float y1) = 0;
    virtual void draw(const TimelineContext& ctx, float y0, TimelineHover& hover) = 0;
    // Screen y of the point where wakeup arrows attach, given the lane's top.
    virtual float anchor_y(const TimelineContext& ctx, float y0) const = 0;
    uint32_t task_id() const { return task_; }
    uint32_t cpu_id() const { return cpu_; }
    bool is_cpu() const { return is_cpu_; }

protected:
    uint32_t task_ { 0 }, cpu_ { 0 };
    bool is_cpu_ { false };
};

class CpuLane : public TimelineItem {
public:
    explicit CpuLane(const CpuLaneData* d) : d_(d) { cpu_ = d->cpu; is_cpu_ = true; }
    float height(const TimelineContext& ctx) const override;
    void draw_label(const TimelineContext& ctx, float y0, float y1) override;
    void draw(const TimelineContext& ctx, float y0, TimelineHover& hover) override;
    float anchor_y(const TimelineContext& ctx, float y0) const override;

private:
    const CpuLaneData* d_;
    std::vector<DrawSpan> scratch_;
};

class TaskLane : public TimelineItem {
public:
    TaskLane(const TaskLaneData* d, uint32_t colour_index) : d_(d), colour_(colour_index) { task_ = d->tid; }
    float height(const TimelineContext& ctx) const override;
    void draw_label(const TimelineContext& ctx, float y0, float y1) override;
    void draw(const TimelineContext& ctx, float y0, TimelineHover& hover) override;
    float anchor_y(const TimelineContext& ctx, float y0) const override;

private:
    const TaskLaneData* d_;
    uint32_t colour_;
    std::vector<DrawSpan> scratch_;
};

} // namespace ioscope::gui
