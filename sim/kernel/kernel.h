// kernel.h — the simulated kernel: CPUs, scheduler, wait queues, sockets, the NIC, system calls.
//
// Index (implementation files, one job each):
//   kernel.cpp    construction, recording, objects, tasks (spawn/exit/crash), the run loop
//   cpu.cpp       segments, hard interrupts, the clock tick, return-from-interrupt preemption
//   sched.cpp     __schedule (the six steps of a process switch), try_to_wake_up, wakeup preemption
//   wait.cpp      wait queues: add/remove, __wake_up_common and the wake functions
//   net_rx.cpp    NIC rings, NET_RX softirq, tcp receive path, sock_def_readable, remote peers
//   tcp.cpp       tcp_sendmsg / tcp_recvmsg / inet_csk_accept / connect / close (syscall bodies)
//   sock_reuseport.cpp  bind table, listening hash, SO_REUSEPORT groups, inet_lookup_listener
//   syscalls.cpp  syscall entry/exit, the fd table, the Sys facade programs use
//
// Contract: all costs come from CostModel; all time passes through start_segment(); every state
// change is recorded (sim/trace/record.h) so the trace alone can rebuild the picture.
#pragma once
#include "cache.h"
#include "cost_model.h"
#include "cpu.h"
#include "futex.h"
#include "poll.h"
#include "eventpoll.h"
#include "io_uring.h"
#include "memory.h"
#include "sim/core/coro.h"
#include "sim/core/event_queue.h"
#include "sim/core/rng.h"
#include "sim/scenario/scenario.h"
#include "sim/trace/trace.h"
#include "sock.h"
#include "sock_reuseport.h"
#include "task_struct.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ioscope {

class Kernel;
class Sys;

// What a remote host does when our server transmits to it (implemented by workload clients).
class RemotePeer {
public:
    virtual ~RemotePeer() = default;
    virtual void on_receive(struct RemoteConn& conn, const Skb& skb) = 0;
};

// One TCP connection from a remote host to a local listening socket.
struct RemoteConn {
    uint32_t id { 0 };                    // trace object (ObjType::RemoteHost)
    uint32_t index { 0 };                 // client number
    int port { 0 };
    Sock* sock { nullptr };               // server-side socket once the handshake completes
    RemotePeer* peer { nullptr };
    uint8_t rx_cpu { 0 };                 // RSS: which CPU's queue its packets raise
    uint32_t saddr { 0 };                 // the remote host's address (host byte order)
    uint16_t sport { 0 };                 // its ephemeral source port
    Sock* req_listener { nullptr };       // request sock's rsk_listener: chosen at SYN time
};

struct Metrics {
    std::map<uint32_t, uint64_t> syscall_counts;     // by interned syscall name
    uint64_t context_switches { 0 };
    uint64_t wakeups { 0 };
    uint64_t spurious_wakeups { 0 };
    uint64_t fds_scanned { 0 };
    uint64_t wait_queue_adds { 0 };
    uint64_t bytes_copied_from_user { 0 };
    uint64_t bytes_copied_to_user { 0 };
    uint64_t requests_completed { 0 };
    uint64_t syscalls_returning_eagain { 0 };
    uint32_t threads_live { 0 }, threads_peak { 0 };
    MemoryUse memory, memory_peak;               // memory_peak: at the moment the total peaked
    uint64_t packets_rx { 0 }, packets_tx { 0 }, packets_dropped { 0 };
    uint64_t killed_by_signal { 0 };      // programs that died of a fatal signal (abort(), ...)
    uint64_t cache_lines_touched { 0 };   // tracked cache lines read by steps (cache.h)
    uint64_t cache_miss_ns { 0 };         // time those steps spent on lines that had left the cache
    std::map<uint32_t, uint64_t> accepts_by_task;   // tid -> connections it took off an accept queue
    uint64_t connections_reset { 0 };     // children reset because their listener closed (inet_csk_listen_stop)
    std::vector<int64_t> latencies_ns;
};


class Kernel {
public:
    // `trace` must outlive the kernel; with record == false only strings are interned (metrics,
    // benchmarks of the model itself), no records are kept.
    Kernel(const MachineSpec& machine, uint64_t seed, Trace* trace, bool record = true);
    ~Kernel();
    Kernel(const Kernel&) = delete;
    Kernel& operator=(const Kernel&) = delete;

    // ---- run -------------------------------------------------------------------------------------
    void run(SimTime until);
    SimTime now() const { return ev_.now(); }
    SimTime end_time() const { return end_time_; }
    EventQueue& events() { return ev_; }
    const CostModel& cost() const { return cost_; }
    Metrics& metrics() { return metrics_; }
    // Memory a program maps for itself that memory_bytes counts as user stacks (a user-level
    // thread library's fiber stacks); negative frees it. Keeps memory_peak up to date.
    void account_user_stacks(int64_t bytes);
    const std::vector<Cpu>& cpus() const { return cpus_; }
    RngStream rng(std::string_view name) const { return RngStream(seed_, name); }
    bool any_crash() const { return crashed_; }
    uint64_t records_emitted() const { return emitted_; }

    // ---- recording ---------------------------------------------------------------------------------
    Record& emit(Kind k, uint8_t cpu = kNoCpu, uint32_t task = 0);
    uint32_t nm(const char* literal);                 // interned id of a string literal (cached)
    uint32_t intern(std::string_view s) { return trace_->intern(s); }
    uint32_t new_object(ObjType type, std::string_view label, uint32_t owner = 0, uint32_t task = 0);
    void narrate(const std::string& en, const std::string& zh);

    // ---- tasks ---------------------------------------------------------------------------------------
    Task& spawn(const std::string& name, SimTime at, ProgramFactory program, Task* parent = nullptr, bool thread = false);
    Task* task(uint32_t tid) { auto it = tasks_.find(tid); return it == tasks_.end() ? nullptr : it->second.get(); }
    void set_state(Task& t, TaskState s, LinuxState ls, WaitEnd end = WaitEnd::None);

    // ---- CPU engine (cpu.cpp) -------------------------------------------------------------------------
    void start_segment(Cpu& c, int64_t cost, EventFn cont, void* ctx, uint64_t arg, bool irqs_off = false);
    void set_mode(Cpu& c, CpuMode m);
    void raise_irq(uint8_t cpu, IrqKind kind);        // a device (or another CPU) interrupts `cpu`
    Cpu& cpu_of(Task& t) { return cpus_[t.cpu]; }

    // Awaitable: spend `cost` ns on the CPU in its current mode, recorded as `name`.
    struct StepAwaiter {
        Kernel& k; Cpu& c; int64_t cost;
        bool await_ready() const noexcept { return cost <= 0; }
        void await_suspend(std::coroutine_handle<> h) {
            k.start_segment(c, cost, &resume_handle, h.address(), 0);
        }
        void await_resume() const noexcept {}
    };
    StepAwaiter step(Task& t, uint32_t name, int64_t cost);             // kernel step in t's context
    StepAwaiter cpu_step(Cpu& c, uint32_t name, int64_t cost);          // in whatever context c is in
    StepAwaiter user_step(Task& t, uint32_t name, int64_t cost);        // user-mode work
    static void resume_handle(void* addr, uint64_t);

    // ---- memory hierarchy (cache.cpp, cache.h) -----------------------------------------------------
    // A kernel step in t's context that reads the given objects' cache lines: its cost plus the
    // expected cost of the lines that have left the cache (the record's b; c = lines read).
    // (Two fixed slots, not an initializer_list: GCC 12 cannot keep a braced list in a coroutine frame.)
    StepAwaiter step_touch(Task& t, uint32_t name, int64_t cost, CacheTouch a, CacheTouch b = CacheTouch { 0, 0 });
    // Touch `lines` lines of `obj` from `cpu`; returns the miss cost in ns (0 with install: a
    // new object whose lines are written now, paid for by its allocation step).
    int64_t cache_touch(uint8_t cpu, uint32_t obj, int64_t lines, bool install = false);
    // Counts the footprint of the system calls made since the last look (syscall_footprint_lines).
    void cache_account_syscalls(uint8_t cpu);

    // ---- scheduler (sched.cpp) ---------------------------------------------------------------------------
    // Awaitable: the calling task gives up the CPU (it has set its state; if still TASK_RUNNING it
    // stays runnable). Resumes when the scheduler picks it again.
    struct ScheduleAwaiter {
        Kernel& k; Task& t; bool preempt;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> h);
        void await_resume() const noexcept {}
    };
    ScheduleAwaiter schedule(Task& t, bool preempt = false) { return ScheduleAwaiter{*this, t, preempt}; }
    void cpu_schedule(Cpu& c, bool preempt);          // enter __schedule on c (prev = c.curr)
    bool ttwu(Cpu& waker, Task& p);                   // try_to_wake_up (sched.cpp); caller charges the cost

    // ---- wait queues (wait.cpp) -----------------------------------------------------------------------------
    void init_waitqueue(WaitQueueHead& wq, uint32_t owner, std::string_view label);
    // Non-exclusive entries go to the head, exclusive ones to the tail — unless `head` forces the
    // head (__add_wait_queue_exclusive, used by ep_poll: exclusive waiters woken LIFO).
    KCo<void> add_wait_queue(Cpu& c, WaitQueueHead& wq, WaitEntry& e, bool exclusive, bool head = false);
    KCo<void> remove_wait_queue(Cpu& c, WaitQueueHead& wq, WaitEntry& e);
    // __wake_up_common: returns the number of tasks woken. nr_exclusive as in the kernel.
    KCo<int> wake_up(Cpu& c, WaitQueueHead& wq, int nr_exclusive, uint32_t key);

    // ---- network (net_rx.cpp) -------------------------------------------------------------------------------
    RemoteConn& remote_connect(RemotePeer* peer, int port, uint32_t index);  // SYN leaves the remote host now
    void remote_send(RemoteConn& conn, int64_t bytes, uint32_t flags);       // a packet leaves the remote host
    KCo<void> net_rx_softirq(Cpu& c);                 // __do_softirq -> net_rx_action on c
    KCo<void> deliver(Cpu& c, Sock& sk, Skb skb);     // tcp_v4_rcv on an established socket
    KCo<void> sock_def_readable(Cpu& c, Sock& sk);
    KCo<void> transmit(Cpu& c, Sock& sk, int64_t bytes, uint32_t flags);  // tcp_write_xmit and below
    // The listening hash for one port: the first listener inet_lhash2_lookup meets (nullptr = none).
    Sock* listener(int port) { auto it = listeners_.find(port); return it == listeners_.end() || it->second.empty() ? nullptr : it->second.front(); }

    // ---- bind table, listening hash, SO_REUSEPORT (sock_reuseport.cpp) ----------------------------------
    // inet_csk_get_port's conflict check: may `sk` take `port`? (both SO_REUSEPORT, or port free)
    bool inet_csk_bind_conflict(const Sock& sk, int port) const;
    void inet_bind_hash(Sock& sk, int port);           // into the port's bind bucket
    void inet_put_port(Sock& sk);                      // out of it (close)
    // inet_hash at listen(): into the listening hash; with SO_REUSEPORT, inet_reuseport_add_sock
    // joins the group of a listener already on the port (reuseport_add_sock) or starts one
    // (reuseport_alloc). Returns the name of the function that did it, for the trace.
    const char* inet_hash(Sock& sk);
    void inet_unhash(Sock& sk);                        // close(): reuseport_detach_sock + unhash
    // The listener for a SYN of `flow` (nullptr: nobody listens -> RST). For a reuseport group:
    // lookup_reuseport -> inet_ehashfn -> reuseport_select_sock, each a recorded step, charged
    // out of tcp_v4_rcv's per-packet cost (reuseport_lookup_ns), so the total is unchanged.
    KCo<Sock*> inet_lookup_listener(Cpu& c, const FlowKey& flow);
    int64_t reuseport_lookup_ns() const { return cost_.net_rx_per_packet_ns / 10; }
    bool reuseport_port(int port) { Sock* l = listener(port); return l && l->reuseport_cb; }
    const SockReuseport* reuseport_group(int port) { Sock* l = listener(port); return l ? l->reuseport_cb : nullptr; }
    uint16_t inet_hash_connect_port();                 // an ephemeral source port (ip_local_port_range)
    uint32_t inet_ehash_secret() const { return ehash_secret_; }
    // inet_csk_listen_stop: a closing listener resets the children still in its accept queue.
    KCo<void> inet_csk_listen_stop(Task& t, Sock& sk);

    // ---- sockets and files (tcp.cpp, syscalls.cpp) ---------------------------------------------------------------
    Sock& new_sock(ObjType type, Task* owner, std::string_view label);
    File& new_file(Sock& sk, Task& owner);
    int fd_install(Task& t, File& f);
    File* fd_get(Task& t, int fd);

    KCo<void> syscall_enter(Task& t, uint32_t name, int64_t a0 = 0, int64_t a1 = 0, int64_t a2 = 0);
    KCo<int64_t> syscall_exit(Task& t, uint32_t name, int64_t ret);
    KCo<int64_t> sys_socket(Task& t);
    KCo<int64_t> sys_bind(Task& t, int fd, int port);
    KCo<int64_t> sys_listen(Task& t, int fd, int backlog);
    KCo<int64_t> sys_accept(Task& t, int fd);
    KCo<int64_t> sys_connect(Task& t, int fd, int port);
    KCo<int64_t> sys_recv(Task& t, int fd, int64_t len);
    KCo<int64_t> sys_send(Task& t, int fd, int64_t len);
    KCo<int64_t> sys_close(Task& t, int fd);
    KCo<int64_t> sys_set_nonblock(Task& t, int fd, bool on);
    KCo<int64_t> sys_nanosleep(Task& t, int64_t ns);
    // Signal-driven I/O (signals.cpp)
    KCo<int64_t> sys_fcntl_setown(Task& t, int fd);
    KCo<int64_t> sys_fcntl_async(Task& t, int fd, bool on);
    KCo<int64_t> sys_sigaction(Task& t, int signo, ProgramFactory handler);
    KCo<int64_t> sys_pause(Task& t);
    void sk_wake_async(Cpu& c, Sock& sk);                 // sock_wake_async -> kill_fasync -> send_sigio
    void send_signal(Cpu& c, Task& target, int signo, uint32_t sender);
    KCo<void> deliver_signals(Task& t);                   // on return to user mode: run handlers
    KCo<int64_t> sys_set_rcvtimeo(Task& t, int fd, int64_t ns);
    KCo<int64_t> sys_set_reuseport(Task& t, int fd, bool on);    // setsockopt(SO_REUSEPORT)
    KCo<int64_t> sys_fork(Task& t, ProgramFactory child);          // fork -> clone: new process
    KCo<int64_t> sys_clone_thread(Task& t, ProgramFactory child);  // pthread_create -> clone(CLONE_VM|...)
    KCo<int64_t> sys_prctl_set_name(Task& t, std::string name);   // prctl(PR_SET_NAME): task->comm
    KCo<int64_t> sys_futex_wait(Task& t, Futex& f, int64_t expected, uint32_t reason);
    KCo<int64_t> sys_futex_wake(Task& t, Futex& f, int n);
    Futex& new_futex(std::string_view label);
    // select / poll (select.cpp). timeout_ns < 0 waits forever; 0 never sleeps.
    struct PollItem { int fd; uint32_t want; uint32_t got; };
    uint32_t tcp_poll(const Sock& sk) const;
    // sk_stream_is_writeable (tcp.cpp): what tcp_poll reports as POLLOUT — free send-buffer space
    // at least half of what is queued (sk_stream_wspace >= sk_stream_min_wspace).
    bool sk_stream_is_writeable(const Sock& sk) const;
    bool sk_stream_memory_free(const Sock& sk) const;     // sk_wmem_queued < sk_sndbuf
    KCo<bool> schedule_hrtimeout_range(Task& t, int64_t expires, int64_t slack);
    // walk_ns: what each pass costs before its fds (do_select walks the bitmaps word by word).
    // select_sets: do_select's per-item set bits (bit 0 in, 1 out, 2 ex; items in fd order) — the
    // passes then trace res_in/out/ex as do_select builds them; null for poll.
    KCo<int> do_poll_passes(Task& t, PollWqueues& pwq, std::vector<PollItem>& items, int64_t timeout_ns, uint32_t reason,
                            int64_t walk_ns = 0, const std::vector<uint8_t>* select_sets = nullptr);
    KCo<int64_t> sys_select(Task& t, int nfds, FdSet* in, FdSet* out, FdSet* ex, int64_t timeout_ns, int64_t* remaining);
    KCo<int64_t> sys_poll(Task& t, std::vector<PollFd>& fds, int64_t timeout_ms);
    // epoll (eventpoll.cpp)
    KCo<int64_t> sys_epoll_create1(Task& t);
    KCo<int64_t> sys_epoll_ctl(Task& t, int epfd, int op, int fd, EpollEvent ev);
    KCo<int64_t> sys_epoll_wait(Task& t, int epfd, std::vector<EpollEvent>& out, int maxevents, int64_t timeout_ms);
    KCo<void> ep_remove(Task& t, EventPoll& ep, EpItem& epi);
    // io_uring (io_uring.cpp)
    KCo<int64_t> sys_io_uring_setup(Task& t, uint32_t entries);
    KCo<int64_t> sys_io_uring_mmap(Task& t, int fd, const char* region);
    int64_t io_uring_queue(Task& t, int ringfd, IoUringOp op, int fd, int64_t len, uint64_t user_data);
    KCo<int64_t> sys_io_uring_enter(Task& t, int ringfd, uint32_t min_complete);
    KCo<void> io_issue(Task& t, IoUringReq& req);
    KCo<void> io_post_cqe(Task& t, IoUringReq& req, int64_t res);
    KCo<void> run_task_work(Task& t);                     // task_work_run on the way to user mode
    KCo<int64_t> sys_rt_sigqueueinfo(Task& t, Task& target, int signo);
    // tcp_recvmsg's copy: take up to len bytes off sk.rx into the user's buffer (sk.rx non-empty).
    KCo<int64_t> tcp_recv_copy(Task& t, Sock& sk, int64_t len);
    Sock* accept_queue_pop(Task& t, Sock& sk);             // the oldest child (accept_q non-empty), accepted
    Sock* accept_queue_dequeue(Task& t, Sock& sk);         // the same, recorded, without counting an accept
    // The synchronous part of __wake_up_common (the walk holds the queue's lock): returns tasks
    // woken and adds the CPU cost of the walk, the try_to_wake_up calls and the callbacks.
    // CPU time of one wake-up walk, charged after it under each function's own name.
    struct WakeCost { int64_t walk { 0 }, ttwu { 0 }, ep_callbacks { 0 }, io_callbacks { 0 }; };
    int wake_walk(Cpu& c, WaitQueueHead& wq, int nr_exclusive, uint32_t key, WakeCost& cost);
    int ep_poll_callback(Cpu& c, WaitEntry& e, uint32_t key, WakeCost& cost);
    int io_poll_wake(Cpu& c, WaitQueueHead& wq, WaitEntry& e, WakeCost& cost);   // io_uring.cpp
    void memory_changed();
    // schedule_timeout: sleep until woken or until a timer_list timer `timeo_ns` (rounded up to
    // jiffies) fires from the TIMER softirq. timeo_ns < 0 sleeps without a timer. True = timed out.
    KCo<bool> schedule_timeout(Task& t, int64_t timeo_ns);
    KCo<void> sys_exit(Task& t, int64_t code);
    KCo<int64_t> user_compute(Task& t, int64_t ns, uint32_t what);
    KCo<bool> sk_wait_data(Task& t, Sock& sk);     // true if SO_RCVTIMEO expired
    // The send buffer (tcp.cpp): sleep until sk_stream_memory_free (0) or the socket fails (-EPIPE).
    KCo<int64_t> sk_stream_wait_memory(Task& t, Sock& sk);
    KCo<void> tcp_push(Cpu& c, Sock& sk);               // send the write queue's unsent tail the window allows
    KCo<void> sk_stream_write_space(Cpu& c, Sock& sk);  // wake writers: EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND
    int64_t tcp_send_window(const Sock& sk) const;      // bytes the peer takes now (its sk_rcvbuf left)
    void sk_wmem_trace(Cpu& c, Sock& sk);               // SockBuf(Send) when sk_wmem_queued changed
    KCo<void> release_sock(Task& t, Sock& sk);
    KCo<void> file_put(Task& t, File& f);

    // Internals shared between the files above.
    std::vector<Cpu> cpus_;
    uint32_t hz_ { 250 };
    int64_t slice_ns_ { 700000 };
    std::map<uint32_t, std::unique_ptr<Task>> tasks_;

private:
    friend class Sys;
    static void on_tick(void* k, uint64_t cpu);
    static void on_irq_event(void* k, uint64_t arg);
    static void on_task_start(void* k, uint64_t tid);
    static void on_root_done(void* task);
    static void on_nic_frame(void* k, uint64_t conn_and_flags);
    static void on_hrtimer_expiry(void* k, uint64_t tid);
    friend struct SchedOps;
    friend struct IrqOps;
    KCo<void> task_main(Task& t, ProgramFactory program);
    KCo<void> irq_handler(Cpu& c, IrqKind kind);
    void irq_return(Cpu& c);
    void take_interrupt(Cpu& c, IrqKind kind);
    void arm_tick(Cpu& c);
    void arm_tick_at_jiffy(Cpu& c, uint64_t jiffy);
    KCo<void> timer_softirq(Cpu& c);
    void start_irq_handler(Cpu& c, IrqKind kind);
    void resume_task(Cpu& c, Task& t);
    void update_curr(Cpu& c);
    static void sched_after_pick(void* k, uint64_t cpu);
    static void sched_after_switch(void* k, uint64_t cpu);
    static void sched_after_mm(void* k, uint64_t cpu);
    static void sched_to_idle(void* k, uint64_t cpu);

    const CostModel cost_;
    uint64_t seed_;
    Trace* trace_;
    bool record_;
    SimTime end_time_ {};
    Record scratch_ {};
    uint64_t emitted_ { 0 };
    EventQueue ev_;
    Metrics metrics_;
    CacheState cache_;                  // the working-set model's clocks and stamps (cache.h)
    bool crashed_ { false };
    std::unordered_map<const char*, uint32_t> literal_ids_;
    std::map<std::pair<const void*, uint32_t>, uint32_t> pc_cache_;   // call site -> "file:line what"
    uint32_t next_obj_ { 1 };
    uint32_t next_tid_ { 100 };
    uint32_t next_mm_ { 1 };
    uint32_t next_entry_ { 1 };
    uint32_t next_packet_ { 1 };
    uint32_t next_timer_ { 1 };
    uint32_t nic_obj_ { 0 };
    // Port -> its listening sockets (the lhash2 bucket, reduced to one address). More than one
    // only when all have SO_REUSEPORT; they are then the members of one SockReuseport group.
    std::map<int, std::vector<Sock*>> listeners_;
    std::map<int, std::vector<Sock*>> bound_;      // port -> inet_bind_bucket owners (bound sockets)
    std::vector<std::unique_ptr<SockReuseport>> reuseport_groups_;
    uint32_t ehash_secret_ { 0 };                  // inet_ehash_secret + net_hash_mix: per boot
    RngStream ephemeral_ports_ { 0, "" };          // source ports, a stream of its own (seeded in the ctor)
    std::vector<std::unique_ptr<Sock>> socks_;
    std::vector<std::unique_ptr<Futex>> futexes_;
    std::vector<std::unique_ptr<EventPoll>> eventpolls_;
    std::vector<std::unique_ptr<IoUring>> urings_;
    RbTree::Observer ep_tree_observer(EventPoll& ep, uint8_t cpu, uint32_t task);   // eventpoll.cpp
    std::vector<std::unique_ptr<File>> files_;
    std::vector<std::unique_ptr<RemoteConn>> conns_;
    std::vector<std::deque<std::pair<RemoteConn*, Skb>>> nic_rx_ring_;   // per CPU (RSS queue)
    std::vector<bool> napi_scheduled_;
    std::vector<std::unique_ptr<Sys>> sys_;
    KCo<void> handle_remote_frame(Cpu& c, RemoteConn& conn, Skb skb);
    void transmit_to_remote(Cpu& c, RemoteConn& conn, int64_t bytes, uint32_t flags, uint32_t sock_id);
    void queue_skb(Cpu& c, Sock& sk, const Skb& skb);
    struct WireFrame { RemoteConn* conn; Skb skb; bool to_remote; };
    std::unordered_map<uint32_t, WireFrame> wire_;   // frames in flight, keyed by packet id
    std::vector<KCo<void>> irq_roots_;             // finished handler frames, destroyed lazily
    // The completion callback's context of a CPU's handler: one per CPU, constant, owned here (a
    // run that stops inside a handler must not leak it). Handlers do not nest on one CPU.
    struct IrqCtx { Kernel* k; uint8_t cpu; };
    std::vector<IrqCtx> irq_ctx_;
    friend struct NetInternals;
};

} // namespace ioscope
