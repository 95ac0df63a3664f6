// The compare view's model (gui/compare_model.h): lanes of system-call spans per side, requests
// paired by marker id, B's offset that aligns the first pair, and the ±25 % highlight.
#include "gui/compare_model.h"

#include <gtest/gtest.h>

using namespace ioscope;
using namespace ioscope::gui;

namespace {

Record rec(Kind k, int64_t t, uint32_t task, uint32_t name = 0, int64_t a = 0, int64_t b = 0) {
    Record r;
    r.kind = k;
    r.t = t;
    r.task = task;
    r.name = name;
    r.a = a;
    r.b = b;
    return r;
}

// A server task (tid 1) with one select (slept) and one recvfrom per request, a client task
// (tid 2) whose own call is not the server's, and `n` requests of `lat` ns starting at
// `start` + i * 10 us, except request `slow` (0-based), which takes `slow_lat`.
Trace make(const char* source, const char* select_name, int64_t start, int n, int64_t lat, int slow = -1, int64_t slow_lat = 0) {
    Trace t;
    t.meta.source = source;
    uint32_t srv = t.intern("server"), cli = t.intern("client-1"), sel = t.intern(select_name), rv = t.intern("recvfrom"),
             mk = t.intern("request");
    t.push(rec(Kind::TaskNew, 0, 1, srv));
    t.push(rec(Kind::TaskNew, 0, 2, cli));
    t.push(rec(Kind::SyscallEnter, 1, 2, rv));
    t.push(rec(Kind::SyscallExit, 2, 2, rv));
    for (int i = 0; i < n; ++i) {
        const int64_t s = start + i * 10000, l = i == slow ? slow_lat : lat;
        t.push(rec(Kind::Marker, s, 2, mk, 1000001 + i, int64_t(MarkerType::RequestStart)));
        t.push(rec(Kind::SyscallEnter, s, 1, sel));
        t.push(rec(Kind::StateChange, s, 1, 0, int64_t(TaskState::Waiting)));
        t.push(rec(Kind::SyscallExit, s + l / 2, 1, sel, 1));
        t.push(rec(Kind::SyscallEnter, s + l / 2 + 10, 1, rv));
        t.push(rec(Kind::SyscallExit, s + l / 2 + 20, 1, rv, 64));
        t.push(rec(Kind::Marker, s + l, 2, mk, 1000001 + i, int64_t(MarkerType::RequestEnd)));
    }
    return t;
}

} // namespace

TEST(CompareModel, AlignsByRequestAndHighlightsDifferences) {
    Trace a = make("sim", "select", 5000, 4, 1000);
    Trace b = make("live", "pselect6", 90000, 5, 1100, 3, 3000);   // request 4 takes 3x as long live; 5 only live
    CompareModel m = build_compare_model(a, b);
    EXPECT_EQ(m.a.label, "sim");
    EXPECT_EQ(m.b.label, "live");
    ASSERT_EQ(m.a.lanes.size(), 1u) << "the client's call is not a lane";
    EXPECT_EQ(m.a.lanes[0], "server 1");
    ASSERT_EQ(m.a.spans.size(), 8u);
    ASSERT_EQ(m.names.size(), 2u) << "pselect6 and select are one name";
    EXPECT_EQ(m.names[size_t(m.a.spans[0].name)], "select");
    EXPECT_EQ(m.b.spans[0].name, m.a.spans[0].name);
    EXPECT_TRUE(m.a.spans[0].slept);
    EXPECT_FALSE(m.a.spans[1].slept);
    ASSERT_EQ(m.requests.size(), 4u);
    EXPECT_EQ(m.b_only, 1u);
    EXPECT_EQ(m.a_only, 0u);
    EXPECT_EQ(m.b_offset_ns, 5000 - 90000) << "the first request starts together";
    EXPECT_EQ(m.requests[0].a_start, m.requests[0].b_start + m.b_offset_ns);
    EXPECT_NEAR(m.requests[0].ratio, 1000.0 / 1100.0, 1e-12);
    EXPECT_FALSE(m.requests[0].differs) << "-9 % is inside ±25 %";
    EXPECT_TRUE(m.requests[3].differs) << "1000 vs 3000 ns";
    EXPECT_EQ(m.differing(), 1);
    EXPECT_GE(m.axis_end(), m.b.end_ns + m.b_offset_ns);
}

TEST(CompareModel, NoCommonRequestLeavesBUnshifted) {
    Trace a = make("sim", "select", 0, 2, 1000);
    Trace b;
    b.meta.source = "live";
    CompareModel m = build_compare_model(a, b);
    EXPECT_TRUE(m.requests.empty());
    EXPECT_EQ(m.b_offset_ns, 0);
    EXPECT_EQ(m.a_only, 2u);
    EXPECT_TRUE(m.b.lanes.empty());
}
