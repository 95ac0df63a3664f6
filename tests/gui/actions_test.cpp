// The action table: every action has a key, both languages and a script name; no key and no
// script name is used twice (the help overlay is generated from this table).
#include "gui/actions.h"

#include <gtest/gtest.h>

#include <set>

using namespace ioscope::gui;

TEST(Actions, OneEntryPerActionInEnumOrder) {
    ASSERT_EQ(actions().size(), size_t(Action::Count_));
    for (size_t i = 0; i < actions().size(); ++i) EXPECT_EQ(size_t(actions()[i].id), i);
}

TEST(Actions, EveryActionHasAValidKeyLabelAndScriptName) {
    for (const ActionInfo& a : actions()) {
        EXPECT_TRUE(a.key.valid()) << a.script_name;
        EXPECT_FALSE(key_text(a.key).empty()) << a.script_name;
        EXPECT_STRNE(tr(a.label, Lang::En), "") << a.script_name;
        EXPECT_STRNE(tr(a.label, Lang::Zh), tr(a.label, Lang::En)) << a.script_name << ": no Chinese label";
        Action back;
        ASSERT_TRUE(action_by_script_name(a.script_name, back));
        EXPECT_EQ(back, a.id);
    }
}

TEST(Actions, KeysAndScriptNamesAreUnique) {
    std::set<std::string> keys, names;
    for (const ActionInfo& a : actions()) {
        // Letters are matched case-insensitively: normalise before comparing.
        EXPECT_TRUE(keys.insert(key_text(a.key)).second) << "key used twice: " << key_text(a.key);
        EXPECT_TRUE(names.insert(a.script_name).second) << "script name used twice: " << a.script_name;
        if (a.key.ch) {
            EXPECT_FALSE(a.key.ch >= 'A' && a.key.ch <= 'Z') << "letters are stored lower case";
        }
    }
}

TEST(Actions, KeyText) {
    EXPECT_EQ(key_text(KeyChord { NamedKey::Right, 0, true, false }), "Shift+Right");
    EXPECT_EQ(key_text(KeyChord { NamedKey::Left, 0, false, true }), "Ctrl+Left");
    EXPECT_EQ(key_text(KeyChord { NamedKey::None, 'w', false, false }), "W");
    Action a;
    EXPECT_FALSE(action_by_script_name("no-such-action", a));
}

// The controls that used to be mouse-only have actions with keys (and so appear in the help
// overlay, which is generated from the table): the scenario list, the explanation toggle, the
// list of notes, and keyboard navigation for every other control.
TEST(Actions, FormerlyMouseOnlyControlsHaveKeys) {
    for (const char* name : { "scenario-list", "explanation", "notes", "keyboard-nav", "clear-selection" }) {
        Action a;
        ASSERT_TRUE(action_by_script_name(name, a)) << name;
        EXPECT_TRUE(action_info(a).key.valid()) << name;
    }
    // Keyboard navigation is a typed letter, not a named key: named keys go to the controls
    // while it is on, and it must still be reachable to turn it off again (Esc also leaves).
    Action nav;
    ASSERT_TRUE(action_by_script_name("keyboard-nav", nav));
    EXPECT_EQ(action_info(nav).key.named, NamedKey::None);
}

// The event list's filters, the plots' tabs and the file opener have keys of their own (they
// were reachable only through keyboard navigation), none of them a key another action uses.
TEST(Actions, FiltersPlotTabsAndFileOpenHaveKeys) {
    const std::pair<const char*, std::string> want[] = {
        { "filter-kind", "U" }, { "filter-task", "Y" }, { "filter-fd", "#" }, { "plots-tab", "." },
        { "open-file", "Ctrl+O" }, { "search", "/" }, { "browser", "O" },
    };
    for (const auto& [name, key] : want) {
        Action a;
        ASSERT_TRUE(action_by_script_name(name, a)) << name;
        EXPECT_EQ(key_text(action_info(a).key), key) << name;
    }
}
