// run.cpp — scenario -> kernel + programs + workload -> trace + summary.
#include "run.h"
#include "run_ostep.h"

#include "sim/kernel/kernel.h"
#include "sim/programs/workload.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

namespace ioscope {

namespace {

struct NarrationEvent { Kernel* k; const NarrationNote* note; };

int64_t percentile(std::vector<int64_t> v, int p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    // nearest-rank: the smallest value with at least p% of samples at or below it
    size_t rank = (size_t(p) * v.size() + 99) / 100;
    if (rank == 0) rank = 1;
    return v[std::min(rank, v.size()) - 1];
}

std::string summarize(const Scenario& sc, uint64_t seed, Kernel& k, const Trace& trace, int64_t wall_ns) {
    nlohmann::ordered_json j;
    const Metrics& m = k.metrics();
    j["scenario"] = sc.id;
    if (!sc.variant.empty()) j["variant"] = sc.variant;
    j["seed"] = seed;
    j["sim_time_ns"] = k.end_time().ns;
    j["records"] = k.records_emitted();
    j["wall_ns"] = wall_ns;
    nlohmann::ordered_json mj;
    nlohmann::ordered_json sc_counts = nlohmann::ordered_json::object();
    std::map<std::string, uint64_t> by_name;                       // sorted by name: stable output
    for (auto& [id, n] : m.syscall_counts) by_name[std::string(trace.str(id))] += n;
    for (auto& [name, n] : by_name) sc_counts[name] = n;
    mj["syscalls"] = sc_counts;
    mj["context_switches"] = m.context_switches;
    mj["wakeups"] = m.wakeups;
    mj["spurious_wakeups"] = m.spurious_wakeups;
    mj["fds_scanned"] = m.fds_scanned;
    mj["wait_queue_adds"] = m.wait_queue_adds;
    mj["bytes_copied_from_user"] = m.bytes_copied_from_user;
    mj["bytes_copied_to_user"] = m.bytes_copied_to_user;
    nlohmann::ordered_json cpus = nlohmann::ordered_json::array();
    for (const Cpu& c : k.cpus()) {
        nlohmann::ordered_json cj;
        cj["cpu"] = c.id;
        cj["user"] = c.busy_ns[int(CpuMode::User)];
        cj["kernel"] = c.busy_ns[int(CpuMode::Kernel)];
        cj["irq"] = c.busy_ns[int(CpuMode::Irq)];
        cj["softirq"] = c.busy_ns[int(CpuMode::Softirq)];
        cj["idle"] = c.busy_ns[int(CpuMode::Idle)];
        cj["context_switches"] = c.nr_switches;
        cpus.push_back(cj);
    }
    mj["cpu_busy_ns"] = cpus;
    mj["requests_completed"] = m.requests_completed;
    nlohmann::ordered_json lat;
    lat["p50"] = percentile(m.latencies_ns, 50);
    lat["p99"] = percentile(m.latencies_ns, 99);
    lat["max"] = m.latencies_ns.empty() ? 0 : *std::max_element(m.latencies_ns.begin(), m.latencies_ns.end());
    lat["samples"] = m.latencies_ns.size();
    mj["latency_ns"] = lat;
    mj["syscalls_returning_eagain"] = m.syscalls_returning_eagain;
    mj["threads_peak"] = m.threads_peak;
    mj["memory_bytes"] = m.memory_peak.total();
    mj["memory"] = {{"pcbs", m.memory_peak.pcbs}, {"kernel_stacks", m.memory_peak.kernel_stacks},
                    {"user_stacks", m.memory_peak.user_stacks}, {"address_spaces", m.memory_peak.address_spaces},
                    {"socket_buffers", m.memory_peak.socket_buffers}};
    int64_t busy = 0, switching = 0;
    for (const Cpu& c : k.cpus()) {
        switching += c.switching_ns;
        busy += c.busy_ns[int(CpuMode::User)] + c.busy_ns[int(CpuMode::Kernel)] + c.busy_ns[int(CpuMode::Softirq)] + c.busy_ns[int(CpuMode::Irq)];
    }
    // Share of busy CPU time spent inside context switches, rounded to 1e-4.
    mj["cpu_share_switching"] = busy ? double(switching * 10000 / busy) / 10000.0 : 0.0;
    mj["packets_rx"] = m.packets_rx;
    mj["packets_tx"] = m.packets_tx;
    mj["packets_dropped"] = m.packets_dropped;
    mj["killed_by_signal"] = m.killed_by_signal;
    // Who accepted the connections: "comm[tid]" -> count (accept4 and io_uring accepts), in tid order.
    nlohmann::ordered_json accepts = nlohmann::ordered_json::object();
    for (auto& [tid, n] : m.accepts_by_task) {
        const Task* t = k.task(tid);
        accepts[(t ? t->name : std::string("task")) + "[" + std::to_string(tid) + "]"] = n;
    }
    mj["accepts_by_task"] = accepts;
    mj["connections_reset"] = m.connections_reset;
    j["metrics"] = mj;
    j["crashed"] = k.any_crash();
    return j.dump();
}

} // namespace

void name_trace(const Scenario& sc, Trace& tr) {
    tr.meta.scenario = sc.variant.empty() ? sc.id : sc.id + "@" + sc.variant;
    tr.meta.title = sc.title.en;
    tr.meta.title_zh = sc.title.zh;
    for (const auto& v : sc.variants)
        if (v.id == sc.variant) {
            tr.meta.title += " — " + v.title.en;
            tr.meta.title_zh += " — " + v.title.get(true);
        }
}

RunResult run_scenario(const Scenario& sc, const RunOptions& opts) {
    if (sc.ostep.present) return run_ostep_scenario(sc, opts);     // OSTEP process-run, no kernel model
    RunResult res;
    res.trace = std::make_unique<Trace>();
    Trace& tr = *res.trace;
    uint64_t seed = opts.seed.value_or(sc.seed);
    name_trace(sc, tr);
    tr.meta.source = "sim";
    auto wall0 = std::chrono::steady_clock::now();
    {
        Kernel k(sc.machine, seed, &tr, opts.record);
        for (const ProcessSpec& p : sc.processes) {
            for (uint32_t i = 0; i < p.count; ++i) {
                std::string name = p.count > 1 ? p.name + "-" + std::to_string(i + 1) : p.name;
                k.spawn(name, p.start, make_program(p.model, p.options)).rlimit_nofile = p.nofile;
            }
        }
        std::unique_ptr<Workload> workload;
        if (sc.clients.present) workload = start_workload(k, sc.clients);
        std::vector<NarrationEvent> notes;
        notes.reserve(sc.narration.size());
        for (const NarrationNote& n : sc.narration) notes.push_back({&k, &n});
        for (auto& ne : notes) {
            k.events().schedule(ne.note->at, [](void* p, uint64_t) {
                auto* e = static_cast<NarrationEvent*>(p);
                e->k->narrate(e->note->text.en, e->note->text.zh);
            }, &ne);
        }
        k.run(opts.until.value_or(sc.duration));
        auto wall1 = std::chrono::steady_clock::now();
        res.wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(wall1 - wall0).count();
        res.crashed = k.any_crash();
        res.summary_json = summarize(sc, seed, k, tr, res.wall_ns);
        workload.reset();
    }
    return res;
}

} // namespace ioscope
