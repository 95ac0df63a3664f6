// timeline_controller.h — the timeline window's contents: ruler, lanes, playhead, hover line,
// wakeup arrows, and the mouse/keyboard navigation of UI.md §3.
//
// Lanes are kept in a map keyed by a stable pointer into the TimelineModel (STYLE.md 2.3), so
// per-lane state survives frames; the list is rebuilt when the document changes.
#pragma once
#include "lanes.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

namespace ioscope::gui {

struct TimelineInput {
    const ioscope::Trace* trace { nullptr };
    const TimelineModel* model { nullptr };
    const ioscope::State* state { nullptr };   // at the playhead
    int64_t playhead_ns { 0 };
    uint32_t current_record { UINT32_MAX };    // last applied record (position - 1)
    ImFont* bold { nullptr };
    bool pointer_live { true };                // false until the mouse has moved once
};

struct TimelineOutput {
    std::optional<int64_t> seek_time;          // the user clicked/dragged on the ruler
    uint32_t hovered_record { UINT32_MAX };
    bool clicked_record { false };             // hovered_record was clicked (selection)
};

class TimelineController {
public:
    void set_model(const ioscope::Trace* trace, const TimelineModel* model);
    // Draw into the current ImGui window, filling the remaining content region.
    void draw(const TimelineInput& in, TimelineOutput& out);

    // Navigation (also bound to keys by the app).
    void fit();
    void zoom_center(double factor);
    void pan_fraction(double f);               // pan by a fraction of the view width
    void show_range(int64_t t0, int64_t t1);   // fit to a range (with a margin)
    void center_on(int64_t t);
    void follow(int64_t t);                    // keep t visible during playback (if following)

    // Height the ruler and every lane need at the normal row height, as measured by the last
    // draw (0 before the first): the app sizes the timeline window from it so small scenarios
    // show every CPU and task lane without scrolling.
    float natural_height() const { return natural_h_; }
    TimeView view() const { return view_; }
    void set_view(TimeView v) { view_ = clamp_view(v, limits()); }
    // A/B markers (keys 1/2 at the playhead, or Shift+drag on the lanes): the time between them
    // is shown on the timeline, and [min, max] is the range of the statistics window.
    std::optional<int64_t> mark_a, mark_b;
    bool has_range() const { return mark_a && mark_b && *mark_a != *mark_b; }
    int64_t range_t0() const { return std::min(*mark_a, *mark_b); }
    int64_t range_t1() const { return std::max(*mark_a, *mark_b); }
    void zoom_to_range() { if (has_range()) { show_range(range_t0(), range_t1()); following = false; } }

    bool following { true };                   // playback scrolls the view; user navigation clears it
    bool show_all_flows { false };
    uint32_t selected_record { UINT32_MAX };
    uint32_t selected_task { 0 };

private:
    ViewLimits limits() const;
    void draw_ruler(const TimelineContext& ctx, ImVec2 a, ImVec2 b, TimelineOutput& out, const TimelineInput& in);
    void draw_flows(const TimelineContext& ctx, const TimelineInput& in, uint32_t hovered_task);
    void draw_markers(const TimelineContext& ctx, float ruler_y0);
    void handle_mouse(const TimelineContext& ctx, bool hovered, bool active, const TimelineHover& hover,
                      TimelineOutput& out, float lanes_h, float total_h);

    const ioscope::Trace* trace_ { nullptr };
    const TimelineModel* model_ { nullptr };
    std::map<const void*, std::unique_ptr<TimelineItem>> items_;   // stable key -> lane
    std::vector<TimelineItem*> order_;
    std::map<uint32_t, float> task_anchor_y_, cpu_anchor_y_;      // this frame's flow anchors
    TimeView view_ { 0, 1000000 };
    float scroll_y_ { 0 };
    bool dragging_ { false };
    bool ruler_dragging_ { false };
    bool range_dragging_ { false };
    float last_width_ { 1 };
    float natural_h_ { 0 };
};

} // namespace ioscope::gui
