// View settings (presentation mode, theme, language, text sizes) survive a restart, and a broken
// settings file costs the user a warning with FILE:LINE:COL, never the app.
#include "gui/user_settings.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace ioscope::gui;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path dir = fs::temp_directory_path() / ("ioscope-settings-" + std::to_string(::getpid()));
    TempDir() { fs::remove_all(dir); }
    ~TempDir() { fs::remove_all(dir); }
    std::string file(const std::string& name) const { return (dir / name).string(); }
    void write(const std::string& name, const std::string& text) const {
        fs::create_directories(dir);
        std::ofstream(dir / name) << text;
    }
};

} // namespace

TEST(UserSettings, MissingFileGivesDefaultsWithoutWarnings) {
    TempDir t;
    UserSettings s;
    EXPECT_TRUE(s.load(t.file("none.toml")).empty());
    EXPECT_FALSE(s.presentation);
    EXPECT_EQ(s.language, "en");
    EXPECT_FLOAT_EQ(s.text_size, 18.0f);
    EXPECT_GT(s.presentation_text_size, s.text_size);   // presentation means bigger text
}

TEST(UserSettings, SaveThenLoadRoundTripsEveryField) {
    TempDir t;
    const std::string path = t.file("sub/settings.toml");   // the directory is created on save
    UserSettings a;
    a.language = "zh";
    a.light_theme = true;
    a.text_size = 22;
    a.presentation = true;
    a.presentation_text_size = 34;
    std::string err;
    ASSERT_TRUE(a.save(path, err)) << err;
    EXPECT_FALSE(fs::exists(path + ".tmp"));                 // renamed into place
    UserSettings b;
    EXPECT_TRUE(b.load(path).empty());
    EXPECT_EQ(b.language, "zh");
    EXPECT_TRUE(b.light_theme);
    EXPECT_FLOAT_EQ(b.text_size, 22);
    EXPECT_TRUE(b.presentation);
    EXPECT_FLOAT_EQ(b.presentation_text_size, 34);
}

TEST(UserSettings, MalformedFileWarnsWithLineAndColumnAndKeepsDefaults) {
    TempDir t;
    t.write("bad.toml", "presentation = true\ntheme = [\n");
    UserSettings s;
    const auto w = s.load(t.file("bad.toml"));
    ASSERT_EQ(w.size(), 1u);
    EXPECT_NE(w[0].find("bad.toml:"), std::string::npos) << w[0];
    EXPECT_NE(w[0].find("bad.toml:2:"), std::string::npos) << w[0];  // the parser's position: the open array
    EXPECT_FALSE(s.presentation);                            // nothing half-applied
}

TEST(UserSettings, BadValuesAreIgnoredOneByOneWithTheirPosition) {
    TempDir t;
    t.write("vals.toml", "language = \"fr\"\npresentation = true\ntext_size = 300\ntheme = \"light\"\n");
    UserSettings s;
    const auto w = s.load(t.file("vals.toml"));
    ASSERT_EQ(w.size(), 2u);
    EXPECT_NE(w[0].find("vals.toml:1:"), std::string::npos) << w[0];
    EXPECT_NE(w[1].find("vals.toml:3:"), std::string::npos) << w[1];
    EXPECT_EQ(s.language, "en");
    EXPECT_TRUE(s.presentation);                             // the good values still apply
    EXPECT_TRUE(s.light_theme);
    EXPECT_FLOAT_EQ(s.text_size, 18.0f);
}

TEST(UserSettings, LivesInTheUsersConfigDirectoryNotTheWorkingDirectory) {
    const char* old = std::getenv("XDG_CONFIG_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_CONFIG_HOME", "/tmp/xdg-settings-test", 1);
    EXPECT_EQ(UserSettings::default_path(), "/tmp/xdg-settings-test/ioscope/settings.toml");
    if (old) ::setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
    else ::unsetenv("XDG_CONFIG_HOME");
}
