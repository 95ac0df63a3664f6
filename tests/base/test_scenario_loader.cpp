// test_scenario_loader.cpp — the scenario loader's contract (sim/scenario/scenario.h): a valid file
// gives a fully defaulted Scenario; every kind of mistake gives an error at the exact FILE:LINE:COL
// with a message a teacher can act on; no input crashes it.
#include "sim/scenario/scenario.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <unistd.h>

using namespace ioscope;
using namespace ioscope::literals;

namespace {

const std::string kData = std::string(IOSCOPE_TEST_DATA) + "/scenarios/";
const std::string kBundled = IOSCOPE_SCENARIO_DIR;

std::string data(const std::string& name) { return kData + name; }

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string all_errors(const LoadResult& r) {
    std::string s;
    for (const auto& e : r.errors) s += e.format() + "\n";
    return s;
}

// Asserts that loading `file` fails with an error at exactly line:col whose message contains
// `fragment`, formatted as "PATH:LINE:COL: error: ...".
void expect_error(const std::string& file, uint32_t line, uint32_t col, const std::string& fragment) {
    SCOPED_TRACE(file);
    std::string path = data(file);
    LoadResult r = load_scenario_file(path);
    ASSERT_FALSE(r.ok());
    ASSERT_FALSE(r.scenario.has_value()) << "a failed load must not return a half-valid scenario";
    ASSERT_FALSE(r.errors.empty());
    std::string prefix = path + ":" + std::to_string(line) + ":" + std::to_string(col) + ": error: ";
    for (const auto& e : r.errors) {
        if (e.pos.line == line && e.pos.col == col && e.message.find(fragment) != std::string::npos) {
            EXPECT_EQ(e.pos.file, path);
            EXPECT_EQ(e.format().rfind(prefix, 0), 0u) << e.format();
            return;
        }
    }
    ADD_FAILURE() << "expected an error at " << line << ":" << col << " containing \"" << fragment
                  << "\"; got:\n" << all_errors(r);
}

// Restores an environment variable when the test ends, so tests don't leak into each other.
struct EnvGuard {
    std::string name;
    std::optional<std::string> old;
    EnvGuard(std::string n, const std::string& value) : name(std::move(n)) {
        if (const char* v = std::getenv(name.c_str())) old = v;
        setenv(name.c_str(), value.c_str(), 1);
    }
    ~EnvGuard() {
        if (old) setenv(name.c_str(), old->c_str(), 1);
        else unsetenv(name.c_str());
    }
};

std::filesystem::path temp_dir() {
    auto dir = std::filesystem::temp_directory_path() / ("ioscope-scenario-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

} // namespace

// -----------------------------------------------------------------------------------------------
// Valid files
// -----------------------------------------------------------------------------------------------

TEST(ScenarioLoader, MinimalFileGetsAllDefaults) {
    LoadResult r = load_scenario_file(data("good_minimal.toml"));
    ASSERT_TRUE(r.ok()) << all_errors(r);
    const Scenario& s = *r.scenario;
    EXPECT_EQ(s.id, "minimal");
    EXPECT_EQ(s.path, data("good_minimal.toml"));
    EXPECT_EQ(s.seed, 1u);
    EXPECT_EQ(s.duration, 1_s);
    EXPECT_EQ(s.title.en, "Minimal");
    EXPECT_EQ(s.title.zh, "");
    EXPECT_EQ(s.title.get(true), "Minimal") << "Chinese falls back to English when missing";
    EXPECT_EQ(s.machine.cpus, 1u);
    EXPECT_EQ(s.machine.hz, 250u);
    CostModel defaults;
    for (const auto& f : CostModel::fields()) EXPECT_EQ(s.machine.costs.*f.member, defaults.*f.member) << f.key;
    ASSERT_EQ(s.processes.size(), 1u);
    const ProcessSpec& p = s.processes[0];
    EXPECT_EQ(p.name, "cpu-bound") << "an unnamed process is named after its model";
    EXPECT_EQ(p.model, "cpu-bound");
    EXPECT_EQ(p.count, 1u);
    EXPECT_EQ(p.start, 0_ns);
    EXPECT_EQ(p.pos.line, 7u);
    // Every schema option present, with the schema's default.
    const ModelSchema* m = find_model("cpu-bound");
    ASSERT_NE(m, nullptr);
    ASSERT_EQ(p.options.size(), m->options.size());
    for (const auto& o : m->options) EXPECT_EQ(p.options.at(o.key), o.def) << o.key;
    EXPECT_FALSE(s.clients.present);
    EXPECT_TRUE(s.narration.empty());
}

TEST(ScenarioLoader, FullFileReadsEveryKey) {
    LoadResult r = load_scenario_file(data("good_full.toml"));
    ASSERT_TRUE(r.ok()) << all_errors(r);
    const Scenario& s = *r.scenario;
    EXPECT_EQ(s.id, "full_example-2");
    EXPECT_EQ(s.seed, 42u);
    EXPECT_EQ(s.duration, 1500_us);
    EXPECT_EQ(s.title.en, "Full example");
    EXPECT_EQ(s.explanation.en, "Explains.");
    EXPECT_EQ(s.look_at.en, "Only English here.") << "a plain string is the English text";
    EXPECT_EQ(s.machine.cpus, 4u);
    EXPECT_EQ(s.machine.hz, 1000u);
    CostModel defaults;
    EXPECT_EQ(s.machine.costs.switch_to_ns, 2000) << "duration strings allowed for _ns costs";
    EXPECT_EQ(s.machine.costs.tick_ns, 1500);
    EXPECT_EQ(s.machine.costs.copy_ps_per_byte, 250);
    EXPECT_EQ(s.machine.costs.syscall_entry_ns, defaults.syscall_entry_ns);

    ASSERT_EQ(s.processes.size(), 2u);
    const ProcessSpec& srv = s.processes[0];
    EXPECT_EQ(srv.name, "srv");
    EXPECT_EQ(srv.model, "blocking-echo-server");
    EXPECT_EQ(srv.start, 10_us);
    EXPECT_EQ(srv.options.at("port"), 8080);
    EXPECT_EQ(srv.options.at("backlog"), 16);
    EXPECT_EQ(srv.options.at("handler"), 5000) << "integer durations are nanoseconds";
    EXPECT_EQ(srv.options.at("read_size"), 1024) << "\"1KiB\"";
    const ProcessSpec& w = s.processes[1];
    EXPECT_EQ(w.count, 3u);
    EXPECT_EQ(w.options.at("work"), (2_ms).ns);
    EXPECT_EQ(w.options.at("chunk"), find_model("cpu-bound")->options[1].def);

    const ClientSpec& c = s.clients;
    EXPECT_TRUE(c.present);
    EXPECT_EQ(c.count, 12u);
    EXPECT_EQ(c.placement, Placement::Local);
    EXPECT_EQ(c.arrival, Arrival::Exponential);
    EXPECT_EQ(c.start, 100_us);
    EXPECT_EQ(c.connect_interval, 25_us);
    EXPECT_EQ(c.requests, 7u);
    EXPECT_EQ(c.request_bytes, 2048);
    EXPECT_EQ(c.response_bytes, 0);
    EXPECT_EQ(c.think, 1_ms);
    EXPECT_EQ(c.port, 8080);

    ASSERT_EQ(s.narration.size(), 2u);
    EXPECT_EQ(s.narration[0].at, 500_ns) << "notes are sorted by time";
    EXPECT_EQ(s.narration[0].text.en, "First note (at is an integer in ns).");
    EXPECT_EQ(s.narration[1].at, 1_ms);
}

TEST(ScenarioLoader, ChineseTextSurvivesByteForByte) {
    LoadResult r = load_scenario_file(data("good_full.toml"));
    ASSERT_TRUE(r.ok()) << all_errors(r);
    EXPECT_EQ(r.scenario->title.zh, "完整示例：阻塞与唤醒");
    EXPECT_EQ(r.scenario->title.get(true), "完整示例：阻塞与唤醒");
    EXPECT_EQ(r.scenario->explanation.zh, "说明文字，包含中文标点。");
    EXPECT_EQ(r.scenario->narration[1].text.zh, "第二条。");
}

TEST(ScenarioLoader, LoadFromTextUsesTheVirtualPath) {
    LoadResult ok = load_scenario_text("id = \"t\"\n[meta]\ntitle.en = \"T\"\n[[process]]\nmodel = \"io-bound\"\n",
                                       "<memory>");
    ASSERT_TRUE(ok.ok()) << all_errors(ok);
    EXPECT_EQ(ok.scenario->path, "<memory>");
    LoadResult bad = load_scenario_text("id = 5\n", "<memory>");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(all_errors(bad).find("<memory>:1:6: error: id must be a string (got an integer)\n"), std::string::npos)
        << all_errors(bad);
}

// -----------------------------------------------------------------------------------------------
// Bundled scenarios
// -----------------------------------------------------------------------------------------------

TEST(ScenarioBundled, BothShippedScenariosLoadWithoutErrors) {
    for (const char* id : { "blocking-echo", "basics-states-and-tick" }) {
        SCOPED_TRACE(id);
        LoadResult r = load_scenario_file(kBundled + "/" + id + ".toml");
        ASSERT_TRUE(r.ok()) << all_errors(r);
        const Scenario& s = *r.scenario;
        EXPECT_EQ(s.id, id) << "a bundled scenario's id is its file stem";
        // Bilingual throughout: the source material is Chinese.
        for (const LocalizedText* t : { &s.title, &s.explanation, &s.look_at }) {
            EXPECT_FALSE(t->en.empty());
            EXPECT_FALSE(t->zh.empty());
        }
        ASSERT_FALSE(s.narration.empty());
        for (const auto& n : s.narration) {
            EXPECT_FALSE(n.text.en.empty());
            EXPECT_FALSE(n.text.zh.empty());
            EXPECT_LE(n.at, s.duration);
        }
        EXPECT_EQ(s.machine.cpus, 1u);
        EXPECT_EQ(s.machine.hz, 250u);
    }
}

TEST(ScenarioBundled, BlockingEchoIsTheDescribedWorkload) {
    LoadResult r = load_scenario_file(kBundled + "/blocking-echo.toml");
    ASSERT_TRUE(r.ok()) << all_errors(r);
    const Scenario& s = *r.scenario;
    ASSERT_EQ(s.processes.size(), 1u);
    EXPECT_EQ(s.processes[0].model, "blocking-echo-server");
    EXPECT_EQ(s.processes[0].options.at("handler"), (20_us).ns);
    EXPECT_EQ(s.clients.count, 4u);
    EXPECT_EQ(s.clients.placement, Placement::Remote);
    EXPECT_EQ(s.clients.connect_interval, 50_us);
    EXPECT_EQ(s.clients.requests, 3u);
    EXPECT_EQ(s.clients.request_bytes, 64);
    EXPECT_EQ(s.clients.response_bytes, 64);
    EXPECT_EQ(s.clients.think, 100_us);
    EXPECT_EQ(s.duration, 20_ms);
}

TEST(ScenarioBundled, StatesAndTickIsTheDescribedWorkload) {
    LoadResult r = load_scenario_file(kBundled + "/basics-states-and-tick.toml");
    ASSERT_TRUE(r.ok()) << all_errors(r);
    const Scenario& s = *r.scenario;
    ASSERT_EQ(s.processes.size(), 2u);
    const ProcessSpec* hog = nullptr;
    const ProcessSpec* reader = nullptr;
    for (const auto& p : s.processes) (p.model == "cpu-bound" ? hog : reader) = &p;
    ASSERT_TRUE(hog && reader);
    EXPECT_EQ(hog->count, 2u);
    EXPECT_EQ(hog->options.at("work"), (30_ms).ns);
    EXPECT_EQ(hog->options.at("chunk"), (1_ms).ns);
    EXPECT_EQ(reader->model, "io-bound");
    EXPECT_EQ(s.clients.count, 1u);
    EXPECT_EQ(s.clients.requests, 10u);
    EXPECT_EQ(s.clients.response_bytes, 0);
    EXPECT_EQ(s.clients.think, 2_ms);
}

TEST(ScenarioBundled, ListAndResolveUseTheScenarioDirectory) {
    EnvGuard env("IOSCOPE_SCENARIOS", kBundled);
    EXPECT_EQ(scenario_dir(), kBundled);
    auto list = list_bundled_scenarios();
    ASSERT_GE(list.size(), 2u);
    EXPECT_TRUE(std::is_sorted(list.begin(), list.end(),
                               [](const BundledScenario& a, const BundledScenario& b) { return a.id < b.id; }));
    bool found = false;
    for (const auto& b : list)
        if (b.id == "blocking-echo") {
            found = true;
            EXPECT_EQ(b.title, "Blocking echo server: one question, one answer");
            EXPECT_EQ(b.path, kBundled + "/blocking-echo.toml");
        }
    EXPECT_TRUE(found);

    EXPECT_EQ(resolve_scenario("blocking-echo"), kBundled + "/blocking-echo.toml");
    EXPECT_EQ(resolve_scenario("blocking-echo.toml"), kBundled + "/blocking-echo.toml");
    EXPECT_EQ(resolve_scenario(data("good_minimal.toml")), data("good_minimal.toml")) << "a path is used as is";
    EXPECT_EQ(resolve_scenario("no-such-scenario"), "");
    EXPECT_EQ(resolve_scenario("../scenarios/blocking-echo"), "") << "ids never contain folders";
    EXPECT_EQ(resolve_scenario(""), "");
}

TEST(ScenarioBundled, EnvironmentOverridesTheDirectoryAndBrokenFilesAreFlagged) {
    EnvGuard env("IOSCOPE_SCENARIOS", kData);
    EXPECT_EQ(resolve_scenario("good_minimal"), kData + "good_minimal.toml");
    EXPECT_EQ(resolve_scenario("blocking-echo"), "") << "the source tree is not consulted when the env var is set";
    bool saw_good = false, saw_bad = false;
    for (const auto& b : list_bundled_scenarios()) {
        if (b.id == "good_minimal") { saw_good = true; EXPECT_EQ(b.title, "Minimal"); }
        if (b.id == "bad_hz") { saw_bad = true; EXPECT_NE(b.title.find("invalid"), std::string::npos); }
    }
    EXPECT_TRUE(saw_good);
    EXPECT_TRUE(saw_bad);
}

// -----------------------------------------------------------------------------------------------
// Invalid files: each gives a precise error
// -----------------------------------------------------------------------------------------------

TEST(ScenarioErrors, TomlSyntaxError) {
    expect_error("bad_syntax.toml", 4, 32, "Error while parsing string");
}

TEST(ScenarioErrors, UnknownTopLevelKey) {
    expect_error("bad_unknown_top.toml", 2, 1, "unknown key 'titel' in the top level");
}

TEST(ScenarioErrors, UnknownKeyInMeta) {
    expect_error("bad_unknown_meta.toml", 5, 1, "unknown key 'summary' in [meta]");
}

TEST(ScenarioErrors, UnknownKeyInMachineSuggestsTheRightOne) {
    expect_error("bad_unknown_machine.toml", 8, 1, "unknown key 'hx' in [machine]; did you mean 'hz'?");
}

TEST(ScenarioErrors, UnknownKeyInProcess) {
    expect_error("bad_unknown_process_key.toml", 9, 1, "unknown key 'priority' in [[process]]");
}

TEST(ScenarioErrors, UnknownKeyInProcessOptions) {
    expect_error("bad_unknown_option.toml", 11, 1,
                 "unknown key 'prot' in [process.options] of model 'blocking-echo-server'; did you mean 'port'?");
}

TEST(ScenarioErrors, UnknownKeyInClients) {
    expect_error("bad_unknown_clients_key.toml", 11, 1, "unknown key 'clients_per_second' in [clients]");
}

TEST(ScenarioErrors, UnknownKeyInCosts) {
    expect_error("bad_unknown_cost.toml", 7, 1,
                 "unknown key 'swtich_to_ns' in [machine.costs]; did you mean 'switch_to_ns'?");
}

TEST(ScenarioErrors, BadCostValues) {
    expect_error("bad_cost_value.toml", 7, 16, "machine.costs.switch_to_ns: bad duration 'fast'");
    expect_error("bad_cost_value.toml", 8, 20, "machine.costs.copy_ps_per_byte must be an integer (got a string)");
    expect_error("bad_cost_value.toml", 9, 11, "machine.costs.tick_ns must be between 0ns");
}

TEST(ScenarioErrors, WrongTypeForCpus) {
    expect_error("bad_type_cpus.toml", 7, 8, "machine.cpus must be an integer (got a string)");
}

TEST(ScenarioErrors, NegativeRequestBytes) {
    expect_error("bad_negative_bytes.toml", 11, 17, "clients.request_bytes must be between 1 B and 64MiB (got -64)");
}

TEST(ScenarioErrors, ZeroClientCount) {
    expect_error("bad_zero_count.toml", 10, 9, "clients.count must be between 1 and 100000 (got 0)");
}

TEST(ScenarioErrors, UnknownModelListsTheValidOnes) {
    expect_error("bad_unknown_model.toml", 8, 9, "unknown model 'kqueue-server'");
    LoadResult r = load_scenario_file(data("bad_unknown_model.toml"));
    ASSERT_EQ(r.errors.size(), 1u) << all_errors(r);
    for (const auto& m : program_models())
        EXPECT_NE(r.errors[0].message.find(m.name), std::string::npos) << "message should list " << m.name;
}

TEST(ScenarioErrors, UnknownPlacementChoice) {
    expect_error("bad_placement.toml", 10, 13, "clients.placement: unknown choice 'moon'; must be one of: remote, local");
}

TEST(ScenarioErrors, BadDurationString) {
    expect_error("bad_duration.toml", 10, 9, "clients.think: bad duration '10 parsecs'");
}

TEST(ScenarioErrors, HzNotAKernelChoice) {
    expect_error("bad_hz.toml", 7, 6, "machine.hz must be one of 100, 250, 300, 1000");
}

TEST(ScenarioErrors, DuplicateProcessName) {
    expect_error("bad_duplicate_name.toml", 11, 8, "duplicate process name 'worker' (already used by the [[process]] at line 7)");
}

TEST(ScenarioErrors, ExpandedCopiesMayNotCollide) {
    LoadResult r = load_scenario_text("id = \"c\"\n[meta]\ntitle.en = \"c\"\n"
                                      "[[process]]\nname = \"w\"\nmodel = \"cpu-bound\"\ncount = 2\n"
                                      "[[process]]\nname = \"w-2\"\nmodel = \"cpu-bound\"\n",
                                      "copies.toml");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(all_errors(r).find("copies.toml:9:8: error: duplicate process name 'w-2'"), std::string::npos)
        << all_errors(r);
}

TEST(ScenarioErrors, MissingId) {
    expect_error("bad_missing_id.toml", 1, 1, "missing required key 'id'");
}

TEST(ScenarioErrors, MissingEnglishTitle) {
    expect_error("bad_missing_title.toml", 4, 1, "meta.title: missing required key 'en'");
}

TEST(ScenarioErrors, OptionOutOfRangeAndBadUnits) {
    expect_error("bad_option_range.toml", 8, 20, "option 'port' of blocking-echo-server must be between 1 and 65535 (got 70000)");
    expect_error("bad_option_range.toml", 8, 37, "option 'handler' of blocking-echo-server: bad duration '-5us'");
    expect_error("bad_option_range.toml", 8, 57, "option 'read_size' of blocking-echo-server: bad size '4KB'");
}

TEST(ScenarioErrors, NarrationAfterTheEnd) {
    expect_error("bad_narration_at.toml", 11, 6, "narration.at must be between 0ns and 10ms (got 1s)");
}

TEST(ScenarioErrors, ClientsWithoutAListener) {
    expect_error("bad_port_mismatch.toml", 12, 8, "clients connect to port 7001 but no process listens there; listening: 7000 (server)");
}

TEST(ScenarioErrors, SingleBracketProcessGetsAHint) {
    expect_error("bad_process_table.toml", 6, 1, "write [[process]] (two brackets), not [process]");
}

TEST(ScenarioErrors, SeveralErrorsInOnePassSortedByPosition) {
    LoadResult r = load_scenario_file(data("bad_many.toml"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.errors.size(), 8u) << all_errors(r);
    for (size_t i = 1; i < r.errors.size(); ++i)
        EXPECT_LE(r.errors[i - 1].pos.line, r.errors[i].pos.line) << all_errors(r);
    expect_error("bad_many.toml", 1, 6, "id 'many errors' must be");
    expect_error("bad_many.toml", 2, 8, "seed must be at least 0 (got -1)");
    expect_error("bad_many.toml", 8, 8, "machine.cpus must be between 1 and 64 (got 0)");
    expect_error("bad_many.toml", 12, 9, "unknown model 'nope'");
    expect_error("bad_many.toml", 13, 9, "process.count must be between 1 and 4096 (got 0)");
    expect_error("bad_many.toml", 16, 11, "clients.arrival: unknown choice 'poisson'");
}

// -----------------------------------------------------------------------------------------------
// Robustness: never throw, never crash
// -----------------------------------------------------------------------------------------------

TEST(ScenarioRobustness, NonexistentPathGivesAClearError) {
    LoadResult r = load_scenario_file("/no/such/dir/scenario.toml");
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].format(), "/no/such/dir/scenario.toml: error: no such file");
}

TEST(ScenarioRobustness, DirectoryIsRejected) {
    LoadResult r = load_scenario_file(kData);
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_NE(r.errors[0].message.find("is a directory"), std::string::npos);
}

TEST(ScenarioRobustness, BinaryGarbageAndEmptyFilesDoNotCrash) {
    auto dir = temp_dir();
    std::mt19937 rng(12345);
    for (int round = 0; round < 20; ++round) {
        std::string bytes(size_t(rng() % 4096), '\0');
        for (auto& b : bytes) b = char(rng() & 0xff);
        auto path = (dir / "garbage.toml").string();
        { std::ofstream(path, std::ios::binary) << bytes; }
        LoadResult r = load_scenario_file(path);
        EXPECT_FALSE(r.ok());
        EXPECT_FALSE(r.errors.empty());
    }
    auto empty = (dir / "empty.toml").string();
    { std::ofstream out(empty); }
    LoadResult r = load_scenario_file(empty);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(all_errors(r).find("missing required key 'id'"), std::string::npos) << all_errors(r);
    std::filesystem::remove_all(dir);
}

TEST(ScenarioRobustness, EveryTruncationAndRandomByteFlipsOfARealFile) {
    const std::string text = read_all(kBundled + "/blocking-echo.toml");
    ASSERT_GT(text.size(), 1000u);
    // Every prefix: unterminated strings, half tables, missing sections.
    for (size_t n = 0; n < text.size(); n += 7) {
        LoadResult r = load_scenario_text(text.substr(0, n), "trunc.toml");
        EXPECT_TRUE(r.ok() || !r.errors.empty());
        for (const auto& e : r.errors) EXPECT_EQ(e.pos.file, "trunc.toml");
    }
    // Random corruption, including bytes that break UTF-8 inside the Chinese text.
    std::mt19937 rng(7);
    for (int i = 0; i < 400; ++i) {
        std::string t = text;
        for (int k = 0; k < 3; ++k) t[rng() % t.size()] = char(rng() & 0xff);
        LoadResult r = load_scenario_text(t, "flip.toml");
        EXPECT_TRUE(r.ok() || !r.errors.empty());
    }
}

TEST(ScenarioRobustness, ExtremeNumbersAreRangeErrorsNotOverflow) {
    LoadResult r = load_scenario_text("id = \"x\"\nduration = \"99999999999999999999s\"\nseed = 9223372036854775807\n"
                                      "[meta]\ntitle.en = \"x\"\n[machine]\ncpus = -9223372036854775808\n"
                                      "[[process]]\nmodel = \"cpu-bound\"\noptions = { work = 1.5, chunk = true }\n",
                                      "big.toml");
    ASSERT_FALSE(r.ok());
    std::string all = all_errors(r);
    EXPECT_NE(all.find("big.toml:2:12: error: duration: bad duration"), std::string::npos) << all;
    EXPECT_NE(all.find("big.toml:7:8: error: machine.cpus must be between 1 and 64"), std::string::npos) << all;
    EXPECT_NE(all.find("big.toml:10:20: error: option 'work' of cpu-bound must be a duration"), std::string::npos) << all;
    EXPECT_NE(all.find("(got a floating-point number)"), std::string::npos) << all;
    EXPECT_NE(all.find("(got a boolean)"), std::string::npos) << all;
}

// -----------------------------------------------------------------------------------------------
// The documentation keeps up with the code
// -----------------------------------------------------------------------------------------------

TEST(ScenarioDocs, ReadmeMentionsEveryModelOptionAndCost) {
    const std::string readme = read_all(kBundled + "/README.md");
    ASSERT_FALSE(readme.empty()) << "scenarios/README.md is missing";
    for (const auto& m : program_models()) {
        EXPECT_NE(readme.find("`" + m.name + "`"), std::string::npos) << "model " << m.name;
        for (const auto& o : m.options)
            EXPECT_NE(readme.find("`" + o.key + "`"), std::string::npos) << m.name << " option " << o.key;
    }
    for (const auto& f : CostModel::fields())
        EXPECT_NE(readme.find("`" + std::string(f.key) + "`"), std::string::npos)
            << "[machine.costs] key " << f.key << " is not documented in scenarios/README.md";
}
