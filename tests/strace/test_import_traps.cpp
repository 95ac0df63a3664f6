// test_import_traps.cpp — hand-made logs, one per trap of the strace format (tests/data/strace).
#include "strace_test_util.h"
#include "sim/strace/summary.h"
#include "sim/trace/state.h"

#include <cerrno>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace strace_test;

namespace {

constexpr int64_t kMs = 1000000;

} // namespace

TEST(StraceImport, UnfinishedAndResumedJoinIntoOneCall) {
    auto res = import_file("traps-unfinished.strace");
    ASSERT_TRUE(res.trace) << errors_of(res);
    const Trace& t = *res.trace;
    EXPECT_EQ(res.stats.joined, 3u);                       // epoll_wait, futex (101), futex (100)
    EXPECT_EQ(res.stats.orphan_resumed, 0u);
    EXPECT_EQ(count(t, Kind::SyscallEnter, 100, "epoll_wait"), 3u);
    EXPECT_EQ(count(t, Kind::SyscallEnter, 101, "futex"), 1u);
    EXPECT_EQ(count(t, Kind::SyscallEnter, 100, "futex"), 1u);
    // The joined epoll_wait: entry at the unfinished line, exit = entry + -T, result 1.
    auto en = of(t, Kind::SyscallEnter, 100, "epoll_wait");
    auto ex = of(t, Kind::SyscallExit, 100, "epoll_wait");
    ASSERT_EQ(en.size(), 3u);
    ASSERT_EQ(ex.size(), 3u);
    EXPECT_EQ(en[0].t, 1 * kMs);
    EXPECT_EQ(ex[0].t, 51 * kMs);
    EXPECT_EQ(ex[0].a, 1);
    EXPECT_EQ(en[0].a, 3);                                  // epfd
    EXPECT_EQ(en[0].b, 64);                                 // maxevents (from the resumed half)
    EXPECT_EQ(en[0].c, 1000u);                              // timeout_ms
}

TEST(StraceImport, TasksThreadsNamesAndExits) {
    auto res = import_file("traps-unfinished.strace");
    ASSERT_TRUE(res.trace);
    const Trace& t = *res.trace;
    auto n100 = of(t, Kind::TaskNew, 100);
    auto n101 = of(t, Kind::TaskNew, 101);
    ASSERT_EQ(n100.size(), 1u);
    ASSERT_EQ(n101.size(), 1u);
    EXPECT_EQ(t.str(n100[0].name), "srv");                  // execve basename
    EXPECT_EQ(n100[0].a, 100);
    // Born with its parent's comm (copy_process copies task->comm), renamed at its prctl call.
    EXPECT_EQ(t.str(n101[0].name), "srv");
    auto r101 = of(t, Kind::TaskRename, 101);
    ASSERT_EQ(r101.size(), 1u);
    EXPECT_EQ(t.str(r101[0].name), "worker");               // prctl(PR_SET_NAME, "worker")
    EXPECT_GT(r101[0].t, n101[0].t);
    EXPECT_TRUE(of(t, Kind::TaskRename, 100).empty()) << "the execve on the first line names the task at birth";
    EXPECT_EQ(n101[0].a, 100);                              // CLONE_THREAD: same thread group
    EXPECT_EQ(n101[0].b, 100);
    EXPECT_EQ(n101[0].c, 1u);
    EXPECT_EQ(count(t, Kind::TaskExit), 2u);
    // exit_group never returns: no SyscallExit for it.
    EXPECT_EQ(count(t, Kind::SyscallEnter, 100, "exit_group"), 1u);
    EXPECT_EQ(count(t, Kind::SyscallExit, 100, "exit_group"), 0u);
}

TEST(StraceImport, WaitingOnlyWhereTheCallSlept) {
    auto res = import_file("traps-unfinished.strace");
    ASSERT_TRUE(res.trace);
    const Trace& t = *res.trace;
    std::vector<Record> waits;
    for (const Record& r : of(t, Kind::StateChange, 100))
        if (TaskState(r.a) == TaskState::Waiting) waits.push_back(r);
    // The 50 ms epoll_wait and the 100 ms timeout; not the timeout-0 poll, not the EAGAIN
    // accept4, not the 100 us futex wake.
    ASSERT_EQ(waits.size(), 2u);
    EXPECT_EQ(t.str(waits[0].name), "epoll_wait");
    EXPECT_EQ(waits[0].t, 1 * kMs);
    std::vector<Record> ends;
    for (const Record& r : of(t, Kind::StateChange, 100))
        if (TaskState(r.a) == TaskState::Running && r.c != 0) ends.push_back(r);
    ASSERT_EQ(ends.size(), 2u);
    EXPECT_EQ(WaitEnd(ends[0].c), WaitEnd::Woken);
    EXPECT_EQ(WaitEnd(ends[1].c), WaitEnd::Timeout);
    // The worker sleeps in futex for 150 ms.
    auto w101 = of(t, Kind::StateChange, 101, "futex");
    ASSERT_EQ(w101.size(), 1u);
    // State at the middle of the epoll_wait says so.
    Reconstructor rc(t);
    const State& s = rc.seek(t.lower_bound_time(20 * kMs));
    EXPECT_EQ(s.tasks.at(100).state, TaskState::Waiting);
    EXPECT_EQ(t.str(s.tasks.at(100).wait_reason), "epoll_wait");
    EXPECT_EQ(t.str(s.tasks.at(100).syscall), "epoll_wait");
}

TEST(StraceImport, DescriptorsFollowSocketAcceptClose) {
    auto res = import_file("traps-unfinished.strace");
    ASSERT_TRUE(res.trace);
    const Trace& t = *res.trace;
    Reconstructor rc(t);
    // Just after accept4 returned fd 5 (51.12 ms): epoll fd 3, listener 4, connection 5.
    const State& mid = rc.seek(t.lower_bound_time(51 * kMs + 150000));
    ASSERT_TRUE(mid.fds.count(100));
    const auto& table = mid.fds.at(100);
    EXPECT_EQ(table.size(), 3u);
    EXPECT_EQ(mid.objects.at(table.at(3)).type, ObjType::EventPoll);
    EXPECT_EQ(mid.objects.at(table.at(4)).type, ObjType::ListenSocket);
    EXPECT_EQ(mid.objects.at(table.at(5)).type, ObjType::Socket);
    EXPECT_EQ(t.str(mid.objects.at(table.at(5)).label), "accepted 127.0.0.1:40000");
    // accept4 EAGAIN is -EAGAIN.
    auto acc = of(t, Kind::SyscallExit, 100, "accept4");
    ASSERT_EQ(acc.size(), 2u);
    EXPECT_EQ(acc[0].a, 5);
    EXPECT_EQ(acc[1].a, -EAGAIN);
    // At the end the process exited: its files are closed (exit_files) and freed.
    const State& end = rc.seek(t.size());
    EXPECT_FALSE(end.fds.count(100));
    for (auto& [id, o] : end.objects) EXPECT_FALSE(o.alive) << t.str(o.label);
    // The ready fd of the first epoll_wait is the listener.
    auto polls = of(t, Kind::FdPoll, 100);
    ASSERT_EQ(polls.size(), 1u);
    EXPECT_EQ(polls[0].a, 4);
    EXPECT_EQ(polls[0].b, 1);                              // EPOLLIN
}

TEST(StraceImport, SelectPollAndTheirPVariants) {
    auto res = import_file("ff-select.4242");
    ASSERT_TRUE(res.trace) << errors_of(res);
    const Trace& t = *res.trace;
    // No prefix: the pid comes from the -ff file name suffix.
    ASSERT_EQ(count(t, Kind::TaskNew, 4242), 1u);
    EXPECT_EQ(count(t, Kind::SyscallEnter, 4242, "pselect6"), 3u);  // real name kept
    EXPECT_EQ(count(t, Kind::SyscallEnter, 4242, "select"), 1u);
    EXPECT_EQ(count(t, Kind::SyscallEnter, 4242, "ppoll"), 1u);
    EXPECT_EQ(count(t, Kind::SyscallEnter, 4242, "epoll_pwait"), 1u);
    auto ps = of(t, Kind::SyscallEnter, 4242, "pselect6");
    EXPECT_EQ(ps[0].a, 5);                                 // nfds
    EXPECT_EQ(ps[0].b, 1000000000);                        // timeout_ns
    auto pp = of(t, Kind::SyscallEnter, 4242, "ppoll");
    EXPECT_EQ(pp[0].a, 2);                                 // nfds
    EXPECT_EQ(pp[0].b, 50);                                // timeout_ms
    auto pl = of(t, Kind::SyscallEnter, 4242, "poll");
    EXPECT_EQ(pl[0].b, -1);                                // forever
    // Ready fds: pselect6 #1 -> 4; #2 -> 3 (in) and 4 (in|out); ppoll -> 3, 4; poll -> 3;
    // epoll_pwait -> 3 (data is the fd, no epoll_ctl seen).
    auto polls = of(t, Kind::FdPoll, 4242);
    ASSERT_EQ(polls.size(), 7u);
    EXPECT_EQ(polls[0].a, 4);
    EXPECT_EQ(polls[2].a, 4);
    EXPECT_EQ(polls[2].b, 0x1 | 0x4);
    EXPECT_EQ(polls[5].b, 0x1 | 0x10);                     // POLLIN|POLLHUP
    EXPECT_EQ(t.str(polls[0].name), "sock_poll");          // a socket without a -yy label
    EXPECT_EQ(res.stats.unresolved_events, 0u);
    // Timeouts slept the whole time and ended by Timeout.
    size_t timeouts = 0;
    for (const Record& r : of(t, Kind::StateChange, 4242))
        if (TaskState(r.a) == TaskState::Running && WaitEnd(r.c) == WaitEnd::Timeout) ++timeouts;
    EXPECT_EQ(timeouts, 2u);
}

TEST(StraceImport, EpollDataHoldingPointersResolvesThroughEpollCtl) {
    auto res = import_file("traps-pointers.strace");
    ASSERT_TRUE(res.trace) << errors_of(res);
    const Trace& t = *res.trace;
    auto polls = of(t, Kind::FdPoll, 300);
    ASSERT_EQ(polls.size(), 3u);
    EXPECT_EQ(polls[0].a, 4);                              // the listener, registered with a pointer
    EXPECT_EQ(polls[1].a, 9);                              // the connection (pointer | instance bit)
    EXPECT_EQ(polls[2].a, 9);                              // after EPOLL_CTL_MOD changed the data
    EXPECT_EQ(polls[2].b, 0x4);                            // EPOLLOUT
    EXPECT_EQ(t.str(polls[0].name), "tcp_poll");
    // Unknown data, and data of a connection closed before the event: not guessed.
    EXPECT_EQ(res.stats.unresolved_events, 2u);
    // writev: bytes = sum of iov_len, c = iovcnt; recvfrom: len.
    auto wv = of(t, Kind::SyscallEnter, 300, "writev");
    ASSERT_EQ(wv.size(), 1u);
    EXPECT_EQ(wv[0].a, 9);
    EXPECT_EQ(wv[0].b, 154);
    EXPECT_EQ(wv[0].c, 2u);
    EXPECT_EQ(of(t, Kind::SyscallEnter, 300, "recvfrom")[0].b, 1024);
    // A descriptor known only from its -yy decoration (the listener) still gets an object.
    Reconstructor rc(t);
    const State& s = rc.seek(t.lower_bound_time(20300000 + 1));
    ASSERT_TRUE(s.fds.count(300));
    EXPECT_EQ(t.str(s.objects.at(s.fds.at(300).at(4)).label), "TCP:[127.0.0.1:8080]");
    // The signal of another task ([pid 301]) makes that task exist.
    EXPECT_EQ(count(t, Kind::SignalDeliver, 301), 1u);
}

TEST(StraceImport, StringsWithEscapesAndUnknownSyscalls) {
    auto res = import_file("traps-strings.strace");
    ASSERT_TRUE(res.trace) << errors_of(res);
    const Trace& t = *res.trace;
    EXPECT_EQ(count(t, Kind::SyscallEnter, 55), 13u);
    auto gen = of(t, Kind::SyscallEnter, 55, "some_new_syscall");
    ASSERT_EQ(gen.size(), 1u);
    EXPECT_EQ(gen[0].a, 42);
    EXPECT_EQ(gen[0].b, 16);
    EXPECT_EQ(of(t, Kind::SyscallExit, 55, "some_new_syscall")[0].a, 7);
    EXPECT_EQ(of(t, Kind::SyscallEnter, 55, "readv")[0].b, 1027);
    EXPECT_EQ(of(t, Kind::SyscallExit, 55, "ioctl")[0].a, -ENOTTY);
    auto objs = of(t, Kind::ObjectNew, 55);
    ASSERT_EQ(objs.size(), 2u);
    EXPECT_EQ(t.str(objs[0].name), "/tmp/odd path, (x).txt");
    EXPECT_EQ(t.str(objs[1].name), "/dev/urandom<char 1:9>");
    EXPECT_EQ(count(t, Kind::FdClose, 55), 2u);            // close(3), then exit closes fd 8
}

TEST(StraceImport, SignalsKillsAndStderrStyleLogs) {
    auto res = import_file("traps-signals.strace");
    ASSERT_TRUE(res.trace) << errors_of(res);
    const Trace& t = *res.trace;
    // Unprefixed lines belong to the process named by the first "strace: Process N attached".
    ASSERT_EQ(count(t, Kind::TaskNew, 700), 1u);
    auto child = of(t, Kind::TaskNew, 701);
    ASSERT_EQ(child.size(), 1u);
    EXPECT_EQ(t.str(child[0].name), "sh");                 // fork: the parent's comm
    auto renamed = of(t, Kind::TaskRename, 701);
    ASSERT_EQ(renamed.size(), 1u);
    EXPECT_EQ(t.str(renamed[0].name), "crashy");           // execve -> __set_task_comm
    EXPECT_EQ(child[0].a, 701);                            // fork: a new process
    EXPECT_EQ(child[0].b, 700);
    EXPECT_EQ(child[0].c, 0u);
    EXPECT_EQ(t.str(of(t, Kind::TaskNew, 700)[0].name), "sh");
    auto crash = of(t, Kind::TaskCrash, 701);
    ASSERT_EQ(crash.size(), 1u);
    EXPECT_EQ(t.str(crash[0].name), "killed by SIGSEGV (core dumped)");
    EXPECT_EQ(of(t, Kind::TaskExit, 701)[0].a, 128 + SIGSEGV);
    EXPECT_EQ(of(t, Kind::TaskExit, 700)[0].a, 3);
    auto sigs = of(t, Kind::SignalDeliver, 700);
    ASSERT_EQ(sigs.size(), 2u);
    EXPECT_EQ(sigs[0].a, SIGCHLD);
    EXPECT_EQ(sigs[1].a, SIGTERM);
    // rt_sigsuspend interrupted: -ERESTARTNOHAND and a wait ended by a signal.
    EXPECT_EQ(of(t, Kind::SyscallExit, 700, "rt_sigsuspend")[0].a, -514);
    bool by_signal = false;
    for (const Record& r : of(t, Kind::StateChange, 700))
        by_signal |= TaskState(r.a) == TaskState::Running && WaitEnd(r.c) == WaitEnd::Signal;
    EXPECT_TRUE(by_signal);
    EXPECT_EQ(count(t, Kind::StateChange, 700, "Waiting for a child"), 1u);
}

// --- bad input ------------------------------------------------------------------------------

TEST(StraceImportErrors, PointAtLineAndColumn) {
    struct Case { const char* text; const char* where; };
    const Case cases[] = {
        { "100  1700000000.000000 read(3, \"abc, 10) = 3 <0.000010>\n", "bad.strace:1:32:" },
        { "hello world\n", "bad.strace:1:1:" },
        { "100  1700000000.000000 close(3) = 0 <0.1>\n100  1700000000.000100 read(3, [1, 2) = 3\n", "bad.strace:2:37:" },
        { "100  1700000000.000000 read(3) 3\n", "bad.strace:1:32:" },
        { "100  1700000000.000000 read(3) = abc\n", "bad.strace:1:34:" },
        { "100  1700000000.000000 +++ exited with x +++\n", "bad.strace:1:40:" },
        { "100  1700000000.000000 (3) = 0\n", "bad.strace:1:24:" },
        // The error is in the resumed half: reported on line 2, at the quote.
        { "100  1700000000.000000 read(3,  <unfinished ...>\n100  1700000000.000100 <... read resumed>\"abc, 3) = 3 <0.0001>\n",
          "bad.strace:2:42:" },
    };
    for (const Case& c : cases) {
        auto res = import_text(c.text);
        EXPECT_FALSE(res.trace) << c.text;
        ASSERT_FALSE(res.errors.empty()) << c.text;
        EXPECT_EQ(res.errors[0].rfind(c.where, 0), 0u) << res.errors[0] << "  for: " << c.text;
        EXPECT_NE(res.errors[0].find("error: "), std::string::npos);
    }
}

TEST(StraceImportErrors, EmptyMissingAndKeepGoing) {
    auto empty = import_text("");
    EXPECT_FALSE(empty.trace);
    ASSERT_EQ(empty.errors.size(), 1u);
    EXPECT_NE(empty.errors[0].find("no strace lines"), std::string::npos);

    auto missing = strace::import_strace_file(data("does-not-exist.strace"), {});
    EXPECT_FALSE(missing.trace);
    ASSERT_EQ(missing.errors.size(), 1u);
    EXPECT_NE(missing.errors[0].find("cannot open"), std::string::npos);

    const std::string text = "7  1700000000.000000 close(3) = 0 <0.000001>\n7  garbage\n7  1700000000.000100 close(4) = 0 <0.000001>\n";
    EXPECT_FALSE(import_text(text).trace);
    strace::ImportOptions opts;
    opts.keep_going = true;
    auto kept = import_text(text, opts);
    ASSERT_TRUE(kept.trace);
    EXPECT_EQ(kept.stats.bad_lines, 1u);
    EXPECT_EQ(count(*kept.trace, Kind::SyscallEnter, 7, "close"), 2u);
    ASSERT_FALSE(kept.warnings.empty());
    EXPECT_EQ(kept.warnings[0].rfind("bad.strace:2:", 0), 0u) << kept.warnings[0];
}

TEST(StraceImportErrors, ManyBadLinesStopAfterALimit) {
    std::string text;
    for (int i = 0; i < 100; ++i) text += "nonsense\n";
    auto res = import_text(text);
    EXPECT_FALSE(res.trace);
    EXPECT_LE(res.errors.size(), 22u);
    EXPECT_NE(res.errors.back().find("too many errors"), std::string::npos);
}

TEST(StraceImport, OrphanResumedLinesAndMissingDurations) {
    // A log cut in the middle of a call, without -T, CRLF line ends.
    const std::string text =
        "9  1700000000.500000 <... epoll_wait resumed>[{events=EPOLLIN, data={u32=5, u64=5}}], 16, -1) = 1 <0.400000>\r\n"
        "9  1700000000.600000 read(5, \"x\", 1) = 1\r\n";
    auto res = import_text(text);
    ASSERT_TRUE(res.trace) << errors_of(res);
    const Trace& t = *res.trace;
    EXPECT_EQ(res.stats.orphan_resumed, 1u);
    EXPECT_EQ(res.stats.missing_durations, 1u);
    auto en = of(t, Kind::SyscallEnter, 9, "epoll_wait");
    ASSERT_EQ(en.size(), 1u);
    EXPECT_EQ(en[0].t, 0);                                  // resumed at 0.5 s after 0.4 s inside
    EXPECT_EQ(of(t, Kind::SyscallExit, 9, "epoll_wait")[0].t, 400 * kMs);
    EXPECT_EQ(of(t, Kind::TaskNew, 9)[0].t, 0);
}

TEST(StraceImportErrors, TruncatedRealLinesFailCleanlyWithAPosition) {
    // Every line of the nginx capture cut at many points (as a log cut by a crash or a full
    // disk would be): imported alone, each either loads or fails with bad.strace:1:COL, and
    // never crashes (the suite also runs under ASan/UBSan).
    std::ifstream in(data("nginx.strace"));
    std::string line;
    size_t cases = 0, failures = 0;
    while (std::getline(in, line)) {
        for (size_t cut = 1; cut < line.size(); cut += 5) {
            auto res = import_text(line.substr(0, cut) + "\n");
            ++cases;
            if (res.trace) continue;
            ++failures;
            ASSERT_FALSE(res.errors.empty());
            ASSERT_EQ(res.errors[0].rfind("bad.strace:1:", 0), 0u) << res.errors[0];
            size_t col = std::stoul(res.errors[0].substr(13));
            ASSERT_GE(col, 1u);
            ASSERT_LE(col, cut + 1) << res.errors[0] << " for: " << line.substr(0, cut);
        }
    }
    EXPECT_GT(cases, 5000u);
    EXPECT_GT(failures, cases / 2);     // most cuts leave an unbalanced or incomplete line
}

TEST(StraceImport, HugeArgumentsSaturateInsteadOfOverflowing) {
    const std::string text =
        "5  1700000000.000000 epoll_wait(3, [], 1, 99999999999999999999) = 0 <0.000010>\n"
        "5  1700000000.000100 pselect6(1, [], NULL, NULL, {tv_sec=9223372036854775807, tv_nsec=-5}, NULL) = 0 (Timeout) <0.000010>\n"
        "5  1700000000.000200 writev(1, [{iov_base=\"\", iov_len=9223372036854775807}, {iov_base=\"\", iov_len=9223372036854775807}], 2) = 0 <0.000010>\n";
    auto res = import_text(text);
    ASSERT_TRUE(res.trace) << errors_of(res);
    auto ps = of(*res.trace, Kind::SyscallEnter, 5, "pselect6");
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].b, 1000000000LL * 1000000000LL);       // saturated at ~31 years
}

TEST(StraceImport, RegularFilesNeverWaitEvenWhenSlowUnderPtrace) {
    // A library read interrupted by strace's interleaving for 3 ms is not a sleep; the same
    // duration on a blocking pipe is.
    const std::string text =
        "5  1700000000.000000 openat(AT_FDCWD, \"/usr/lib/libm.so.6\", O_RDONLY|O_CLOEXEC) = 7</usr/lib/libm.so.6> <0.000010>\n"
        "5  1700000000.000100 read(7</usr/lib/libm.so.6>, \"\\177ELF\"..., 832) = 832 <0.003000>\n"
        "5  1700000000.004000 pipe2([8<pipe:[1]>, 9<pipe:[1]>], 0) = 0 <0.000010>\n"
        "5  1700000000.004100 read(8<pipe:[1]>, \"x\", 1) = 1 <0.003000>\n";
    auto res = import_text(text);
    ASSERT_TRUE(res.trace) << errors_of(res);
    auto waits = of(*res.trace, Kind::StateChange, 5, "Reading");
    ASSERT_EQ(waits.size(), 1u);
    EXPECT_EQ(waits[0].t, 4100000);
}

TEST(StraceImportErrors, MismatchedBracketsNameWhereTheyOpened) {
    auto one = import_text("100  1700000000.000000 read(3, [1, 2) = 3\n");
    ASSERT_FALSE(one.errors.empty());
    EXPECT_EQ(one.errors[0], "bad.strace:1:37: error: ')' does not match the '[' opened at column 32");
    auto split = import_text("100  1700000000.000000 read(3, [1,  <unfinished ...>\n"
                             "100  1700000000.000100 <... read resumed>2}, 3) = 3 <0.0001>\n");
    ASSERT_FALSE(split.errors.empty());
    EXPECT_EQ(split.errors[0].rfind("bad.strace:2:43: error: '}' does not match the '[' opened at line 1, column 32", 0), 0u)
        << split.errors[0];
}

TEST(StraceImport, SummaryWaitingTimeIsTheSumOfTheWaits) {
    auto res = import_file("traps-unfinished.strace");
    ASSERT_TRUE(res.trace);
    auto j = nlohmann::json::parse(strace::summary_json(*res.trace, res.stats));
    ASSERT_EQ(j["tasks"].size(), 2u);
    EXPECT_EQ(j["tasks"][0]["tid"], 100);
    EXPECT_EQ(j["tasks"][0]["waiting_ns"], 50000000 + 100100000);   // epoll_wait woken + timed out
    EXPECT_EQ(j["tasks"][1]["waiting_ns"], 150650000);              // the futex wait
    EXPECT_EQ(j["tasks"][1]["comm"], "worker");
    EXPECT_EQ(j["multiplexing"]["epoll_wait"]["calls"], 3);
    EXPECT_EQ(j["multiplexing"]["epoll_wait"]["ready_total"], 1);
    EXPECT_EQ(j["multiplexing"]["epoll_wait"]["timeouts"], 2);
    EXPECT_EQ(j["errors"]["accept4"], 1);
}
