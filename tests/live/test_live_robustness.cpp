// Robustness of the live servers and runs: peers that reset, half-close, stall or send partial
// requests; EINTR storms; Ctrl-C of the CLI with the trace saved; bad flags. After every case no
// descriptor and no thread is left behind.
#include "live_test_util.h"
#include "sim/live/live_run.h"
#include "sim/live/recorder.h"
#include "sim/live/server.h"
#include "sim/live/thread_rec.h"
#include "sim/trace/jsonl.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <map>
#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>

using namespace ioscope;
using namespace ioscope::live;
using namespace live_test;

class LiveServerPeers : public ::testing::TestWithParam<const char*> {};

TEST_P(LiveServerPeers, SurvivesResetHalfCloseStallAndPartialRequests) {
    const std::string m = GetParam();
    int fds0 = count_open_fds(), threads0 = count_threads();
    {
        Recording rec(true, 1 << 20);
        ServerConfig cfg;
        cfg.mechanism = m;
        LiveServer server(rec, cfg, current_tid());
        std::string err;
        ASSERT_TRUE(server.start(&err)) << err;
        const int port = server.port();

        // 1. Reset: half a request, then close with SO_LINGER 0 (an RST, not a FIN).
        int rst = connect_loopback(port);
        ASSERT_GE(rst, 0);
        ASSERT_TRUE(send_all(rst, 32));
        linger lg { 1, 0 };
        setsockopt(rst, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        close(rst);
        // 2. Partial request: half now, the rest later; the answer comes after the second half.
        int part = connect_loopback(port);
        ASSERT_TRUE(send_all(part, 40));
        EXPECT_FALSE(read_exactly(part, 1, 100)) << "no answer to an incomplete request";
        ASSERT_TRUE(send_all(part, 24));
        EXPECT_TRUE(read_exactly(part, 64)) << m << ": answered once the request is complete";
        // 3. Half-close: a full request then shutdown(SHUT_WR): the answer still arrives, then EOF.
        ASSERT_TRUE(send_all(part, 64));
        shutdown(part, SHUT_WR);
        EXPECT_TRUE(read_exactly(part, 64)) << m << ": answered after the peer's FIN";
        char c;
        EXPECT_EQ(recv(part, &c, 1, 0), 0) << "then the server closes its side";
        close(part);
        // 4. Stall: a peer that connects and sends nothing. Multiplexing and threaded servers keep
        //    serving others; the one-at-a-time blocking server is stuck on it (that is its flaw),
        //    yet stop() must still end it.
        int stall = connect_loopback(port);
        ASSERT_GE(stall, 0);
        if (m != "blocking") EXPECT_TRUE(one_request(port)) << m << ": a stalled peer does not block others";
        server.stop();
        close(stall);
        EXPECT_GE(server.counters().accepted.load(), 2u);
        EXPECT_EQ(server.counters().accepted.load(), server.counters().closed.load()) << "every connection closed";
        EXPECT_GE(server.counters().resets.load() + server.counters().partial_at_eof.load(), 1u)
            << "the reset peer is noticed (ECONNRESET, or EOF mid-request)";
        EXPECT_EQ(rec.dropped(), 0u) << m << ": no record lost";
        Trace t = rec.merge(mono_ns());
        EXPECT_GT(t.size(), 10u);
        // Every system call the server made has its entry and its exit (stop() joined them all),
        // per task; the reset and the half-closed peers show up as recvfrom returning
        // -ECONNRESET or 0 (EOF) — at least one each, and the FIN always as a 0.
        std::map<uint32_t, int64_t> open_calls;
        int eof = 0, reset_or_eof = 0;
        for (const Record& r : t.records) {
            if (r.kind == Kind::SyscallEnter) open_calls[r.task]++;
            if (r.kind != Kind::SyscallExit) continue;
            open_calls[r.task]--;
            if (t.str(r.name) != "recvfrom") continue;
            eof += r.a == 0;
            reset_or_eof += r.a == 0 || r.a == -ECONNRESET;
        }
        for (auto [tid, n] : open_calls) EXPECT_EQ(n, 0) << m << ": task " << tid << " has unbalanced enter/exit records";
        EXPECT_GE(eof, 1) << m << ": the half-closed peer's FIN reads as 0";
        EXPECT_GE(reset_or_eof, 2) << m << ": the reset peer reads as -ECONNRESET or 0 too";
    }
    EXPECT_EQ(count_open_fds(), fds0) << m;
    EXPECT_EQ(settled_thread_count(threads0), threads0) << m;
}

INSTANTIATE_TEST_SUITE_P(Designs, LiveServerPeers,
                         ::testing::Values("blocking", "threads", "select", "poll", "epoll-lt", "epoll-et"),
                         [](const auto& info) { std::string s = info.param; for (auto& c : s) if (c == '-') c = '_'; return s; });

// A peer that stops reading: the answer (8 MiB) does not fit the socket buffers, so the server's
// send hits EAGAIN; it must then wait for POLLOUT / EPOLLOUT (not spin, not drop the rest) and
// finish once the peer reads again.
class LiveServerSlowReader : public ::testing::TestWithParam<const char*> {};

TEST_P(LiveServerSlowReader, SendHitsEagainWaitsForWritableAndFinishes) {
    const std::string m = GetParam();
    int fds0 = count_open_fds(), threads0 = count_threads();
    {
        Recording rec(true, 1 << 20);
        ServerConfig cfg;
        cfg.mechanism = m;
        cfg.resp_bytes = 8 << 20;
        LiveServer server(rec, cfg, current_tid());
        std::string err;
        ASSERT_TRUE(server.start(&err)) << err;
        int fd = connect_loopback(server.port());
        ASSERT_GE(fd, 0);
        ASSERT_TRUE(send_all(fd, 64));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));    // not reading: the buffers fill
        EXPECT_TRUE(read_exactly(fd, size_t(8) << 20, 10000)) << m << ": the whole answer arrives once the peer reads";
        close(fd);
        server.stop();
        EXPECT_EQ(rec.dropped(), 0u);
        Trace t = rec.merge(mono_ns());
        int eagain = 0;
        for (const Record& r : t.records)
            if (r.kind == Kind::SyscallExit && t.str(r.name) == "sendto" && r.a == -EAGAIN) ++eagain;
        EXPECT_GE(eagain, 1) << m << ": the server's send met a full socket buffer";
        EXPECT_EQ(server.counters().requests.load(), 1u);
    }
    EXPECT_EQ(count_open_fds(), fds0) << m;
    EXPECT_EQ(settled_thread_count(threads0), threads0) << m;
}

INSTANTIATE_TEST_SUITE_P(Designs, LiveServerSlowReader, ::testing::Values("select", "poll", "epoll-lt", "epoll-et"),
                         [](const auto& info) { std::string s = info.param; for (auto& c : s) if (c == '-') c = '_'; return s; });

namespace {
std::atomic<int> g_usr1 { 0 };
extern "C" void on_usr1(int) { g_usr1++; }

// Sends SIGUSR1 to every thread of this process except the caller, until told to stop.
void signal_storm(std::atomic<bool>& stop) {
    const pid_t pid = getpid();
    const long me = syscall(SYS_gettid);
    while (!stop) {
        for (const auto& e : std::filesystem::directory_iterator("/proc/self/task")) {
            long tid = std::stol(e.path().filename().string());
            if (tid != me) syscall(SYS_tgkill, pid, tid, SIGUSR1);
        }
        std::this_thread::sleep_for(std::chrono::microseconds(300));
    }
}
} // namespace

TEST(LiveRobustness, EintrIsRetriedAndRecorded) {
    struct sigaction sa {}, old {};
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;                                     // no SA_RESTART: blocking calls fail with EINTR
    sigaction(SIGUSR1, &sa, &old);
    uint64_t eintr = 0;
    for (const char* m : {"blocking", "epoll-lt"}) {
        std::atomic<bool> stop { false };
        std::thread storm(signal_storm, std::ref(stop));
        LiveOptions o;
        o.mechanism = m;
        o.conns = 2;
        o.active = 1;
        o.requests = 0;
        o.duration_ns = 300'000'000;
        o.req_bytes = 64;
        LiveResult r = run_live(o);
        stop = true;
        storm.join();
        ASSERT_TRUE(r.ok) << m << ": " << r.error;
        EXPECT_TRUE(r.summary["errors"].empty()) << m << ": " << r.summary["errors"].dump();
        EXPECT_GT(r.summary["metrics"]["requests_completed"].get<uint64_t>(), 10u) << m;
        eintr += r.summary["metrics"]["syscalls_returning_eintr"].get<uint64_t>();
        for (const Record& rec : r.trace.records)
            if (rec.kind == Kind::SyscallExit && rec.a < 0) {
                // EINTR, EAGAIN, accept4's EINVAL once stop() shut the listening socket down, and
                // EPIPE / ECONNRESET when the deadline closes clients with an answer in flight.
                bool expected = rec.a == -EINTR || rec.a == -EAGAIN || rec.a == -EPIPE || rec.a == -ECONNRESET ||
                                (r.trace.str(rec.name) == "accept4" && rec.a == -EINVAL);
                EXPECT_TRUE(expected) << m << ": " << r.trace.str(rec.name) << " returned " << rec.a;
            }
    }
    sigaction(SIGUSR1, &old, nullptr);
    EXPECT_GT(g_usr1.load(), 0);
    EXPECT_GT(eintr, 0u) << "signals landing on sleeping threads interrupt their calls (-EINTR in the trace)";
}

namespace {
// Runs the CLI with args; returns its exit status. stdout/stderr go to files under dir.
int run_cli(const std::vector<std::string>& args, const std::string& out, const std::string& err, int sigint_after_ms = -1) {
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen(out.c_str(), "w", stdout) || !freopen(err.c_str(), "w", stderr)) _exit(127);
        std::vector<char*> argv { const_cast<char*>(IOSCOPE_CLI) };
        for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(IOSCOPE_CLI, argv.data());
        _exit(127);
    }
    if (sigint_after_ms >= 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(sigint_after_ms));
        kill(pid, SIGINT);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

std::string slurp(const std::string& p) {
    FILE* f = fopen(p.c_str(), "r");
    std::string s;
    char b[4096];
    size_t n;
    while (f && (n = fread(b, 1, sizeof b, f)) > 0) s.append(b, n);
    if (f) fclose(f);
    return s;
}
} // namespace

TEST(LiveRobustness, CtrlCEndsTheRunAndSavesTheTrace) {
    auto dir = std::filesystem::temp_directory_path() / ("ioscope-live-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::string trace = (dir / "sigint.jsonl").string();
    int rc = run_cli({"live", "--mechanism", "epoll-lt", "--conns", "4", "--active", "2", "--requests", "0", "--duration", "60s",
                      "--trace", trace, "--json"},
                     (dir / "out").string(), (dir / "err").string(), 1500);
    EXPECT_EQ(rc, 130) << slurp((dir / "err").string());
    auto summary = nlohmann::json::parse(slurp((dir / "out").string()));
    EXPECT_TRUE(summary["interrupted"].get<bool>());
    EXPECT_GT(summary["metrics"]["requests_completed"].get<uint64_t>(), 0u);
    std::vector<std::string> errors;
    auto t = read_jsonl_file(trace, errors);
    ASSERT_TRUE(t.has_value()) << (errors.empty() ? "" : errors.front());
    EXPECT_EQ(t->meta.source, "live");
    EXPECT_EQ(t->size(), summary["records"].get<size_t>()) << "the whole recording was saved";
    size_t markers = 0;
    for (const Record& r : t->records) markers += r.kind == Kind::Marker;
    EXPECT_GT(markers, 0u);
    std::filesystem::remove_all(dir);
}

TEST(LiveRobustness, BadFlagsGiveAMessageAndNonZeroExit) {
    auto dir = std::filesystem::temp_directory_path() / ("ioscope-live-flags-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::string out = (dir / "out").string(), err = (dir / "err").string();
    struct Case { std::vector<std::string> args; const char* expect; };
    for (const Case& c : std::vector<Case> {
             {{"live", "--mechanism", "kqueue"}, "unknown mechanism"},
             {{"live", "--mechanism", "poll", "--conns", "4", "--active", "9"}, "--active"},
             {{"live", "--mechanism", "poll", "--duration", "soon"}, "--duration"},
             {{"live", "--mechanism", "select", "--conns", "900"}, "FD_SETSIZE"},
             {{"live", "--conns", "4"}, "--mechanism"},
             {{"sweep", "--live", "--mechanisms", "kqueue"}, "unknown mechanism"},
         }) {
        int rc = run_cli(c.args, out, err);
        EXPECT_NE(rc, 0) << c.args[1];
        EXPECT_NE(slurp(err).find(c.expect), std::string::npos) << slurp(err);
    }
    std::filesystem::remove_all(dir);
}
