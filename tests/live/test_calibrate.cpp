// Calibration recovers the per-step constants from per-call figures built from known constants
// (the fit is exact on exact lines), and reports what it cannot fit.
#include "sim/compare/calibrate.h"

#include <gtest/gtest.h>

using namespace ioscope;
using namespace ioscope::compare;

namespace {
live::LiveSweepPoint pt(const char* m, int n, int k, int64_t ns) {
    live::LiveSweepPoint p;
    p.mechanism = m;
    p.fds = n;
    p.active = k;
    p.median_ns = ns;
    return p;
}
int64_t fitted(const Calibration& c, const std::string& key) {
    for (auto& f : c.fitted) if (f.key == key) return f.fitted_ns;
    ADD_FAILURE() << key << " not fitted";
    return -1;
}
} // namespace

TEST(Calibrate, RecoversKnownConstantsFromExactLines) {
    const int64_t clock = 25, null_sys = 150;
    // poll: setup 130, 60 ns per fd (vfs_poll 50 + loop 10); select: +210; epoll-et: fixed 110,
    // 120 per event (ep_item_poll 119 + put_user 1).
    std::vector<live::LiveSweepPoint> pts;
    for (int n : {10, 100, 400, 1000}) {
        pts.push_back(pt("poll", n, 1, clock + null_sys + 130 + 60 * n));
        if (n <= 400) pts.push_back(pt("select", n, 1, clock + null_sys + 130 + 210 + 60 * n));
    }
    pts.push_back(pt("poll", 10000, 1, 99999999));                    // outside the fitted regime: ignored
    pts.push_back(pt("select", 10000, 1, 99999999 + 5000000));         // so is select there (hand-sized bitmap)
    for (int k : {1, 10, 100}) pts.push_back(pt("epoll-et", 1000, k, clock + null_sys + 110 + 120 * k));
    Calibration c = calibrate(pts, null_sys, clock);
    ASSERT_TRUE(c.ok) << c.error;
    EXPECT_EQ(fitted(c, "vfs_poll_ns"), 50);
    EXPECT_EQ(fitted(c, "poll_setup_ns"), 130);
    EXPECT_EQ(fitted(c, "select_bitmaps_ns"), 210);
    EXPECT_EQ(fitted(c, "ep_item_poll_ns"), 119);
    EXPECT_EQ(fitted(c, "epoll_wait_fixed_ns"), 110);
    EXPECT_EQ(fitted(c, "syscall_entry_ns") + fitted(c, "syscall_exit_ns"), null_sys);
    EXPECT_EQ(c.costs.vfs_poll_ns, 50);
    EXPECT_NE(c.toml().find("[machine.costs]"), std::string::npos);
    EXPECT_NE(c.toml().find("vfs_poll_ns = 50"), std::string::npos);
}

// Live poll costs grow once the sockets leave the cache (on our VM ~55 ns per fd up to N = 400,
// ~85 from N = 700): the per-step line is fitted on the cache-resident N only, so points above it
// at N = 1000 do not tilt it into a negative intercept (which was held at the floor, zeroing
// poll_setup_ns and select_bitmaps_ns). With fewer than two resident N it falls back to N <= 1000.
TEST(Calibrate, PollLineUsesCacheResidentPointsOnly) {
    const int64_t clock = 25, null_sys = 150;
    std::vector<live::LiveSweepPoint> pts;
    for (int n : {10, 25, 50, 100}) {
        pts.push_back(pt("poll", n, 1, clock + null_sys + 120 + 55 * n));
        pts.push_back(pt("select", n, 1, clock + null_sys + 120 + 300 + 55 * n));
    }
    pts.push_back(pt("poll", 1000, 1, clock + null_sys + 120 + 85 * 1000));      // cache misses
    pts.push_back(pt("select", 1000, 1, clock + null_sys + 120 + 2000 + 85 * 1000));
    for (int k : {1, 100}) pts.push_back(pt("epoll-et", 100, k, clock + null_sys + 200 + 130 * k));
    Calibration c = calibrate(pts, null_sys, clock);
    ASSERT_TRUE(c.ok) << c.error;
    EXPECT_EQ(c.poll_max_fds, kResidentFds);
    EXPECT_EQ(fitted(c, "vfs_poll_ns"), 45);
    EXPECT_EQ(fitted(c, "poll_setup_ns"), 120);
    EXPECT_EQ(fitted(c, "select_bitmaps_ns"), 300);
    // Only N = 100 resident: the old regime, N <= 1000, and its too-low intercept held at the floor.
    std::vector<live::LiveSweepPoint> few;
    for (const auto& p : pts)
        if (p.fds >= 100) few.push_back(p);
    Calibration d = calibrate(few, null_sys, clock);
    ASSERT_TRUE(d.ok) << d.error;
    EXPECT_EQ(d.poll_max_fds, 1000);
    EXPECT_EQ(fitted(d, "poll_setup_ns"), 0);
    EXPECT_GT(fitted(d, "vfs_poll_ns"), 60);
}

TEST(Calibrate, SaysWhatIsMissing) {
    Calibration c = calibrate({pt("poll", 10, 1, 1000)}, 150, 25);
    EXPECT_FALSE(c.ok);
    EXPECT_NE(c.error.find("poll"), std::string::npos);
}

TEST(Calibrate, MeasuresTheMachine) {
    int64_t sys = measure_null_syscall_ns(), clk = measure_clock_read_ns();
    EXPECT_GT(sys, 0);
    EXPECT_GT(clk, 0);
    EXPECT_LT(clk, sys * 20) << "a vDSO clock read is not dearer than many syscalls";
}

// Stage 2: the simulated cost is linear in the two miss costs (base + a * l2 + b * llc); points
// built from known costs give them back, a negative solution is held at 0, and the result is
// recorded (with the capacities) in the profile.
TEST(Calibrate, FitsCacheMissCostsFromMissedLinesPerCall) {
    const double l2 = 12, llc = 150;
    std::vector<CacheFitPoint> pts;
    const double a[] = {0, 0, 400, 3000, 40, 300, 390};      // L2-missed lines per call
    const double b[] = {0, 0, 0, 100, 0, 250, 380};           // LLC-missed lines per call
    const double base[] = {1300, 6500, 55000, 600000, 1400, 9000, 9500};
    for (size_t i = 0; i < 7; ++i) pts.push_back({base[i] + a[i] * l2 + b[i] * llc, base[i], a[i], b[i]});
    CacheFit f = fit_cache_latencies(pts, 0.25);
    ASSERT_TRUE(f.ok);
    EXPECT_NEAR(f.l2_miss_ns, l2, 1e-6);
    EXPECT_NEAR(f.llc_miss_ns, llc, 1e-6);
    EXPECT_EQ(f.within, 7);
    EXPECT_NEAR(f.sse, 0, 1e-12);
    // Live below the hot model wherever there are LLC misses: that miss cost would be negative.
    std::vector<CacheFitPoint> q = {{1000, 1000, 0, 10}, {2000, 1000, 50, 0}, {900, 1000, 0, 20}};
    CacheFit g = fit_cache_latencies(q, 0.25);
    ASSERT_TRUE(g.ok);
    EXPECT_GE(g.llc_miss_ns, 0);
    EXPECT_GE(g.l2_miss_ns, 0);
    // One noisy cell (3x its exact value: a preempted repetition) barely moves the miss costs: the
    // fit minimises absolute, not squared, relative error, so the other cells stay within.
    std::vector<CacheFitPoint> noisy = pts;
    noisy[3].live_ns *= 3;
    CacheFit h = fit_cache_latencies(noisy, 0.25);
    ASSERT_TRUE(h.ok);
    EXPECT_NEAR(h.l2_miss_ns, l2, 0.05 * l2);
    EXPECT_NEAR(h.llc_miss_ns, llc, 0.05 * llc);
    EXPECT_EQ(h.within, 6);
    Calibration c;
    apply_cache_fit(c, 512 << 10, 4 << 20, f, "test");
    EXPECT_EQ(fitted(c, "cache_l2_bytes"), 512 << 10);
    EXPECT_EQ(fitted(c, "cache_llc_miss_ns"), 150);
    EXPECT_EQ(c.costs.cache_l2_miss_ns, 12);
    EXPECT_NE(c.toml().find("cache_llc_bytes = 4194304"), std::string::npos);
}
