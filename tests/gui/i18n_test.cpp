// The string table: both languages for every id, switching at run time.
#include "gui/i18n.h"

#include <gtest/gtest.h>

using namespace ioscope::gui;

TEST(I18n, EveryStringHasBothLanguages) {
    for (int i = 0; i < int(S::Count_); ++i) {
        EXPECT_STRNE(tr(S(i), Lang::En), "") << i;
        EXPECT_STRNE(tr(S(i), Lang::Zh), "") << i;
    }
}

TEST(I18n, SwitchesAtRunTime) {
    set_language(Lang::En);
    EXPECT_STREQ(tr(S::Timeline), "Timeline");
    EXPECT_STREQ(tr_task_state(3), "Waiting");
    set_language(Lang::Zh);
    EXPECT_STREQ(tr(S::Timeline), "时间轴");
    EXPECT_STREQ(tr_task_state(3), "等待");
    set_language(Lang::En);
}

TEST(I18n, ZhStringsFeedTheGlyphRanges) {
    auto all = all_zh_strings();
    EXPECT_GE(all.size(), size_t(S::Count_));      // the table, plus panels' own lists
    bool has_zhou = false;                          // 轴: missing from ImGui's "common" range
    for (const auto& s : all) if (s.find("轴") != std::string::npos) has_zhou = true;
    EXPECT_TRUE(has_zhou);
}
