#include "compare_model.h"

#include "sim/compare/trace_stats.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace ioscope::gui {

namespace {

struct Req { int64_t start { -1 }, end { -1 }; };

// Spans and requests of one trace; names interned into the shared table.
void load_side(const Trace& tr, CompareSide& side, std::vector<std::string>& names,
               std::map<std::string, int>& name_ids, std::map<int64_t, Req>& reqs) {
    side.label = tr.meta.source.empty() ? "trace" : tr.meta.source;
    side.scenario = tr.meta.scenario;
    side.end_ns = tr.end_ns();
    struct Open { uint32_t name { 0 }; int64_t t { 0 }; bool slept { false }; bool open { false }; };
    std::unordered_map<uint32_t, Open> open;
    std::unordered_map<uint32_t, std::string> comm;
    std::unordered_map<uint32_t, int> lane_of;
    for (const Record& r : tr.records) {
        switch (r.kind) {
        case Kind::TaskNew: comm[r.task] = std::string(tr.str(r.name)); break;
        case Kind::SyscallEnter:
            if (comm[r.task].rfind("client", 0) == 0) break;       // the load, not the server
            open[r.task] = Open { r.name, r.t, false, true };
            break;
        case Kind::StateChange:
            if (r.a == int64_t(TaskState::Waiting))
                if (auto it = open.find(r.task); it != open.end() && it->second.open) it->second.slept = true;
            break;
        case Kind::SyscallExit: {
            auto it = open.find(r.task);
            if (it == open.end() || !it->second.open || it->second.name != r.name) break;
            auto ln = lane_of.find(r.task);
            if (ln == lane_of.end()) {
                ln = lane_of.emplace(r.task, int(side.lanes.size())).first;
                const std::string& c = comm[r.task];
                side.lanes.push_back((c.empty() ? "task" : c) + " " + std::to_string(r.task));
            }
            const std::string n = compare::canonical_syscall(tr.str(r.name));
            auto id = name_ids.find(n);
            if (id == name_ids.end()) {
                id = name_ids.emplace(n, int(names.size())).first;
                names.push_back(n);
            }
            side.spans.push_back(CompareSpan { ln->second, it->second.t, r.t, id->second, it->second.slept });
            it->second.open = false;
            break;
        }
        case Kind::Marker:
            if (r.b == int64_t(MarkerType::RequestStart)) { if (reqs[r.a].start < 0) reqs[r.a].start = r.t; }
            else if (r.b == int64_t(MarkerType::RequestEnd)) reqs[r.a].end = r.t;
            break;
        default: break;
        }
    }
    std::stable_sort(side.spans.begin(), side.spans.end(), [](const CompareSpan& x, const CompareSpan& y) { return x.t0 < y.t0; });
}

} // namespace

int CompareModel::differing() const {
    return int(std::count_if(requests.begin(), requests.end(), [](const RequestPair& p) { return p.differs; }));
}

int64_t CompareModel::axis_end() const {
    return std::max<int64_t>(1, std::max(a.end_ns, b.end_ns + b_offset_ns));
}

CompareModel build_compare_model(const Trace& ta, const Trace& tb, double tolerance) {
    CompareModel m;
    m.tolerance = tolerance;
    std::map<std::string, int> ids;
    std::map<int64_t, Req> ra, rb;
    load_side(ta, m.a, m.names, ids, ra);
    load_side(tb, m.b, m.names, ids, rb);
    for (const auto& [id, x] : ra) {
        if (x.start < 0 || x.end < 0) continue;
        auto it = rb.find(id);
        if (it == rb.end() || it->second.start < 0 || it->second.end < 0) { m.a_only++; continue; }
        RequestPair p { id, x.start, x.end, it->second.start, it->second.end, 0, false };
        const int64_t la = x.end - x.start, lb = it->second.end - it->second.start;
        p.ratio = lb > 0 ? double(la) / double(lb) : 0;
        p.differs = lb <= 0 || p.ratio < 1 - tolerance || p.ratio > 1 + tolerance;
        m.requests.push_back(p);
    }
    for (const auto& [id, x] : rb)
        if (x.start >= 0 && x.end >= 0 && !ra.count(id)) m.b_only++;
    std::sort(m.requests.begin(), m.requests.end(), [](const RequestPair& x, const RequestPair& y) { return x.a_start < y.a_start; });
    if (!m.requests.empty()) m.b_offset_ns = m.requests.front().a_start - m.requests.front().b_start;
    return m;
}

} // namespace ioscope::gui
