// commands.h — the ioscope-cli subcommands, one file each.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include <vector>

namespace ioscope {

struct RunArgs {
    std::string scenario;
    std::optional<int64_t> seed;          // signed so that a negative one is reported, not wrapped
    std::optional<std::string> until;
    std::optional<int64_t> clients;       // overrides [clients] count (10, 100, 1000 ... on one workload)
    std::string trace_out;
    std::string format { "jsonl" };
    bool format_given { false };
    bool summary_json { false };
};

struct BenchArgs {
    std::string what { "sim" };
    bool json { false };
    uint32_t clients { 1000 };
    uint64_t seek_records { 5000000 };
    bool window { false };                // bench gui: in a real window (needs a display)
};

struct SweepArgs {
    bool live { false };
    std::vector<std::string> mechanisms { "select", "poll", "epoll-lt", "epoll-et" };
    std::vector<int> fds { 10, 100, 1000 };
    std::vector<int> active { 1, 10 };
    int iterations { 30 };
    int repetitions { 5 };                 // --live only: repetitions of `iterations` timed calls
    std::string calibrate_out;             // --live only: write the fitted cost profile (TOML) here
    std::string costs;                     // simulated only: a [machine.costs] profile to charge
    std::string writer { "self" };         // simulated only: self | other-task | other-cpu (sweep_bench.h); live's names accepted
    uint64_t seed { 1 };
    bool json { false };
};

// live: a real server design on 127.0.0.1 under real load, recorded as a trace (docs/LIVE.md).
struct LiveArgs {
    std::string mechanism { "epoll-lt" };
    int conns { 10 };
    int active { 1 };
    int64_t requests { 1000 };
    std::string duration;
    int request_bytes { 64 };
    int response_bytes { 64 };
    std::string trace_out;
    std::string format { "jsonl" };
    bool json { false };
    bool no_record { false };
};
int cmd_live(const LiveArgs& args);
struct BenchArgs;
int cmd_bench_live(const BenchArgs& args);   // `bench live`: recording overhead of a live epoll loop
int cmd_bench_gui(const BenchArgs& args);    // `bench gui`: execs the sibling `ioscope --bench`

int cmd_list();
int cmd_sweep(const SweepArgs& args);
int cmd_validate(const std::string& file);
int cmd_run(const RunArgs& args);
int cmd_bench(const BenchArgs& args);

// import-strace: a `strace -f -ttt -T [-yy]` log -> trace (docs/STRACE.md).
struct ImportStraceArgs {
    std::string file;
    std::string trace_out;
    std::string format { "jsonl" };
    uint32_t pid { 0 };                    // pid of lines without a prefix (0: from the file name)
    std::string min_wait { "200us" };      // shortest call that counts as having slept
    bool keep_going { false };
    bool summary_json { false };
};
int cmd_import_strace(const ImportStraceArgs& args);
// compare: simulated vs live, per system call and per sweep cell (docs/LIVE.md, "Compare").
struct CompareArgs {
    std::vector<std::string> traces;       // A.jsonl B.jsonl (file-pair mode)
    std::string scenario;                  // --scenario S (with --live)
    bool live { false };
    bool sweep { false };                  // --sweep: the cell-by-cell sweep comparison
    bool json { false };
    std::string profile_out;               // where the fitted [machine.costs] profile goes
    std::string costs;                     // use this profile as the calibrated model (no fit)
    std::vector<std::string> mechanisms;   // --sweep grid (defaults in cmd_compare.cpp)
    std::vector<int> fds, active;
    int iterations { 30 };
    int repetitions { 5 };
    uint64_t seed { 1 };
    double tolerance { 0.25 };
    int64_t live_requests { 0 };           // 0: the scenario's request count
    std::string sim_trace_out, live_trace_out;
};
int cmd_compare(const CompareArgs& args);
// OSTEP process-run.py compatibility: args are everything after "process-run", unparsed.
int cmd_process_run(const std::vector<std::string>& args);

// Shared: load a scenario by path or id, printing FILE:LINE:COL errors. Exit code 2 on failure.
struct Scenario;
bool load_or_report(const std::string& path_or_id, Scenario& out);

} // namespace ioscope
