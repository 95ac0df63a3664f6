// test_scenario_variants.cpp — [[variant]] (scenarios/README.md): one file, several runs of the
// same load. A variant must change exactly what it says, be checked like the file itself (errors
// at the variant's own lines), and an unknown variant must be a clear error, never a silent
// fallback to the base run.
#include "sim/scenario/scenario.h"

#include <gtest/gtest.h>

using namespace ioscope;

namespace {

const char* kBase = R"T(id = "v"
duration = "10ms"
[meta]
title = { en = "base", zh = "基础" }
[[process]]
name = "server"
model = "epoll-server"
[process.options]
port = 7000
maxevents = 8
[clients]
count = 5
port = 7000
)T";

std::string with(const std::string& extra) { return std::string(kBase) + extra; }

std::string errors_of(const LoadResult& r) {
    std::string s;
    for (const auto& e : r.errors) s += e.format() + "\n";
    return s;
}

} // namespace

TEST(ScenarioVariants, BaseRunIgnoresVariantsButListsThem) {
    LoadResult r = load_scenario_text(with(R"T(
[[variant]]
id = "poll"
title = { en = "poll(2)", zh = "poll(2)" }
[variant.process.server]
model = "poll-server"
options = { port = 7000 }
)T"), "v.toml");
    ASSERT_TRUE(r.ok()) << errors_of(r);
    EXPECT_EQ(r.scenario->processes[0].model, "epoll-server");
    EXPECT_TRUE(r.scenario->variant.empty());
    ASSERT_EQ(r.scenario->variants.size(), 1u);
    EXPECT_EQ(r.scenario->variants[0].id, "poll");
    EXPECT_EQ(r.scenario->variants[0].title.zh, "poll(2)");
}

TEST(ScenarioVariants, VariantReplacesModelOptionsAndMergesClients) {
    LoadResult r = load_scenario_text(with(R"T(
[[variant]]
id = "poll"
title = "poll(2)"
duration = "20ms"
[variant.process.server]
model = "poll-server"
options = { port = 7000, handler = "5us" }
[variant.clients]
count = 50
)T"), "v.toml", "poll");
    ASSERT_TRUE(r.ok()) << errors_of(r);
    const Scenario& sc = *r.scenario;
    EXPECT_EQ(sc.variant, "poll");
    EXPECT_EQ(sc.duration, SimTime(20000000));
    EXPECT_EQ(sc.processes[0].model, "poll-server");
    // The whole options table was replaced: epoll's maxevents is gone, poll's defaults filled in.
    EXPECT_EQ(sc.processes[0].options.count("maxevents"), 0u);
    EXPECT_EQ(sc.processes[0].options.at("handler"), 5000);
    EXPECT_EQ(sc.clients.count, 50u);
    EXPECT_EQ(sc.clients.port, 7000);                  // merged, not replaced
}

TEST(ScenarioVariants, UnknownVariantIsAnErrorNamingTheKnownOnes) {
    LoadResult r = load_scenario_text(with(R"T(
[[variant]]
id = "poll"
title = "poll(2)"
)T"), "v.toml", "pol");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(errors_of(r).find("no variant 'pol'"), std::string::npos) << errors_of(r);
    EXPECT_NE(errors_of(r).find("poll"), std::string::npos) << errors_of(r);
    LoadResult none = load_scenario_text(kBase, "v.toml", "poll");
    ASSERT_FALSE(none.ok());
    EXPECT_NE(errors_of(none).find("defines none"), std::string::npos) << errors_of(none);
}

TEST(ScenarioVariants, ErrorsInsideAVariantPointAtItsOwnLines) {
    // Line 18 is the variant's `model = "pol-server"`: the typo is reported there, with a hint.
    LoadResult r = load_scenario_text(with(R"T(
[[variant]]
id = "poll"
title = "poll(2)"
[variant.process.server]
model = "pol-server"
)T"), "v.toml", "poll");
    ASSERT_FALSE(r.ok());
    const std::string all = errors_of(r);
    EXPECT_NE(all.find("v.toml:19:9: error: unknown model 'pol-server'; did you mean 'poll-server'?"), std::string::npos) << all;
}

TEST(ScenarioVariants, VariantOfAMissingProcessOrWithoutIdIsRejected) {
    LoadResult r = load_scenario_text(with(R"T(
[[variant]]
title = "no id"
[[variant]]
id = "x"
title = "x"
[variant.process.srv]
model = "poll-server"
)T"), "v.toml");
    ASSERT_FALSE(r.ok());
    const std::string all = errors_of(r);
    EXPECT_NE(all.find("missing required key 'id' in [[variant]]"), std::string::npos) << all;
    EXPECT_NE(all.find("no [[process]] has that name"), std::string::npos) << all;
}

TEST(ScenarioVariants, DuplicateIdsAndUnknownKeysAreRejected) {
    LoadResult r = load_scenario_text(with(R"T(
[[variant]]
id = "a"
title = "a"
[[variant]]
id = "a"
title = "again"
colour = "red"
)T"), "v.toml");
    ASSERT_FALSE(r.ok());
    const std::string all = errors_of(r);
    EXPECT_NE(all.find("duplicate variant id 'a'"), std::string::npos) << all;
    EXPECT_NE(all.find("unknown key 'colour' in [[variant]]"), std::string::npos) << all;
}

TEST(ScenarioVariants, ReferenceWithAtSignLoadsTheVariantOfABundledScenario) {
    LoadResult r = load_scenario_ref("c10k-idle-connections@poll");
    ASSERT_TRUE(r.ok()) << errors_of(r);
    EXPECT_EQ(r.scenario->variant, "poll");
    EXPECT_EQ(r.scenario->processes[0].model, "poll-server");
    LoadResult bad = load_scenario_ref("c10k-idle-connections@nope");
    EXPECT_FALSE(bad.ok());
    LoadResult missing = load_scenario_ref("no-such-scenario@poll");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(errors_of(missing).find("no such scenario"), std::string::npos);
}

TEST(ScenarioClients, ActiveCannotExceedCount) {
    std::string text = kBase;
    text += "active = 6\n";
    LoadResult r = load_scenario_text(text, "v.toml");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(errors_of(r).find("clients.active (6) cannot exceed clients.count (5)"), std::string::npos) << errors_of(r);
}
