// user_settings.cpp — see the header.
#include "user_settings.h"

#include "recent_files.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ioscope::gui {

namespace fs = std::filesystem;

std::string UserSettings::default_path() {
    const std::string d = config_dir();
    return d.empty() ? std::string() : (fs::path(d) / "settings.toml").string();
}

std::vector<std::string> UserSettings::load(const std::string& path) {
    std::vector<std::string> warnings;
    std::error_code ec;
    if (path.empty() || !fs::exists(path, ec)) return warnings;
    toml::table t;
    try {
        t = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        std::ostringstream m;
        m << path << ":" << e.source().begin.line << ":" << e.source().begin.column << ": " << e.description()
          << " (settings ignored)";
        warnings.push_back(m.str());
        return warnings;
    }
    auto where = [&](const toml::node& n) {
        std::ostringstream m;
        m << path << ":" << n.source().begin.line << ":" << n.source().begin.column << ": ";
        return m.str();
    };
    auto get_bool = [&](const char* key, bool& out) {
        const toml::node* n = t.get(key);
        if (!n) return;
        if (auto v = n->value<bool>(); v && n->is_boolean()) out = *v;
        else warnings.push_back(where(*n) + key + " must be true or false (ignored)");
    };
    auto get_size = [&](const char* key, float& out) {
        const toml::node* n = t.get(key);
        if (!n) return;
        auto v = n->value<double>();
        if (v && *v >= kMinText && *v <= kMaxText) out = float(*v);
        else warnings.push_back(where(*n) + key + " must be a number of pixels from 12 to 48 (ignored)");
    };
    if (const toml::node* n = t.get("language")) {
        auto v = n->value<std::string>();
        if (v && (*v == "en" || *v == "zh")) language = *v;
        else warnings.push_back(where(*n) + "language must be \"en\" or \"zh\" (ignored)");
    }
    if (const toml::node* n = t.get("theme")) {
        auto v = n->value<std::string>();
        if (v && (*v == "dark" || *v == "light")) light_theme = *v == "light";
        else warnings.push_back(where(*n) + "theme must be \"dark\" or \"light\" (ignored)");
    }
    get_size("text_size", text_size);
    get_bool("presentation", presentation);
    get_size("presentation_text_size", presentation_text_size);
    // Unknown keys are left alone: a newer ioscope may have written them.
    return warnings;
}

bool UserSettings::save(const std::string& path, std::string& error) const {
    if (path.empty()) { error = "no configuration directory (set HOME or XDG_CONFIG_HOME)"; return false; }
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    toml::table t {
        { "language", language },
        { "theme", light_theme ? "light" : "dark" },
        { "text_size", double(text_size) },
        { "presentation", presentation },
        { "presentation_text_size", double(presentation_text_size) },
    };
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out) { error = "cannot write " + tmp; return false; }
        out << "# ioscope view settings (written by the app; see docs/GUI.md \"Presentation mode\")\n" << t << "\n";
        if (!out.flush()) { error = "cannot write " + tmp; return false; }
    }
    fs::rename(tmp, path, ec);
    if (ec) { error = "cannot replace " + path + ": " + ec.message(); fs::remove(tmp, ec); return false; }
    return true;
}

} // namespace ioscope::gui
