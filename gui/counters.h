// counters.h — counters over time rebuilt from the trace, for the metrics window. GL-free.
//
// Each counter is a step function: value v[i] holds from t[i] until t[i+1]. Built once per
// trace in one pass; drawing asks for min/max per pixel column (downsample), so the cost of a
// plot follows its width, not the number of changes (a 5 M record trace has millions).
#pragma once
#include "sim/trace/trace.h"

#include <cstdint>
#include <vector>

namespace ioscope::gui {

enum class Counter : uint8_t {
    RunQueue,        // tasks on all CPUs' run queues (RunqEnqueue/RunqDequeue .a, summed over CPUs)
    ReadyList,       // epitems on all eventpolls' rdllist (RdlAdd +1, RdlRemove -1)
    WaitQueue,       // entries on all wait queues (WqAdd +1, WqRemove -1)
    ReceiveBuffers,  // bytes queued in all sockets' receive queues (SockBuf, SockQueue::Receive)
    Count_
};

struct CounterSeries {
    std::vector<int64_t> t, v;
    int64_t max { 0 };
    int64_t value_at(int64_t time) const;  // 0 before the first change
};

struct Counters {
    CounterSeries series[size_t(Counter::Count_)];
    static Counters build(const ioscope::Trace& trace);
    const CounterSeries& operator[](Counter c) const { return series[size_t(c)]; }
};

struct MinMax { int64_t lo { 0 }, hi { 0 }; };
// The counter over [t0, t1) cut into `columns` equal columns: min and max of the values each
// column sees (including the value carried in from before it).
std::vector<MinMax> downsample(const CounterSeries& s, int64_t t0, int64_t t1, int columns);

} // namespace ioscope::gui
