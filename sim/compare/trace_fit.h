// trace_fit.h — the second half of `compare --scenario S --live`'s calibration: constants the
// socket-pair sweep cannot see (the TCP send/receive paths, accept, epoll_ctl), fitted from the
// scenario's own live trace.
//
// Rule: for each system call below, the simulated call charges its constants once per successful
// call, so shifting their sum by (live median - simulated median) of the successful calls that
// did not sleep moves the simulated median onto the live one; a shift is shared among a call's
// constants in proportion to their values (recvfrom: tcp_recvmsg_ns and tcp_cleanup_rbuf_ns).
// Everything else the live call costs beyond the model's other steps (on loopback, sendto also
// runs the receiver's softirq) is lumped into those constants. `sim` must be a run made with `model` (so the shift is relative to
// the constants actually charged). Needs >= 3 such calls on each side; clamped at 0 (flagged).
// These ratios are ~1 after calibration by construction; the select/poll/epoll_wait constants,
// fitted on the sweep, are the independent check.
#pragma once
#include "calibrate.h"
#include "trace_stats.h"

#include <vector>

namespace ioscope::compare {

struct TraceFitTarget { const char* syscall; std::vector<const char*> constants; };
const std::vector<TraceFitTarget>& trace_fit_targets();   // recvfrom->tcp_recvmsg_ns, ...

// Updates `model` and returns one FittedConstant per constant it moved.
std::vector<FittedConstant> fit_from_traces(const TraceStats& sim, const TraceStats& live, CostModel& model);

} // namespace ioscope::compare
