// Issue 3's last bundled scenarios: user-level-threads, threads-vs-event-loop and
// ostep-process-run. Each test checks the point the scenario's "what to look at" makes, from the
// summary metrics and the trace; the OSTEP one checks every tick against the text that
// `ioscope-cli process-run -c -p` prints for the same flags.
#include "sim_test_util.h"
#include "sim/ostep/process_run.h"
#include "sim/ostep/process_run_trace.h"
#include "sim/trace/chrome_export.h"
#include "sim/trace/jsonl.h"
#include "sim/trace/state.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <sys/wait.h>

using namespace ioscope;
using namespace ioscope::testing;

namespace {

nlohmann::json metrics_of(const RunResult& r) { return summary(r)["metrics"]; }

// Successful accept4 returns before the first close: connections open at the same time.
size_t accepted_before_first_close(const Trace& t) {
    size_t n = 0;
    for (const Record& r : t.records) {
        if (r.kind == Kind::SyscallEnter && t.str(r.name) == "close") break;
        if (r.kind == Kind::SyscallExit && t.str(r.name) == "accept4" && r.a >= 0) ++n;
    }
    return n;
}

size_t task_to_task_switches(const Trace& t) {
    size_t n = 0;
    for (const Record& r : t.records)
        if (r.kind == Kind::ContextSwitch && r.task && r.obj2) ++n;
    return n;
}

} // namespace

// -----------------------------------------------------------------------------------------------
// user-level-threads
// -----------------------------------------------------------------------------------------------

TEST(Issue3Scenarios, UserLevelThreadsServeEveryClientFromOneKernelTask) {
    Scenario sc = bundled("user-level-threads");
    RunResult r = run_scenario(sc, {});
    auto m = metrics_of(r);
    const Trace& t = *r.trace;
    EXPECT_EQ(m["requests_completed"].get<uint64_t>(), uint64_t(sc.clients.count) * sc.clients.requests);
    EXPECT_EQ(count(t, Kind::TaskNew), 1u) << "the kernel sees one task";
    EXPECT_EQ(m["threads_peak"].get<int64_t>(), 1);
    EXPECT_EQ(accepted_before_first_close(t), size_t(sc.clients.count)) << "every connection is open at once";
    EXPECT_EQ(task_to_task_switches(t), 0u) << "the kernel only switches between the server and idle";
    EXPECT_GT(m["syscalls_returning_eagain"].get<uint64_t>(), 0u);
    EXPECT_GT(m["syscalls"]["poll"].get<uint64_t>(), 0u);
    EXPECT_GT(count(t, Kind::UserStep, "user-level thread switch"), size_t(sc.clients.count));
    EXPECT_EQ(m["syscalls"].count("nanosleep"), 0u);
}

TEST(Issue3Scenarios, AnUnwrappedBlockingCallDelaysEveryonesRequests) {
    Scenario base = bundled("user-level-threads");
    Scenario stall = bundled_ref("user-level-threads@blocking-call");
    auto a = metrics_of(run_scenario(base, {}));
    RunResult rb = run_scenario(stall, {});
    auto b = metrics_of(rb);
    const int64_t call = stall.processes[0].options.at("blocking_call");
    const int64_t every = stall.processes[0].options.at("blocking_every");
    ASSERT_GT(call, 0);
    ASSERT_GT(every, 1) << "some requests must make no blocking call";
    EXPECT_EQ(b["requests_completed"], a["requests_completed"]);
    EXPECT_EQ(b["syscalls"]["nanosleep"].get<int64_t>(), int64_t(stall.clients.count) * (stall.clients.requests / every));
    EXPECT_EQ(count(*rb.trace, Kind::TaskNew), 1u);
    // Fewer than half of the requests make the call, yet the median request takes longer than a
    // whole call: requests that made none waited for other clients' calls.
    EXPECT_LT(a["latency_ns"]["p50"].get<int64_t>(), call / 10);
    EXPECT_GT(b["latency_ns"]["p50"].get<int64_t>(), call);
    EXPECT_GT(b["latency_ns"]["p99"].get<int64_t>(), 10 * a["latency_ns"]["p99"].get<int64_t>());
}

// -----------------------------------------------------------------------------------------------
// threads-vs-event-loop
// -----------------------------------------------------------------------------------------------

TEST(Issue3Scenarios, ThousandThreadsCostMemoryAndSwitchesThatOneEventLoopAvoids) {
    Scenario threads = bundled("threads-vs-event-loop");
    Scenario loop = bundled_ref("threads-vs-event-loop@event-loop");
    ASSERT_EQ(threads.processes[0].model, "thread-per-connection-server");
    ASSERT_EQ(loop.processes[0].model, "epoll-server");
    ASSERT_GE(threads.clients.count, 1000u);
    RunResult rt = run_scenario(threads, {}), rl = run_scenario(loop, {});
    auto t = metrics_of(rt), l = metrics_of(rl);
    const uint64_t requests = uint64_t(threads.clients.count) * threads.clients.requests;
    EXPECT_EQ(t["requests_completed"].get<uint64_t>(), requests);
    EXPECT_EQ(l["requests_completed"].get<uint64_t>(), requests) << "the same load, fully served";

    EXPECT_EQ(t["threads_peak"].get<int64_t>(), int64_t(threads.clients.count) + 1);
    EXPECT_EQ(l["threads_peak"].get<int64_t>(), 1);
    EXPECT_GT(t["memory_bytes"].get<int64_t>(), 10 * l["memory_bytes"].get<int64_t>());
    EXPECT_GT(t["memory"]["kernel_stacks"].get<int64_t>(), 900 * l["memory"]["kernel_stacks"].get<int64_t>());

    // Switches per second of simulated time, and the CPU share they take.
    auto per_s = [](const nlohmann::json& s) {
        return double(s["metrics"]["context_switches"].get<uint64_t>()) * 1e9 / double(s["sim_time_ns"].get<int64_t>());
    };
    EXPECT_GT(per_s(summary(rt)), 3 * per_s(summary(rl)));
    EXPECT_GT(t["context_switches"].get<uint64_t>(), 3 * l["context_switches"].get<uint64_t>());
    EXPECT_GT(t["cpu_share_switching"].get<double>(), 2 * l["cpu_share_switching"].get<double>());
    EXPECT_GT(task_to_task_switches(*rt.trace), requests / 2) << "requests go from one thread to the next";
    EXPECT_EQ(task_to_task_switches(*rl.trace), 0u) << "the loop only switches with idle";
}

// -----------------------------------------------------------------------------------------------
// ostep-process-run
// -----------------------------------------------------------------------------------------------

namespace {

// One row of `process-run -c`: "  7*   RUN:io_done         READY ..." -> tick, star, columns.
struct TextRow {
    int64_t tick = 0;
    bool star = false;
    std::vector<std::string> procs;
    bool cpu = false;
    int64_t ios = 0;
};

struct TextRun {
    std::vector<TextRow> rows;
    int64_t total = -1, cpu_busy = -1, io_busy = -1;
};

TextRun parse_process_run(const std::string& out, size_t nprocs) {
    TextRun run;
    std::istringstream in(out);
    std::string line;
    std::getline(in, line);                                           // the header
    while (std::getline(in, line)) {
        if (line.rfind("Stats: Total Time ", 0) == 0) run.total = std::stoll(line.substr(18));
        if (line.rfind("Stats: CPU Busy ", 0) == 0) run.cpu_busy = std::stoll(line.substr(16));
        if (line.rfind("Stats: IO Busy  ", 0) == 0) run.io_busy = std::stoll(line.substr(16));
        if (line.size() < 4 || line.rfind("Stats", 0) == 0) continue;
        TextRow r;
        r.tick = std::stoll(line.substr(0, 3));
        r.star = line[3] == '*';
        for (size_t p = 0; p < nprocs; ++p) {
            std::string col = line.substr(4 + 14 * p, 14);
            r.procs.push_back(col.substr(col.find_first_not_of(' ')));
        }
        std::string rest = line.substr(4 + 14 * nprocs);
        r.cpu = rest.size() >= 14 && rest[13] == '1';
        std::string ios = rest.size() > 14 ? rest.substr(14) : "";
        size_t d = ios.find_first_not_of(' ');
        r.ios = d == std::string::npos ? 0 : std::stoll(ios.substr(d));
        run.rows.push_back(r);
    }
    return run;
}

// The process-run command line that the scenario's [ostep] table and seed stand for.
std::vector<std::string> flags_of(const Scenario& sc, uint64_t seed) {
    const OstepSpec& o = sc.ostep;
    std::vector<std::string> a = { "-s", std::to_string(seed), "-L", std::to_string(o.io_length), "-S",
                                   o.switch_on_end ? "SWITCH_ON_END" : "SWITCH_ON_IO", "-I",
                                   o.io_run_immediate ? "IO_RUN_IMMEDIATE" : "IO_RUN_LATER", "-c", "-p" };
    if (!o.program.empty()) { a.push_back("-P"); a.push_back(o.program); }
    else { a.push_back("-l"); a.push_back(o.process_list); }
    return a;
}

// Replays the trace and, at every "Tick" narration, rebuilds the row the process table shows.
std::vector<TextRow> rows_from_trace(const Trace& t, size_t nprocs, int64_t tick_ns) {
    std::vector<TextRow> rows;
    State s(t.meta.cpus);
    std::map<uint32_t, std::string> ran;     // tid -> instruction of its UserStep in this tick
    bool star = false, cpu = false;
    int64_t in_flight = 0;
    for (const Record& r : t.records) {
        s.apply(r, t.strings);
        if (r.kind == Kind::UserStep) { ran[r.task] = std::string(t.str(r.name)); cpu = true; EXPECT_EQ(r.a, tick_ns); }
        if (r.kind == Kind::Marker && t.str(r.name) == "I/O start") ++in_flight;
        if (r.kind == Kind::Marker && t.str(r.name) == "I/O done") { --in_flight; star = true; }
        if (r.kind != Kind::Narration || t.str(r.name).rfind("Tick ", 0) != 0) continue;
        TextRow row;
        row.tick = int64_t(rows.size()) + 1;
        EXPECT_EQ(r.t, (row.tick - 1) * tick_ns) << "tick " << row.tick << " starts on time";
        row.star = star;
        row.cpu = cpu;
        row.ios = in_flight;
        for (size_t pid = 0; pid < nprocs; ++pid) {
            const TaskInfo& ti = s.tasks.at(ostep::kFirstTid + uint32_t(pid));
            switch (ti.state) {
            case TaskState::Running: row.procs.push_back("RUN:" + ran[ti.tid]); break;
            case TaskState::Ready: row.procs.push_back("READY"); break;
            case TaskState::Waiting: row.procs.push_back("BLOCKED"); break;
            case TaskState::Terminated: row.procs.push_back("DONE"); break;
            default: row.procs.push_back("?"); break;
            }
            // The task on the CPU is the one running; READY ones sit on the run queue.
            bool on_cpu = s.cpus[0].curr == ti.tid;
            EXPECT_EQ(on_cpu, ti.state == TaskState::Running) << "tick " << row.tick << " pid " << pid;
            bool queued = std::count(s.cpus[0].runq.begin(), s.cpus[0].runq.end(), ti.tid) == 1;
            EXPECT_EQ(queued, ti.state == TaskState::Ready) << "tick " << row.tick << " pid " << pid;
        }
        rows.push_back(row);
        ran.clear();
        star = cpu = false;
    }
    return rows;
}

void expect_trace_matches_text(const std::string& ref, std::optional<uint64_t> seed = std::nullopt) {
    SCOPED_TRACE(ref + (seed ? " --seed " + std::to_string(*seed) : ""));
    Scenario sc = bundled_ref(ref);
    ASSERT_TRUE(sc.ostep.present);
    RunOptions opts;
    opts.seed = seed;
    RunResult r = run_scenario(sc, opts);
    ASSERT_TRUE(r.trace);
    const uint64_t s = seed.value_or(sc.seed);
    ostep::Outcome text = ostep::run_process_run(flags_of(sc, s));
    ASSERT_EQ(text.exit_code, 0) << text.err;

    const size_t nprocs = size_t(std::count_if(r.trace->records.begin(), r.trace->records.end(),
                                               [](const Record& x) { return x.kind == Kind::TaskNew; }));
    ASSERT_GT(nprocs, 0u);
    TextRun want = parse_process_run(text.out, nprocs);
    std::vector<TextRow> got = rows_from_trace(*r.trace, nprocs, sc.ostep.tick.ns);
    ASSERT_EQ(got.size(), want.rows.size());
    ASSERT_GT(got.size(), 3u);
    for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].tick, want.rows[i].tick);
        EXPECT_EQ(got[i].procs, want.rows[i].procs) << "tick " << want.rows[i].tick;
        EXPECT_EQ(got[i].star, want.rows[i].star) << "tick " << want.rows[i].tick;
        EXPECT_EQ(got[i].cpu, want.rows[i].cpu) << "tick " << want.rows[i].tick;
        EXPECT_EQ(got[i].ios, want.rows[i].ios) << "tick " << want.rows[i].tick;
    }
    auto o = metrics_of(r)["ostep"];
    EXPECT_EQ(o["total_ticks"].get<int64_t>(), want.total);
    EXPECT_EQ(o["cpu_busy_ticks"].get<int64_t>(), want.cpu_busy);
    EXPECT_EQ(o["io_busy_ticks"].get<int64_t>(), want.io_busy);
    EXPECT_EQ(metrics_of(r)["cpu_busy_ns"][0]["user"].get<int64_t>(), want.cpu_busy * sc.ostep.tick.ns);
}

} // namespace

TEST(Issue3Scenarios, OstepTraceMatchesProcessRunTickByTick) {
    for (const char* ref : { "ostep-process-run", "ostep-process-run@io-run-immediate", "ostep-process-run@switch-on-end",
                             "ostep-process-run@random" })
        expect_trace_matches_text(ref);
    // The seed is process-run's -s: other seeds, other random workloads, still the same rows.
    for (uint64_t seed : { 0ull, 2ull, 3ull, 5000000000ull }) expect_trace_matches_text("ostep-process-run@random", seed);
}

TEST(Issue3Scenarios, OstepProgramFlagAndZeroLengthIo) {
    // -P and -L 0 (an I/O that completes at the very next tick) through a scenario text.
    const char* text = R"(id = "p"
[meta]
title = "t"
[ostep]
program = "c2,i,c1:i,c3"
io_length = 0
io_done = "IO_RUN_IMMEDIATE"
)";
    LoadResult lr = load_scenario_text(text, "p.toml");
    for (auto& e : lr.errors) ADD_FAILURE() << e.format();
    ASSERT_TRUE(lr.ok());
    RunResult r = run_scenario(*lr.scenario, {});
    ostep::Outcome out = ostep::run_process_run(flags_of(*lr.scenario, 1));
    TextRun want = parse_process_run(out.out, 2);
    std::vector<TextRow> got = rows_from_trace(*r.trace, 2, lr.scenario->ostep.tick.ns);
    ASSERT_EQ(got.size(), want.rows.size());
    for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].procs, want.rows[i].procs) << "tick " << i + 1;
}

TEST(Issue3Scenarios, OstepTraceIsDeterministicAndSurvivesEveryConsumer) {
    Scenario sc = bundled_ref("ostep-process-run@io-run-immediate");
    RunResult a = run_scenario(sc, {}), b = run_scenario(sc, {});
    const std::string ja = trace_jsonl(*a.trace);
    EXPECT_TRUE(ja == trace_jsonl(*b.trace)) << "same seed => byte-identical JSONL";
    const Trace& t = *a.trace;
    for (size_t i = 1; i < t.size(); ++i) ASSERT_LE(t.records[i - 1].t, t.records[i].t) << "record " << i;
    EXPECT_GE(t.meta.end_ns, t.records.back().t);

    // JSONL round trip is lossless.
    std::istringstream in(ja);
    std::vector<std::string> errors;
    auto back = read_jsonl(in, "t.jsonl", errors);
    ASSERT_TRUE(back.has_value()) << (errors.empty() ? "" : errors[0]);
    EXPECT_EQ(back->meta, t.meta);
    ASSERT_EQ(back->records.size(), t.records.size());
    for (size_t i = 0; i < t.size(); ++i) ASSERT_EQ(back->records[i], t.records[i]) << "record " << i;

    // The reconstructor: seeking anywhere equals a plain replay; every CPU ns is in one mode.
    Reconstructor rc(t, 8);
    State plain(t.meta.cpus);
    for (size_t p = 0; p <= t.size(); ++p) {
        if (p % 7 == 0 || p == t.size()) { EXPECT_EQ(rc.seek(p), plain) << "p=" << p; }
        if (p < t.size()) plain.apply(t.records[p], t.strings);
    }
    EXPECT_EQ(rc.seek(0), State(t.meta.cpus));
    int64_t sum = 0;
    for (int64_t x : plain.cpus[0].busy_ns) sum += x;
    EXPECT_EQ(sum, plain.cpus[0].mode_since);
    EXPECT_EQ(plain.context_switches, metrics_of(a)["context_switches"].get<uint64_t>());
    for (auto& [tid, task] : plain.tasks) {
        EXPECT_EQ(task.state, TaskState::Terminated) << tid;
        EXPECT_GT(task.user_ns, 0) << tid;
    }
    // IO_RUN_IMMEDIATE preempts: some switches are involuntary.
    size_t preempted = 0;
    for (const Record& r : t.records) preempted += r.kind == Kind::ContextSwitch && r.c == 1;
    EXPECT_GT(preempted, 0u);

    // Chrome export produces valid JSON.
    std::ostringstream chrome;
    write_chrome_json(t, chrome);
    auto j = nlohmann::json::parse(chrome.str(), nullptr, false);
    EXPECT_FALSE(j.is_discarded());

    // --until cuts the trace but keeps it consistent.
    RunOptions cut;
    cut.until = SimTime(5 * sc.ostep.tick.ns);
    RunResult c = run_scenario(sc, cut);
    ASSERT_GT(c.trace->size(), 0u);
    EXPECT_LE(c.trace->records.back().t, cut.until->ns);
    EXPECT_LT(c.trace->size(), t.size());
}

TEST(Issue3Scenarios, OstepSectionErrorsPointAtTheLine) {
    auto errors_of = [](const std::string& text) {
        LoadResult r = load_scenario_text(text, "o.toml");
        std::string all;
        for (auto& e : r.errors) all += e.format() + "\n";
        return all;
    };
    const std::string head = "id = \"o\"\n[meta]\ntitle = \"t\"\n";
    EXPECT_NE(errors_of(head + "[ostep]\nprocess_list = \"5:100,5\"\n").find("o.toml:5:16: error: ostep.process_list: bad process '5'"),
              std::string::npos) << errors_of(head + "[ostep]\nprocess_list = \"5:100,5\"\n");
    EXPECT_NE(errors_of(head + "[ostep]\nprocess_list = \"5:101\"\n").find("o.toml:5:16: error: ostep.process_list: bad CPU percentage"),
              std::string::npos);
    EXPECT_NE(errors_of(head + "[ostep]\nprogram = \"c2,x\"\n").find("o.toml:5:11: error: ostep.program: bad instruction 'x'"),
              std::string::npos);
    EXPECT_NE(errors_of(head + "[ostep]\nprocess_list = \"1:0\"\nswitch = \"SWITCH_ON_I0\"\n").find("o.toml:6:10: error: ostep.switch: unknown choice"),
              std::string::npos);
    EXPECT_NE(errors_of(head + "[ostep]\nio_length = 2\n").find("o.toml:4:1: error: missing key 'process_list' in [ostep]"),
              std::string::npos);
    EXPECT_NE(errors_of(head + "[ostep]\nprocess_list = \"1:0\"\n[[process]]\nmodel = \"cpu-bound\"\n").find("not both"),
              std::string::npos);
    EXPECT_NE(errors_of(head + "[machine]\ncpus = 2\n[ostep]\nprocess_list = \"1:0\"\n").find("o.toml:5:8: error: process-run models one CPU"),
              std::string::npos);
    EXPECT_NE(errors_of(head + "[ostep]\nprocess_list = \"1:0\"\n[clients]\ncount = 1\n").find("[clients] needs a server program"),
              std::string::npos);
    EXPECT_NE(errors_of(head + "[ostep]\nprocess_list = \"1:0\"\nquantum = 3\n").find("unknown key 'quantum' in [ostep]"),
              std::string::npos);
    EXPECT_EQ(errors_of(head + "[ostep]\nprocess_list = \"1:0,4:100,2:33.5\"\n"), "");
}

// The same through the real binary: `run ... --trace` twice gives the same bytes, and the trace
// re-read from the file shows, tick by tick, what `ioscope-cli process-run` prints.
TEST(Issue3Scenarios, OstepThroughTheCliMatchesProcessRunOutput) {
    auto sh = [](const std::string& args) {
        std::string out;
        FILE* p = popen((std::string(IOSCOPE_CLI) + " " + args + " 2>/dev/null").c_str(), "r");
        if (!p) return out;
        std::array<char, 4096> buf;
        size_t n;
        while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
        EXPECT_EQ(pclose(p), 0) << args;
        return out;
    };
    auto slurp = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    };
    const std::string a = ::testing::TempDir() + "ioscope_issue3_ostep_a.jsonl";
    const std::string b = ::testing::TempDir() + "ioscope_issue3_ostep_b.jsonl";
    sh("run ostep-process-run@random --seed 2 --trace " + a + " --format jsonl --summary-json");
    sh("run ostep-process-run@random --seed 2 --trace " + b + " --format jsonl --summary-json");
    const std::string ja = slurp(a);
    ASSERT_FALSE(ja.empty());
    EXPECT_TRUE(ja == slurp(b)) << "same seed => byte-identical JSONL";

    std::vector<std::string> errors;
    auto tr = read_jsonl_file(a, errors);
    ASSERT_TRUE(tr.has_value()) << (errors.empty() ? "" : errors[0]);
    TextRun want = parse_process_run(sh("process-run -s 2 -l 3:50,3:50 -L 5 -c -p"), 2);
    std::vector<TextRow> got = rows_from_trace(*tr, 2, 1000000);
    ASSERT_EQ(got.size(), want.rows.size());
    for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].procs, want.rows[i].procs) << "tick " << i + 1;
    std::remove(a.c_str());
    std::remove(b.c_str());
}

// The figures the issue-3 scenarios' "what to look at" quote must be what the summary prints
// now: each entry names a scenario, where its figure sits in --summary-json and how the text
// writes it; the test formats the summary's value that way and requires both the English and
// the Chinese text to contain it. A model change that moves a figure fails here, naming the
// scenario to re-quote (run `ioscope-cli run ID --summary-json`).
namespace {
std::string with_commas(int64_t v) {
    std::string s = std::to_string(v < 0 ? -v : v);
    for (int i = int(s.size()) - 3; i > 0; i -= 3) s.insert(size_t(i), ",");
    return v < 0 ? "-" + s : s;
}
// Summary value at a '/'-separated path, written as the texts write it: integers with thousands
// separators, fractions (cpu_share_switching) as the JSON prints them.
std::string quoted(const nlohmann::json& summary, const std::string& path) {
    const nlohmann::json* j = &summary;
    std::stringstream ss(path);
    for (std::string part; std::getline(ss, part, '/');) j = &(*j)[part];
    return j->is_number_integer() ? with_commas(j->get<int64_t>()) : j->dump();
}
} // namespace

TEST(Issue3LookAt, QuotedFiguresMatchTheSummary) {
    struct Quote { const char* scenario; const char* variant_ref; const char* path; };
    // scenario whose text quotes, the run (scenario or @variant) the figure comes from, and where.
    const Quote quotes[] = {
        { "nonblocking-busy-poll", "nonblocking-busy-poll", "metrics/syscalls_returning_eagain" },
        { "nonblocking-busy-poll", "nonblocking-busy-poll", "metrics/syscalls/recvfrom" },
        { "nonblocking-busy-poll", "nonblocking-busy-poll", "metrics/syscalls/accept4" },
        { "user-level-threads", "user-level-threads", "metrics/context_switches" },
        { "user-level-threads", "user-level-threads", "metrics/syscalls/poll" },
        { "user-level-threads", "user-level-threads", "metrics/memory_bytes" },
        { "user-level-threads", "user-level-threads", "metrics/syscalls_returning_eagain" },
        { "thread-per-connection", "thread-per-connection", "metrics/cpu_share_switching" },
        { "thread-per-connection", "process-per-connection", "metrics/cpu_share_switching" },
        { "thread-per-connection", "thread-per-connection", "metrics/memory/pcbs" },
        { "thread-per-connection", "thread-per-connection", "metrics/memory/kernel_stacks" },
        { "process-per-connection", "process-per-connection", "metrics/memory/address_spaces" },
        { "thread-pool", "thread-pool", "metrics/memory_bytes" },
        { "basics-syscall-and-switch", "basics-syscall-and-switch", "metrics/cpu_share_switching" },
        { "threads-vs-event-loop", "threads-vs-event-loop", "metrics/memory_bytes" },
        { "threads-vs-event-loop", "threads-vs-event-loop@event-loop", "metrics/memory_bytes" },
        { "threads-vs-event-loop", "threads-vs-event-loop", "metrics/context_switches" },
        { "threads-vs-event-loop", "threads-vs-event-loop@event-loop", "metrics/context_switches" },
        { "threads-vs-event-loop", "threads-vs-event-loop", "metrics/cpu_share_switching" },
        { "threads-vs-event-loop", "threads-vs-event-loop@event-loop", "metrics/cpu_share_switching" },
    };
    std::map<std::string, nlohmann::json> runs;
    for (const Quote& q : quotes) {
        if (!runs.count(q.variant_ref)) runs[q.variant_ref] = summary(run_scenario(bundled_ref(q.variant_ref), {}));
        const Scenario sc = bundled(q.scenario);
        std::string want = quoted(runs[q.variant_ref], q.path);
        EXPECT_NE(sc.look_at.en.find(want), std::string::npos)
            << q.scenario << ": English 'what to look at' should quote " << q.path << " of " << q.variant_ref << " = " << want;
        // The Chinese text writes counts below 10,000 without separators in places; accept either.
        std::string plain = want;
        plain.erase(std::remove(plain.begin(), plain.end(), ','), plain.end());
        bool zh = sc.look_at.zh.find(want) != std::string::npos || sc.look_at.zh.find(plain) != std::string::npos;
        EXPECT_TRUE(zh) << q.scenario << ": Chinese 'what to look at' should quote " << q.path << " of " << q.variant_ref << " = " << want;
    }
}
