// test_real_logs.cpp — the captures of a real redis-server 7.0.15 and nginx 1.22.1 (how they
// were made: tests/data/strace/README.md). Expected counts were taken from the logs with grep
// (lines starting a call: "PID  TS name(" — each call has exactly one, split or not).
#include "strace_test_util.h"
#include "sim/strace/summary.h"
#include "sim/trace/jsonl.h"
#include "sim/trace/state.h"

#include <csignal>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

using namespace strace_test;

namespace {

std::map<std::string, size_t> syscall_counts(const Trace& t) {
    std::map<std::string, size_t> m;
    for (const Record& r : t.records)
        if (r.kind == Kind::SyscallEnter) m[std::string(t.str(r.name))]++;
    return m;
}

// JSONL out and back in: the same records, names compared as strings.
void expect_round_trip(const Trace& t) {
    std::stringstream ss;
    write_jsonl(t, ss);
    std::vector<std::string> errors;
    auto back = read_jsonl(ss, "roundtrip.jsonl", errors);
    ASSERT_TRUE(back) << (errors.empty() ? "" : errors[0]);
    ASSERT_EQ(back->records.size(), t.records.size());
    for (size_t i = 0; i < t.records.size(); ++i) {
        Record a = t.records[i], b = back->records[i];
        ASSERT_EQ(t.str(a.name), back->str(b.name)) << "record " << i;
        a.name = b.name = 0;
        ASSERT_EQ(a, b) << "record " << i;
    }
    EXPECT_EQ(back->meta.source, "strace");
}

// Replays the whole trace through the State reconstructor, forward and at random points back.
void expect_reconstructs(const Trace& t) {
    for (size_t i = 1; i < t.records.size(); ++i) ASSERT_LE(t.records[i - 1].t, t.records[i].t) << i;
    Reconstructor rc(t);
    const State& end = rc.seek(t.size());
    EXPECT_EQ(end.position, t.size());
    State at_end = end;
    rc.seek(t.size() / 2);
    rc.seek(t.size());
    EXPECT_TRUE(rc.current() == at_end);
}

} // namespace

TEST(StraceRealLogs, RedisEventLoop) {
    auto res = import_file("redis.strace");
    ASSERT_TRUE(res.trace) << errors_of(res);
    const Trace& t = *res.trace;
    EXPECT_EQ(res.stats.lines, 551u);
    EXPECT_EQ(res.stats.joined, 29u);
    EXPECT_EQ(res.stats.orphan_resumed, 0u);
    EXPECT_EQ(res.stats.bad_lines, 0u);
    // Tasks: the server and its four threads (bio_* and jemalloc's background thread).
    auto news = of(t, Kind::TaskNew);
    ASSERT_EQ(news.size(), 5u);
    std::map<uint32_t, std::string> names;
    for (const Record& r : news) {
        EXPECT_EQ(r.a, 1886) << "every task is in redis-server's thread group";
        names[r.task] = std::string(t.str(r.name));
        if (r.task != 1886) {
            EXPECT_EQ(r.c, 1u);
            EXPECT_EQ(r.b, 1886);
        }
    }
    // Each thread is born with redis-server's comm and renames itself with prctl(PR_SET_NAME)
    // (Redis's redis_set_thread_title, jemalloc's background thread): one TaskRename each.
    for (uint32_t tid : { 1886u, 1888u, 1889u, 1890u, 1891u }) EXPECT_EQ(names[tid], "redis-server") << tid;
    for (const Record& r : of(t, Kind::TaskRename)) names[r.task] = std::string(t.str(r.name));
    EXPECT_EQ(of(t, Kind::TaskRename).size(), 4u);
    EXPECT_EQ(names[1886], "redis-server");
    EXPECT_EQ(names[1888], "bio_close_file");
    EXPECT_EQ(names[1889], "bio_aof_fsync");
    EXPECT_EQ(names[1890], "bio_lazy_free");
    EXPECT_EQ(names[1891], "jemalloc_bg_thd");
    // Syscall counts (grep of the log).
    auto n = syscall_counts(t);
    EXPECT_EQ(n["epoll_wait"], 39u);
    EXPECT_EQ(n["accept4"], 14u);
    EXPECT_EQ(n["read"], 110u);
    EXPECT_EQ(n["write"], 69u);
    EXPECT_EQ(n["epoll_ctl"], 19u);
    EXPECT_EQ(n["close"], 45u);
    EXPECT_EQ(n["clone3"], 4u);
    EXPECT_EQ(count(t, Kind::SyscallEnter), 551u - 29u - 5u);   // lines - resumed halves - exits
    EXPECT_EQ(count(t, Kind::TaskExit), 5u);
    // Every epoll event resolves (Redis stores the fd in data), one FdPoll per ready fd.
    EXPECT_EQ(res.stats.unresolved_events, 0u);
    int64_t ready = 0;
    for (const Record& r : of(t, Kind::SyscallExit, 1886, "epoll_wait")) ready += std::max<int64_t>(r.a, 0);
    EXPECT_GT(ready, 30);
    EXPECT_EQ(int64_t(count(t, Kind::FdPoll, 1886)), ready);
    // The event loop sleeps in epoll_wait (its 100 ms timer) and accepts on the listener.
    size_t waits = count(t, Kind::StateChange, 1886, "epoll_wait");
    EXPECT_GE(waits, 1u);
    Reconstructor rc(t);
    bool seen_waiting = false;
    for (const Record& r : of(t, Kind::StateChange, 1886, "epoll_wait")) {
        const State& s = rc.seek(t.lower_bound_time(r.t + 1));
        seen_waiting |= s.tasks.at(1886).state == TaskState::Waiting;
    }
    EXPECT_TRUE(seen_waiting);
    bool listener = false;
    for (const Record& r : of(t, Kind::ObjectNew))
        listener |= ObjType(r.a) == ObjType::ListenSocket && t.str(r.name) == "TCP:[127.0.0.1:16379]";
    EXPECT_TRUE(listener);
    expect_round_trip(t);
    expect_reconstructs(t);
    // Everyone exited, so every descriptor was closed by the end.
    const State& end = rc.seek(t.size());
    EXPECT_FALSE(end.fds.count(1886));
}

TEST(StraceRealLogs, NginxMasterAndWorkers) {
    auto res = import_file("nginx.strace");
    ASSERT_TRUE(res.trace) << errors_of(res);
    const Trace& t = *res.trace;
    EXPECT_EQ(res.stats.lines, 510u);
    EXPECT_EQ(res.stats.joined, 38u);
    auto news = of(t, Kind::TaskNew);
    ASSERT_EQ(news.size(), 3u);
    for (const Record& r : news) {
        EXPECT_EQ(t.str(r.name), "nginx");
        EXPECT_EQ(r.a, int64_t(r.task)) << "workers are processes (fork), not threads";
        if (r.task != 1521) {
            EXPECT_EQ(r.b, 1521);
        }
    }
    auto n = syscall_counts(t);
    EXPECT_EQ(n["epoll_wait"], 23u);
    EXPECT_EQ(n["accept4"], 6u);
    EXPECT_EQ(n["writev"], 6u);
    EXPECT_EQ(n["recvfrom"], 12u);
    EXPECT_EQ(n["epoll_ctl"], 20u);
    EXPECT_EQ(n["close"], 52u);
    EXPECT_EQ(n["clone"], 2u);
    EXPECT_EQ(count(t, Kind::SyscallEnter), 510u - 38u - 4u - 3u);
    // nginx registers pointers as epoll data (with its low "instance" bit): all resolved.
    EXPECT_EQ(res.stats.unresolved_events, 0u);
    size_t tcp_ready = count(t, Kind::FdPoll, 0, "tcp_poll");
    EXPECT_GE(tcp_ready, 6u * 2);                  // per request: the listener, then the connection
    // Each request: writev of 2 iovecs, 165 bytes.
    for (const Record& r : of(t, Kind::SyscallEnter, 0, "writev")) {
        EXPECT_EQ(r.b, 165);
        EXPECT_EQ(r.c, 2u);
    }
    // The master got SIGQUIT, two SIGCHLDs and a SIGIO; everyone exited 0.
    auto sigs = of(t, Kind::SignalDeliver, 1521);
    ASSERT_EQ(sigs.size(), 4u);
    EXPECT_EQ(sigs[0].a, SIGQUIT);
    for (const Record& r : of(t, Kind::TaskExit)) EXPECT_EQ(r.a, 0);
    // Workers inherit the listening socket over fork: same object in three fd tables.
    Reconstructor rc(t);
    const Record first_accept = of(t, Kind::SyscallEnter, 0, "accept4").front();
    const State& s = rc.seek(t.lower_bound_time(first_accept.t));
    std::set<uint32_t> listen_objs;
    for (auto& [pid, table] : s.fds)
        if (auto it = table.find(4); it != table.end()) listen_objs.insert(it->second);
    EXPECT_EQ(listen_objs.size(), 1u);
    EXPECT_EQ(s.fds.size(), 3u);
    expect_round_trip(t);
    expect_reconstructs(t);
}

TEST(StraceRealLogs, SummaryCountsMatchTheRecords) {
    auto res = import_file("redis.strace");
    ASSERT_TRUE(res.trace);
    auto j = nlohmann::json::parse(strace::summary_json(*res.trace, res.stats));
    EXPECT_EQ(j["source"], "strace");
    EXPECT_EQ(j["syscalls"]["epoll_wait"], 39);
    EXPECT_EQ(j["tasks"].size(), 5u);
    EXPECT_EQ(j["multiplexing"]["epoll_wait"]["calls"], 39);
    EXPECT_EQ(j["multiplexing"]["epoll_wait"]["ready_total"].get<int64_t>(), int64_t(count(*res.trace, Kind::FdPoll, 1886)));
    EXPECT_GT(j["errors"]["accept4"].get<int>(), 0);     // accept4 until EAGAIN
}
