#include "sweep_bench.h"

#include <algorithm>
#include <cerrno>

namespace ioscope {

namespace {

constexpr int kIdxBatch = 1024;            // indices per command message (pair_set.cpp)

struct SweepCtx {
    std::string mechanism;
    int fds, active, iterations;
    SweepWriter writer { SweepWriter::Self };
    std::vector<int64_t> samples;
    bool ok { true };
    uint64_t scanned0 { 0 }, adds0 { 0 }, removes0 { 0 }, bytes0 { 0 };
    // other-task / other-cpu: the write ends (the writer's descriptors) and the current command's indices:
    // the message's payload (the simulator carries byte counts, not contents).
    std::vector<int> wr;
    std::vector<int> cmd;
};

// The writer process (pair_set.cpp writer_main): for each command, one byte to each listed pair,
// then a one-byte acknowledgement after the last chunk. Exits when the control socket closes.
KCo<void> writer_program(Sys& sys, SweepCtx* ctx, int ctl) {
    int64_t buffered = 0;                                        // bytes received, not yet acted on
    for (;;) {
        size_t done = 0;
        for (;;) {                                               // the command's chunks, in order
            size_t m = 0;
            for (;;) {                                           // a stream socket: a chunk may come in parts
                m = std::min<size_t>(kIdxBatch, ctx->cmd.size() - done);
                if (buffered > 0 && buffered >= int64_t(sizeof(uint32_t) * (m + 1))) break;
                int64_t r = co_await sys.recv(ctl, int64_t(sizeof(uint32_t)) * (kIdxBatch + 1));
                if (r <= 0) co_return;                           // EOF: the sweep is over
                buffered += r;
            }
            buffered -= int64_t(sizeof(uint32_t) * (m + 1));
            for (size_t j = done; j < done + m; ++j) co_await sys.send(ctx->wr[size_t(ctx->cmd[j])], 1);
            done += m;
            if (done >= ctx->cmd.size()) break;
        }
        co_await sys.send(ctl, 1);                               // "k"
    }
}

// The program under test: sets everything up, then runs the timed loop.
KCo<void> sweep_program(Sys& sys, SweepCtx* ctx) {
    Kernel& k = sys.kernel();
    co_await sys.setrlimit_nofile(4 * ctx->fds + 64);          // like `ulimit -n`: raise the limit first
    int64_t lfd = co_await sys.socket();
    co_await sys.bind(int(lfd), 7900);
    co_await sys.listen(int(lfd), ctx->fds + 1);
    // Read ends first, write ends after (live: PairSet moves each write end above the read ends),
    // so the watched descriptors are the N lowest (4 .. N+3), as in the live sweep. The connecting sockets read; the accepted ones write (connect completes from the
    // backlog, before accept).
    std::vector<int> rd, wr;
    for (int i = 0; i < ctx->fds; ++i) {
        int64_t c = co_await sys.socket();
        co_await sys.connect(int(c), 7900);
        co_await sys.set_nonblock(int(c), true);
        rd.push_back(int(c));
    }
    for (int i = 0; i < ctx->fds; ++i) wr.push_back(int(co_await sys.accept(int(lfd))));
    int ctl = -1;
    if (ctx->writer != SweepWriter::Self) {
        // The live sweep's writer process: a control connection, then fork; the write ends live
        // in the child only (the parent closes its copies, as live passes them with SCM_RIGHTS).
        int64_t c = co_await sys.socket();
        co_await sys.connect(int(c), 7900);
        int64_t s = co_await sys.accept(int(lfd));
        ctl = int(s);
        ctx->wr = wr;
        int child_ctl = int(c);
        co_await sys.fork([ctx, child_ctl](Sys& w) { return writer_program(w, ctx, child_ctl); });
        for (int fd : wr) co_await sys.close(fd);
        co_await sys.close(child_ctl);
        co_await sys.close(int(lfd));
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
    co_await sys.pin_to_current_cpu();                          // live: PinToCurrentCpu
    RngStream rng = k.rng("sweep.active");
    std::vector<int> idx(size_t(ctx->fds));
    for (int i = 0; i < ctx->fds; ++i) idx[size_t(i)] = i;
    for (int it = 0; it < ctx->iterations + 1; ++it) {          // iteration 0 warms up
        // K distinct random pairs (partial Fisher-Yates), one byte each — untimed.
        for (int j = 0; j < ctx->active; ++j) {
            size_t pick = size_t(rng.uniform(uint64_t(j), uint64_t(ctx->fds - 1)));
            std::swap(idx[size_t(j)], idx[pick]);
            if (ctl < 0) co_await sys.send(wr[size_t(idx[size_t(j)])], 1);
        }
        if (ctl >= 0) {
            // PairSet::poke: the indices in chunks (the last one asks for the ack), then block
            // until the writer has written every byte.
            ctx->cmd.assign(idx.begin(), idx.begin() + ctx->active);
            for (int off = 0; off < ctx->active || off == 0; off += kIdxBatch) {
                int m = std::min(kIdxBatch, ctx->active - off);
                co_await sys.send(ctl, int64_t(sizeof(uint32_t)) * (m + 1));
                if (ctx->active == 0) break;
            }
            co_await sys.recv(ctl, 1);
        }
        // select's bitmap is sized to nfds by hand, as libevent's select backend does (live:
        // live_sweep.cpp): glibc's 1024-bit fd_set would stop the sweep at N ~ 1020.
        FdSet set(ctx->mechanism == "select" ? maxfd + 1 : 0);
        if (ctx->mechanism == "select") for (int fd : rd) set.set(fd);
        // Wait-queue removals, measured as the change in entries linked on the watched sockets'
        // queues (and ep->wq): removes = adds - (linked after - linked before). With timeout 0
        // the kernel registers nothing (select/poll: _qproc = NULL; epoll_wait: no sleep), so
        // adds and removes are both 0 — the kernel's behaviour, not a gap in the count.
        auto linked = [&] {
            uint64_t n = 0;
            for (int fd : rd)
                if (File* f = k.fd_get(sys.task(), fd); f && f->sock) n += f->sock->wq.entries.size();
            if (ep >= 0)
                if (File* f = k.fd_get(sys.task(), int(ep)); f && f->ep) n += f->ep->wq.entries.size();
            return n;
        };
        uint64_t linked0 = linked();
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
            uint64_t adds = k.metrics().wait_queue_adds - adds0;
            ctx->adds0 += adds;
            ctx->removes0 += adds + linked0 - linked();
            ctx->bytes0 += k.metrics().bytes_copied_from_user + k.metrics().bytes_copied_to_user - bytes0;
            if (n != ctx->active) ctx->ok = false;
        }
        for (int j = 0; j < ctx->active; ++j) co_await sys.recv(rd[size_t(idx[size_t(j)])], 16);   // drain, untimed
    }
    if (ctl >= 0) co_await sys.close(ctl);                      // the writer sees EOF and exits
}

} // namespace

const char* sweep_writer_name(SweepWriter w) {
    return w == SweepWriter::OtherTask ? "other-task" : w == SweepWriter::OtherCpu ? "other-cpu" : "self";
}

bool parse_sweep_writer(const std::string& s, SweepWriter* out) {
    if (s == "self" || s == "same-process") *out = SweepWriter::Self;
    else if (s == "other-task" || s == "writer-process") *out = SweepWriter::OtherTask;
    else if (s == "other-cpu") *out = SweepWriter::OtherCpu;
    else return false;
    return true;
}

SweepPoint run_sweep_point(const std::string& mechanism, int fds, int active, int iterations, uint64_t seed,
                           const CostModel& costs, SweepWriter writer, Trace* trace) {
    SweepPoint p;
    p.mechanism = mechanism;
    p.writer = writer;
    p.cpus = writer == SweepWriter::OtherCpu ? 2 : 1;
    p.fds = fds;
    p.active = active;
    if (active > fds) {
        p.supported = false;
        p.note = "more active fds than fds";
        return p;
    }
    MachineSpec m;
    m.cpus = p.cpus;
    m.costs = costs;
    Trace local;
    Kernel k(m, seed, trace ? trace : &local, trace != nullptr);
    SweepCtx ctx;
    ctx.mechanism = mechanism;
    ctx.fds = fds;
    ctx.active = active;
    ctx.iterations = iterations;
    ctx.writer = writer;
    k.spawn("bench", SimTime(0), [&ctx](Sys& s) { return sweep_program(s, &ctx); });
    k.run(SimTime(INT64_MAX / 4));
    if (k.any_crash()) { p.supported = false; p.note = "sim: the benchmark program crashed"; }
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
        p.wait_queue_removes = double(ctx.removes0) / n;
        p.bytes_copied = double(ctx.bytes0) / n;
    }
    return p;
}

} // namespace ioscope
