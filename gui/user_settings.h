// user_settings.h — the view settings a user expects to find again next time: language, theme,
// text size, and presentation mode (with its own text size). Kept per user in
// $XDG_CONFIG_HOME/ioscope/settings.toml (config_dir(), as the recent-files list), never in the
// working directory. GL-free (tests/gui/user_settings_test.cpp).
//
// Contract:
//  - load() never fails hard: a missing file gives the defaults; a malformed file or a bad value
//    gives the defaults for what could not be read plus a "FILE:LINE:COL: ..." warning (the app
//    prints it and carries on — a broken settings file must not keep ioscope from starting).
//  - save() writes a sibling file and renames it over the old one (never a half-written file).
//  - Only what the user changes in the app is saved; command-line options (--lang, --font-size,
//    --presentation) apply to one session and are not written back.
#pragma once
#include <string>
#include <vector>

namespace ioscope::gui {

struct UserSettings {
    static constexpr float kMinText = 12.0f, kMaxText = 48.0f;
    std::string language { "en" };        // "en" | "zh"
    bool light_theme { false };
    float text_size { 18.0f };
    bool presentation { false };
    float presentation_text_size { 28.0f };

    // config_dir()/settings.toml, or "" when no config directory can be found.
    static std::string default_path();
    // Reads `path` over the defaults. Returns warnings (empty when the file was fine or absent).
    std::vector<std::string> load(const std::string& path);
    // False with `error` set when the file could not be written.
    bool save(const std::string& path, std::string& error) const;
};

} // namespace ioscope::gui
