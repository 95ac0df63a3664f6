// scenario_bar.h — choose what to look at: bundled scenarios by title, or any .toml scenario /
// .jsonl trace by path; errors of a bad file are listed here (FILE:LINE:COL), never a crash.
// Below: the scenario's title, its "look at" hint and the narration at the playhead.
#pragma once
#include "document.h"

#include <string>
#include <vector>

namespace ioscope::gui {

class ScenarioBar {
public:
    void refresh_bundled();               // lists scenarios/ (loads each for its zh title)
    const std::vector<std::string>& all_texts() const { return texts_; }   // for the font glyphs
    void set_errors(std::vector<std::string> e) { errors_ = std::move(e); }
    void clear_errors() { errors_.clear(); }
    void set_path(const std::string& p);
    void focus_path() { focus_path_ = true; }
    // Returns a source to open ("" = nothing requested this frame). `one_line` (presentation
    // mode): the scenario chooser and the note on a single row, the note cut with "..." and shown
    // whole in a tooltip.
    std::string draw(const Document* doc, const std::string& narration, bool one_line = false);
    // Height the last draw needed (window padding included); the app sizes the bar from it.
    float wanted_height() const { return wanted_h_; }
    // One-line (presentation) mode: a line under the note for a passing hint ("M: leave
    // presentation mode"), so the hint takes its own room instead of covering the note.
    void set_hint(std::string h) { hint_ = std::move(h); }
    // Keyboard: open the scenario list, toggle the explanation, dismiss the errors.
    void open_list() { open_list_ = true; }
    void toggle_explanation() { show_explanation_ = !show_explanation_; }
    void dismiss_errors() { errors_.clear(); }

private:
    struct Entry { std::string id, path; ioscope::LocalizedText title; };
    std::vector<Entry> bundled_;
    std::vector<std::string> texts_;
    std::vector<std::string> errors_;
    char path_[1024] {};
    bool focus_path_ { false };
    bool show_explanation_ { false };
    bool open_list_ { false };
    float wanted_h_ { 0 };
    std::string hint_;
};

} // namespace ioscope::gui
