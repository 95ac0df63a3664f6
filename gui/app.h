// app.h — the application: the open document, playback, and the fixed window layout
// (no docking in ImGui 1.86: positions and sizes follow the main window each frame).
#pragma once
#include "actions.h"
#include "browser.h"
#include "document.h"
#include "event_list.h"
#include "fonts.h"
#include "navigate.h"
#include "playback.h"
#include "plots_window.h"
#include "scenario_bar.h"
#include "stats_window.h"
#include "timeline_controller.h"
#include "user_settings.h"
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
    bool animating() const { return pb_.playing() || insp_.animating() || hint_s_ > 0; }
    InspectorArea& inspectors() { return insp_; }   // kernel objects + narration (gui/inspect_panels)
    bool quit_requested() const { return quit_; }
    void set_status(std::string s) { status_ = std::move(s); status_id_ = S::Count_; }

    // Every user command goes through here: keys, menus, transport buttons and --script steps
    // (actions.h), so a script exercises exactly what a user's key press does.
    void run_action(Action a);
    // Open a scenario id / .toml / .jsonl between frames (as the scenario bar and browser do).
    void request_open(const std::string& source) { pending_open_ = source; }
    bool open_pending() const { return !pending_open_.empty(); }
    // Errors of the last failed open (FILE:LINE:COL lines), empty after a successful one.
    const std::vector<std::string>& open_errors() const { return open_errors_; }
    // Select a record and put the playhead on it (a click in the event list).
    void select_record(uint32_t rec);
    PlotsWindow& plots() { return plots_; }
    // `--sweep FILE` / the script's `sweep FILE`: load `ioscope-cli sweep --json` output into the
    // plots window's sweep chart and show it. False (with `error` = FILE:LINE:COL: ...) if the file
    // is not one; the error also shows in the window.
    bool open_sweep(const std::string& path, std::string& error);
    // A piece of the app's state by name, for a script's `expect` (tests of what keys do):
    // event-kind, event-task, event-fd, event-search, events-open, plots-tab, plots-open, sweep-series,
    // browser-tab, browser-open. False for an unknown name.
    bool probe(const std::string& name, std::string& value) const;

    // View settings remembered per user (user_settings.h). `path` "" keeps them in memory only
    // (the benchmark). `normal_text_px` is this session's text size outside presentation mode
    // (--font-size or the saved size); `presentation` this session's starting mode.
    void use_settings(const UserSettings& saved, std::string path, float normal_text_px, bool presentation);
    // Presentation mode (M): large text, high-contrast theme, full screen (main.cpp asks the
    // platform), and the secondary panels hidden — menu bar, details column, status bar, floating
    // windows. Everything stays one key away.
    bool presentation() const { return presentation_; }
    bool light_theme() const { return light_; }

private:
    void handle_keys();
    void draw_menu();
    void draw_legend();
    void draw_windows();
    void menu_action(Action a, bool checked = false, bool enabled = true);
    void set_presentation(bool on);
    void save_settings();                 // after a change the user made in the app
    void draw_presentation_hint(double dt_s);
    void step(StepUnit unit, bool forward);
    void moved();                         // the position changed: state and view follow
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
    // A status made of a translated word and a value ("Could not open: PATH") is kept as the
    // pair and put together when drawn, so switching the language translates it too.
    S status_id_ { S::Count_ };
    uint32_t hovered_ { UINT32_MAX };
    bool quit_ { false };
    bool show_help_ { false };
    bool show_events_ { false }, show_stats_ { false }, show_plots_ { false }, show_browser_ { false };
    // The left column is split between the timeline (top) and the inspector area; the border
    // between them is dragged to move the split, and I hides the inspector area altogether.
    bool show_inspectors_ { true };
    float split_ { 0.42f };                 // timeline's share of the left column's height
    bool split_by_hand_ { false };          // the user dragged the border: keep their split
    bool dragging_split_ { false };
    void drag_split(float top, float mid_h, float width);
    bool focus_search_ { false };
    bool keyboard_nav_ { false };          // B: Dear ImGui's keyboard navigation owns the named keys
    EventList events_;
    StatsWindow stats_;
    PlotsWindow plots_;
    Browser browser_;
    std::vector<std::string> open_errors_;
    bool light_ { false };
    bool presentation_ { false };
    float text_px_ { 18.0f };             // outside presentation mode
    double hint_s_ { 0 };                 // seconds the "M: leave" toast stays up
    UserSettings settings_;               // what is on disk (plus the user's changes)
    std::string settings_path_;
    double frame_ms_ { 0 };
    uint64_t frame_no_ { 0 };
    bool pointer_live_ { false };
};

} // namespace ioscope::gui
