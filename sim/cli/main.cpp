// main.cpp — ioscope-cli: the headless front end (docs/ARCHITECTURE.md §4). Command names and
// JSON keys are a contract with tests, benchmarks and scripts: extend, don't rename.
#include "commands.h"

#include <CLI/CLI.hpp>
#include <iostream>

using namespace ioscope;

int main(int argc, char** argv) {
    // process-run takes OSTEP's optparse-style flags (-l3:0, --proc=..., -cp), which CLI11 would
    // reinterpret: hand it the raw arguments before CLI11 sees them.
    if (argc >= 2 && std::string(argv[1]) == "process-run")
        return cmd_process_run(std::vector<std::string>(argv + 2, argv + argc));

    CLI::App app{"ioscope-cli — simulate Linux kernel I/O and record it as a trace"};
    app.set_version_flag("--version", std::string("ioscope ") + IOSCOPE_VERSION);
    app.require_subcommand(1);

    auto* list = app.add_subcommand("list", "List the bundled scenarios (id and title)");

    std::string validate_file;
    auto* validate = app.add_subcommand("validate", "Check a scenario file; print FILE:LINE:COL: errors");
    validate->add_option("FILE", validate_file, "scenario file (.toml) or bundled id")->required();

    RunArgs run_args;
    auto* run = app.add_subcommand("run", "Simulate a scenario");
    run->add_option("SCENARIO", run_args.scenario, "scenario file or bundled id")->required();
    run->add_option("--seed", run_args.seed, "random seed (default: the scenario's)");
    run->add_option("--until", run_args.until, "simulated time to stop at, e.g. 5ms (default: the scenario's duration)");
    run->add_option("--clients", run_args.clients, "number of clients (default: the scenario's [clients] count), e.g. 10, 100, 1000");
    run->add_option("--trace", run_args.trace_out, "write the trace to this file");
    auto* run_format = run->add_option("--format", run_args.format, "trace format of --trace: jsonl (lossless, re-loadable) or chrome (Perfetto)")
        ->check(CLI::IsMember({"jsonl", "chrome"}));
    run->add_flag("--summary-json", run_args.summary_json, "print the run summary as one JSON object");

    SweepArgs sweep_args;
    auto* sweep = app.add_subcommand("sweep", "Per-call cost of select/poll/epoll vs watched and active fds");
    sweep->add_flag("--live", sweep_args.live, "measure real select/poll/epoll_wait calls on socket pairs (docs/LIVE.md)");
    sweep->add_option("--mechanisms", sweep_args.mechanisms, "select,poll,epoll-lt,epoll-et")->delimiter(',');
    sweep->add_option("--fds", sweep_args.fds, "watched fds, e.g. 10,100,1000,10000")->delimiter(',');
    sweep->add_option("--active", sweep_args.active, "ready fds per call, e.g. 1,10,100")->delimiter(',');
    sweep->add_option("--iterations", sweep_args.iterations, "timed calls per point (default 30)")->check(CLI::Range(1, 100000));
    sweep->add_option("--calibrate", sweep_args.calibrate_out, "--live: fit the cost model to the medians, write a [machine.costs] profile to FILE");
    sweep->add_option("--repetitions", sweep_args.repetitions, "--live: repetitions per point, for the noise figures (default 5)")->check(CLI::Range(1, 1000));
    sweep->add_option("--costs", sweep_args.costs, "simulated: charge this [machine.costs] profile (e.g. from --calibrate) instead of the defaults");
    sweep->add_option("--writer", sweep_args.writer, "simulated: who writes the K bytes: self (default), other-task (a forked writer process on "
                                                      "the same CPU, as the live sweep's writer-process) or other-cpu (that writer on a second CPU); "
                                                      "live's JSON 'writer' values are accepted");
    sweep->add_option("--seed", sweep_args.seed, "random seed for the active fds");
    sweep->add_flag("--json", sweep_args.json, "print results as JSON");

    ImportStraceArgs strace_args;
    auto* import_strace = app.add_subcommand("import-strace", "Import a real server's `strace -f -ttt -T [-yy]` log as a trace (docs/STRACE.md)");
    import_strace->add_option("FILE", strace_args.file, "strace output (strace -o FILE)")->required();
    import_strace->add_option("--trace", strace_args.trace_out, "write the trace to this file");
    import_strace->add_option("--format", strace_args.format, "trace format: jsonl (opens in the GUI) or chrome (Perfetto)")
        ->check(CLI::IsMember({"jsonl", "chrome"}));
    import_strace->add_option("--pid", strace_args.pid, "pid of lines without a pid prefix (default: FILE's .PID suffix, else 1)");
    import_strace->add_option("--min-wait", strace_args.min_wait, "a call that can sleep counts as Waiting from this duration (default 200us)");
    import_strace->add_flag("--keep-going", strace_args.keep_going, "skip bad lines with a warning instead of failing");
    import_strace->add_flag("--summary-json", strace_args.summary_json, "print the import summary as one JSON object");

    LiveArgs live_args;
    auto* live = app.add_subcommand("live", "Run a real server design on 127.0.0.1 under load and record it as a trace (docs/LIVE.md)");
    live->add_option("--mechanism", live_args.mechanism, "blocking, threads, select, poll, epoll-lt, epoll-et")->required();
    live->add_option("--conns", live_args.conns, "connections (default 10)");
    live->add_option("--active", live_args.active, "connections with a request outstanding at once (default 1)");
    live->add_option("--requests", live_args.requests, "requests in total (default 1000; 0 = until --duration)");
    live->add_option("--duration", live_args.duration, "stop after this long, e.g. 2s (default: no limit)");
    live->add_option("--request-bytes", live_args.request_bytes, "request size (default 64)");
    live->add_option("--response-bytes", live_args.response_bytes, "response size (default 64)");
    live->add_option("--trace", live_args.trace_out, "write the trace to this file (opens in the GUI)");
    live->add_option("--format", live_args.format, "trace format: jsonl or chrome")->check(CLI::IsMember({"jsonl", "chrome"}));
    live->add_flag("--json", live_args.json, "print the run summary as one JSON object");
    live->add_flag("--no-record", live_args.no_record, "do not record (counters only)");

    CompareArgs cmp_args;
    auto* cmp = app.add_subcommand("compare", "Simulated vs live: A.jsonl B.jsonl, --scenario S --live, or --sweep (docs/LIVE.md)");
    cmp->add_option("TRACES", cmp_args.traces, "two trace files (.jsonl): per-syscall and per-request comparison, ratio = first / second");
    cmp->add_option("--scenario", cmp_args.scenario, "scenario whose server design is run simulated and live (needs --live)");
    cmp->add_flag("--live", cmp_args.live, "with --scenario: run the same design on real loopback sockets");
    cmp->add_flag("--sweep", cmp_args.sweep, "per (mechanism, fds, active) cell: sim default, sim calibrated, live, with a +-tolerance verdict");
    cmp->add_option("--profile", cmp_args.profile_out, "write the fitted [machine.costs] profile to this file");
    cmp->add_option("--costs", cmp_args.costs, "use this [machine.costs] profile as the calibrated model instead of fitting one");
    cmp->add_option("--mechanisms", cmp_args.mechanisms, "--sweep: select,poll,epoll-lt,epoll-et")->delimiter(',');
    cmp->add_option("--fds", cmp_args.fds, "--sweep: watched fds (default 100,1000,10000)")->delimiter(',');
    cmp->add_option("--active", cmp_args.active, "--sweep: ready fds per call (default 1,100)")->delimiter(',');
    cmp->add_option("--iterations", cmp_args.iterations, "timed calls per sweep point (default 30)")->check(CLI::Range(1, 100000));
    cmp->add_option("--repetitions", cmp_args.repetitions, "live repetitions per sweep point (default 5)")->check(CLI::Range(1, 1000));
    cmp->add_option("--tolerance", cmp_args.tolerance, "--sweep: acceptance band around live (default 0.25 = +-25 %)")->check(CLI::Range(0.0, 10.0));
    cmp->add_option("--live-requests", cmp_args.live_requests, "--scenario: requests in the live run (default: the scenario's)")->check(CLI::Range(int64_t(1), int64_t(100000000)));
    cmp->add_option("--sim-trace", cmp_args.sim_trace_out, "--scenario: write the calibrated simulation's trace here");
    cmp->add_option("--live-trace", cmp_args.live_trace_out, "--scenario: write the live run's trace here");
    cmp->add_option("--seed", cmp_args.seed, "random seed for the sweeps' active fds");
    cmp->add_flag("--json", cmp_args.json, "print results as JSON");

    BenchArgs bench_args;
    auto* bench = app.add_subcommand("bench", "Benchmarks behind the performance goals");
    bench->add_option("WHAT", bench_args.what, "sim (the simulator and the trace), live (recording overhead of a live epoll loop), gui (runs ioscope --bench: frame build without a window or GPU)")->check(CLI::IsMember({"sim", "live", "gui"}));
    bench->add_flag("--json", bench_args.json, "print results as JSON");
    bench->add_option("--clients", bench_args.clients, "clients in the throughput run (default 1000)");
    bench->add_option("--seek-records", bench_args.seek_records, "size of the trace for the seek benchmark (default 5000000)");
    bench->add_flag("--window", bench_args.window, "gui: build and draw frames in a real window (needs a display) and measure idle CPU");

    // Registered only so that --help lists it; it is dispatched above.
    app.add_subcommand("process-run", "OSTEP cpu-intro/process-run.py, same flags and output (-h for its help)")
        ->prefix_command()
        ->set_help_flag();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    if (*list) return cmd_list();
    if (*validate) return cmd_validate(validate_file);
    if (*run) {
        run_args.format_given = run_format->count() > 0;
        return cmd_run(run_args);
    }
    if (*bench && bench_args.what == "live") return cmd_bench_live(bench_args);
    if (*bench && bench_args.what == "gui") return cmd_bench_gui(bench_args);
    if (*bench) return cmd_bench(bench_args);
    if (*sweep) return cmd_sweep(sweep_args);
    if (*live) return cmd_live(live_args);
    if (*import_strace) return cmd_import_strace(strace_args);
    if (*cmp) return cmd_compare(cmp_args);
    return 2;
}
