// sweep_bench.h — the simulated per-call cost sweep (`ioscope-cli sweep`), in the style of
// libevent's test/bench.c (COSTS.md §2): N connected socket pairs with non-blocking read ends;
// each iteration makes K random read ends readable (untimed), times ONE select / poll /
// epoll_wait with timeout 0, checks it reports K, and drains (untimed). The cost per call is
// whatever the modelled kernel steps add up to — no per-mechanism constants.
//
// select passes a bitmap sized to nfds (FdSet(maxfd + 1): howmany(nfds, 64) words, bits set by
// hand), as libevent's select backend does and as the live sweep does: glibc's 1024-bit fd_set
// would stop at N ~ 1020, the kernel does not (core_sys_select clamps nfds to the fd table and
// copies FDS_BYTES(nfds) per set, do_select walks nfds bits). kSelectFdSet names it for the JSON.
//
// Who writes (the live sweep's two methods, sim/live/live_sweep.cpp and pair_set.cpp):
//   self        the measuring task writes the K bytes itself (live "same-process").
//   other-task  a forked writer process holds the write ends; per iteration the measuring task
//               (pinned to its CPU, as live) sends it the K indices over a control socket and
//               blocks on its one-byte acknowledgement; the writer writes, then acknowledges.
//               Live uses it when 2N descriptors exceed RLIMIT_NOFILE ("writer-process") and
//               pins the writer to the measuring CPU (live_sweep.h: left to the scheduler it
//               mostly ran there — a sync wakeup, wake_affine — but on a loaded machine now and
//               then on the other CPU, at ~3x the cost of the next call). One CPU here: the
//               same placement, with no affinity mask to model.
//   other-cpu   the same method on two CPUs: the writer is woken onto the idle one, so its
//               ep_poll_callback runs there and leaves the epitem and ready-list lines in that
//               core's cache (cache.h). Live, a writer pinned there costs +700-900 ns per call.
#pragma once
#include "programs.h"
#include "sim/kernel/cost_model.h"

#include <string>
#include <vector>

namespace ioscope {

enum class SweepWriter : uint8_t {
    Self,                                  // the measuring task writes ("self"; live "same-process")
    OtherTask,                             // a forked writer process, same CPU ("other-task"; live "writer-process")
    OtherCpu,                              // the writer process on the other of two CPUs ("other-cpu")
};
inline constexpr const char* kSelectFdSet = "hand-sized to nfds (howmany(nfds, 64) words, bits set by hand), libevent style";
const char* sweep_writer_name(SweepWriter w);                 // "self", "other-task", "other-cpu"
bool parse_sweep_writer(const std::string& s, SweepWriter* out);   // also takes live's names

struct SweepPoint {
    std::string mechanism;                 // select, poll, epoll-lt, epoll-et
    SweepWriter writer { SweepWriter::Self };
    int cpus { 1 };                        // CPUs of the simulated machine (2 with other-cpu)
    int fds { 0 };
    int active { 0 };
    bool supported { true };
    std::string note;                      // why not, when unsupported
    int64_t min_ns { 0 }, median_ns { 0 }, max_ns { 0 };
    // Steps per call (averages over the timed calls).
    double fds_scanned { 0 }, wait_queue_adds { 0 }, wait_queue_removes { 0 }, bytes_copied { 0 };
    int iterations { 0 };
    bool reported_ok { true };             // every call reported exactly `active` ready fds
};

// costs: the cost model to charge (defaults, or a profile fitted to this machine by
// sim/compare/calibrate.h, so the simulated and live sweeps can be compared cell by cell).
// trace: when given, the run is recorded there (tests read its KernelStep records).
SweepPoint run_sweep_point(const std::string& mechanism, int fds, int active, int iterations, uint64_t seed,
                           const CostModel& costs = CostModel {}, SweepWriter writer = SweepWriter::Self,
                           Trace* trace = nullptr);

} // namespace ioscope
