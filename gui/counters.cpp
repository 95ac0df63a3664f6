// counters.cpp — see the header.
#include "counters.h"

#include <algorithm>
#include <unordered_map>

namespace ioscope::gui {

using ioscope::Kind;

int64_t CounterSeries::value_at(int64_t time) const {
    auto it = std::upper_bound(t.begin(), t.end(), time);
    return it == t.begin() ? 0 : v[size_t(it - t.begin()) - 1];
}

namespace {

void push(CounterSeries& s, int64_t t, int64_t v) {
    // Several changes at one time keep only the last: the value the instant settles on.
    if (!s.t.empty() && s.t.back() == t) s.v.back() = v;
    else { s.t.push_back(t); s.v.push_back(v); }
    s.max = std::max(s.max, v);
}

} // namespace

Counters Counters::build(const ioscope::Trace& trace) {
    Counters c;
    std::unordered_map<uint32_t, int64_t> runq;      // cpu -> length
    std::unordered_map<uint32_t, int64_t> rxbuf;     // socket -> bytes
    int64_t runq_sum = 0, rdl = 0, wq = 0, rx_sum = 0;
    for (const ioscope::Record& r : trace.records) {
        switch (r.kind) {
        case Kind::RunqEnqueue:
        case Kind::RunqDequeue: {
            int64_t& cur = runq[r.cpu];
            runq_sum += r.a - cur;
            cur = r.a;
            push(c.series[size_t(Counter::RunQueue)], r.t, runq_sum);
            break;
        }
        case Kind::RdlAdd: push(c.series[size_t(Counter::ReadyList)], r.t, ++rdl); break;
        case Kind::RdlRemove: push(c.series[size_t(Counter::ReadyList)], r.t, rdl = std::max<int64_t>(0, rdl - 1)); break;
        case Kind::WqAdd: push(c.series[size_t(Counter::WaitQueue)], r.t, ++wq); break;
        case Kind::WqRemove: push(c.series[size_t(Counter::WaitQueue)], r.t, wq = std::max<int64_t>(0, wq - 1)); break;
        case Kind::SockBuf:
            if (r.obj2 == uint32_t(ioscope::SockQueue::Receive)) {
                int64_t& cur = rxbuf[r.obj];
                rx_sum += r.a - cur;
                cur = r.a;
                push(c.series[size_t(Counter::ReceiveBuffers)], r.t, rx_sum);
            }
            break;
        default: break;
        }
    }
    return c;
}

std::vector<MinMax> downsample(const CounterSeries& s, int64_t t0, int64_t t1, int columns) {
    std::vector<MinMax> out;
    if (columns <= 0 || t1 <= t0) return out;
    out.resize(size_t(columns));
    const double w = double(t1 - t0) / columns;
    // Start from the value carried into the range, then walk only the changes inside it.
    size_t i = size_t(std::upper_bound(s.t.begin(), s.t.end(), t0) - s.t.begin());
    int64_t cur = i == 0 ? 0 : s.v[i - 1];
    for (int col = 0; col < columns; ++col) {
        const int64_t ce = col + 1 == columns ? t1 : t0 + int64_t(w * (col + 1));
        MinMax m { cur, cur };
        while (i < s.t.size() && s.t[i] < ce) {
            cur = s.v[i++];
            m.lo = std::min(m.lo, cur);
            m.hi = std::max(m.hi, cur);
        }
        out[size_t(col)] = m;
    }
    return out;
}

} // namespace ioscope::gui
