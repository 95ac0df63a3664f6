// Simulation core: time, the event queue's (time, seq) order and cancellation, named RNG
// streams, and coroutine exception propagation.
#include "sim/core/coro.h"
#include "sim/core/event_queue.h"
#include "sim/core/rng.h"
#include "sim/core/sim_time.h"

#include <gtest/gtest.h>
#include <stdexcept>
#include <vector>

using namespace ioscope;
using namespace ioscope::literals;

TEST(SimTime, LiteralsAndFormatting) {
    EXPECT_EQ((5_us).ns, 5000);
    EXPECT_EQ((4_ms + 250_us).ns, 4250000);
    EXPECT_EQ(format_duration(1500_ns), "1.500 us");
    EXPECT_EQ(format_duration(SimTime(4250000)), "4.250 ms");
}

TEST(SimTime, ParseDuration) {
    SimTime t;
    ASSERT_TRUE(parse_duration("250us", t)); EXPECT_EQ(t.ns, 250000);
    ASSERT_TRUE(parse_duration("1.5ms", t)); EXPECT_EQ(t.ns, 1500000);
    ASSERT_TRUE(parse_duration("10 s", t)); EXPECT_EQ(t.ns, 10000000000);
    ASSERT_TRUE(parse_duration("42", t)); EXPECT_EQ(t.ns, 42);
    EXPECT_FALSE(parse_duration("10 parsecs", t));
    EXPECT_FALSE(parse_duration("", t));
    EXPECT_FALSE(parse_duration("ms", t));
    EXPECT_FALSE(parse_duration("99999999999999999999s", t));
}

static std::vector<int> g_order;
static void record_arg(void*, uint64_t arg) { g_order.push_back(int(arg)); }

TEST(EventQueue, RunsInTimeThenSequenceOrder) {
    g_order.clear();
    EventQueue q;
    q.schedule(SimTime(20), record_arg, nullptr, 3);
    q.schedule(SimTime(10), record_arg, nullptr, 1);
    q.schedule(SimTime(10), record_arg, nullptr, 2);   // same time: scheduled later, runs later
    q.schedule(SimTime(5), record_arg, nullptr, 0);
    while (q.run_one()) {}
    EXPECT_EQ(g_order, (std::vector<int>{0, 1, 2, 3}));
    EXPECT_EQ(q.now().ns, 20);
}

TEST(EventQueue, CancelledEventsNeverRun) {
    g_order.clear();
    EventQueue q;
    EventId a = q.schedule(SimTime(10), record_arg, nullptr, 1);
    q.schedule(SimTime(20), record_arg, nullptr, 2);
    EXPECT_TRUE(q.cancel(a));
    EXPECT_FALSE(q.cancel(a));                          // second cancel is a no-op
    while (q.run_one()) {}
    EXPECT_EQ(g_order, (std::vector<int>{2}));
    EXPECT_FALSE(q.cancel(a));                          // stale id after its slot was reused
}

TEST(EventQueue, RunOneStopsAtLimit) {
    g_order.clear();
    EventQueue q;
    q.schedule(SimTime(10), record_arg, nullptr, 1);
    q.schedule(SimTime(30), record_arg, nullptr, 2);
    while (q.run_one(SimTime(20))) {}
    EXPECT_EQ(g_order, (std::vector<int>{1}));
    EXPECT_EQ(q.size(), 1u);
}

TEST(Rng, StreamsAreReproducibleAndIndependent) {
    RngStream a(7, "clients"), b(7, "clients"), c(7, "other"), d(8, "clients");
    uint64_t va = a.next_u64();
    EXPECT_EQ(va, b.next_u64());
    EXPECT_NE(va, c.next_u64());
    EXPECT_NE(va, d.next_u64());
    RngStream u(1, "u");
    for (int i = 0; i < 1000; ++i) {
        uint64_t v = u.uniform(3, 9);
        EXPECT_GE(v, 3u);
        EXPECT_LE(v, 9u);
    }
}

static KCo<int> thrower() { throw std::runtime_error("boom"); co_return 1; }
static KCo<int> add_one(int x) { co_return x + 1; }
static KCo<void> outer(int& result, std::string& caught) {
    result = co_await add_one(co_await add_one(40));
    try { co_await thrower(); } catch (const std::exception& e) { caught = e.what(); }
}

TEST(Coroutines, ValuesAndExceptionsPropagateToTheAwaiter) {
    int result = 0;
    std::string caught;
    bool done = false;
    KCo<void> root = outer(result, caught);
    root.start_root([](void* p) { *static_cast<bool*>(p) = true; }, &done);
    EXPECT_TRUE(done);
    EXPECT_EQ(result, 42);
    EXPECT_EQ(caught, "boom");
}
