// ioscope-cli end to end: the real binary, its exit codes, and its output formats.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace {

struct Result { int code; std::string out; };

Result sh(const std::string& args) {
    std::string cmd = std::string(IOSCOPE_CLI) + " " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    Result r{-1, {}};
    if (!p) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    int st = pclose(p);
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

std::string temp_path(const std::string& name) {
    return ::testing::TempDir() + "ioscope_cli_" + name;
}

} // namespace

TEST(Cli, VersionAndHelp) {
    Result v = sh("--version");
    EXPECT_EQ(v.code, 0);
    EXPECT_NE(v.out.find("ioscope"), std::string::npos);
    Result h = sh("--help");
    EXPECT_EQ(h.code, 0);
    for (const char* cmd : {"list", "validate", "run", "bench"}) EXPECT_NE(h.out.find(cmd), std::string::npos) << cmd;
}

TEST(Cli, ListShowsBundledScenarios) {
    Result r = sh("list");
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("blocking-echo"), std::string::npos);
    EXPECT_NE(r.out.find("basics-states-and-tick"), std::string::npos);
}

TEST(Cli, ValidateReportsFileLineColAndExits2) {
    std::string bad = std::string(IOSCOPE_TEST_DATA) + "/scenarios/bad_hz.toml";
    Result r = sh("validate " + bad);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find(bad + ":"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("hz"), std::string::npos);
    EXPECT_EQ(sh("validate blocking-echo").code, 0);
    EXPECT_EQ(sh("validate /nonexistent/file.toml").code, 2);
}

TEST(Cli, RunSummaryJsonHasTheContractKeys) {
    Result r = sh("run blocking-echo --summary-json");
    ASSERT_EQ(r.code, 0) << r.out;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["scenario"], "blocking-echo");
    EXPECT_EQ(j["seed"], 1);
    EXPECT_GT(j["records"].get<int64_t>(), 100);
    EXPECT_GT(j["metrics"]["context_switches"].get<int64_t>(), 0);
    EXPECT_GT(j["metrics"]["latency_ns"]["p99"].get<int64_t>(), j["metrics"]["latency_ns"]["p50"].get<int64_t>());
}

TEST(Cli, SeedAndUntilAreHonoured) {
    auto a = nlohmann::json::parse(sh("run blocking-echo --summary-json --seed 9 --until 300us").out);
    EXPECT_EQ(a["seed"], 9);
    EXPECT_EQ(a["sim_time_ns"], 300000);
}

TEST(Cli, BadArgumentsExit2WithAMessage) {
    Result u = sh("run blocking-echo --until soon");
    EXPECT_EQ(u.code, 2);
    EXPECT_NE(u.out.find("--until"), std::string::npos);
    Result f = sh("run blocking-echo --format xml");
    EXPECT_EQ(f.code, 2);
    Result s = sh("run no-such-scenario");
    EXPECT_EQ(s.code, 2);
    EXPECT_NE(s.out.find("no-such-scenario"), std::string::npos);
    EXPECT_EQ(sh("frobnicate").code, 2);
}

TEST(Cli, ChromeTraceIsValidJsonWithDurations) {
    std::string out = temp_path("trace.json");
    Result r = sh("run blocking-echo --trace " + out + " --format chrome");
    ASSERT_EQ(r.code, 0) << r.out;
    std::ifstream in(out);
    auto j = nlohmann::json::parse(in);
    ASSERT_TRUE(j["traceEvents"].is_array());
    size_t x = 0;
    for (auto& e : j["traceEvents"]) {
        if (e["ph"] == "X") { ++x; EXPECT_TRUE(e.contains("dur")) << e.dump(); }
    }
    EXPECT_GT(x, 50u);
}

TEST(Cli, JsonlTraceIsDeterministic) {
    std::string a = temp_path("a.jsonl"), b = temp_path("b.jsonl");
    ASSERT_EQ(sh("run blocking-echo --trace " + a).code, 0);
    ASSERT_EQ(sh("run blocking-echo --trace " + b).code, 0);
    std::ifstream fa(a), fb(b);
    std::stringstream sa, sb;
    sa << fa.rdbuf();
    sb << fb.rdbuf();
    EXPECT_GT(sa.str().size(), 1000u);
    EXPECT_EQ(sa.str(), sb.str());
}

TEST(Cli, UnwritableTraceFileIsAnErrorNotACrash) {
    Result r = sh("run blocking-echo --trace /nonexistent-dir/x.jsonl");
    EXPECT_NE(r.code, 0);
    EXPECT_NE(r.out.find("/nonexistent-dir/x.jsonl"), std::string::npos);
}

// `run` without --trace stores no records (nothing would read them); the simulation itself must
// not notice: every metric, the record count and the simulated time are the same as when the
// trace is written.
TEST(Cli, SummaryIsTheSameWithOrWithoutATrace) {
    for (const char* id : {"blocking-echo", "thundering-herd", "select-server"}) {
        Result bare = sh(std::string("run ") + id + " --summary-json");
        Result traced = sh(std::string("run ") + id + " --summary-json --trace " + temp_path("same.jsonl"));
        ASSERT_EQ(bare.code, 0) << bare.out;
        ASSERT_EQ(traced.code, 0) << traced.out;
        auto a = nlohmann::json::parse(bare.out), b = nlohmann::json::parse(traced.out);
        EXPECT_GT(a["records"].get<uint64_t>(), 100u) << id;
        a.erase("wall_ns");
        b.erase("wall_ns");
        EXPECT_EQ(a, b) << id;
    }
}
