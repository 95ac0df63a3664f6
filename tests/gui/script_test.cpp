// --script parsing: every step kind, repeat counts, and errors with script:LINE:COL.
#include "gui/script.h"

#include <gtest/gtest.h>

using namespace ioscope::gui;
using Op = ScriptStep::Op;

TEST(Script, ParsesEveryStepKind) {
    std::vector<ScriptStep> s;
    std::string err;
    ASSERT_TRUE(parse_script("play-to-end; back-to-start wakeup ;lang zh;seek 50%;screenshot a.png;"
                             "step 3\nsyscall-back; wait 2; select 7; open blocking-echo; expect-position > 0",
                             s, err)) << err;
    ASSERT_EQ(s.size(), 11u);
    EXPECT_EQ(s[0].op, Op::PlayToEnd);
    EXPECT_EQ(s[1].op, Op::BackToStart);
    EXPECT_EQ(s[1].unit, StepUnit::Wakeup);
    EXPECT_EQ(s[2].op, Op::Lang);
    EXPECT_EQ(s[2].arg, "zh");
    EXPECT_EQ(s[3].op, Op::Seek);
    EXPECT_EQ(s[3].seek.type, SeekSpec::Type::Percent);
    EXPECT_EQ(s[4].arg, "a.png");
    EXPECT_EQ(s[5].op, Op::Action);
    EXPECT_EQ(s[5].action, Action::StepForward);
    EXPECT_EQ(s[5].count, 3);
    EXPECT_EQ(s[6].action, Action::SyscallBack);
    EXPECT_EQ(s[7].op, Op::Wait);
    EXPECT_EQ(s[8].count, 7);
    EXPECT_EQ(s[9].arg, "blocking-echo");
    EXPECT_EQ(s[10].op, Op::ExpectPosition);
}

TEST(Script, ErrorsNameLineAndColumn) {
    std::vector<ScriptStep> s;
    std::string err;
    EXPECT_FALSE(parse_script("step; jump 4", s, err));
    EXPECT_EQ(err.rfind("script:1:7: error: unknown script step 'jump'", 0), 0u) << err;
    EXPECT_FALSE(parse_script("step\n  lang fr", s, err));
    EXPECT_EQ(err.rfind("script:2:3:", 0), 0u) << err;
    EXPECT_FALSE(parse_script("seek 150%", s, err));
    EXPECT_NE(err.find("percentage"), std::string::npos);
    EXPECT_FALSE(parse_script("step 0", s, err));
    EXPECT_FALSE(parse_script("screenshot", s, err));
    EXPECT_FALSE(parse_script(" ; ;", s, err));
    EXPECT_NE(err.find("empty"), std::string::npos);
}

// `type` queues characters as typed keys; `expect NAME VALUE` checks a piece of the app's state
// (what a key did); the new keys' actions are reachable by their script names.
TEST(Script, TypeAndExpect) {
    std::vector<ScriptStep> s;
    std::string err;
    ASSERT_TRUE(parse_script("type uy.\nexpect event-kind 2\nexpect event-search \"\"\nfilter-kind 2; plots-tab; open-file", s, err)) << err;
    ASSERT_EQ(s.size(), 6u);
    EXPECT_EQ(s[0].op, Op::Type);
    EXPECT_EQ(s[0].arg, "uy.");
    EXPECT_EQ(s[1].op, Op::Expect);
    EXPECT_EQ(s[1].arg, "event-kind");
    EXPECT_EQ(s[1].value, "2");
    EXPECT_EQ(s[2].value, "");
    EXPECT_EQ(s[3].action, Action::FilterKind);
    EXPECT_EQ(s[3].count, 2);
    EXPECT_EQ(s[4].action, Action::PlotsTab);
    EXPECT_EQ(s[5].action, Action::OpenFile);
    EXPECT_FALSE(parse_script("expect event-kind", s, err));
    EXPECT_NE(err.find("'expect' takes 2 arguments"), std::string::npos) << err;
    EXPECT_FALSE(parse_script("type", s, err));
}

// `sweep FILE.json` loads `ioscope-cli sweep --json` output into the plots window's chart; it
// needs exactly the file.
TEST(Script, SweepTakesOneFile) {
    std::vector<ScriptStep> s;
    std::string err;
    ASSERT_TRUE(parse_script("sweep out/sweep.json; screenshot c.png", s, err)) << err;
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].op, Op::Sweep);
    EXPECT_EQ(s[0].arg, "out/sweep.json");
    EXPECT_FALSE(parse_script("wait 1\nsweep", s, err));
    EXPECT_EQ(err, "script:2:1: error: 'sweep' takes 1 argument");
    EXPECT_FALSE(parse_script("sweep a.json b.json", s, err));
}
