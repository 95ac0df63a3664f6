// trace_stats.h — what `compare` measures in one trace, whatever produced it (simulator, live
// run, strace import): per system call, how many calls and how long each took (entry to exit),
// split by whether the calling task slept inside the call; and per request (markers), the
// latency from RequestStart to RequestEnd.
//
// Contract:
//  * Calls are paired per task: a SyscallEnter opens a call, the next SyscallExit of the same
//    task and name closes it (an exit without its entry, or an entry never closed, is counted in
//    `unpaired` and left out).
//  * A call "slept" when its task changed to Waiting between entry and exit. Its duration is then
//    mostly the wait for the peer (a property of the workload); the duration of calls that did
//    not sleep is the cost of the call itself, which is what a cost model predicts.
//  * Names are canonical (canonical_syscall): the simulator writes `select`, a live or strace trace
//    `pselect6` for the same call, so both count as `select`.
//  * Tasks whose name starts with one of `exclude_task_prefixes` are left out (by default the
//    simulated local clients `client-N`: live traces do not record the load generator's calls).
//    Request markers are always kept (they live on the client tasks).
#pragma once
#include "sim/trace/trace.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ioscope::compare {

struct CallStats {
    std::vector<int64_t> all_ns;          // every paired call's duration, sorted
    std::vector<int64_t> nosleep_ns;      // the calls during which the task did not sleep, sorted
    std::vector<int64_t> ok_nosleep_ns;   // of those, the ones that succeeded (result >= 0), sorted
    uint64_t failed { 0 };                // calls that returned -errno (EAGAIN ends every ET drain)
    uint64_t count() const { return all_ns.size(); }
    uint64_t slept() const { return all_ns.size() - nosleep_ns.size(); }
};

struct TraceStats {
    std::string scenario, source;         // from the trace's meta
    std::map<std::string, CallStats> calls;            // canonical syscall name -> stats
    std::map<int64_t, int64_t> request_latency_ns;     // request id -> latency (completed requests)
    uint64_t unpaired { 0 };
};

struct StatsOptions {
    std::vector<std::string> exclude_task_prefixes { "client" };
};

TraceStats trace_stats(const Trace& trace, const StatsOptions& opts = {});

// pselect6 / _newselect -> select, ppoll -> poll, epoll_pwait(2) -> epoll_wait, accept ->
// accept4, recv -> recvfrom, send -> sendto; other names unchanged.
std::string canonical_syscall(std::string_view name);

// Nearest-rank percentile of a sorted vector (the simulator's and the live runner's rule); 0 if empty.
int64_t percentile_sorted(const std::vector<int64_t>& sorted, int p);

} // namespace ioscope::compare
