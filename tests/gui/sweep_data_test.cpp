// Sweep chart data from `ioscope-cli sweep --json`; bad files give FILE:LINE:COL.
#include "gui/sweep_data.h"

#include <gtest/gtest.h>

using namespace ioscope::gui;

TEST(SweepData, ParsesSeriesPerMechanism) {
    const std::string j = R"({"sweep":"sim","results":[
      {"mechanism":"select","fds":100,"active":1,"supported":true,"ns_per_call":{"median":6000}},
      {"mechanism":"select","fds":10,"active":1,"supported":true,"ns_per_call":{"median":1000}},
      {"mechanism":"epoll-lt","fds":10,"active":1,"supported":true,"ns_per_call":{"median":900}},
      {"mechanism":"select","fds":2000,"active":1,"supported":false,"ns_per_call":{"median":0}}]})";
    SweepData d;
    std::string err;
    ASSERT_TRUE(parse_sweep_json(j, "s.json", d, err)) << err;
    ASSERT_EQ(d.series.size(), 2u);
    EXPECT_EQ(d.series[0].mechanism, "select");
    ASSERT_EQ(d.series[0].points.size(), 2u);        // the unsupported point is skipped
    EXPECT_EQ(d.series[0].points[0].first, 10);      // sorted by fds
    EXPECT_EQ(d.min_fds, 10);
    EXPECT_EQ(d.max_fds, 100);
    EXPECT_DOUBLE_EQ(d.min_ns, 900);
    EXPECT_DOUBLE_EQ(d.max_ns, 6000);
}

TEST(SweepData, ErrorsHaveFileLineColumn) {
    SweepData d;
    std::string err;
    EXPECT_FALSE(parse_sweep_json("{\n  \"results\": [1,,]\n}", "bad.json", d, err));
    EXPECT_EQ(err.rfind("bad.json:2:", 0), 0u) << err;
    EXPECT_FALSE(parse_sweep_json("{\"x\":1}", "other.json", d, err));
    EXPECT_NE(err.find("other.json:1:1: error:"), std::string::npos) << err;
    EXPECT_FALSE(parse_sweep_json(R"({"results":[{"mechanism":"poll"}]})", "m.json", d, err));
    EXPECT_NE(err.find("results[0]"), std::string::npos) << err;
    EXPECT_FALSE(read_sweep_file("/nonexistent/dir/s.json", d, err));
    EXPECT_NE(err.find("cannot open"), std::string::npos);
}
