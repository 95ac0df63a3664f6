// Playback and --seek parsing.
#include "gui/playback.h"
#include "synthetic_trace.h"

#include <gtest/gtest.h>

using namespace ioscope;
using namespace ioscope::gui;

TEST(Seek, ParsesPercentTimeAndIndex) {
    SeekSpec s; std::string err;
    ASSERT_TRUE(parse_seek("50%", s, err));
    EXPECT_EQ(s.type, SeekSpec::Type::Percent); EXPECT_DOUBLE_EQ(s.percent, 50);
    ASSERT_TRUE(parse_seek("1.5ms", s, err));
    EXPECT_EQ(s.type, SeekSpec::Type::Time); EXPECT_EQ(s.value, 1500000);
    ASSERT_TRUE(parse_seek("250us", s, err));
    EXPECT_EQ(s.value, 250000);
    ASSERT_TRUE(parse_seek("1234", s, err));
    EXPECT_EQ(s.type, SeekSpec::Type::Index); EXPECT_EQ(s.value, 1234);
}

TEST(Seek, RejectsNonsense) {
    SeekSpec s; std::string err;
    EXPECT_FALSE(parse_seek("150%", s, err));
    EXPECT_NE(err.find("percentage"), std::string::npos);
    EXPECT_FALSE(parse_seek("abc", s, err));
    EXPECT_FALSE(parse_seek("", s, err));
    EXPECT_FALSE(parse_seek("1.5", s, err));       // a time needs a unit
    EXPECT_FALSE(parse_seek("-3ms", s, err));
}

TEST(Seek, ResolvesAgainstTheTrace) {
    Trace tr = gui_test::make_small_trace();
    SeekSpec s; std::string err;
    ASSERT_TRUE(parse_seek("50%", s, err));          // half of the records
    EXPECT_EQ(resolve_seek(s, tr), (tr.size() + 1) / 2);
    ASSERT_TRUE(parse_seek("100%", s, err));
    EXPECT_EQ(resolve_seek(s, tr), tr.size());
    ASSERT_TRUE(parse_seek("0%", s, err));
    EXPECT_EQ(resolve_seek(s, tr), 0u);
    ASSERT_TRUE(parse_seek("5us", s, err));           // every record at or before 5000 ns
    size_t p = resolve_seek(s, tr);
    ASSERT_GT(p, 0u);
    EXPECT_LE(tr.records[p - 1].t, 5000);
    if (p < tr.size()) { EXPECT_GT(tr.records[p].t, 5000); }
    ASSERT_TRUE(parse_seek("99999", s, err));
    EXPECT_EQ(resolve_seek(s, tr), tr.size());      // clamped
}

TEST(Playback, StepsAndClamps) {
    Trace tr = gui_test::make_small_trace();
    Playback pb;
    pb.reset(&tr);
    EXPECT_EQ(pb.position(), 0u);
    pb.step(-1);
    EXPECT_EQ(pb.position(), 0u);
    pb.step(5);
    EXPECT_EQ(pb.position(), 5u);
    EXPECT_EQ(pb.playhead_ns(), tr.records[4].t);
    pb.seek(1000000);
    EXPECT_EQ(pb.position(), tr.size());
    EXPECT_TRUE(pb.at_end());
}

TEST(Playback, OneRecordPerSecond) {
    Trace tr = gui_test::make_small_trace();
    Playback pb;
    pb.reset(&tr);
    pb.set_speed_index(0);
    ASSERT_TRUE(speeds()[0].per_record);
    ASSERT_EQ(speeds()[0].rate, 1);
    pb.play();
    EXPECT_FALSE(pb.advance(0.5));
    EXPECT_EQ(pb.position(), 0u);
    EXPECT_TRUE(pb.advance(0.5));
    EXPECT_EQ(pb.position(), 1u);
    pb.advance(3.0);
    EXPECT_EQ(pb.position(), 4u);
}

TEST(Playback, SimulatedTimeSpeedMovesThePlayheadSmoothly) {
    Trace tr = gui_test::make_small_trace();
    Playback pb;
    pb.reset(&tr);
    int idx = -1;
    for (size_t i = 0; i < speeds().size(); ++i) if (!speeds()[i].per_record && speeds()[i].rate == 1000) idx = int(i);
    ASSERT_GE(idx, 0);
    pb.set_speed_index(idx);                        // 1 us of simulated time per second
    pb.play();
    pb.advance(2.5);                                // -> 2500 ns
    EXPECT_EQ(pb.playhead_ns(), 2500);
    EXPECT_EQ(pb.position(), tr.lower_bound_time(2501));
    pb.advance(100.0);                              // past the end: stops
    EXPECT_TRUE(pb.at_end());
    EXPECT_FALSE(pb.playing());
    pb.play();                                      // play at the end starts over
    EXPECT_EQ(pb.position(), 0u);
}

TEST(Playback, SpeedLabels) {
    EXPECT_EQ(speed_label({ true, 1 }, "rec/s", "per second"), "1 rec/s");
    EXPECT_EQ(speed_label({ false, 1000 }, "records/s", "per second"), "1 us per second");
    EXPECT_EQ(speed_label({ false, 1000000 }, "records/s", "per second"), "1 ms per second");
}
