// The micro-measurements behind the constants the sweep cannot see (sim/live/micro_bench.h):
// each must measure a real, positive cost on this kernel, and the fit must put it into the
// model's constants in the model's own shape (sim/compare/calibrate.h). Signs and relations,
// never absolute times (shared machines, sanitizer builds).
#include "sim/compare/calibrate.h"
#include "sim/live/micro_bench.h"
#include "sim/live/rlimit.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace ioscope;

namespace {

live::MicroOptions small() {
    live::MicroOptions o;
    o.pollwait_fds = 100;
    o.pollwait_reps = 30;
    o.copy_sizes = {64, 4096, 65536};
    o.copy_reps = 30;
    o.pingpong_rounds = 300;
    return o;
}

int64_t fitted(const compare::Calibration& c, const std::string& key) {
    for (const auto& f : c.fitted) if (f.key == key) return f.fitted_ns;
    ADD_FAILURE() << key << " was not fitted";
    return -1;
}

} // namespace

TEST(MicroBench, MeasuresRegistrationCopyAndSwitchCostsOnThisKernel) {
    const int before = live::count_open_fds();
    live::MicroResult m = live::run_micro_bench(small());
    ASSERT_TRUE(m.ok) << m.error;
    EXPECT_EQ(live::count_open_fds(), before) << "every pair and pipe is closed, the child reaped";
    // poll with a timeout registers on every fd before the ready last one; timeout 0 never does.
    EXPECT_GT(m.poll_timeout_ns, m.poll_zero_ns);
    EXPECT_TRUE(std::isfinite(m.pollwait_per_fd_ns) && m.pollwait_per_fd_ns > 0);
    // 64 KiB costs more to copy through a socket than 64 B.
    ASSERT_EQ(m.copy_points.size(), 3u);
    EXPECT_GT(m.copy_points.back().second, m.copy_points.front().second);
    EXPECT_TRUE(std::isfinite(m.copy_ps_per_byte) && m.copy_ps_per_byte > 0);
    // Sleeping and being woken costs more than the same write + read without a sleeper.
    EXPECT_GT(m.rt_threads_ns, 2 * m.pair_nonblock_ns);
    EXPECT_GT(m.rt_processes_ns, 2 * m.pair_nonblock_ns);
    EXPECT_GT(m.half_threads_ns, 0);
    EXPECT_GE(m.cpu, 0);
}

TEST(MicroBench, FitPutsTheMeasurementsIntoTheModelsConstants) {
    live::MicroResult m = live::run_micro_bench(small());
    ASSERT_TRUE(m.ok) << m.error;
    compare::Calibration c;
    compare::apply_micro_fit(c, m);
    // Registration + removal per fd is what was measured, split in the defaults' proportions.
    const int64_t pw = fitted(c, "pollwait_ns"), rm = fitted(c, "wq_remove_ns");
    EXPECT_GT(pw, 0);
    EXPECT_GT(rm, 0);
    EXPECT_NEAR(double(pw + rm), m.pollwait_per_fd_ns, 2.0);
    EXPECT_NEAR(double(pw) / double(rm), double(CostModel {}.pollwait_ns) / double(CostModel {}.wq_remove_ns), 0.1);
    EXPECT_EQ(c.costs.pollwait_ns, pw) << "the fitted value is the one the model charges";
    EXPECT_NEAR(double(fitted(c, "copy_ps_per_byte")), m.copy_ps_per_byte, 1.0);
    EXPECT_GT(fitted(c, "try_to_wake_up_ns"), 0);
    EXPECT_GT(fitted(c, "switch_to_ns"), 0);
    EXPECT_GE(fitted(c, "switch_mm_ns"), 0);
    // The profile text carries them (a scenario can include it).
    const std::string t = c.toml();
    for (const char* k : {"pollwait_ns", "wq_remove_ns", "copy_ps_per_byte", "try_to_wake_up_ns", "switch_mm_ns"})
        EXPECT_NE(t.find(k), std::string::npos) << k;
}
