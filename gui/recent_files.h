// recent_files.h — the list of recently opened files, kept per user under
// $XDG_CONFIG_HOME/ioscope/recent.txt (~/.config when unset), never in the working directory.
// One path per line, most recent first, at most kMax. GL-free (tests/gui/recent_files_test.cpp).
#pragma once
#include <string>
#include <vector>

namespace ioscope::gui {

// $XDG_CONFIG_HOME/ioscope, or $HOME/.config/ioscope; "" if neither is set.
std::string config_dir();

class RecentFiles {
public:
    static constexpr size_t kMax = 12;
    explicit RecentFiles(std::string file) : file_(std::move(file)) {}
    static RecentFiles for_user();        // config_dir()/recent.txt
    void load();                          // a missing or unreadable file is an empty list
    // Moves `path` to the front and saves (creating the directory). Returns false if the file
    // could not be written (the list in memory is still updated).
    bool add(const std::string& path);
    const std::vector<std::string>& items() const { return items_; }

private:
    std::string file_;
    std::vector<std::string> items_;
};

} // namespace ioscope::gui
