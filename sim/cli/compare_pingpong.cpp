#include "compare_pingpong.h"

#include "sim/kernel/kernel.h"
#include "sim/programs/programs.h"

namespace ioscope {

namespace {

struct PingCtx {
    int rounds { 0 };
    bool process { false };
    double pair_ns { 0 }, rt_ns { -1 };
};

KCo<void> bouncer(Sys& sys, int fd, int total) {
    for (int i = 0; i < total; ++i) {
        if (co_await sys.recv(fd, 1) != 1) co_return;
        co_await sys.send(fd, 1);
    }
}

KCo<void> pinger(Sys& sys, PingCtx* ctx) {
    co_await sys.pin_to_current_cpu();
    int lfd = int(co_await open_listener(sys, 7950, 4));
    int c = int(co_await sys.socket());
    if (co_await sys.connect(c, 7950) != 0) co_return;
    int s = int(co_await sys.accept(lfd));
    if (s < 0) co_return;
    // The same send + recv without a sleeper: the syscall parts of a half trip.
    const int warm = 10, total = warm + ctx->rounds;
    int64_t t0 = 0;
    for (int i = 0; i < total; ++i) {
        if (i == warm) t0 = sys.now().ns;
        co_await sys.send(c, 1);
        co_await sys.recv(s, 1);
    }
    ctx->pair_ns = double(sys.now().ns - t0) / ctx->rounds;
    if (ctx->process) co_await sys.fork([s, total](Sys& w) { return bouncer(w, s, total); });
    else co_await sys.thread([s, total](Sys& w) { return bouncer(w, s, total); });
    for (int i = 0; i < total; ++i) {
        if (i == warm) t0 = sys.now().ns;
        co_await sys.send(c, 1);
        if (co_await sys.recv(c, 1) != 1) co_return;
    }
    ctx->rt_ns = double(sys.now().ns - t0) / ctx->rounds;
}

double run_one(const CostModel& costs, int rounds, bool process, double* pair) {
    MachineSpec m;
    m.cpus = 1;
    m.costs = costs;
    Trace tr;
    Kernel k(m, 1, &tr, false);
    PingCtx ctx;
    ctx.rounds = rounds;
    ctx.process = process;
    k.spawn("ping", SimTime(0), [&ctx](Sys& s) { return pinger(s, &ctx); });
    k.run(SimTime(INT64_MAX / 4));
    *pair = ctx.pair_ns;
    return ctx.rt_ns;
}

} // namespace

SimPingPong run_sim_pingpong(const CostModel& costs, int rounds) {
    SimPingPong p;
    double pair_t = 0, pair_p = 0;
    p.rt_threads_ns = run_one(costs, rounds, false, &pair_t);
    p.rt_processes_ns = run_one(costs, rounds, true, &pair_p);
    p.pair_ns = pair_t;
    p.ok = p.rt_threads_ns > 0 && p.rt_processes_ns > 0 && pair_t > 0;
    p.half_threads_ns = (p.rt_threads_ns - 2 * pair_t) / 2;
    p.half_processes_ns = (p.rt_processes_ns - 2 * pair_p) / 2;
    return p;
}

} // namespace ioscope
