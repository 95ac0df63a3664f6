#include "sweep_bench.h"

#include <algorithm>
#include <cerrno>

namespace ioscope {

namespace {

struct SweepCtx {
    std::string mechanism;
    int fds, active, iterations;
    std::vector<int64_t> samples;
    bool ok { true };
    uint64_t scanned0 { 0 }, adds0 { 0 }, bytes0 { 0 };
};

// The program under test: sets everything up, then runs the timed loop.
KCo<void> sweep_program(Sys& sys, SweepCtx* ctx) {
    Kernel& k = sys.kernel();
    co_await sys.setrlimit_nofile(4 * ctx->fds + 64);          // like `ulimit -n`: raise the limit first
    int64_t lfd = co_await sys.socket();
    co_await sys.bind(int(lfd), 7900);
    co_await sys.listen(int(lfd), ctx->fds + 1);
    std::vector<int> rd, wr;
    for (int i = 0; i < ctx->fds; ++i) {
        int64_t c = co_await sys.socket();
        co_await sys.connect(int(c), 7900);
        int64_t s = co_await sys.accept(int(lfd));
        co_await sys.set_nonblock(int(s), true);
        rd.push_back(int(s));
        wr.push_back(int(c));
    }
    bool is_epoll = ctx->mechanism.rfind("epoll", 0) == 0;
    int64_t ep = -1;
    if (is_epoll) {
        ep = co_await sys.epoll_create1();
        uint32_t flags = EPOLLIN | (ctx->mechanism == "epoll-et" ? EPOLLET : 0);
        for (int fd : rd) co_await sys.epoll_ctl(int(ep), EPOLL_CTL_ADD, fd, flags, uint64_t(fd));
    }
    std::vector<PollFd> pfds;
    for (int fd : rd) pfds.push_back(PollFd{fd, POLLIN, 0});
    int maxfd = rd.empty() ? 0 : *std::max_element(rd.begin(), rd.end());
    std::vector<EpollEvent> evs;
    RngStream rng = k.rng("sweep.active");
    std::vector<int> idx(size_t(ctx->fds));
    for (int i = 0; i < ctx->fds; ++i) idx[size_t(i)] = i;
    for (int it = 0; it < ctx->iterations + 1; ++it) {          // iteration 0 warms up
        // K distinct random pairs (partial Fisher-Yates), one byte each — untimed.
        for (int j = 0; j < ctx->active; ++j) {
            size_t pick = size_t(rng.uniform(uint64_t(j), uint64_t(ctx->fds - 1)));
            std::swap(idx[size_t(j)], idx[pick]);
            co_await sys.send(wr[size_t(idx[size_t(j)])], 1);
        }
        FdSet set;
        if (ctx->mechanism == "select") for (int fd : rd) set.set(fd);
        uint64_t scanned0 = k.metrics().fds_scanned, adds0 = k.metrics().wait_queue_adds;
        uint64_t bytes0 = k.metrics().bytes_copied_from_user + k.metrics().bytes_copied_to_user;
        int64_t t0 = sys.now().ns, n = 0;
        if (ctx->mechanism == "select") n = co_await sys.select(maxfd + 1, &set, nullptr, nullptr, 0);
        else if (ctx->mechanism == "poll") n = co_await sys.poll(pfds, 0);
        else n = co_await sys.epoll_wait(int(ep), evs, std::max(1, ctx->active), 0);
        int64_t t1 = sys.now().ns;
        if (it > 0) {
            ctx->samples.push_back(t1 - t0);
            ctx->scanned0 += k.metrics().fds_scanned - scanned0;
            ctx->adds0 += k.metrics().wait_queue_adds - adds0;
            ctx->bytes0 += k.metrics().bytes_copied_from_user + k.metrics().bytes_copied_to_user - bytes0;
            if (n != ctx->active) ctx->ok = false;
        }
        for (int j = 0; j < ctx->active; ++j) co_await sys.recv(rd[size_t(idx[size_t(j)])], 16);   // drain, untimed
    }
}

} // namespace

SweepPoint run_sweep_point(const std::string& mechanism, int fds, int active, int iterations, uint64_t seed,
                           const CostModel& costs) {
    SweepPoint p;
    p.mechanism = mechanism;
    p.fds = fds;
    p.active = active;
    if (mechanism == "select" && 2 * fds + 4 > FdSet::kBits) {
        // Both ends of every pair are in one process, so read ends reach ~2N+3: past glibc's
        // 1024-bit fd_set. The kernel would take a larger bitmap; FD_SET on such an fd would
        // overflow glibc's type (abort under _FORTIFY_SOURCE).
        p.supported = false;
        p.note = "select: descriptors reach " + std::to_string(2 * fds + 3) + ", beyond glibc's 1024-bit fd_set (FD_SETSIZE)";
        return p;
    }
    if (active > fds) {
        p.supported = false;
        p.note = "more active fds than fds";
        return p;
    }
    MachineSpec m;
    m.cpus = 1;
    m.costs = costs;
    Trace tr;
    Kernel k(m, seed, &tr, false);
    SweepCtx ctx{mechanism, fds, active, iterations, {}, true, 0, 0, 0};
    k.spawn("bench", SimTime(0), [&ctx](Sys& s) { return sweep_program(s, &ctx); });
    k.run(SimTime(INT64_MAX / 4));
    p.iterations = int(ctx.samples.size());
    p.reported_ok = ctx.ok && p.iterations == iterations;
    if (!ctx.samples.empty()) {
        std::vector<int64_t> s = ctx.samples;
        std::sort(s.begin(), s.end());
        p.min_ns = s.front();
        p.max_ns = s.back();
        p.median_ns = s[s.size() / 2];
        double n = double(s.size());
        p.fds_scanned = double(ctx.scanned0) / n;
        p.wait_queue_adds = double(ctx.adds0) / n;
        p.bytes_copied = double(ctx.bytes0) / n;
    }
    return p;
}

} // namespace ioscope
