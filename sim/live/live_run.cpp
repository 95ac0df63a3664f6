#include "live_run.h"

#include "clock.h"
#include "loadgen.h"
#include "recorder.h"
#include "rlimit.h"
#include "server.h"
#include "thread_rec.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sys/select.h>
#include <thread>
#include <unistd.h>

namespace ioscope::live {

namespace {

constexpr int kSpareFds = 64;

int64_t percentile(std::vector<int64_t>& v, double p) {      // nearest rank, like the simulator
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t rank = size_t(std::max(1.0, std::ceil(p / 100.0 * double(v.size()))));
    return v[std::min(rank, v.size()) - 1];
}

nlohmann::ordered_json make_summary(const LiveOptions& o, const LiveResult& r, const LoadResult& load,
                                    const LiveServer& server, const Recording& rec, int64_t run_ns, int64_t wall_ns) {
    nlohmann::ordered_json j;
    j["scenario"] = "live:" + o.mechanism;
    j["source"] = "live";
    j["mechanism"] = o.mechanism;
    j["conns"] = o.conns;
    j["active"] = o.active;
    j["requests"] = o.requests;
    j["request_bytes"] = o.req_bytes;
    j["response_bytes"] = o.resp_bytes;
    j["recording"] = o.record;
    j["run_ns"] = run_ns;
    j["wall_ns"] = wall_ns;
    j["records"] = r.trace.size();
    j["records_dropped"] = rec.dropped();
    j["finished"] = r.finished;
    j["timed_out"] = r.timed_out;
    j["interrupted"] = r.interrupted;

    nlohmann::ordered_json m;
    static const char* const names[] = {
        "socket", "setsockopt", "bind", "listen", "getsockname", "accept4", "recvfrom", "sendto", "shutdown", "close",
        "pselect6", "poll", "epoll_create1", "epoll_ctl", "epoll_wait", "eventfd2", "read"};
    std::map<std::string, uint64_t> calls;
    uint64_t vol = 0, invol = 0, eagain = 0, eintr = 0, errs = 0, blocked = 0, waits = 0, ready = 0;
    int64_t user = 0, sys = 0;
    nlohmann::ordered_json threads = nlohmann::ordered_json::array();
    for (const ThreadStats& t : rec.thread_stats()) {
        for (size_t i = 0; i < std::size(names); ++i) if (t.calls[i]) calls[names[i]] += t.calls[i];
        vol += t.nvcsw;
        invol += t.nivcsw;
        eagain += t.eagain;
        eintr += t.eintr;
        errs += t.other_errors;
        blocked += t.blocked;
        waits += t.wait_calls;
        ready += t.ready_reported;
        user += t.user_ns;
        sys += t.sys_ns;
        threads.push_back({{"tid", t.tid}, {"comm", t.comm}, {"user_ns", t.user_ns}, {"kernel_ns", t.sys_ns},
                           {"voluntary_switches", t.nvcsw}, {"involuntary_switches", t.nivcsw}});
    }
    nlohmann::ordered_json sc(nlohmann::ordered_json::object());
    for (auto& [k, v] : calls) sc[k] = v;
    m["syscalls"] = sc;
    m["context_switches"] = vol + invol;
    m["context_switches_voluntary"] = vol;
    m["context_switches_involuntary"] = invol;
    m["calls_that_slept"] = blocked;
    m["syscalls_returning_eagain"] = eagain;
    m["syscalls_returning_eintr"] = eintr;
    m["syscalls_failed_other"] = errs;
    m["wait_calls"] = waits;
    m["ready_per_wait_call"] = waits ? double(ready) / double(waits) : 0.0;
    m["cpu_time_ns"] = {{"user", user}, {"kernel", sys}};
    m["threads"] = threads;
    m["threads_peak"] = server.counters().threads_peak.load();
    std::vector<int64_t> lat = load.latencies_ns;
    m["requests_completed"] = load.completed;
    m["latency_ns"] = {{"p50", percentile(lat, 50)}, {"p99", percentile(lat, 99)},
                       {"max", lat.empty() ? 0 : *std::max_element(lat.begin(), lat.end())}, {"samples", lat.size()}};
    const ServerCounters& c = server.counters();
    m["server"] = {{"accepted", c.accepted.load()}, {"closed", c.closed.load()}, {"requests", c.requests.load()},
                   {"resets", c.resets.load()}, {"partial_requests_at_eof", c.partial_at_eof.load()},
                   {"refused_fd_setsize", c.refused_fd_setsize.load()}};
    j["metrics"] = m;
    nlohmann::ordered_json errors = nlohmann::ordered_json::array();
    if (!load.error.empty()) errors.push_back(load.error);
    for (auto& e : server.errors()) errors.push_back(e);
    j["errors"] = errors;
    return j;
}

} // namespace

bool validate_live_options(const LiveOptions& o, std::string* error) {
    auto bad = [&](std::string m) { if (error) *error = std::move(m); return false; };
    if (!is_server_mechanism(o.mechanism))
        return bad("--mechanism: unknown mechanism '" + o.mechanism + "' (" + kServerMechanisms + ")");
    if (o.conns < 1 || o.conns > 100000) return bad("--conns: " + std::to_string(o.conns) + " is out of range 1..100000");
    if (o.active < 1 || o.active > o.conns)
        return bad("--active: " + std::to_string(o.active) + " must be between 1 and --conns (" + std::to_string(o.conns) + ")");
    if (o.requests < 0) return bad("--requests: must be >= 0");
    if (o.duration_ns < 0) return bad("--duration: must be positive");
    if (o.requests == 0 && o.duration_ns == 0) return bad("--requests 0 runs until --duration ends: give a --duration");
    if (o.req_bytes < 1 || o.req_bytes > (1 << 20)) return bad("--request-bytes: out of range 1..1048576");
    if (o.resp_bytes < 1 || o.resp_bytes > (1 << 20)) return bad("--response-bytes: out of range 1..1048576");
    // Both ends of every connection live in this process.
    long need = long(count_open_fds()) + 2L * o.conns + kSpareFds;
    if (o.mechanism == "select" && need - kSpareFds + 8 > FD_SETSIZE)
        return bad("select: " + std::to_string(o.conns) + " connections need descriptors up to about " +
                   std::to_string(need - kSpareFds + 8) + " (client and server ends live in this process), beyond glibc's " +
                   std::to_string(FD_SETSIZE) + "-bit fd_set (FD_SETSIZE); use poll or epoll, or fewer connections");
    std::string err;
    if (!ensure_nofile(need, &err)) return bad(err);
    return true;
}

LiveResult run_live(const LiveOptions& o) {
    LiveResult res;
    if (!validate_live_options(o, &res.error)) return res;
    const int64_t wall0 = mono_ns();
    Recording rec(o.record, o.max_records_per_thread);
    rec.meta.scenario = "live-" + o.mechanism;
    rec.meta.title = "Live run: " + o.mechanism + " server, " + std::to_string(o.conns) + " connections, " +
                     std::to_string(o.active) + " active (127.0.0.1)";
    rec.meta.title_zh = "实时运行：" + o.mechanism + " 服务器，" + std::to_string(o.conns) + " 个连接，" +
                        std::to_string(o.active) + " 个活跃（127.0.0.1）";
    rec.meta.cpus = uint32_t(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
    rec.meta.hz = uint32_t(sysconf(_SC_CLK_TCK));
    const uint32_t main_tid = current_tid();

    ServerConfig cfg;
    cfg.mechanism = o.mechanism;
    cfg.req_bytes = o.req_bytes;
    cfg.resp_bytes = o.resp_bytes;
    cfg.backlog = std::max(128, o.conns);
    LiveServer server(rec, cfg, main_tid);
    LoadResult load;
    if (!server.start(&res.error)) {
        res.error = "the server did not start: " + res.error;
        server.stop();
        return res;
    }
    LoadSpec spec;
    spec.conns = o.conns;
    spec.active = o.active;
    spec.requests = o.requests;
    spec.req_bytes = o.req_bytes;
    spec.resp_bytes = o.resp_bytes;
    const int64_t deadline = o.duration_ns > 0 ? mono_ns() + o.duration_ns : 0;
    std::thread client([&] { load = run_load(rec, main_tid, server.port(), spec, deadline, o.stop_fd); });
    client.join();
    server.stop();
    const int64_t end = mono_ns();
    res.ok = true;
    res.finished = load.finished;
    res.timed_out = load.deadline;
    res.interrupted = load.stopped;
    res.trace = rec.merge(end);
    res.summary = make_summary(o, res, load, server, rec, end - rec.t0(), end - wall0);
    if (!load.error.empty() && !load.finished) {
        res.ok = false;
        res.error = load.error;
    }
    return res;
}

} // namespace ioscope::live
