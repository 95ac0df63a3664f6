// browser.h — the scenario browser and file opener (key O): the bundled scenarios with title,
// explanation and "what to look at"; a file browser over std::filesystem (directories,
// .toml scenarios, .jsonl traces, .json sweep results); and the recent files
// ($XDG_CONFIG_HOME/ioscope/recent.txt). Errors of a bad file are shown by the scenario bar
// (FILE:LINE:COL), never a crash.
#pragma once
#include "recent_files.h"

#include "sim/scenario/scenario.h"

#include <string>
#include <vector>

namespace ioscope::gui {

struct BrowserRequest {
    std::string open;                     // a scenario id or a .toml / .jsonl path
    std::string sweep;                    // a .json sweep result (goes to the plots window)
};

class Browser {
public:
    Browser();
    void refresh();                       // reloads the bundled list (and their texts)
    std::vector<std::string> texts() const;   // Chinese texts, for the font glyphs
    RecentFiles& recent() { return recent_; }
    BrowserRequest draw(bool& open, const std::string& current_source);
    void show_files() { tab_ = 1; select_tab_ = true; }   // Ctrl+O: the file list
    int tab() const { return tab_; }      // 0 bundled scenarios, 1 files, 2 recent files

private:
    struct Entry { std::string id, path; ioscope::LocalizedText title, explanation, look_at; };
    void list_dir();

    std::vector<Entry> bundled_;
    int chosen_ { -1 };
    RecentFiles recent_;
    std::string dir_;
    struct DirEntry { std::string name; bool is_dir; };
    std::vector<DirEntry> entries_;
    std::string dir_error_;
    int tab_ { 0 };
    bool select_tab_ { false };
};

} // namespace ioscope::gui
