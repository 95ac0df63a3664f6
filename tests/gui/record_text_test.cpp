// Details-panel text for records.
#include "gui/i18n.h"
#include "gui/record_text.h"
#include "synthetic_trace.h"

#include <gtest/gtest.h>

using namespace ioscope;
using namespace ioscope::gui;

namespace {
std::string value_of(const std::vector<Field>& f, const char* label) {
    for (const Field& x : f) if (x.label == label) return x.value;
    return "<missing>";
}
size_t find_kind(const Trace& tr, Kind k) {
    for (size_t i = 0; i < tr.size(); ++i) if (tr.records[i].kind == k) return i;
    return SIZE_MAX;
}
}

TEST(RecordText, SyscallsShowCallAndReturn) {
    set_language(Lang::En);
    Trace tr = gui_test::make_small_trace();
    TimelineModel m = TimelineModel::build(tr);
    auto enter = describe_record_full(tr, m, find_kind(tr, Kind::SyscallEnter));
    EXPECT_EQ(value_of(enter, "Call"), "recv(4, 64, 0)");
    EXPECT_EQ(value_of(enter, "Task"), "server (tid 100)");
    auto exit = describe_record(tr, m, find_kind(tr, Kind::SyscallExit));
    EXPECT_EQ(value_of(exit, "Return value"), "64");
}

TEST(RecordText, WaitAndWakeup) {
    set_language(Lang::En);
    Trace tr = gui_test::make_small_trace();
    TimelineModel m = TimelineModel::build(tr);
    size_t i = 0;
    for (; i < tr.size(); ++i) if (tr.records[i].kind == Kind::StateChange && tr.records[i].a == int64_t(TaskState::Waiting)) break;
    auto w = describe_record(tr, m, i);
    EXPECT_EQ(value_of(w, "Wait reason"), "Reading");
    EXPECT_EQ(value_of(w, "Wait queue"), "#7");
    auto wk = describe_record(tr, m, find_kind(tr, Kind::Wakeup));
    EXPECT_EQ(value_of(wk, "Woken by"), "interrupt context");
}

TEST(RecordText, ErrnoNames) {
    EXPECT_EQ(return_text(64), "64");
    EXPECT_EQ(return_text(-11), "-11 (EAGAIN)");
    EXPECT_EQ(tcp_flags_text(3), "SYN|ACK");
}
