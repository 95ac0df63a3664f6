// OSTEP process-run compatibility: the CPython-compatible RNG against values printed by CPython
// 3.11, and `ioscope-cli process-run` against golden outputs of the original process-run.py
// (tests/data/process-run/cases.txt says how they were made).
#include "sim/ostep/process_run.h"
#include "sim/ostep/python_random.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

using namespace ioscope::ostep;

namespace {

struct Result {
    int code = -1;
    std::string out, err;
};

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Runs the real binary; stdout and stderr kept apart. Arguments are passed through the shell
// unquoted, so the cases must not contain shell metacharacters (they do not).
Result cli(const std::string& args) {
    // One file per process: ctest -j runs test processes in parallel.
    std::string err_path = ::testing::TempDir() + "ioscope_process_run_stderr." + std::to_string(getpid());
    std::string cmd = "env -u COLUMNS " + std::string(IOSCOPE_CLI) + " process-run " + args + " 2>" + err_path;
    Result r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    int st = pclose(p);
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.err = slurp(err_path);
    return r;
}

struct Case {
    std::string name;
    int exit_code;
    std::string args;
};

std::vector<Case> load_cases() {
    std::vector<Case> cases;
    std::ifstream f(std::string(IOSCOPE_TEST_DATA) + "/process-run/cases.txt");
    std::string line;
    while (std::getline(f, line)) {
        if (line.empty() || line[0] == '#') continue;
        size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
        if (t1 == std::string::npos || t2 == std::string::npos) continue;
        cases.push_back({line.substr(0, t1), std::stoi(line.substr(t1 + 1, t2 - t1 - 1)), line.substr(t2 + 1)});
    }
    return cases;
}

std::vector<std::string> words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> w;
    for (std::string x; in >> x;) w.push_back(x);
    return w;
}

} // namespace

// ---- the RNG: python3 -c 'import random; random.seed(S); print(...)' -----------------------

TEST(ProcessRunRandom, RandomMatchesCPython) {
    struct Expect { int64_t seed; std::array<double, 3> values; };
    const Expect cases[] = {
        {0, {0.8444218515250481, 0.7579544029403025, 0.420571580830845}},
        {1, {0.13436424411240122, 0.8474337369372327, 0.763774618976614}},
        {5, {0.6229016948897019, 0.7417869892607294, 0.7951935655656966}},
        {42, {0.6394267984578837, 0.025010755222666936, 0.27502931836911926}},
        {4294967297, {0.2309331037176915, 0.5124118614342635, 0.4145826832477072}},   // two words
        {-7, {0.32383276483316237, 0.15084917392450192, 0.6509344730398537}},         // |n| is used
    };
    for (const Expect& e : cases) {
        PythonRandom r(e.seed);
        for (double v : e.values) EXPECT_EQ(r.random(), v) << "seed " << e.seed;
    }
}

TEST(ProcessRunRandom, GetrandbitsRandintRandrangeMatchCPython) {
    // random.seed(S); [getrandbits(k) for k in (1,7,32,33,64)], [randint(1,6) x4],
    // randrange(10**12), randint(-5,5) — after the three random() calls above.
    struct Expect {
        int64_t seed;
        std::array<uint64_t, 5> bits;
        std::array<int64_t, 4> dice;
        int64_t big, small;
    };
    const Expect cases[] = {
        {0, {0, 123, 2195908194, 2087043557, 14458531974522955699ULL}, {3, 4, 3, 5}, 554988985561, -3},
        {1, {0, 15, 2127877499, 3268308804, 12019768873862893665ULL}, {4, 2, 1, 4}, 979374294952, 1},
        {5, {1, 107, 3177840169, 7095422110, 535051974151811365ULL}, {4, 2, 6, 1}, 175668030011, -4},
        {42, {0, 17, 3163119785, 4735180711, 16457808150190122675ULL}, {5, 1, 5, 4}, 30201276659, -4},
    };
    for (const Expect& e : cases) {
        PythonRandom r(e.seed);
        for (int i = 0; i < 3; ++i) r.random();
        const unsigned ks[] = {1, 7, 32, 33, 64};
        for (int i = 0; i < 5; ++i) EXPECT_EQ(r.getrandbits(ks[i]), e.bits[i]) << "seed " << e.seed << " k " << ks[i];
        for (int64_t d : e.dice) EXPECT_EQ(r.randint(1, 6), d) << "seed " << e.seed;
        EXPECT_EQ(r.randrange(0, 1000000000000), e.big) << "seed " << e.seed;
        EXPECT_EQ(r.randint(-5, 5), e.small) << "seed " << e.seed;
    }
}

TEST(ProcessRunRandom, SeedWordsEqualSeedInt) {
    PythonRandom a(4294967297);
    PythonRandom b;
    const uint32_t w[] = {1, 1, 0, 0};   // high zero words are not part of CPython's key
    b.seed(w);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(a.genrand_uint32(), b.genrand_uint32());
}

// ---- the program against the original ------------------------------------------------------

TEST(ProcessRunGolden, MatchesOriginalByteForByte) {
    std::vector<Case> cases = load_cases();
    ASSERT_GE(cases.size(), 20u) << "tests/data/process-run/cases.txt missing or short";
    for (const Case& c : cases) {
        std::string expected = slurp(std::string(IOSCOPE_TEST_DATA) + "/process-run/" + c.name + ".out");
        ASSERT_FALSE(expected.empty()) << c.name;
        Result r = cli(c.args);
        EXPECT_EQ(r.code, c.exit_code) << c.name << ": " << c.args << "\n" << r.err;
        EXPECT_EQ(r.out, expected) << c.name << ": " << c.args;
        // The library gives the same text without the process boundary.
        Outcome lib = run_process_run(words(c.args));
        EXPECT_EQ(lib.out, expected) << c.name;
        EXPECT_EQ(lib.exit_code, c.exit_code) << c.name;
    }
}

TEST(ProcessRunGolden, ExtraIoDoneTick) {
    // One I/O of length 5: issued at tick 1, in flight 2..6, completes at 7 (the `*`), and the
    // io_done instruction runs in that same tick: 7 ticks, not 6.
    Schedule s = simulate({{Instr::Io, Instr::IoDone}}, false, false, 5);
    ASSERT_EQ(s.total_ticks, 7);
    EXPECT_EQ(s.cpu_busy, 2);
    EXPECT_EQ(s.io_busy, 5);
    EXPECT_TRUE(s.rows[6].io_done);
    ASSERT_TRUE(s.rows[6].executed);
    EXPECT_EQ(s.rows[6].executed->second, Instr::IoDone);
    for (int t = 1; t <= 5; ++t) EXPECT_EQ(s.rows[t].states[0], ProcState::Blocked);
}

// ---- flags and errors: optparse's messages, exit code 2, never a crash ---------------------

TEST(ProcessRunCli, OptparseErrorsExit2WithMessage) {
    const std::string usage = "Usage: process-run.py [options]\n\n";
    struct Expect { const char* args; const char* message; };
    const Expect cases[] = {
        {"-x", "no such option: -x"},
        {"--frobnicate", "no such option: --frobnicate"},
        {"-l", "-l option requires 1 argument"},
        {"--seed", "--seed option requires 1 argument"},
        {"--p", "ambiguous option: --p (--printstats, --processlist, --program?)"},
        {"-s abc", "option -s: invalid integer value: 'abc'"},
        {"-s 08", "option -s: invalid integer value: '08'"},   // a leading 0 means octal
        {"--iolength=5x", "option --iolength: invalid integer value: '5x'"},
        {"--printstats=1", "--printstats option does not take a value"},
    };
    for (const Expect& e : cases) {
        Result r = cli(e.args);
        EXPECT_EQ(r.code, 2) << e.args;
        EXPECT_EQ(r.out, "") << e.args;
        EXPECT_EQ(r.err, usage + "process-run.py: error: " + e.message + "\n") << e.args;
    }
}

TEST(ProcessRunCli, BadValuesExit2InsteadOfATraceback) {
    // Here the original stops with an AssertionError/ValueError traceback (exit 1); we keep its
    // (empty) stdout but say what is wrong and exit 2.
    for (const char* args : {"-l 3:0 -S SWITCH_ON_NOTHING", "-l 3:0 -I IO_RUN_SOMETIME", "-l 3:0 -L -1",
                             "-l x:50", "-l 3:abc", "-P c", "-P i,,c1", "-P cx"}) {
        Result r = cli(args);
        EXPECT_EQ(r.code, 2) << args;
        EXPECT_EQ(r.out, "") << args;
        EXPECT_NE(r.err.find("process-run.py: error: "), std::string::npos) << args << ": " << r.err;
    }
}

TEST(ProcessRunCli, ParsesLikeOptparse) {
    auto parse = [](std::vector<std::string> a) { return std::get<ProcessRunOptions>(parse_process_run_args(a)); };
    ProcessRunOptions o = parse({"-cpl3:0", "-L0x10", "--sw=SWITCH_ON_END", "positional", "--", "-x"});
    EXPECT_TRUE(o.solve);
    EXPECT_TRUE(o.print_stats);
    EXPECT_EQ(o.process_list, "3:0");
    EXPECT_EQ(o.io_length, 16);
    EXPECT_EQ(o.switch_behavior, "SWITCH_ON_END");
    // A value is taken even when it looks like an option.
    EXPECT_EQ(parse({"-l", "-c"}).process_list, "-c");
    EXPECT_FALSE(parse({"-l", "-c"}).solve);
    // Seeds of any size keep all their 32-bit words.
    EXPECT_EQ(parse({"-s", "0b101"}).seed_words, (std::vector<uint32_t>{5}));
    EXPECT_EQ(parse({"-s", "-4294967297"}).seed_words, (std::vector<uint32_t>{1, 1}));
    EXPECT_EQ(parse({"-s", "010"}).seed_words, (std::vector<uint32_t>{8}));
}

TEST(ProcessRunCli, HelpIsOptparses) {
    Result r = cli("--help");
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, slurp(std::string(IOSCOPE_TEST_DATA) + "/process-run/help.out"));
}
