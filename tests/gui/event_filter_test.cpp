// Event-list filters: kind, task, fd, text; rows stay in trace order; playhead sync.
#include "gui/event_filter.h"
#include "synthetic_trace.h"

#include <gtest/gtest.h>

using namespace ioscope;
using namespace ioscope::gui;

TEST(EventFilter, NoFilterKeepsEverything) {
    Trace t = gui_test::make_small_trace();
    EventFilter f;
    EXPECT_FALSE(f.active());
    EXPECT_EQ(filter_records(t, f).size(), t.size());
}

TEST(EventFilter, KindTaskFdAndText) {
    Trace t = gui_test::make_small_trace();
    EventFilter f;
    f.kinds = kind_bit(Kind::SyscallEnter) | kind_bit(Kind::SyscallExit);
    auto rows = filter_records(t, f);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(t.records[rows[0]].kind, Kind::SyscallEnter);
    EXPECT_LT(rows[0], rows[1]);

    EventFilter fd;
    fd.fd = 4;                                       // recv(4, ...)
    rows = filter_records(t, fd);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(t.records[rows[0]].kind, Kind::SyscallEnter);
    fd.fd = 5;
    EXPECT_TRUE(filter_records(t, fd).empty());

    EventFilter task;
    task.task = 200;
    for (uint32_t i : filter_records(t, task)) EXPECT_EQ(t.records[i].task, 200u);

    EventFilter text;
    text.text = "TCP_RECV";                          // case-insensitive, in the name
    rows = filter_records(t, text);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(t.records[rows[0]].kind, Kind::KernelStep);
    text.text = "wakeup";                            // in the kind name
    EXPECT_EQ(filter_records(t, text).size(), 1u);
}

TEST(EventFilter, RowForPosition) {
    std::vector<uint32_t> rows = { 3, 7, 20 };
    EXPECT_EQ(row_for_position(rows, 0), 0u);
    EXPECT_EQ(row_for_position(rows, 4), 0u);        // current record 3
    EXPECT_EQ(row_for_position(rows, 8), 1u);        // current record 7
    EXPECT_EQ(row_for_position(rows, 20), 1u);       // current 19: the last row at or before it
    EXPECT_EQ(row_for_position(rows, 1000), 2u);
    EXPECT_EQ(row_for_position({}, 5), 0u);
}

TEST(EventFilter, RecordFd) {
    Record r;
    r.kind = Kind::PollfdWrite;
    r.b = (int64_t(9) << 32) | (1 << 16) | 1;
    EXPECT_EQ(record_fd(r), 9);
    r.kind = Kind::ClockTick;
    EXPECT_EQ(record_fd(r), -1);
}
