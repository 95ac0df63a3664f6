// recent_files.cpp — see the header.
#include "recent_files.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace ioscope::gui {

namespace fs = std::filesystem;

std::string config_dir() {
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return (fs::path(x) / "ioscope").string();
    if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".config" / "ioscope").string();
    return {};
}

RecentFiles RecentFiles::for_user() {
    const std::string d = config_dir();
    return RecentFiles(d.empty() ? std::string() : (fs::path(d) / "recent.txt").string());
}

void RecentFiles::load() {
    items_.clear();
    if (file_.empty()) return;
    std::ifstream in(file_);
    std::string line;
    while (items_.size() < kMax && std::getline(in, line))
        if (!line.empty() && std::find(items_.begin(), items_.end(), line) == items_.end()) items_.push_back(line);
}

bool RecentFiles::add(const std::string& path) {
    if (path.empty() || path.find('\n') != std::string::npos) return false;
    items_.erase(std::remove(items_.begin(), items_.end(), path), items_.end());
    items_.insert(items_.begin(), path);
    if (items_.size() > kMax) items_.resize(kMax);
    if (file_.empty()) return false;
    std::error_code ec;
    fs::create_directories(fs::path(file_).parent_path(), ec);
    // Write a sibling file and rename it over the list: a crash mid-write never loses the list.
    const std::string tmp = file_ + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out) return false;
        for (const std::string& p : items_) out << p << '\n';
        if (!out.flush()) return false;
    }
    fs::rename(tmp, file_, ec);
    return !ec;
}

} // namespace ioscope::gui
