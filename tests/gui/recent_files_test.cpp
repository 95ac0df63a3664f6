// Recent files: most recent first, no duplicates, at most kMax, persisted under the config dir.
#include "gui/recent_files.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

using namespace ioscope::gui;
namespace fs = std::filesystem;

TEST(RecentFiles, OrderDedupLimitAndPersistence) {
    const fs::path dir = fs::temp_directory_path() / ("ioscope-recent-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const std::string file = (dir / "sub" / "recent.txt").string();
    {
        RecentFiles r(file);
        r.load();                                    // missing file: empty list
        EXPECT_TRUE(r.items().empty());
        EXPECT_TRUE(r.add("/a.toml"));
        EXPECT_TRUE(r.add("/b.jsonl"));
        EXPECT_TRUE(r.add("/a.toml"));
        ASSERT_EQ(r.items().size(), 2u);
        EXPECT_EQ(r.items()[0], "/a.toml");
        for (int i = 0; i < 20; ++i) r.add("/f" + std::to_string(i));
        EXPECT_EQ(r.items().size(), RecentFiles::kMax);
        EXPECT_EQ(r.items()[0], "/f19");
    }
    RecentFiles again(file);
    again.load();
    ASSERT_EQ(again.items().size(), RecentFiles::kMax);
    EXPECT_EQ(again.items()[0], "/f19");
    fs::remove_all(dir);
}

TEST(RecentFiles, ConfigDirFollowsXdg) {
    const char* old = std::getenv("XDG_CONFIG_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_CONFIG_HOME", "/tmp/xdg-test", 1);
    EXPECT_EQ(config_dir(), "/tmp/xdg-test/ioscope");
    if (old) ::setenv("XDG_CONFIG_HOME", saved.c_str(), 1); else ::unsetenv("XDG_CONFIG_HOME");
}
