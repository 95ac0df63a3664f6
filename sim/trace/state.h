// state.h — the kernel-visible state rebuilt from a trace, and the reconstructor that finds it
// at any record index (keyframes + replay), forward and backward.
//
// Contract:
//  * State::apply(r) is the only way state changes; it is deterministic and total (records of
//    unknown objects are tolerated: a trace cut by --until or imported from strace still loads).
//  * "State at position p" = the result of applying records [0, p). p runs 0..trace.size().
//  * Two States compare equal iff every field is equal (tests step N forward, N back, compare).
//  * The GUI draws every inspector from a State; it never looks inside the simulator.
#pragma once
#include "cow_map.h"
#include "trace.h"

#include <map>
#include <vector>

namespace ioscope {

struct TaskInfo {
    uint32_t tid { 0 }, pid { 0 }, parent { 0 };
    uint32_t comm { 0 };                  // name id
    bool thread { false };                // shares the address space of its process
    TaskState state { TaskState::New };
    LinuxState lstate { LinuxState::New };
    WaitEnd last_wait_end { WaitEnd::None };
    uint32_t wait_reason { 0 };           // "Reading", "Accepting" (name id) while Waiting
    uint32_t wait_queue { 0 };            // object the task's wait entry hangs on, if known
    uint8_t cpu { kNoCpu };               // CPU it runs on / last ran on
    uint32_t syscall { 0 };               // current syscall (name id), 0 in user mode
    int64_t syscall_since { 0 };
    int64_t syscall_args[3] { 0, 0, 0 };
    int64_t last_ret { 0 };               // last syscall's return value
    uint32_t saved_context { 0 };         // where user code stopped, saved into the PCB at switch-out
    int64_t state_since { 0 };
    int64_t user_ns { 0 }, kernel_ns { 0 };   // CPU time charged (softirq/irq time is not the task's)
    uint64_t nvcsw { 0 }, nivcsw { 0 };       // voluntary / involuntary switches (getrusage names)
    uint64_t syscalls { 0 };
    uint64_t wakeups { 0 };
    int64_t exit_code { 0 };
    bool crashed { false };
    uint32_t crash_msg { 0 };
    uint64_t pending_signals { 0 };       // bit per signo
    // Inspector support (issue 5): what a select/poll/epoll_wait call is doing right now.
    int64_t scan_fd { -1 };               // fd polled by the last FdPoll of the current call, -1 none
    uint32_t scan_pass { 0 };             // its pass number (1 = first scan, 2.. = rescans after a wakeup)
    uint8_t fdset_in { 0 };               // select: sets copied in by the current/last select (bit per set)
    uint8_t fdset_out { 0 };              // select: sets copied out by the current/last select
    int64_t fdset_n { 0 };                // select: n (bits scanned) of that call
    int64_t fdset_bytes { 0 };            // select: bytes per bitmap copied (FDS_BYTES(n))
    uint32_t last_signal { 0 };           // last signal delivered (SignalDeliver)
    uint32_t handler_signo { 0 };         // signal whose user handler runs (setup_rt_frame .. rt_sigreturn)
    bool operator==(const TaskInfo&) const = default;
};

struct CpuInfo {
    uint32_t curr { 0 };                  // tid, 0 = idle
    CpuMode mode { CpuMode::Idle };
    int64_t mode_since { 0 };
    uint64_t jiffies { 0 };
    std::vector<uint32_t> runq;           // runnable tasks waiting for this CPU, in enqueue order
    uint32_t last_fn { 0 };               // last kernel function executed (name id)
    bool need_resched { false };
    int64_t busy_ns[5] { 0, 0, 0, 0, 0 }; // indexed by CpuMode; [Idle] = idle time
    uint64_t switches { 0 };
    bool operator==(const CpuInfo&) const = default;
};

struct WaitEntryInfo {
    uint32_t id { 0 };
    uint32_t task { 0 };
    uint32_t func { 0 };                  // wake function (name id)
    uint32_t flags { 0 };
    uint32_t owner { 0 };
    bool operator==(const WaitEntryInfo&) const = default;
};

struct ObjectInfo {
    uint32_t id { 0 };
    ObjType type { ObjType::Socket };
    uint32_t owner { 0 };                 // owning object (a socket's wait queue -> the socket)
    uint32_t task { 0 };                  // creating task
    uint32_t label { 0 };
    bool alive { true };
    std::vector<WaitEntryInfo> waiters;   // ObjType::WaitQueue: entries in list order
    bool operator==(const ObjectInfo&) const = default;
};

struct SocketInfo {
    TcpState state { TcpState::Closed };
    bool rcv_shutdown { false };
    int64_t queue[4] { 0, 0, 0, 0 };      // indexed by SockQueue: rx bytes, accept entries, tx bytes, backlog
    uint64_t packets_rx { 0 }, packets_tx { 0 };
    bool operator==(const SocketInfo&) const = default;
};

// A node of an eventpoll's red-black tree. The links are kept both ways (parent + side, and the
// two children), so a rotation or an erase changes a handful of nodes, as in lib/rbtree.c.
struct EpItemInfo {
    uint32_t fd { 0 };
    uint8_t colour { 0 };                 // 0 black, 1 red
    uint32_t parent { 0 };
    uint8_t right { 0 };                  // 1 if it is its parent's right child
    uint32_t child[2] { 0, 0 };           // left, right (epitem ids; 0 = none)
    bool operator==(const EpItemInfo&) const = default;
};

struct EpollInfo {
    // epitem id -> node. Shared between State copies until changed (cow_map.h): a keyframe of an
    // unchanged c10k-sized tree costs nothing beyond the first.
    CowMap<uint32_t, EpItemInfo> items;
    std::vector<uint32_t> rdllist, ovflist;
    uint64_t rotations { 0 };
    bool operator==(const EpollInfo&) const = default;
};

// One POSIX AIO / io_submit request (AioSubmit .. AioComplete).
struct AioRequestInfo {
    uint32_t task { 0 };
    int64_t id { 0 };
    int64_t value { 0 };                  // bytes asked for while in flight; the result once complete
    int64_t since { 0 };                  // submit time, then completion time
    bool operator==(const AioRequestInfo&) const = default;
};

// An AIO context: requests submitted and not completed (submission side) and the most recent
// completions (completion side; the trace has no "reaped" kind, so the last kAioKeep are kept).
struct AioInfo {
    static constexpr size_t kAioKeep = 16;
    std::vector<AioRequestInfo> inflight, completed;
    uint64_t submitted { 0 }, completions { 0 };
    bool operator==(const AioInfo&) const = default;
};

struct State {
    int64_t now { 0 };
    size_t position { 0 };                // number of records applied
    std::map<uint32_t, TaskInfo> tasks;
    std::vector<CpuInfo> cpus;
    std::map<uint32_t, ObjectInfo> objects;
    std::map<uint32_t, SocketInfo> sockets;          // keyed by socket object id
    std::map<uint32_t, std::map<int64_t, uint32_t>> fds;   // pid -> fd -> object
    std::map<uint32_t, EpollInfo> epolls;
    std::map<uint64_t, std::vector<uint64_t>> fdsets;   // (task<<8 | map) -> bitmap words
    std::map<uint32_t, std::vector<uint64_t>> pollfds;  // poll table object -> packed entries
    std::map<uint32_t, AioInfo> aio;                    // AIO context object -> queues
    uint64_t wakeups { 0 }, context_switches { 0 }, syscalls { 0 };

    explicit State(uint32_t ncpus = 1) : cpus(ncpus) {}
    void apply(const Record& r, const StringTable& strings);
    // Bytes this State holds; with `shared_with`, only those it does not share with that State
    // (copy-on-write parts both hold, cow_map.h).
    size_t approx_bytes(const State* shared_with = nullptr) const;
    bool operator==(const State&) const = default;
};

// Finds the State at any position quickly: keyframes (State copies) at multiples of a step, then
// replay from the nearest keyframe at or before p.
//  * An explicit keyframe_interval K stores a keyframe at every multiple of K.
//  * Automatic (K = 0): the step is 1024, and a keyframe is stored at a multiple of it only while
//    all keyframes so far, each counting the bytes it does not share with the one before it
//    (State::approx_bytes(prev)), stay within 8 bytes per record seen. A small State gets a
//    keyframe every 1024 records; a big one that keeps changing one every ~size/8 records; a big
//    part that stays unchanged (an eventpoll's interest tree, shared copy-on-write) costs once.
class Reconstructor {
public:
    explicit Reconstructor(const Trace& trace, size_t keyframe_interval = 0);

    const State& seek(size_t position);          // clamps to [0, size]
    const State& step_forward() { return seek(cur_.position + 1); }
    const State& step_back() { return seek(cur_.position ? cur_.position - 1 : 0); }
    const State& current() const { return cur_; }
    size_t position() const { return cur_.position; }
    // The most records between two keyframes (or after the last one): the longest replay a seek
    // can need. An explicit interval K gives K (on a trace of at least K records).
    size_t keyframe_interval() const { return max_gap_; }
    size_t keyframe_count() const { return keyframes_.size(); }
    // Bytes the keyframes hold, parts shared between neighbouring keyframes counted once.
    size_t keyframe_bytes() const;
    const Trace& trace() const { return trace_; }

private:
    const Trace& trace_;
    size_t step_;
    size_t max_gap_ { 0 };
    std::vector<size_t> kf_pos_;                 // keyframes_[k] = State at position kf_pos_[k] (ascending, [0] = 0)
    std::vector<State> keyframes_;
    State cur_;
};

} // namespace ioscope
