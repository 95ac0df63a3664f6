// record.h — one trace record: the unit of everything ioscope shows.
//
// Contract (docs/ARCHITECTURE.md §3):
//  * A record is a 48-byte POD: time, kind, cpu, task, two object ids, an interned name and
//    three integer arguments. Records are appended in non-decreasing time; the record's index in
//    the trace is its sequence number (ties keep emission order).
//  * The trace records state *changes*; State (state.h) rebuilds the whole kernel-visible
//    picture at any index by replaying them. So every kind below documents which fields it uses,
//    and a new kind must be taught to State::apply().
//  * Names (function names, syscall names, wait reasons, labels) are interned in the trace's
//    StringTable; 0 is the empty string.
#pragma once
#include <cstdint>
#include <type_traits>

namespace ioscope {

// CPU execution mode. Idle = the CPU runs its idle task (swapper/N).
enum class CpuMode : uint8_t { Idle = 0, User = 1, Kernel = 2, Softirq = 3, Irq = 4 };

// Textbook process states (the source texts' five-state diagram). The Linux state is recorded
// alongside (LinuxState): TASK_RUNNING covers both Ready and Running.
enum class TaskState : uint8_t { New = 0, Ready = 1, Running = 2, Waiting = 3, Terminated = 4 };
enum class LinuxState : uint8_t {
    Running = 0,          // TASK_RUNNING (on a CPU or on a run queue)
    Interruptible = 1,    // TASK_INTERRUPTIBLE, ps "S"
    Uninterruptible = 2,  // TASK_UNINTERRUPTIBLE, ps "D"
    Zombie = 3,           // EXIT_ZOMBIE
    Dead = 4,             // EXIT_DEAD
    New = 5,              // being created (before wake_up_new_task): not a Linux state value
};

// Kinds of kernel objects that get an id (ObjectNew.a).
enum class ObjType : uint8_t {
    Socket = 1, ListenSocket = 2, WaitQueue = 3, EventPoll = 4, EpItem = 5, Nic = 6,
    Timer = 7, RemoteHost = 8, PollTable = 9, AioContext = 10, File = 11,
};

// Which buffer a SockBuf record describes (SockBuf.obj2).
enum class SockQueue : uint8_t { Receive = 0, Accept = 1, Send = 2, Backlog = 3 };

// Wait-queue entry flags (WqAdd.b) — the kernel's values.
enum : uint32_t { WQ_FLAG_EXCLUSIVE = 0x01, WQ_FLAG_WOKEN = 0x02 };

// How a wait ended (StateChange.c when leaving Waiting).
enum class WaitEnd : uint8_t { None = 0, Woken = 1, Timeout = 2, Signal = 3, NotBlocked = 4 };

// ----------------------------------------------------------------------------------------------
// Record kinds. Field use: t = time (ns), cpu (0xff = none), task = tid (0 = none / idle),
// obj / obj2 = object ids (0 = none), name = interned string, a / b = int64, c = uint32.
// ----------------------------------------------------------------------------------------------
enum class Kind : uint16_t {
    // --- run metadata and objects ------------------------------------------------------------
    TaskNew = 1,        // task, a=pid, b=parent tid, c=flags(1=thread sharing mm), name=comm; state New
    TaskExit,           // task, a=exit code; state Terminated (EXIT_ZOMBIE)
    TaskCrash,          // task, name=exception text; followed by TaskExit
    ObjectNew,          // obj, a=ObjType, obj2=owner object, task=owning task, name=label
    ObjectFree,         // obj
    FdInstall,          // task (the process's fd table, keyed by pid in b), a=fd, obj=object, b=pid
    FdClose,            // task, a=fd, obj=object, b=pid

    // --- CPU, scheduler ----------------------------------------------------------------------
    ModeSwitch,         // cpu, task, a=new CpuMode, b=old CpuMode
    StateChange,        // task, a=new TaskState, b=LinuxState, c=WaitEnd, name=wait reason, obj=wait queue
    RunqEnqueue,        // cpu, task, a=run-queue length after
    RunqDequeue,        // cpu, task, a=run-queue length after
    ContextSwitch,      // cpu, task=next (0 idle), obj2=prev tid, a=prev TaskState, b=1 if mm switched,
                        //   name=saved user context of prev ("echo_server.cpp:41 recv"), c=1 preempted
    ClockTick,          // cpu, task=current, a=jiffies, name="update_process_times"
    NeedResched,        // cpu, task=current (TIF_NEED_RESCHED set), name=reason function
    IrqEnter,           // cpu, task=interrupted, a=irq number, name=handler
    IrqExit,            // cpu, task, a=irq number
    SoftirqEnter,       // cpu, task=interrupted, name=softirq ("NET_RX")
    SoftirqExit,        // cpu, task
    KernelStep,         // cpu, task, name=kernel function, a=cost ns; runs [t, t+a) in the CPU's mode;
                        // b=the part of a spent on missed cache lines, c=tracked lines read (sim/kernel/cache.h)
                        //   (SO_REUSEPORT steps also carry what they computed: obj=listener, b=4-tuple hash,
                        //   c=index in the group's socks[] — inet_lookup_listener, lookup_reuseport,
                        //   reuseport_select_sock, reuseport_alloc, reuseport_add_sock)
    UserStep,           // cpu, task, a=cost ns, name=what the user code does ("handle request")
    Wakeup,             // try_to_wake_up: task=wakee, obj2=waker tid (0 = interrupt/softirq), cpu=waker's
                        //   cpu, a=target cpu, b=1 if the wakee was already running (no enqueue)

    // --- system calls and copies ---------------------------------------------------------------
    SyscallEnter,       // cpu, task, name=syscall, a/b/c = first three args (fd, len, flags)
    SyscallExit,        // cpu, task, name=syscall, a=return value (negative = -errno)
    CopyFromUser,       // cpu, task, a=bytes, obj=target object, name=function
    CopyToUser,         // cpu, task, a=bytes, obj=source object, name=function

    // --- network ---------------------------------------------------------------------------
    PacketRx,           // obj=destination socket (0 = none yet), obj2=nic, a=payload bytes, b=TcpFlags,
                        //   c=packet id; the NIC has the frame (DMA done)
    PacketTx,           // obj=source socket, obj2=nic or peer socket, a=bytes, b=TcpFlags, c=packet id
    SockBuf,            // obj=socket, obj2=SockQueue, a=new length (bytes or entries), b=delta
    SockState,          // obj=socket, a=TcpState, b=1 if RCV_SHUTDOWN seen (peer closed)

    // --- wait queues ---------------------------------------------------------------------------
    WqAdd,              // obj=wait queue, task=waiter (0 for callbacks with private=NULL), a=entry id,
                        //   b=flags, c=1 tail / 0 head, name=wake function, obj2=owner (epitem, poll table)
    WqRemove,           // obj=wait queue, a=entry id, task
    WqWake,             // obj=wait queue, a=entry id, task=entry's task, b=func return (1 woke),
                        //   name=wake function, obj2=waker tid, c=mode
    // --- select / poll (defined now; models arrive with the multiplexing issue) -------------
    FdSetCopyIn,        // task, a=nfds, b=bytes copied, c=which set (0 in,1 out,2 ex), obj=fd-set object
    FdSetCopyOut,       // task, a=nfds, b=bytes copied, c=which set
    FdSetWord,          // task, obj=fd-set object, c=which map (0..5 kernel, 8..10 user), a=word index,
                        //   b=64-bit word value (bitmaps are rebuilt word by word)
    FdPoll,             // task, a=fd, b=returned mask, name=poll function (tcp_poll), c=pass number
    PollfdWrite,        // task, a=index, b=(fd<<32)|(events<<16)|revents, obj=poll table
    // --- epoll ---------------------------------------------------------------------------------
    // The interest tree's records, read in order, replay lib/rbtree.c step by step (RbStep below):
    // an insert is RbInsert (rb_link_node) then rb_insert_color's RbRecolor/RbRotate records; an
    // erase is RbErase (__rb_erase_augmented) then ____rb_erase_color's. a = the epitem's fd in all four.
    RbInsert,           // obj=eventpoll, obj2=epitem, a=key fd, b=colour (bit 0: 1 red) | side (bit 1: 1 =
                        //   right child of its parent), c=parent epitem (0 = root). rb_link_node: a new
                        //   leaf, red, in the empty slot ep_rbtree_insert's walk ended at
    RbErase,            // obj=eventpoll, obj2=epitem, a=fd, c=its in-order successor (0 = it had at most one
                        //   child). __rb_erase_augmented: at most one child -> that child takes its place,
                        //   parent and colour; two children -> the successor takes its place, children and
                        //   colour, and the successor's right child (if any) takes the successor's old
                        //   place, black. (State relinks from its own copy of the links, as the kernel does.)
    RbRecolor,          // obj=eventpoll, obj2=epitem, a=fd, b=new colour (1 red), c=RbStep
    RbRotate,           // obj=eventpoll, obj2=pivot epitem (it goes down), a=fd, b=0 left / 1 right, c=RbStep.
                        //   Left: the pivot's right child takes its place and the pivot becomes that child's
                        //   left child, inheriting its former left subtree as its right one (right: mirrored)
    RdlAdd,             // obj=eventpoll, obj2=epitem, a=fd, b=1 tail / 0 head
    RdlRemove,          // obj=eventpoll, obj2=epitem, a=fd
    OvfAdd,             // obj=eventpoll, obj2=epitem, a=fd
    OvfRemove,          // obj=eventpoll, obj2=epitem, a=fd
    // --- signals, AIO, timers ------------------------------------------------------------------
    SignalRaise,        // task=target, a=signo, b=si_fd, obj2=sender
    SignalDeliver,      // task, a=signo (handler starts on return to user mode)
    AioSubmit,          // task, a=request id, b=bytes, obj=context
    AioComplete,        // task, a=request id, b=result, obj=context
    TimerArm,           // obj=timer, task, a=expiry ns, b=slack ns, name=kind (hrtimer, timer wheel)
    TimerFire,          // obj=timer, task
    TimerCancel,        // obj=timer, task
    // --- user level --------------------------------------------------------------------------
    Marker,             // task, name=label, a=request id, b=MarkerType, obj=socket
    Narration,          // name=English text, c=Chinese text (string id), a=importance
    // --- appended later (kinds keep their numbers: new ones go at the end) ---------------------
    TaskRename,         // task, name=new comm (at most TASK_COMM_LEN - 1 = 15 bytes): __set_task_comm, from
                        //   prctl(PR_SET_NAME); what ps -o comm, top and /proc/PID/comm show from here on
    Count_,
};

// Which step of lib/rbtree.c a RbRecolor / RbRotate record is (its c).
enum class RbStep : uint8_t {
    None = 0,
    InsertRoot = 1,     // __rb_insert: the red node is the root: it turns black
    InsertCase1 = 2,    // uncle red: parent and uncle black, grandparent red; go on from the grandparent
    InsertCase2 = 3,    // uncle black, the node an inner grandchild: rotate at the parent
    InsertCase3 = 4,    // uncle black, the node an outer grandchild: rotate at the grandparent; the parent
                        //   takes the grandparent's colour (black), the grandparent turns red
    EraseCase1 = 5,     // ____rb_erase_color: sibling red: rotate at the parent; the sibling takes the
                        //   parent's colour (black), the parent turns red
    EraseCase2 = 6,     // sibling and its children black: sibling red; a red parent turns black (done),
                        //   a black one carries the missing black up
    EraseCase3 = 7,     // sibling black, its far child black, near child red: rotate at the sibling
    EraseCase4 = 8,     // sibling black, far child red: the far child turns black, rotate at the parent;
                        //   the sibling takes the parent's colour, the parent turns black
};
const char* rb_step_name(RbStep s);            // "rb_insert_color case 2", "rb_erase case 4", ""
constexpr bool rb_step_is_erase(RbStep s) { return s >= RbStep::EraseCase1; }

enum class MarkerType : uint8_t { Instant = 0, RequestStart = 1, RequestEnd = 2 };
enum TcpFlags : uint32_t { TCP_SYN = 1, TCP_ACK = 2, TCP_FIN = 4, TCP_DATA = 8, TCP_RST = 16 };
enum class TcpState : uint8_t { Closed = 0, Listen = 1, SynSent = 2, SynRecv = 3, Established = 4,
                                CloseWait = 5, FinWait = 6, LastAck = 7, TimeWait = 8 };

struct Record {
    int64_t  t    { 0 };     // ns since the start of the run
    int64_t  a    { 0 };
    int64_t  b    { 0 };
    uint32_t task { 0 };     // tid
    uint32_t obj  { 0 };
    uint32_t obj2 { 0 };
    uint32_t name { 0 };     // StringTable id
    uint32_t c    { 0 };
    Kind     kind { Kind::Count_ };
    uint8_t  cpu  { 0xff };
    uint8_t  pad  { 0 };

    bool operator==(const Record&) const = default;
};
static_assert(sizeof(Record) == 48, "Record layout is part of the trace budget (<= 64 B/record)");
static_assert(std::is_standard_layout_v<Record> && std::is_trivially_copyable_v<Record>);

constexpr uint8_t kNoCpu = 0xff;

const char* kind_name(Kind k);                 // "syscall_enter" — the JSONL spelling
bool kind_from_name(const char* s, Kind& out);
const char* cpu_mode_name(CpuMode m);          // "user", "kernel", ...
const char* task_state_name(TaskState s);      // "Ready", ...
const char* linux_state_name(LinuxState s);    // "TASK_RUNNING", ...
const char* obj_type_name(ObjType t);

} // namespace ioscope
