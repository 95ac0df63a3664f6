// Live runs of every server design: the load completes, the trace is a real ioscope trace (task
// births, balanced syscall enter/exit, request markers, waits), it survives a JSONL round trip
// and the reconstructor, and nothing leaks.
#include "live_test_util.h"
#include "sim/live/live_run.h"
#include "sim/trace/jsonl.h"
#include "sim/trace/state.h"

#include <gtest/gtest.h>
#include <set>
#include <sstream>

using namespace ioscope;
using namespace ioscope::live;

namespace {

size_t count_kind(const Trace& t, Kind k, const char* name = nullptr) {
    size_t n = 0;
    for (const Record& r : t.records)
        if (r.kind == k && (!name || t.str(r.name) == name)) ++n;
    return n;
}

} // namespace

class LiveRunEachDesign : public ::testing::TestWithParam<const char*> {};

TEST_P(LiveRunEachDesign, ServesTheLoadAndRecordsARealTrace) {
    const std::string m = GetParam();
    int fds0 = count_open_fds(), threads0 = live_test::count_threads();
    LiveOptions o;
    o.mechanism = m;
    o.conns = 8;
    o.active = 3;
    o.requests = 300;
    LiveResult r = run_live(o);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_TRUE(r.finished);
    auto& mj = r.summary["metrics"];
    EXPECT_EQ(mj["requests_completed"].get<uint64_t>(), 300u);
    EXPECT_EQ(mj["latency_ns"]["samples"].get<uint64_t>(), 300u);
    EXPECT_GT(mj["latency_ns"]["p50"].get<int64_t>(), 0);
    EXPECT_LE(mj["latency_ns"]["p50"].get<int64_t>(), mj["latency_ns"]["p99"].get<int64_t>());
    EXPECT_EQ(r.summary["records_dropped"].get<uint64_t>(), 0u);
    EXPECT_EQ(mj["server"]["accepted"].get<uint64_t>(), 8u);
    EXPECT_EQ(mj["server"]["requests"].get<uint64_t>(), 300u);
    EXPECT_TRUE(r.summary["errors"].empty()) << r.summary["errors"].dump();
    EXPECT_EQ(count_open_fds(), fds0) << "every descriptor is closed after the run";
    EXPECT_EQ(live_test::settled_thread_count(threads0), threads0) << "every thread is joined";

    const Trace& t = r.trace;
    EXPECT_EQ(t.meta.source, "live");
    ASSERT_GT(t.size(), 300u);
    for (size_t i = 1; i < t.size(); ++i) ASSERT_LE(t.records[i - 1].t, t.records[i].t) << "merged by time at " << i;
    EXPECT_EQ(count_kind(t, Kind::Marker), 600u) << "a start and an end marker per request";
    // Balanced enter/exit per thread, and every task that makes calls was born in the trace.
    std::map<uint32_t, int> open;
    std::set<uint32_t> born;
    for (const Record& rec : t.records) {
        if (rec.kind == Kind::TaskNew) born.insert(rec.task);
        if (rec.kind == Kind::SyscallEnter) { EXPECT_EQ(open[rec.task]++, 0); EXPECT_TRUE(born.count(rec.task)); }
        if (rec.kind == Kind::SyscallExit) EXPECT_EQ(--open[rec.task], 0);
    }
    EXPECT_EQ(count_kind(t, Kind::SyscallEnter), count_kind(t, Kind::SyscallExit));
    const char* wait_call = m == "select" ? "pselect6" : m == "poll" ? "poll" : m.rfind("epoll", 0) == 0 ? "epoll_wait" : "recvfrom";
    EXPECT_GT(count_kind(t, Kind::SyscallEnter, wait_call), 0u) << wait_call;
    EXPECT_GT(count_kind(t, Kind::SyscallEnter, "accept4"), 0u);
    EXPECT_GT(count_kind(t, Kind::StateChange), 0u);
    if (m == "threads") EXPECT_GE(mj["threads_peak"].get<uint64_t>(), 2u);

    // The GUI path: JSONL round trip, then the reconstructor at the end.
    std::stringstream ss;
    write_jsonl(t, ss);
    std::vector<std::string> errors;
    auto back = read_jsonl(ss, "live.jsonl", errors);
    ASSERT_TRUE(back.has_value()) << (errors.empty() ? "" : errors.front());
    EXPECT_EQ(back->records, t.records);
    Reconstructor rec(*back);
    const State& end = rec.seek(back->size());
    EXPECT_GE(end.tasks.size(), 2u);
    EXPECT_EQ(end.syscalls, count_kind(t, Kind::SyscallEnter));
}

INSTANTIATE_TEST_SUITE_P(Designs, LiveRunEachDesign,
                         ::testing::Values("blocking", "threads", "select", "poll", "epoll-lt", "epoll-et"),
                         [](const auto& info) { std::string s = info.param; for (auto& c : s) if (c == '-') c = '_'; return s; });

TEST(LiveRun, BlockingServerSleepsInRecvAndTheTraceShowsIt) {
    LiveOptions o;
    o.mechanism = "blocking";
    o.conns = 2;
    o.active = 1;
    o.requests = 200;
    LiveResult r = run_live(o);
    ASSERT_TRUE(r.ok) << r.error;
    size_t waits = 0;
    for (const Record& rec : r.trace.records)
        if (rec.kind == Kind::StateChange && TaskState(rec.a) == TaskState::Waiting) ++waits;
    EXPECT_GT(waits, 10u) << "the server waits for each next request inside recvfrom";
    EXPECT_GT(r.summary["metrics"]["context_switches_voluntary"].get<uint64_t>(), 10u);
}

TEST(LiveRun, EdgeTriggeredDrainsUntilEagain) {
    LiveOptions o;
    o.mechanism = "epoll-et";
    o.conns = 4;
    o.active = 2;
    o.requests = 200;
    LiveResult r = run_live(o);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_GE(r.summary["metrics"]["syscalls_returning_eagain"].get<uint64_t>(), 200u)
        << "every readiness report is drained until recvfrom returns EAGAIN";
}

TEST(LiveRun, DurationEndsTheRunCleanly) {
    int fds0 = count_open_fds();
    LiveOptions o;
    o.mechanism = "poll";
    o.conns = 4;
    o.active = 2;
    o.requests = 0;
    o.duration_ns = 200'000'000;
    LiveResult r = run_live(o);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_TRUE(r.timed_out);
    EXPECT_GT(r.summary["metrics"]["requests_completed"].get<uint64_t>(), 10u);
    EXPECT_GE(r.summary["run_ns"].get<int64_t>(), 200'000'000);
    EXPECT_EQ(count_open_fds(), fds0);
}

TEST(LiveRun, RecordingOffKeepsCountersOnly) {
    LiveOptions o;
    o.mechanism = "epoll-lt";
    o.conns = 4;
    o.active = 2;
    o.requests = 100;
    o.record = false;
    LiveResult r = run_live(o);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.trace.size(), 0u);
    EXPECT_EQ(r.summary["metrics"]["requests_completed"].get<uint64_t>(), 100u);
    EXPECT_GT(r.summary["metrics"]["syscalls"]["epoll_wait"].get<uint64_t>(), 0u);
}

TEST(LiveRun, BadOptionsAreExplained) {
    std::string err;
    LiveOptions o;
    o.mechanism = "kqueue";
    EXPECT_FALSE(validate_live_options(o, &err));
    EXPECT_NE(err.find("unknown mechanism"), std::string::npos) << err;
    o.mechanism = "poll";
    o.active = 20;
    EXPECT_FALSE(validate_live_options(o, &err));
    EXPECT_NE(err.find("--active"), std::string::npos) << err;
    o.active = 1;
    o.requests = 0;
    EXPECT_FALSE(validate_live_options(o, &err));
    EXPECT_NE(err.find("--duration"), std::string::npos) << err;
    o.mechanism = "select";
    o.requests = 10;
    o.conns = 600;
    EXPECT_FALSE(validate_live_options(o, &err));
    EXPECT_NE(err.find("FD_SETSIZE"), std::string::npos) << err;
    LiveResult r = run_live(o);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.trace.size(), 0u);
}
