// app.h — the application: the open document, playback, and the fixed window layout
// (no docking in ImGui 1.86: positions and sizes follow the main window each frame).
#pragma once
#include "document.h"
#include "fonts.h"
#include "playback.h"
#include "scenario_bar.h"
#include "timeline_controller.h"
#include "inspect_panels/inspector_area.h"

#include <memory>
#include <string>

namespace ioscope::gui {

class App {
public:
    explicit App(Fonts& fonts);

    // Replace the open document (kept if `doc` is null). Adds its text to the font glyphs.
    void set_document(std::unique_ptr<Document> doc);
    Document* document() { return doc_.get(); }
    Playback& playback() { return pb_; }
    TimelineController& timeline() { return tl_; }
    // Show a window of records around the playhead (what --seek/--step land on).
    void view_around_playhead();

    // Between frames: open what the user asked for (never mid-frame: lanes point into the model).
    void process_requests();
    void frame(double dt_s);              // between Platform::new_frame and render
    bool animating() const { return pb_.playing() || insp_.animating(); }
    InspectorArea& inspectors() { return insp_; }   // kernel objects + narration (gui/inspect_panels)
    bool quit_requested() const { return quit_; }
    void set_status(std::string s) { status_ = std::move(s); }

private:
    void handle_keys();
    void draw_menu();
    void draw_legend();
    void draw_help();
    void sync_playhead();
    std::string narration_at() const;

    Fonts& fonts_;
    std::unique_ptr<Document> doc_;
    Playback pb_;
    TimelineController tl_;
    InspectorArea insp_;
    ScenarioBar bar_;
    std::vector<uint32_t> narration_recs_;
    std::string pending_open_;
    std::string status_;
    uint32_t hovered_ { UINT32_MAX };
    bool quit_ { false };
    bool show_help_ { false };
    bool light_ { false };
    double frame_ms_ { 0 };
    uint64_t frame_no_ { 0 };
    bool pointer_live_ { false };
};

} // namespace ioscope::gui
