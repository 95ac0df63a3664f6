// range_stats.cpp — see the header. One pass over the records of the range plus binary searches
// into the model's span lists: cost follows the size of the range, not of the trace.
#include "range_stats.h"

#include <algorithm>
#include <bit>
#include <map>
#include <unordered_map>

namespace ioscope::gui {

using ioscope::Kind;

void Log2Histogram::add(int64_t v) {
    const int k = v <= 1 ? 0 : int(std::bit_width(uint64_t(v))) - 1;
    if (counts.empty()) { first = k; counts.push_back(0); }
    if (k < first) { counts.insert(counts.begin(), size_t(first - k), 0); first = k; }
    if (size_t(k - first) >= counts.size()) counts.resize(size_t(k - first) + 1, 0);
    ++counts[size_t(k - first)];
}

uint64_t Log2Histogram::total() const {
    uint64_t s = 0;
    for (uint64_t c : counts) s += c;
    return s;
}

namespace {

template <class SpanT>
auto first_ending_after(const std::vector<SpanT>& v, int64_t t) {
    // Spans are sorted and non-overlapping, so their ends are sorted too.
    return std::partition_point(v.begin(), v.end(), [t](const SpanT& s) { return s.t1 <= t; });
}

} // namespace

RangeStats compute_range_stats(const ioscope::Trace& trace, const TimelineModel& model, int64_t t0, int64_t t1) {
    RangeStats st;
    if (t1 < t0) std::swap(t0, t1);
    st.t0 = t0;
    st.t1 = t1;
    const size_t i0 = trace.lower_bound_time(t0), i1 = trace.lower_bound_time(t1);
    st.records = i1 - i0;

    // System calls: spans of every task starting in the range.
    std::map<uint32_t, SyscallStat> by_name;
    for (const TaskLaneData& task : model.tasks) {
        auto it = std::lower_bound(task.syscalls.begin(), task.syscalls.end(), t0,
                                   [](const Span& s, int64_t t) { return s.t0 < t; });
        for (; it != task.syscalls.end() && it->t0 < t1; ++it) {
            SyscallStat& s = by_name[it->label];
            s.name = std::string(trace.str(it->label));
            ++s.count;
            s.total_ns += it->t1 - it->t0;
            s.max_ns = std::max(s.max_ns, it->t1 - it->t0);
        }
    }
    for (auto& [id, s] : by_name) st.syscalls.push_back(std::move(s));
    std::sort(st.syscalls.begin(), st.syscalls.end(), [](const SyscallStat& a, const SyscallStat& b) {
        return a.count != b.count ? a.count > b.count : a.name < b.name;
    });

    // CPU time by mode: overlap of the mode spans; what no span covers is idle.
    for (const CpuLaneData& c : model.cpus) {
        CpuModeTime m;
        m.cpu = c.cpu;
        int64_t busy = 0;
        for (auto it = first_ending_after(c.mode, t0); it != c.mode.end() && it->t0 < t1; ++it) {
            const int64_t d = std::min(it->t1, t1) - std::max(it->t0, t0);
            if (d <= 0 || it->value >= m.ns.size()) continue;
            m.ns[it->value] += d;
            busy += d;
        }
        m.ns[0] += std::max<int64_t>(0, (t1 - t0) - busy);
        st.cpu.push_back(m);
    }

    // Records: switches, wakeups, request markers.
    std::unordered_map<int64_t, int64_t> started;
    for (size_t i = i0; i < i1; ++i) {
        const ioscope::Record& r = trace.records[i];
        switch (r.kind) {
        case Kind::ContextSwitch: ++st.switches; if (r.c == 1) ++st.preempted; break;
        case Kind::Wakeup: ++st.wakeups; break;
        case Kind::Marker:
            if (r.b == int64_t(ioscope::MarkerType::RequestStart)) started[r.a] = r.t;
            else if (r.b == int64_t(ioscope::MarkerType::RequestEnd)) {
                if (auto it = started.find(r.a); it != started.end()) {
                    st.requests.push_back(r.t - it->second);
                    st.request_hist.add(r.t - it->second);
                    started.erase(it);
                }
            }
            break;
        default: break;
        }
    }

    // Wakeup latency: the flows (try_to_wake_up -> wakee on a CPU) issued in the range.
    auto f = std::lower_bound(model.flows.begin(), model.flows.end(), t0, [](const Flow& fl, int64_t t) { return fl.t0 < t; });
    for (; f != model.flows.end() && f->t0 < t1; ++f) {
        const int64_t d = f->t1 - f->t0;
        st.wake_latency_sum += d;
        st.wake_latency_max = std::max(st.wake_latency_max, d);
        ++st.wake_latency_n;
    }
    return st;
}

} // namespace ioscope::gui
