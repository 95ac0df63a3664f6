// signal_model.cpp — see the header.
#include "signal_model.h"

#include <algorithm>
#include <array>

namespace ioscope::gui {

using ioscope::Kind;

const char* signal_name(int s) {
    static const char* names[] = { "0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
                                   "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",
                                   "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN",
                                   "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
                                   "SIGIO", "SIGPWR", "SIGSYS" };
    if (s >= 0 && s < 32) return names[s];
    // Real-time signals as strace names them: SIGRT_n = 32 + n (glibc's SIGRTMIN is SIGRT_2).
    static const auto rt = [] {
        std::array<std::string, 33> a;
        for (int n = 0; n <= 32; ++n) a[size_t(n)] = "SIGRT_" + std::to_string(n);
        return a;
    }();
    return s >= 32 && s <= 64 ? rt[size_t(s - 32)].c_str() : "SIG?";
}

std::string aio_op_before(const ioscope::Trace& trace, size_t before, uint32_t ctx, uint32_t task, int64_t id) {
    // Requests live microseconds to milliseconds: a bounded look-back keeps a frame cheap.
    constexpr size_t kLookBack = 200000;
    const size_t end = std::min(before + 1, trace.size());
    for (size_t i = end; i-- > 0 && end - i <= kLookBack;) {
        const ioscope::Record& r = trace.records[i];
        if (r.kind == Kind::AioSubmit && r.obj == ctx && r.task == task && r.a == id) return std::string(trace.str(r.name));
    }
    return {};
}

std::string aio_op_short(const std::string& op) {
    const std::string p = "io_uring_prep_";
    return op.rfind(p, 0) == 0 ? op.substr(p.size()) : op;
}

namespace {

// The record index at time t (the first record with r.t >= t): the records are in time order.
size_t record_at_time(const ioscope::Trace& trace, int64_t t) {
    const auto& recs = trace.records;
    return size_t(std::lower_bound(recs.begin(), recs.end(), t, [](const ioscope::Record& r, int64_t v) { return r.t < v; }) - recs.begin());
}

// A request's op: found from the time the state keeps (submit time in flight, completion time
// once complete), looking a few records past it for the record itself.
std::string op_of(const InspectInput& in, uint32_t ctx, const ioscope::AioRequestInfo& q) {
    size_t i = record_at_time(in.trace, q.since);
    while (i + 1 < in.trace.size() && in.trace.records[i + 1].t == q.since) ++i;
    return aio_op_before(in.trace, std::min(i, in.record == kNoRecord ? i : size_t(in.record)), ctx, q.task, q.id);
}

} // namespace

SignalsView build_signals_view(const InspectInput& in) {
    SignalsView v;
    const ioscope::Record* r = in.rec();
    if (r && (r->kind == Kind::SignalRaise || r->kind == Kind::SignalDeliver)) v.signo_now = int(r->a);
    for (const auto& [tid, t] : in.state.tasks) {
        const bool now = r && r->task == tid && (r->kind == Kind::SignalRaise || r->kind == Kind::SignalDeliver);
        if (!t.pending_signals && !t.handler_signo && !t.last_signal && !now) continue;
        TaskSignalsView s;
        s.tid = tid;
        s.name = in.task_name(tid);
        for (int i = 1; i < 64; ++i)
            if (t.pending_signals >> i & 1) s.pending.push_back(i);
        s.handler = int(t.handler_signo);
        s.last_delivered = int(t.last_signal);
        s.highlight = now;
        s.raised_now = now && r->kind == Kind::SignalRaise;
        s.delivered_now = now && r->kind == Kind::SignalDeliver;
        v.tasks.push_back(std::move(s));
    }
    for (const auto& [ctx, q] : in.state.aio) {
        AioContextView a;
        a.ctx = ctx;
        a.name = in.object_name(ctx);
        for (const auto& x : q.inflight) a.inflight.push_back({ x, op_of(in, ctx, x) });
        for (const auto& x : q.completed) a.completed.push_back({ x, op_of(in, ctx, x) });
        a.submitted = q.submitted;
        a.completions = q.completions;
        if (r && r->obj == ctx && (r->kind == Kind::AioSubmit || r->kind == Kind::AioComplete)) {
            a.changed_request = r->a;
            a.submitted_now = r->kind == Kind::AioSubmit;
        }
        v.aio.push_back(std::move(a));
    }
    return v;
}

} // namespace ioscope::gui
