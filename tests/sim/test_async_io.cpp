// test_async_io.cpp — the async-io scenario and the two asynchronous models under it (KERNEL.md,
// AIO): with io_uring the KERNEL performs the recv and copies the data before it posts the
// completion, so the program never calls recv; glibc's POSIX AIO is helper threads making
// ordinary blocking recv calls and a real-time signal; readiness (epoll) leaves the copy to the
// program's own recvfrom.
#include "sim_test_util.h"
#include "sim/trace/jsonl.h"

#include <map>
#include <set>
#include <sstream>

using namespace ioscope;
using namespace ioscope::testing;

namespace {

Scenario async_io(const std::string& variant = "") {
    LoadResult r = load_scenario_ref("async-io" + (variant.empty() ? "" : "@" + variant));
    for (auto& e : r.errors) ADD_FAILURE() << e.format();
    return r.ok() ? *r.scenario : Scenario{};
}

uint64_t syscalls(const nlohmann::json& s, const char* name) {
    const auto& m = s["metrics"]["syscalls"];
    return m.contains(name) ? m[name].get<uint64_t>() : 0;
}

uint64_t expected_requests(const Scenario& sc) { return uint64_t(sc.clients.count) * sc.clients.requests; }

} // namespace

TEST(AsyncIo, IoUringServesEveryRequestWithoutOneRecvOrAcceptCall) {
    Scenario sc = async_io();
    RunResult r = run_scenario(sc, {});
    auto s = summary(r);
    EXPECT_EQ(s["metrics"]["requests_completed"].get<uint64_t>(), expected_requests(sc));
    EXPECT_EQ(syscalls(s, "recvfrom"), 0u) << "the kernel receives for the program";
    EXPECT_EQ(syscalls(s, "accept4"), 0u) << "and accepts for it (IORING_OP_ACCEPT)";
    EXPECT_EQ(syscalls(s, "io_uring_setup"), 1u);
    EXPECT_EQ(syscalls(s, "mmap"), 2u) << "the SQ/CQ rings and the SQE array";
    EXPECT_GE(syscalls(s, "io_uring_enter"), expected_requests(sc));
    EXPECT_EQ(s["metrics"]["threads_peak"].get<uint64_t>(), 1u) << "one task: no helper threads";
}

// The texts' "the kernel copies the data and then notifies", precisely: every recv completion's
// bytes were copied to user space by the kernel, in the server's context, before its CQE.
TEST(AsyncIo, IoUringCopiesTheDataBeforePostingTheCompletion) {
    RunResult r = run_scenario(async_io(), {});
    const Trace& t = *r.trace;
    // Task_work runs on the way out of whichever system call the server is in (io_uring_enter
    // sleeping in io_cqring_wait, or the sendto of the previous answer), always in kernel mode.
    size_t recv_cqes = 0, parked = 0;
    size_t enter = SIZE_MAX;                 // the server's open system call, if any
    int64_t copied = -1;                     // bytes of the last copy_to_user inside it
    for (size_t i = 0; i < t.size(); ++i) {
        const Record& rec = t.records[i];
        if (rec.kind == Kind::SyscallEnter) {
            enter = i;
            copied = -1;
        } else if (rec.kind == Kind::SyscallExit) {
            enter = SIZE_MAX;
        } else if (rec.kind == Kind::CopyToUser && enter != SIZE_MAX && rec.task == t.records[enter].task) {
            copied = rec.a;
        } else if (rec.kind == Kind::WqWake && t.str(rec.name) == "io_poll_wake") {
            ++parked;
        } else if (rec.kind == Kind::AioComplete && rec.a >= 0 && rec.b > 0) {   // a recv CQE
            ++recv_cqes;
            ASSERT_NE(enter, SIZE_MAX) << "CQE #" << i << " posted in user mode, outside any system call";
            EXPECT_EQ(copied, rec.b) << "CQE #" << i << ": its " << rec.b << " bytes were not copied before it";
            copied = -1;
        }
    }
    EXPECT_GE(recv_cqes, expected_requests(async_io()));
    EXPECT_GT(parked, 0u) << "recvs on empty sockets are parked with io_poll_wake, not blocked on";
    // The wake-up walk charges io_poll_wake under its own name, never under epoll's callback.
    EXPECT_GT(count(t, Kind::KernelStep, "io_poll_wake"), 0u);
    EXPECT_EQ(count(t, Kind::KernelStep, "ep_poll_callback"), 0u);
    EXPECT_GT(count(t, Kind::KernelStep, "io_poll_task_func"), 0u) << "the recv runs as task_work";
}

// glibc's POSIX AIO is not kernel AIO: the recv calls are ordinary blocking ones, made by clone'd
// helper threads that sleep in them; completion reaches the main thread as a queued signal.
TEST(AsyncIo, PosixAioIsHelperThreadsBlockedInRecvAndASignal) {
    Scenario sc = async_io("posix-aio");
    RunResult r = run_scenario(sc, {});
    const Trace& t = *r.trace;
    auto s = summary(r);
    EXPECT_EQ(s["metrics"]["requests_completed"].get<uint64_t>(), expected_requests(sc));
    EXPECT_GT(s["metrics"]["threads_peak"].get<uint64_t>(), 1u);

    std::set<uint32_t> threads;              // tasks created as threads of the server
    uint32_t main_task = 0;
    for (const Record& rec : t.records) {
        if (rec.kind == Kind::TaskNew && (rec.c & 1)) threads.insert(rec.task);
        if (rec.kind == Kind::SyscallEnter && t.str(rec.name) == "pause") main_task = rec.task;
    }
    ASSERT_NE(main_task, 0u) << "the main thread waits for the signal in pause()";
    ASSERT_FALSE(threads.empty());

    // Every recvfrom is a helper's, and helpers sleep inside it (sk_wait_data).
    size_t recvs = 0, slept_in_recv = 0;
    std::map<uint32_t, bool> in_recv;
    for (const Record& rec : t.records) {
        if (rec.kind == Kind::SyscallEnter && t.str(rec.name) == "recvfrom") {
            ++recvs;
            EXPECT_TRUE(threads.count(rec.task)) << "recvfrom by task " << rec.task << ", not a helper thread";
            in_recv[rec.task] = true;
        } else if (rec.kind == Kind::SyscallExit) {
            in_recv[rec.task] = false;
        } else if (rec.kind == Kind::StateChange && rec.a == int64_t(TaskState::Waiting) && in_recv[rec.task]) {
            ++slept_in_recv;
        }
    }
    EXPECT_GE(recvs, expected_requests(sc));
    EXPECT_GT(slept_in_recv, 0u) << "the helpers block in recv: the kernel sees blocking I/O";

    // Completion by signal: SIGRTMIN raised by a helper for the main thread, delivered to it.
    size_t raised = 0, delivered = 0;
    for (const Record& rec : t.records) {
        if (rec.kind == Kind::SignalRaise && rec.a == 34) { ++raised; EXPECT_TRUE(threads.count(rec.obj2)); }
        if (rec.kind == Kind::SignalDeliver && rec.a == 34) { ++delivered; EXPECT_EQ(rec.task, main_task); }
    }
    EXPECT_EQ(raised, syscalls(s, "rt_sigqueueinfo"));
    EXPECT_GT(delivered, 0u);
    EXPECT_LE(delivered, raised) << "queued real-time signals are delivered at most once each";
}

// The contrast: readiness tells the program which fd is readable; its own recvfrom copies.
TEST(AsyncIo, ReadinessLeavesTheCopyToTheProgramsRecv) {
    Scenario sc = async_io("epoll");
    RunResult r = run_scenario(sc, {});
    const Trace& t = *r.trace;
    auto s = summary(r);
    EXPECT_EQ(s["metrics"]["requests_completed"].get<uint64_t>(), expected_requests(sc));
    EXPECT_GE(syscalls(s, "recvfrom"), expected_requests(sc));
    EXPECT_EQ(count(t, Kind::AioComplete), 0u);
    size_t in_recv_copies = 0;
    bool in_recv = false;
    for (const Record& rec : t.records) {
        if (rec.kind == Kind::SyscallEnter) in_recv = t.str(rec.name) == "recvfrom";
        else if (rec.kind == Kind::SyscallExit) in_recv = false;
        else if (rec.kind == Kind::CopyToUser && in_recv && rec.a > 0) ++in_recv_copies;
    }
    EXPECT_GE(in_recv_copies, expected_requests(sc));
}

TEST(AsyncIo, EveryVariantIsDeterministic) {
    for (const char* v : { "", "posix-aio", "epoll" }) {
        std::ostringstream a, b;
        write_jsonl(*run_scenario(async_io(v), {}).trace, a);
        write_jsonl(*run_scenario(async_io(v), {}).trace, b);
        EXPECT_TRUE(a.str() == b.str()) << "async-io@" << v << " differs between two runs";
    }
}
