// process_run.h — OSTEP's cpu-intro/process-run.py, reimplemented: same flags (parsed the way
// Python's optparse parses them), same random workloads for a given seed, same tick semantics,
// and the same text, byte for byte. `ioscope-cli process-run` is a thin wrapper around
// run_process_run(); the pieces below are exposed so a scenario can animate the same model.
//
// The model, as the original defines it:
//  - A process is a list of instructions: `cpu` (one tick of CPU), or `io` followed by `io_done`
//    (issuing an I/O takes one tick of CPU; the completion is handled by one more tick of CPU).
//  - Each tick the simulator first delivers I/O completions (the row is marked with `*`), then
//    the current process, if RUNNING, executes one instruction, then the row is printed.
//  - An I/O issued at tick t completes at tick t + io_length + 1: it is "in flight" (the IOs
//    column) during ticks t+1 .. t+io_length, and the process then needs its extra `io_done`
//    tick on the CPU before it can be DONE — which is why a lone `-l 1:0 -L 5` takes 7 ticks.
//  - SWITCH_ON_IO switches to the next READY process (round-robin from the current pid) when the
//    current one issues an I/O or finishes; SWITCH_ON_END only when it finishes.
//  - IO_RUN_IMMEDIATE preempts the running process in favour of the one whose I/O completed;
//    IO_RUN_LATER leaves it READY until its turn (or runs it at once if nothing else can run).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ioscope::ostep {

class PythonRandom;

enum class Instr : uint8_t { Cpu, Io, IoDone };
enum class ProcState : uint8_t { Ready, Running, Blocked, Done };
const char* instr_name(Instr i);          // "cpu", "io", "io_done"
const char* state_name(ProcState s);      // "READY", "RUNNING", "BLOCKED", "DONE"

// What the program prints and the exit status it ends with.
struct Outcome {
    int exit_code = 0;
    std::string out;   // stdout
    std::string err;   // stderr
};

struct ProcessRunOptions {
    std::vector<uint32_t> seed_words{0};        // |-s| as 32-bit words, least significant first
    std::string program;                        // -P, e.g. "c7,i,c1:i"
    std::string process_list;                   // -l, e.g. "3:0,5:100"
    int64_t io_length = 5;                      // -L
    std::string switch_behavior = "SWITCH_ON_IO";     // -S
    std::string io_done_behavior = "IO_RUN_LATER";    // -I
    bool solve = false;                         // -c
    bool print_stats = false;                   // -p
};

// Parses argv (without the program/subcommand name) as the original's optparse parser would:
// short clusters (-cp, -l3:0), long options and unique prefixes (--proc=3:0), `--`, ignored
// positionals. On -h, or on an error, returns the Outcome to finish with (help: exit 0 on
// stdout; errors: the optparse usage + "process-run.py: error: ..." on stderr, exit 2).
std::variant<ProcessRunOptions, Outcome> parse_process_run_args(const std::vector<std::string>& args);

using Program = std::vector<Instr>;

// Builds the processes from -P (if given) or -l, drawing random() once per -l instruction.
// On a bad description returns the Outcome the original ends with.
std::variant<std::vector<Program>, Outcome> load_workload(const ProcessRunOptions& o, PythonRandom& rng);

// One printed row of the -c trace.
struct TickRow {
    int64_t tick = 0;
    bool io_done = false;                 // an I/O completed at this tick (the `*`)
    std::vector<ProcState> states;        // after completions and scheduling, before the row
    std::optional<std::pair<size_t, Instr>> executed;   // (pid, instruction) run this tick
    int64_t ios_in_flight = 0;
};

struct Schedule {
    std::vector<TickRow> rows;
    int64_t cpu_busy = 0, io_busy = 0, total_ticks = 0;
};

// Watches simulate() one step at a time, in the order the original's scheduler takes them, so
// the ostep-process-run scenario can record the same run as a trace (sim/ostep/process_run_trace.h)
// without a second scheduler. Every call happens during tick `tick` (0 = before the first tick).
struct ScheduleObserver {
    virtual ~ScheduleObserver() = default;
    virtual void tick_begin(int64_t tick) { (void)tick; }
    virtual void moved(size_t pid, ProcState from, ProcState to) { (void)pid; (void)from; (void)to; }
    virtual void io_completed(size_t pid) { (void)pid; }           // before its BLOCKED -> READY
    virtual void executed(size_t pid, Instr i) { (void)pid; (void)i; }
    virtual void row(const TickRow& r) { (void)r; }                // the printed row is complete
    virtual void io_issued(size_t pid, int64_t done_tick) { (void)pid; (void)done_tick; }   // before RUNNING -> BLOCKED
};

Schedule simulate(const std::vector<Program>& procs, bool switch_on_end, bool io_run_immediate,
                  int64_t io_length, ScheduleObserver* observer = nullptr);

// The whole program: parse, seed, load, print the question (or, with -c, the answer).
Outcome run_process_run(const std::vector<std::string>& args);

} // namespace ioscope::ostep
