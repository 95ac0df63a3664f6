// The bundled scenarios of issues 3 and 4 that compare designs on one load (thundering-herd, …):
// each one's point, asserted from its summary metrics and its trace.
#include "sim_test_util.h"

#include <string>

using namespace ioscope;
using namespace ioscope::testing;

namespace {

Scenario scenario_ref(const std::string& ref) {
    LoadResult r = load_scenario_ref(ref);
    for (auto& e : r.errors) ADD_FAILURE() << e.format();
    return r.ok() ? *r.scenario : Scenario{};
}

nlohmann::json metrics_of(const std::string& ref) { return summary(run_scenario(scenario_ref(ref), {}))["metrics"]; }

uint64_t u(const nlohmann::json& m, const char* key) { return m[key].get<uint64_t>(); }

} // namespace

// Four Nginx-style workers, one shared listen socket: without EPOLLEXCLUSIVE every new
// connection wakes every worker's epoll (non-exclusive ep_poll_callback entries) and all but one
// find nothing; with it, one worker per connection. Same requests served either way.
TEST(MoreScenarios, ThunderingHerdExclusiveWakesFarFewerWorkers) {
    Scenario sc = scenario_ref("thundering-herd");
    auto herd = metrics_of("thundering-herd");
    auto excl = metrics_of("thundering-herd@exclusive");
    const uint64_t expected = uint64_t(sc.clients.count) * sc.clients.requests;
    EXPECT_EQ(u(herd, "requests_completed"), expected);
    EXPECT_EQ(u(excl, "requests_completed"), expected);
    // Every new connection wakes the other workers for nothing: at least one per connection.
    EXPECT_GE(u(herd, "spurious_wakeups"), uint64_t(sc.clients.count));
    EXPECT_LT(4 * u(excl, "spurious_wakeups"), u(herd, "spurious_wakeups")) << "far fewer, not just fewer";
    EXPECT_LT(u(excl, "wakeups"), u(herd, "wakeups"));
    EXPECT_LT(u(excl, "context_switches"), u(herd, "context_switches"));
}
