// browser.cpp — see the header.
#include "browser.h"

#include "i18n.h"

#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace ioscope::gui {

namespace fs = std::filesystem;

Browser::Browser() : recent_(RecentFiles::for_user()) {
    recent_.load();
    std::error_code ec;
    dir_ = fs::current_path(ec).string();
    if (ec) dir_ = "/";
}

void Browser::refresh() {
    bundled_.clear();
    for (const auto& b : ioscope::list_bundled_scenarios()) {
        Entry e { b.id, b.path, { b.title, "" }, {}, {} };
        ioscope::LoadResult r = ioscope::load_scenario_file(b.path);
        if (r.ok()) { e.title = r.scenario->title; e.explanation = r.scenario->explanation; e.look_at = r.scenario->look_at; }
        const std::vector<ioscope::VariantInfo> variants = r.ok() ? r.scenario->variants : std::vector<ioscope::VariantInfo> {};
        const Entry base = e;
        bundled_.push_back(std::move(e));
        // Each [[variant]] is its own row ("ID@VARIANT", what the CLI takes too), so a class can
        // open the select and epoll runs of one file side by side.
        for (const auto& v : variants) {
            Entry ve = base;
            ve.id = base.id + "@" + v.id;
            ve.title.en = base.title.en + " — " + (v.title.en.empty() ? v.id : v.title.en);
            ve.title.zh = base.title.zh + " — " + (v.title.zh.empty() ? (v.title.en.empty() ? v.id : v.title.en) : v.title.zh);
            bundled_.push_back(std::move(ve));
        }
    }
}

std::vector<std::string> Browser::texts() const {
    std::vector<std::string> t;
    for (const Entry& e : bundled_) { t.push_back(e.title.zh); t.push_back(e.explanation.zh); t.push_back(e.look_at.zh); }
    return t;
}

void Browser::list_dir() {
    entries_.clear();
    dir_error_.clear();
    std::error_code ec;
    fs::directory_iterator it(dir_, fs::directory_options::skip_permission_denied, ec);
    if (ec) { dir_error_ = dir_ + ": " + ec.message(); return; }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) { dir_error_ = dir_ + ": " + ec.message(); break; }
        const fs::path& p = it->path();
        const std::string name = p.filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::error_code e2;
        const bool is_dir = it->is_directory(e2);
        const std::string ext = p.extension().string();
        if (is_dir || ext == ".toml" || ext == ".jsonl" || ext == ".json") entries_.push_back({ name, is_dir });
    }
    std::sort(entries_.begin(), entries_.end(), [](const DirEntry& a, const DirEntry& b) {
        return a.is_dir != b.is_dir ? a.is_dir : a.name < b.name;
    });
}

BrowserRequest Browser::draw(bool& open, const std::string& current_source) {
    BrowserRequest req;
    if (!open) return req;
    if (bundled_.empty()) refresh();
    const ImGuiIO& io = ImGui::GetIO();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x * 0.86f, io.DisplaySize.y * 0.82f), ImGuiCond_Appearing);
    const std::string title = std::string(tr(S::BrowserTitle)) + "###browser";
    if (!ImGui::Begin(title.c_str(), &open, ImGuiWindowFlags_NoSavedSettings)) { ImGui::End(); return req; }
    if (ImGui::BeginTabBar("##browser")) {
        auto flags = [&](int i) { return select_tab_ && tab_ == i ? ImGuiTabItemFlags_SetSelected : 0; };
        auto shown = [&](int i) { if (!select_tab_) tab_ = i; };
        const std::string t1 = std::string(tr(S::BundledScenarios)) + "###bs";
        if (ImGui::BeginTabItem(t1.c_str(), nullptr, flags(0))) {
            shown(0);
            // Left: the list; right: the chosen scenario's texts and an Open button.
            ImGui::BeginChild("##list", ImVec2(fs * 17, 0), true);
            for (int i = 0; i < int(bundled_.size()); ++i) {
                const Entry& e = bundled_[size_t(i)];
                if (chosen_ < 0 && e.id == current_source) chosen_ = i;
                if (ImGui::Selectable(e.id.c_str(), chosen_ == i, ImGuiSelectableFlags_AllowDoubleClick)) {
                    chosen_ = i;
                    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) req.open = e.id;
                }
            }
            ImGui::EndChild();
            ImGui::SameLine();
            ImGui::BeginChild("##about", ImVec2(0, 0), true);
            if (chosen_ >= 0 && size_t(chosen_) < bundled_.size()) {
                const Entry& e = bundled_[size_t(chosen_)];
                ImGui::PushTextWrapPos(0);
                ImGui::TextUnformatted(e.title.get(chinese()).c_str());
                ImGui::TextDisabled("%s", e.path.c_str());
                if (ImGui::Button(tr(S::Open))) req.open = e.id;
                ImGui::Separator();
                ImGui::TextColored(ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram), "%s", tr(S::Explanation));
                ImGui::TextUnformatted(e.explanation.get(chinese()).empty() ? tr(S::NoDescription) : e.explanation.get(chinese()).c_str());
                if (!e.look_at.get(chinese()).empty()) {
                    ImGui::Spacing();
                    ImGui::TextColored(ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram), "%s", tr(S::LookAt));
                    ImGui::TextUnformatted(e.look_at.get(chinese()).c_str());
                }
                ImGui::PopTextWrapPos();
            }
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        const std::string t2 = std::string(tr(S::Files)) + "###fs";
        if (ImGui::BeginTabItem(t2.c_str(), nullptr, flags(1))) {
            shown(1);
            if (entries_.empty() && dir_error_.empty()) list_dir();
            if (ImGui::Button(tr(S::FolderUp))) {
                dir_ = fs::path(dir_).parent_path().string();
                if (dir_.empty()) dir_ = "/";
                list_dir();
            }
            ImGui::SameLine();
            ImGui::TextUnformatted(dir_.c_str());
            if (!dir_error_.empty()) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.40f, 1.0f), "%s", dir_error_.c_str());
            ImGui::BeginChild("##files", ImVec2(0, 0), true);
            std::string go;
            for (const DirEntry& e : entries_) {
                const std::string label = e.is_dir ? "[" + e.name + "]" : e.name;
                if (ImGui::Selectable(label.c_str(), false)) {
                    const std::string full = (fs::path(dir_) / e.name).string();
                    if (e.is_dir) go = full;
                    else if (fs::path(e.name).extension() == ".json") req.sweep = full;
                    else req.open = full;
                }
            }
            ImGui::EndChild();
            if (!go.empty()) { dir_ = go; list_dir(); }
            ImGui::EndTabItem();
        }
        const std::string t3 = std::string(tr(S::RecentFiles)) + "###rf";
        if (ImGui::BeginTabItem(t3.c_str(), nullptr, flags(2))) {
            shown(2);
            if (recent_.items().empty()) ImGui::TextDisabled("%s", tr(S::None));
            for (const std::string& p : recent_.items())
                if (ImGui::Selectable(p.c_str())) req.open = p;
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
        select_tab_ = false;
    }
    ImGui::End();
    if (!req.open.empty() || !req.sweep.empty()) open = false;
    return req;
}

} // namespace ioscope::gui
