// run_ostep.cpp — see run_ostep.h. The workload is built exactly as `ioscope-cli process-run`
// builds it (load_workload with CPython's random seeded by -s), so `run ostep-process-run
// --seed S` and `process-run -s S` with the scenario's flags describe the same run.
#include "run_ostep.h"

#include "sim/ostep/process_run_trace.h"
#include "sim/ostep/python_random.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

namespace ioscope {

namespace {

// The same keys as sim/app/run.cpp's summary; what process-run does not model (network, memory,
// system calls) is zero. CPU time and switches are read back from the records just written.
std::string summarize(const Scenario& sc, uint64_t seed, const Trace& tr, const ostep::Schedule& s,
                      int64_t tick_ns, int64_t end_ns, int64_t wall_ns) {
    uint64_t switches = 0, wakeups = 0;
    int64_t user = 0;
    for (const Record& r : tr.records) {
        if (r.kind == Kind::ContextSwitch) ++switches;
        if (r.kind == Kind::Wakeup) ++wakeups;
        if (r.kind == Kind::UserStep) user += r.a;
    }
    nlohmann::ordered_json j;
    j["scenario"] = sc.id;
    if (!sc.variant.empty()) j["variant"] = sc.variant;
    j["seed"] = seed;
    j["sim_time_ns"] = end_ns;
    j["records"] = tr.size();
    j["wall_ns"] = wall_ns;
    nlohmann::ordered_json m;
    m["syscalls"] = nlohmann::ordered_json::object();
    m["context_switches"] = switches;
    m["wakeups"] = wakeups;
    for (const char* k : { "spurious_wakeups", "fds_scanned", "wait_queue_adds", "bytes_copied_from_user", "bytes_copied_to_user" })
        m[k] = 0;
    user = std::min(user, end_ns);
    m["cpu_busy_ns"] = nlohmann::ordered_json::array({ { { "cpu", 0 }, { "user", user }, { "kernel", 0 }, { "irq", 0 },
                                                         { "softirq", 0 }, { "idle", end_ns - user },
                                                         { "context_switches", switches } } });
    m["requests_completed"] = 0;
    m["latency_ns"] = { { "p50", 0 }, { "p99", 0 }, { "max", 0 }, { "samples", 0 } };
    m["syscalls_returning_eagain"] = 0;
    size_t procs = s.rows.empty() ? 0 : s.rows.front().states.size();
    m["threads_peak"] = procs;
    m["memory_bytes"] = 0;
    m["memory"] = { { "pcbs", 0 }, { "kernel_stacks", 0 }, { "user_stacks", 0 }, { "address_spaces", 0 }, { "socket_buffers", 0 } };
    m["cpu_share_switching"] = 0.0;
    for (const char* k : { "packets_rx", "packets_tx", "packets_dropped", "killed_by_signal" }) m[k] = 0;
    // process-run -p's three figures, in ticks (Total Time, CPU Busy, IO Busy).
    m["ostep"] = { { "processes", procs }, { "tick_ns", tick_ns }, { "total_ticks", s.total_ticks },
                   { "cpu_busy_ticks", s.cpu_busy }, { "io_busy_ticks", s.io_busy } };
    j["metrics"] = m;
    j["crashed"] = false;
    return j.dump();
}

} // namespace

RunResult run_ostep_scenario(const Scenario& sc, const RunOptions& opts) {
    RunResult res;
    res.trace = std::make_unique<Trace>();
    Trace& tr = *res.trace;
    const uint64_t seed = opts.seed.value_or(sc.seed);
    const OstepSpec& o = sc.ostep;
    auto wall0 = std::chrono::steady_clock::now();

    ostep::ProcessRunOptions pr;
    pr.seed_words = { uint32_t(seed), uint32_t(seed >> 32) };      // |seed| as 32-bit words
    if (pr.seed_words.back() == 0) pr.seed_words.pop_back();
    pr.process_list = o.process_list;
    pr.program = o.program;
    pr.io_length = o.io_length;
    ostep::PythonRandom rng;
    rng.seed(pr.seed_words);

    ostep::ProcessRunTraceSpec spec;
    auto loaded = ostep::load_workload(pr, rng);
    if (auto* procs = std::get_if<std::vector<ostep::Program>>(&loaded)) spec.procs = std::move(*procs);
    // (The loader accepts only lists load_workload accepts; an empty workload records nothing.)
    spec.switch_on_end = o.switch_on_end;
    spec.io_run_immediate = o.io_run_immediate;
    spec.io_length = o.io_length;
    spec.tick_ns = o.tick.ns;
    spec.until_ns = opts.until.value_or(sc.duration).ns;
    for (const NarrationNote& n : sc.narration) spec.notes.push_back({ n.at.ns, n.text.en, n.text.zh });
    ostep::Schedule s = ostep::record_process_run(spec, tr);

    name_trace(sc, tr);
    tr.meta.source = "sim";
    tr.meta.seed = seed;
    tr.meta.cpus = 1;
    tr.meta.hz = sc.machine.hz;
    const int64_t end_ns = std::min(s.total_ticks * spec.tick_ns, spec.until_ns);
    tr.meta.end_ns = std::max(end_ns, tr.records.empty() ? int64_t(0) : tr.records.back().t);

    res.wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - wall0).count();
    res.summary_json = summarize(sc, seed, tr, s, spec.tick_ns, tr.meta.end_ns, res.wall_ns);
    return res;
}

} // namespace ioscope
