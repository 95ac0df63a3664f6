// Stepping by record kind (transport buttons, lecture speed): positions land just after the
// record looked for; the ends of the trace are handled.
#include "gui/navigate.h"
#include "gui/playback.h"
#include "synthetic_trace.h"

#include <gtest/gtest.h>

using namespace ioscope;
using namespace ioscope::gui;

namespace {
size_t index_of(const Trace& t, Kind k, size_t nth = 0) {
    for (size_t i = 0; i < t.size(); ++i)
        if (t.records[i].kind == k && nth-- == 0) return i;
    return SIZE_MAX;
}
} // namespace

TEST(Navigate, FindNextAndPrev) {
    Trace t = gui_test::make_small_trace();
    const KindMask m = kind_bit(Kind::ContextSwitch);
    const size_t first = index_of(t, Kind::ContextSwitch, 0), second = index_of(t, Kind::ContextSwitch, 1);
    EXPECT_EQ(find_next(t, m, 0), first);
    EXPECT_EQ(find_next(t, m, first), first);
    EXPECT_EQ(find_next(t, m, first + 1), second);
    EXPECT_EQ(find_prev(t, m, second), first);
    EXPECT_EQ(find_prev(t, m, first), SIZE_MAX);
    EXPECT_EQ(find_next(t, kind_bit(Kind::Narration), 0), t.size());
}

TEST(Navigate, StepBySyscallLandsOnEnterThenExit) {
    Trace t = gui_test::make_small_trace();
    const size_t enter = index_of(t, Kind::SyscallEnter), exit = index_of(t, Kind::SyscallExit);
    size_t p = step_position(t, StepUnit::Syscall, 0, true);
    EXPECT_EQ(p, enter + 1);                         // the enter record is the current one
    p = step_position(t, StepUnit::Syscall, p, true);
    EXPECT_EQ(p, exit + 1);
    EXPECT_EQ(step_position(t, StepUnit::Syscall, p, true), t.size());   // none left: the end
    EXPECT_EQ(step_position(t, StepUnit::Syscall, p, false), enter + 1);
    EXPECT_EQ(step_position(t, StepUnit::Syscall, enter + 1, false), 0u); // none before: the start
}

TEST(Navigate, StepByWakeupAndRecord) {
    Trace t = gui_test::make_small_trace();
    const size_t w = index_of(t, Kind::Wakeup);
    EXPECT_EQ(step_position(t, StepUnit::Wakeup, 0, true), w + 1);
    EXPECT_EQ(step_position(t, StepUnit::Wakeup, t.size(), false), w + 1);
    EXPECT_EQ(step_position(t, StepUnit::Record, 5, true), 6u);
    EXPECT_EQ(step_position(t, StepUnit::Record, 5, false), 4u);
    EXPECT_EQ(step_position(t, StepUnit::Record, 0, false), 0u);
    EXPECT_EQ(step_position(t, StepUnit::Record, t.size() + 10, true), t.size());
}

TEST(Navigate, NarrationPoints) {
    Trace t = gui_test::make_small_trace();
    Record n;
    n.t = t.records.back().t;
    n.kind = Kind::Narration;
    n.name = t.intern("the server is woken");
    t.push(n);
    EXPECT_EQ(step_position(t, StepUnit::Narration, 0, true), t.size());
    EXPECT_EQ(step_position(t, StepUnit::Narration, t.size(), false), 0u);
}

TEST(Navigate, LectureSpeedPlaysOneKernelStepPerSecond) {
    Trace t = gui_test::make_small_trace();
    Playback pb;
    pb.reset(&t);
    pb.set_speed_index(lecture_speed_index());
    ASSERT_EQ(speeds()[size_t(lecture_speed_index())].unit, StepUnit::KernelStep);
    pb.play();
    pb.advance(1.0);
    const size_t p1 = pb.position();
    ASSERT_GT(p1, 0u);
    EXPECT_TRUE(step_mask(StepUnit::KernelStep) & kind_bit(t.records[p1 - 1].kind));
    // Bookkeeping records before it (TaskNew, StateChange) were applied without a pause.
    EXPECT_EQ(p1, step_position(t, StepUnit::KernelStep, 0, true));
    pb.advance(1.0);
    EXPECT_EQ(pb.position(), step_position(t, StepUnit::KernelStep, p1, true));
    EXPECT_EQ(speed_label(speeds()[size_t(lecture_speed_index())], "rec/s", "per s", "kernel steps/s"), "1 kernel steps/s");
}
