#include "trace_stats.h"

#include <algorithm>
#include <unordered_map>

namespace ioscope::compare {

std::string canonical_syscall(std::string_view n) {
    if (n == "pselect6" || n == "_newselect") return "select";
    if (n == "ppoll") return "poll";
    if (n == "epoll_pwait" || n == "epoll_pwait2") return "epoll_wait";
    if (n == "accept") return "accept4";
    if (n == "recv") return "recvfrom";
    if (n == "send") return "sendto";
    return std::string(n);
}

int64_t percentile_sorted(const std::vector<int64_t>& v, int p) {
    if (v.empty()) return 0;
    size_t rank = (size_t(p) * v.size() + 99) / 100;
    if (rank == 0) rank = 1;
    return v[std::min(rank, v.size()) - 1];
}

TraceStats trace_stats(const Trace& tr, const StatsOptions& opts) {
    TraceStats s;
    s.scenario = tr.meta.scenario;
    s.source = tr.meta.source;
    struct Open { uint32_t name { 0 }; int64_t t { 0 }; bool slept { false }; bool open { false }; };
    std::unordered_map<uint32_t, Open> open;                 // per task
    std::unordered_map<uint32_t, bool> excluded;             // per task, from TaskNew
    std::unordered_map<int64_t, int64_t> started;            // request id -> start time
    std::unordered_map<uint32_t, std::string> canon;         // interned name -> canonical
    auto canonical = [&](uint32_t id) -> const std::string& {
        auto it = canon.find(id);
        if (it == canon.end()) it = canon.emplace(id, canonical_syscall(tr.str(id))).first;
        return it->second;
    };
    for (const Record& r : tr.records) {
        switch (r.kind) {
        case Kind::TaskNew: {
            std::string_view comm = tr.str(r.name);
            bool ex = false;
            for (const auto& p : opts.exclude_task_prefixes) ex = ex || (!p.empty() && comm.starts_with(p));
            excluded[r.task] = ex;
            break;
        }
        case Kind::SyscallEnter: {
            if (excluded[r.task]) break;
            Open& o = open[r.task];
            if (o.open) s.unpaired++;                        // the previous call never exited
            o = Open { r.name, r.t, false, true };
            break;
        }
        case Kind::StateChange:
            if (r.a == int64_t(TaskState::Waiting)) {
                auto it = open.find(r.task);
                if (it != open.end() && it->second.open) it->second.slept = true;
            }
            break;
        case Kind::SyscallExit: {
            if (excluded[r.task]) break;
            auto it = open.find(r.task);
            if (it == open.end() || !it->second.open || it->second.name != r.name) { s.unpaired++; break; }
            Open& o = it->second;
            CallStats& c = s.calls[canonical(r.name)];
            c.all_ns.push_back(r.t - o.t);
            if (!o.slept) c.nosleep_ns.push_back(r.t - o.t);
            if (!o.slept && r.a >= 0) c.ok_nosleep_ns.push_back(r.t - o.t);
            c.failed += r.a < 0;
            o.open = false;
            break;
        }
        case Kind::Marker:
            if (r.b == int64_t(MarkerType::RequestStart)) started.emplace(r.a, r.t);
            else if (r.b == int64_t(MarkerType::RequestEnd)) {
                auto it = started.find(r.a);
                if (it != started.end()) s.request_latency_ns[r.a] = r.t - it->second;
            }
            break;
        default:
            break;
        }
    }
    for (auto& [task, o] : open) s.unpaired += o.open;
    for (auto& [name, c] : s.calls) {
        std::sort(c.all_ns.begin(), c.all_ns.end());
        std::sort(c.nosleep_ns.begin(), c.nosleep_ns.end());
        std::sort(c.ok_nosleep_ns.begin(), c.ok_nosleep_ns.end());
    }
    return s;
}

} // namespace ioscope::compare
