// signal_model.cpp — see the header.
#include "signal_model.h"

namespace ioscope::gui {

using ioscope::Kind;

const char* signal_name(int s) {
    static const char* names[] = { "0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
                                   "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",
                                   "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN",
                                   "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
                                   "SIGIO", "SIGPWR", "SIGSYS" };
    return s >= 0 && s < 32 ? names[s] : "SIGRT";
}

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
        a.inflight = q.inflight;
        a.completed = q.completed;
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
