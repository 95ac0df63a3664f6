// inspect_strings.cpp — the table. Kernel names (pollwake, ep_poll_callback, TASK_RUNNING,
// sk_receive_queue) are never translated: students must find them in the kernel source.
#include "inspect_strings.h"

namespace ioscope::gui {

namespace {

struct Entry { SI id; const char* en; const char* zh; };

constexpr Entry kTable[] = {
    { SI::TabProcesses, "Processes", "进程" },
    { SI::TabCpus, "CPUs", "CPU" },
    { SI::TabWaitQueues, "Wait queues", "等待队列" },
    { SI::TabSelect, "select", "select" },
    { SI::TabPoll, "poll", "poll" },
    { SI::TabEpoll, "epoll", "epoll" },
    { SI::TabSockets, "Sockets & NIC", "套接字与网卡" },
    { SI::TabSignals, "Signals & AIO", "信号与异步 I/O" },
    { SI::AutoFollow, "Follow the record", "跟随当前记录" },
    { SI::AutoFollowHint, "Switch to the inspector the current record changes", "自动切换到当前记录所改变的检查器" },
    { SI::NothingHere, "Nothing of this kind at this point of the trace.", "跟踪的此刻没有此类内容。" },
    { SI::Inspectors, "Kernel objects", "内核对象" },

    { SI::ColPid, "pid", "进程号" },
    { SI::ColTid, "tid", "线程号" },
    { SI::ColName, "name", "名称" },
    { SI::ColState, "state", "状态" },
    { SI::ColLinux, "Linux state", "Linux 状态" },
    { SI::ColWait, "waiting for", "等待原因" },
    { SI::ColSyscall, "system call", "系统调用" },
    { SI::ColContext, "saved context (PCB)", "保存的上下文 (PCB)" },
    { SI::ColCpuTime, "CPU user / kernel", "CPU 用户/内核" },
    { SI::ColCpu, "CPU", "CPU" },
    { SI::RunQueues, "Run queues (one per CPU)", "运行队列 (每个 CPU 一个)" },
    { SI::RunQueueEmpty, "empty", "空" },
    { SI::Running, "running", "正在运行" },
    { SI::CpuMode, "mode", "模式" },
    { SI::InMode, "for", "已持续" },
    { SI::LastTick, "clock ticks (jiffies)", "时钟中断 (jiffies)" },
    { SI::LastFunction, "last kernel function", "最近的内核函数" },
    { SI::NeedResched, "TIF_NEED_RESCHED set: will be preempted", "已设置 TIF_NEED_RESCHED: 将被抢占" },
    { SI::TickNow, "clock interrupt now", "此刻时钟中断" },
    { SI::BusyByMode, "time by mode", "各模式时间" },
    { SI::Thread, "thread", "线程" },

    { SI::WqOwner, "belongs to", "属于" },
    { SI::WqEmpty, "(no entries)", "(无等待项)" },
    { SI::WqEntry, "entry", "等待项" },
    { SI::WqRemoved, "removed by", "被移除, 由" },
    { SI::WqAddedNow, "added now", "刚加入" },
    { SI::WqWokenNow, "woken now", "刚被唤醒" },
    { SI::WqDeclinedNow, "called, did not wake", "已调用, 未唤醒" },
    { SI::WqNoTask, "no task (callback)", "无任务 (回调)" },
    { SI::WqNone, "No task or callback waits on any wait queue at this point.", "此刻没有任务或回调在任何等待队列上等待。" },

    { SI::SelFollows, "select() of", "select() 调用者" },
    { SI::SelUserSets, "User space: the program's fd_set variables", "用户空间: 程序的 fd_set 变量" },
    { SI::SelKernelSets, "Kernel: core_sys_select's bitmaps (fd_set_bits)", "内核: core_sys_select 的位图 (fd_set_bits)" },
    { SI::SelNotCopied, "not passed / not copied yet", "未传入 / 尚未复制" },
    { SI::SelInterest, "interest (as passed)", "关注的 fd (传入值)" },
    { SI::SelResults, "overwritten with the results", "已被结果覆盖" },
    { SI::SelCursor, "scan cursor: do_select polls fd", "扫描游标: do_select 正在轮询 fd" },
    { SI::SelPass, "pass", "第几遍" },
    { SI::SelCopyIn, "copy_from_user (get_fd_set)", "copy_from_user (get_fd_set)" },
    { SI::SelCopyOut, "copy_to_user (set_fd_set)", "copy_to_user (set_fd_set)" },
    { SI::SelBoundary, "FD_SETSIZE = 1024: glibc's fd_set ends here; the kernel takes any n", "FD_SETSIZE = 1024: glibc 的 fd_set 到此为止; 内核接受任意 n" },
    { SI::SelUnusedMaps, "not passed (NULL) or not copied yet:", "未传入 (NULL) 或尚未复制:" },
    { SI::SelFdSetSizeRow, "fd 1024 = FD_SETSIZE: glibc's fd_set ends above this line", "fd 1024 = FD_SETSIZE: glibc 的 fd_set 在此线之上结束" },
    { SI::SelNotInCall, "not inside select() now: the last call is shown", "此刻不在 select() 中: 显示上一次调用" },
    { SI::SelBits, "bits", "位" },
    { SI::SelMapIn, "in", "in (可读)" },
    { SI::SelMapOut, "out", "out (可写)" },
    { SI::SelMapEx, "ex", "ex (异常)" },
    { SI::SelMapResIn, "res_in", "res_in (可读结果)" },
    { SI::SelMapResOut, "res_out", "res_out (可写结果)" },
    { SI::SelMapResEx, "res_ex", "res_ex (异常结果)" },
    { SI::SelReady, "ready", "就绪" },
    { SI::SelNotReady, "not ready", "未就绪" },

    { SI::PollArray, "struct pollfd array in the kernel", "内核中的 struct pollfd 数组" },
    { SI::PollChunks, "poll_list chunks (copied with one copy_from_user each)", "poll_list 分块 (每块一次 copy_from_user)" },
    { SI::PollStack, "on the stack", "在栈上" },
    { SI::PollPage, "page", "页" },
    { SI::PollCopying, "copying now", "正在复制" },
    { SI::PollNone, "No poll() call is in the kernel at this point.", "此刻内核中没有 poll() 调用。" },
    { SI::PollIndex, "index", "下标" },
    { SI::PollEvents, "events", "events (关注的事件)" },
    { SI::PollRevents, "revents", "revents (返回的事件)" },

    { SI::EpTree, "Interest set: red-black tree of epitems (key = fd)", "兴趣集合: epitem 红黑树 (键 = fd)" },
    { SI::EpSubtree, "Showing {0} of {1} nodes: the subtree under fd {2} (depth {3}); {4} nodes hidden.",
      "显示 {1} 个节点中的 {0} 个: fd {2} 之下的子树 (深度 {3}); 隐藏了 {4} 个节点。" },
    { SI::ProcThread, "(thread)", "(线程)" },
    { SI::EpReady, "Ready list (rdllist)", "就绪链表 (rdllist)" },
    { SI::EpOverflow, "Overflow list (ovflist, while ep_send_events scans)", "溢出链表 (ovflist, ep_send_events 扫描期间)" },
    { SI::EpWaiters, "ep->wq: tasks sleeping in epoll_wait", "ep->wq: 在 epoll_wait 中睡眠的任务" },
    { SI::EpEmptyList, "(empty)", "(空)" },
    { SI::EpNone, "No eventpoll exists at this point.", "此刻不存在 eventpoll。" },
    { SI::EpRotations, "rotations so far", "已旋转次数" },
    { SI::EpRed, "red", "红" },
    { SI::EpBlack, "black", "黑" },
    { SI::EpBy, "by", "执行者" },
    { SI::EpLeft, "left", "左" },
    { SI::EpRight, "right", "右" },

    { SI::SkListen, "listening", "监听" },
    { SI::SkRecvQ, "receive queue", "接收队列" },
    { SI::SkAcceptQ, "accept queue", "全连接队列" },
    { SI::SkSendQ, "send queue", "发送队列" },
    { SI::SkTcp, "TCP state", "TCP 状态" },
    { SI::SkPackets, "packets in / out", "收/发包数" },
    { SI::SkWaiters, "waiters", "等待者" },
    { SI::SkNone, "No socket exists at this point.", "此刻不存在套接字。" },
    { SI::NetPath, "Receive path of a packet", "数据包的接收路径" },
    { SI::NetNic, "NIC: DMA into the RX ring", "网卡: DMA 写入接收环" },
    { SI::NetHardIrq, "hard IRQ", "硬中断" },
    { SI::NetSoftirq, "NET_RX softirq", "NET_RX 软中断" },
    { SI::NetProtocol, "tcp_v4_rcv", "tcp_v4_rcv" },
    { SI::NetQueued, "socket queue", "套接字队列" },
    { SI::NetWakeup, "wake the sleeper", "唤醒睡眠者" },
    { SI::NetLastPacket, "last packet", "最近的数据包" },

    { SI::SigPending, "pending", "待处理" },
    { SI::SigHandler, "handler running", "信号处理函数运行中" },
    { SI::SigLastDelivered, "last delivered", "最近递送" },
    { SI::SigNone, "No signal activity at this point.", "此刻没有信号活动。" },
    { SI::AioInflight, "submitted, in flight", "已提交, 进行中" },
    { SI::AioCompleted, "completed (most recent)", "已完成 (最近的)" },
    { SI::AioNone, "No AIO context at this point.", "此刻没有 AIO 上下文。" },
    { SI::AioContext, "AIO context", "AIO 上下文" },

    { SI::NarrTitle, "What happens here", "此刻发生了什么" },
    { SI::NarrScenarioNote, "Scenario note", "场景讲解" },
    { SI::NarrNoNote, "(no scenario note yet)", "(尚无场景讲解)" },
    { SI::NarrStart, "The start of the trace. Step forward (Right arrow) to watch the kernel work.", "跟踪的开头。按右方向键单步前进, 观察内核的工作。" },
    { SI::NarrNotes, "All notes", "全部讲解" },
    { SI::NarrJump, "Go", "转到" },

    { SI::NSyscallEnter, "{0} calls {1}({2}): the CPU traps from user mode into kernel mode (entry_SYSCALL_64) and runs the system call.",
      "{0} 调用 {1}({2}): CPU 从用户态陷入内核态 (entry_SYSCALL_64), 执行系统调用。" },
    { SI::NSyscallExit, "{1}() returns {2} to {0}; the CPU returns to user mode.", "{1}() 向 {0} 返回 {2}; CPU 回到用户态。" },
    { SI::NKernelStep, "Kernel function {1} runs on CPU {2} for {0} ({3}).", "内核函数 {1} 在 CPU {2} 上为 {0} 运行 ({3})。" },
    { SI::NUserStep, "{0} runs its own code in user mode: {1} ({2}).", "{0} 在用户态执行自己的代码: {1} ({2})。" },
    { SI::NContextSwitch, "__schedule() on CPU {0} switches from {1} to {2}: {1}'s user context ({3}) is saved in its PCB (task_struct); switch_to loads {2}'s.",
      "CPU {0} 上的 __schedule() 从 {1} 切换到 {2}: {1} 的用户上下文 ({3}) 保存到它的 PCB (task_struct) 中; switch_to 载入 {2} 的上下文。" },
    { SI::NStateWaiting, "{0} goes to sleep ({1}): TASK_INTERRUPTIBLE, Waiting; it leaves the run queue and stays on wait queue {2} until a wake function runs.",
      "{0} 进入睡眠 ({1}): TASK_INTERRUPTIBLE, 等待态; 它离开运行队列, 挂在等待队列 {2} 上, 直到唤醒函数运行。" },
    { SI::NStateReady, "{0} is Ready: TASK_RUNNING and on a run queue, waiting for a CPU.", "{0} 进入就绪态: TASK_RUNNING, 在运行队列上等待 CPU。" },
    { SI::NStateRunning, "{0} is Running on CPU {1} (TASK_RUNNING).", "{0} 在 CPU {1} 上运行 (TASK_RUNNING)。" },
    { SI::NStateNew, "{0} is New: its task_struct exists but it is not runnable yet.", "{0} 处于新建态: task_struct 已存在, 但尚不可运行。" },
    { SI::NStateTerminated, "{0} has Terminated (EXIT_ZOMBIE).", "{0} 已终止 (EXIT_ZOMBIE)。" },
    { SI::NRunqEnqueue, "enqueue_task_fair puts {0} on CPU {1}'s run queue (cfs_rq): {2} waiting.", "enqueue_task_fair 把 {0} 放入 CPU {1} 的运行队列 (cfs_rq): {2} 个在等待。" },
    { SI::NRunqDequeue, "dequeue_task: {0} leaves CPU {1}'s run queue (cfs_rq): {2} left.", "dequeue_task: {0} 离开 CPU {1} 的运行队列 (cfs_rq): 剩 {2} 个。" },
    { SI::NClockTick, "Clock interrupt on CPU {0}: update_process_times -> scheduler_tick charges the running task; jiffies = {1}.",
      "CPU {0} 上的时钟中断: update_process_times -> scheduler_tick 为正在运行的任务记账; jiffies = {1}。" },
    { SI::NNeedResched, "{1} sets TIF_NEED_RESCHED on {0}: it will be preempted at the next preemption point.", "{1} 为 {0} 设置 TIF_NEED_RESCHED: 它将在下一个抢占点被抢占。" },
    { SI::NIrqEnter, "Hardware interrupt {1} on CPU {0}: {2} runs in irq mode, interrupting {3}.", "CPU {0} 上的硬件中断 {1}: {2} 在硬中断模式下运行, 打断了 {3}。" },
    { SI::NIrqExit, "The interrupt handler returns (irq_exit); pending softirqs run next.", "中断处理函数返回 (irq_exit); 接下来运行挂起的软中断。" },
    { SI::NSoftirqEnter, "Softirq {1} runs on CPU {0} (__do_softirq) in the context of {2}, not on behalf of it.", "软中断 {1} 在 CPU {0} 上运行 (__do_softirq), 借用 {2} 的上下文, 但不是为它工作。" },
    { SI::NSoftirqExit, "The softirq on CPU {0} is done.", "CPU {0} 上的软中断结束。" },
    { SI::NWakeup, "try_to_wake_up: {0} is runnable again (TASK_RUNNING), woken by {1}.", "try_to_wake_up: {0} 重新变为可运行 (TASK_RUNNING), 唤醒者是 {1}。" },
    { SI::NWakeupIrq, "try_to_wake_up: {0} is runnable again (TASK_RUNNING), woken from interrupt context.", "try_to_wake_up: {0} 重新变为可运行 (TASK_RUNNING), 由中断上下文唤醒。" },
    { SI::NModeSwitch, "CPU {0} switches from {1} mode to {2} mode (entry_SYSCALL_64 / syscall_exit_to_user_mode, irq_enter / irq_exit).",
      "CPU {0} 从{1}切换到{2} (entry_SYSCALL_64 / syscall_exit_to_user_mode, irq_enter / irq_exit)。" },
    { SI::NCopyFromUser, "{1} copies {2} bytes from user memory into the kernel (copy_from_user).", "{1} 把 {2} 字节从用户内存复制到内核 (copy_from_user)。" },
    { SI::NCopyToUser, "{1} copies {2} bytes from the kernel to user memory (copy_to_user).", "{1} 把 {2} 字节从内核复制到用户内存 (copy_to_user)。" },
    { SI::NPacketRx, "A packet ({1} bytes, {2}) reaches the NIC, which DMAs it into CPU {0}'s RX ring and raises an interrupt.",
      "一个数据包 ({1} 字节, {2}) 到达网卡, 网卡把它 DMA 到 CPU {0} 的接收环并触发中断。" },
    { SI::NPacketTx, "tcp_transmit_skb -> dev_queue_xmit: {0} transmits a packet ({1} bytes, {2}).", "tcp_transmit_skb -> dev_queue_xmit: {0} 发送一个数据包 ({1} 字节, {2})。" },
    { SI::NSockBufRx, "tcp_queue_rcv: the receive queue (sk_receive_queue) of {0} now holds {1} bytes.", "tcp_queue_rcv: {0} 的接收队列 (sk_receive_queue) 现有 {1} 字节。" },
    { SI::NSockBufAccept, "The accept queue of {0} now holds {1} connection(s) (inet_csk_reqsk_queue_add / inet_csk_accept).",
      "{0} 的全连接队列现有 {1} 个连接 (inet_csk_reqsk_queue_add / inet_csk_accept)。" },
    { SI::NSockBufTx, "tcp_sendmsg / tcp_ack: the {2} of {0} is now {1}.", "tcp_sendmsg / tcp_ack: {0} 的{2}现为 {1}。" },
    { SI::NSockState, "tcp_set_state: {0} changes TCP state to {1}.", "tcp_set_state: {0} 的 TCP 状态变为 {1}。" },
    { SI::NWqAdd, "{1} adds an entry to wait queue {2} for {0}, wake function {3}, at the head.", "{1} 为 {0} 在等待队列 {2} 头部加入一个等待项, 唤醒函数 {3}。" },
    { SI::NWqAddExclusive, "{1} adds an exclusive entry (WQ_FLAG_EXCLUSIVE) to the tail of wait queue {2} for {0}, wake function {3}.",
      "{1} 为 {0} 在等待队列 {2} 尾部加入一个独占等待项 (WQ_FLAG_EXCLUSIVE), 唤醒函数 {3}。" },
    { SI::NWqRemove, "{1} removes {0}'s entry from wait queue {2}.", "{1} 把 {0} 的等待项从等待队列 {2} 中移除。" },
    { SI::NWqWakeWoke, "__wake_up_common walks wait queue {0} and calls {1} for {2}: it wakes.", "__wake_up_common 遍历等待队列 {0}, 为 {2} 调用 {1}: 唤醒成功。" },
    { SI::NWqWakeNot, "__wake_up_common walks wait queue {0} and calls {1} for {2}: nothing to wake.", "__wake_up_common 遍历等待队列 {0}, 为 {2} 调用 {1}: 没有唤醒。" },
    { SI::NFdSetCopyIn, "core_sys_select copies the {0} fd_set in from user memory (get_fd_set -> copy_from_user): {1} bytes for n = {2}.",
      "core_sys_select 从用户内存复制 {0} fd_set (get_fd_set -> copy_from_user): n = {2}, 共 {1} 字节。" },
    { SI::NFdSetCopyOut, "set_fd_set copies the {0} result bitmap back to user memory ({1} bytes): the program's fd_set is overwritten.",
      "set_fd_set 把 {0} 结果位图复制回用户内存 ({1} 字节): 程序的 fd_set 被覆盖。" },
    { SI::NFdSetWord, "do_select writes kernel bitmap {0}, word {1} (fds {2}-{3}) = 0x{4}.", "do_select 写内核位图 {0} 第 {1} 个字 (fd {2}-{3}) = 0x{4}。" },
    { SI::NFdSetGetWord, "get_fd_set copied word {1} of {0} (fds {2}-{3}) = 0x{4}.", "get_fd_set 复制了 {0} 的第 {1} 个字 (fd {2}-{3}) = 0x{4}。" },
    { SI::NFdSetZeroWord, "zero_fd_set clears word {1} of {0} (fds {2}-{3}): do_select will set a bit there for each fd it finds ready.",
      "zero_fd_set 清零 {0} 的第 {1} 个字 (fd {2}-{3}): do_select 每发现一个就绪 fd 就在这里置一位。" },
    { SI::NFdSetResBit, "tcp_poll reported fd {0} ready, so do_select sets its bit: {1} |= bit (word {2} is now 0x{3}).",
      "tcp_poll 报告 fd {0} 就绪, 于是 do_select 置它的位: {1} |= bit (第 {2} 个字现在是 0x{3})。" },
    { SI::NFdSetResStore, "End of do_select's loop over word {1}: it stores the result word to fds->{0}[{1}] = 0x{2}; set_fd_set copies it out when the call returns.",
      "do_select 处理完第 {1} 个字: 把结果字写入 fds->{0}[{1}] = 0x{2}; 调用返回时由 set_fd_set 复制出去。" },
    { SI::NFdPollSelect, "do_select, pass {2}: fd {0}'s bit is set, so it calls vfs_poll -> {1}: {3}.", "do_select 第 {2} 遍: fd {0} 的位已置 1, 于是调用 vfs_poll -> {1}: {3}。" },
    { SI::NFdPollPoll, "do_poll, pass {2}: do_pollfd polls fd {0} with vfs_poll -> {1}: {3}.", "do_poll 第 {2} 遍: do_pollfd 用 vfs_poll -> {1} 轮询 fd {0}: {3}。" },
    { SI::NFdPollEpoll, "ep_send_events re-polls the ready item fd {0} (ep_item_poll): {1}.", "ep_send_events 重新轮询就绪项 fd {0} (ep_item_poll): {1}。" },
    { SI::NPollfdIn, "do_sys_poll: pollfd[{0}] = fd {1}, events {2}, now in the kernel's poll_list.", "do_sys_poll: pollfd[{0}] = fd {1}, events {2}, 已在内核的 poll_list 中。" },
    { SI::NPollfdOut, "do_poll writes revents {3} for pollfd[{0}] (fd {1}) back to user memory with __put_user.", "do_poll 用 __put_user 把 pollfd[{0}] (fd {1}) 的 revents {3} 写回用户内存。" },
    { SI::NRbInsert, "{3}: the epitem of fd {0} is linked in the red-black tree as a {1} node, {2}.", "{3}: fd {0} 的 epitem 作为{1}色节点链入红黑树, {2}。" },
    { SI::NRbErase, "ep_remove: the epitem of fd {0} is unlinked from the red-black tree (rb_erase_cached); having at most one child, that child (if any) takes its place and colour.",
      "ep_remove: fd {0} 的 epitem 从红黑树中摘除 (rb_erase_cached); 它至多有一个孩子, 该孩子 (如果有) 接替它的位置和颜色。" },
    { SI::NRbRecolor, "{0}: the node of fd {1} becomes {2}.", "{0}: fd {1} 的节点变为{2}色。" },
    { SI::NRbRotate, "{0}: {1} rotation at fd {2}; fd {3} comes up into its place and fd {2} becomes its {1} child.",
      "{0}: 在 fd {2} 处{1}旋; fd {3} 上移到它的位置, fd {2} 成为它的{1}孩子。" },
    { SI::NRdlAddCallback, "ep_poll_callback: fd {0}'s socket woke its wait queue, so its epitem goes on the ready list (rdllist): {1} ready.",
      "ep_poll_callback: fd {0} 的套接字唤醒了它的等待队列, 于是它的 epitem 被放入就绪链表 (rdllist): 共 {1} 个就绪。" },
    { SI::NRdlAddRequeue, "ep_send_events re-queues fd {0} on the ready list: level-triggered, it is reported again while data remains.",
      "ep_send_events 把 fd {0} 重新放回就绪链表: 水平触发, 只要还有数据就会再次报告。" },
    { SI::NRdlAddDone, "ep_done_scan puts fd {0} back at the front of the ready list.", "ep_done_scan 把 fd {0} 放回就绪链表的头部。" },
    { SI::NRdlAddInsert, "ep_insert: fd {0} is already ready, so its epitem goes straight onto the ready list.", "ep_insert: fd {0} 已经就绪, 它的 epitem 直接进入就绪链表。" },
    { SI::NRdlRemove, "ep_send_events takes fd {0} off the ready list (ep_start_scan splices it to a private list) to re-poll it and copy its event out.",
      "ep_send_events 把 fd {0} 从就绪链表取下 (ep_start_scan 把它移到私有链表), 重新轮询并把事件复制出去。" },
    { SI::NRdlRemoveCtl, "ep_remove takes fd {0} off the ready list.", "ep_remove 把 fd {0} 从就绪链表取下。" },
    { SI::NOvfAdd, "ep_poll_callback while ep_send_events scans: fd {0} goes on the overflow list (ovflist).", "ep_send_events 扫描期间 ep_poll_callback 运行: fd {0} 进入溢出链表 (ovflist)。" },
    { SI::NOvfRemove, "ep_done_scan takes fd {0} off the overflow list and back to the ready list.", "ep_done_scan 把 fd {0} 从溢出链表取下, 放回就绪链表。" },
    { SI::NSignalRaise, "{1} makes signal {2} pending for {0} (send_signal): it waits in the pending set until {0} returns to user mode.",
      "{1} 为 {0} 挂起信号 {2} (send_signal): 它留在待处理集合中, 直到 {0} 返回用户态。" },
    { SI::NSignalDeliver, "{1}: signal {2} is delivered to {0} on the way back to user mode; its handler runs next if it has one.",
      "{1}: 信号 {2} 在 {0} 返回用户态时递送; 如有处理函数, 接下来运行它。" },
    { SI::NAioSubmit, "{0} submits an AIO request, {1}{2}: it joins the context's submission queue and the call returns at once.",
      "{0} 提交一个 AIO 请求 {1}{2}: 它进入上下文的提交队列, 调用立即返回。" },
    { SI::NAioComplete, "{3}: the {1} request of {0} completes (result {2}): an event appears on the completion queue.",
      "{3}: {0} 的 {1} 请求完成 (结果 {2}): 完成队列上出现一个事件。" },
    { SI::NAioBytes, " ({0} bytes, request {1})", " ({0} 字节, 请求 {1})" },
    { SI::NTimerArm, "hrtimer_start: {0} arms a timer ({1}) expiring at {2}.", "hrtimer_start: {0} 设置一个定时器 ({1}), 到期时间 {2}。" },
    { SI::NTimerFire, "__hrtimer_run_queues -> hrtimer_wakeup: a timer of {0} fires.", "__hrtimer_run_queues -> hrtimer_wakeup: {0} 的定时器到期。" },
    { SI::NTimerCancel, "The timer of {0} is cancelled (hrtimer_cancel): it was woken before the timeout.", "{0} 的定时器被取消 (hrtimer_cancel): 它在超时前被唤醒。" },
    { SI::NTaskNew, "{0} is created (pid {1}): a new task_struct (PCB), state New.", "{0} 被创建 (pid {1}): 新的 task_struct (PCB), 新建态。" },
    { SI::NTaskExit, "{0} exits with code {1} (do_exit): EXIT_ZOMBIE until its parent reaps it.", "{0} 以退出码 {1} 退出 (do_exit): 在父进程回收前为 EXIT_ZOMBIE。" },
    { SI::NTaskCrash, "{0} crashed: {1}.", "{0} 崩溃: {1}。" },
    { SI::NTaskRename, "prctl(PR_SET_NAME): tid {0} names itself \"{1}\"; __set_task_comm writes task->comm, which ps, top and /proc/{0}/comm show from now on.",
      "prctl(PR_SET_NAME): tid {0} 把自己命名为 \"{1}\"; __set_task_comm 写入 task->comm, 此后 ps、top 和 /proc/{0}/comm 显示这个名字。" },
    { SI::NObjectNew, "{0} creates {1}.", "{0} 创建 {1}。" },
    { SI::NObjectFree, "{0} is freed.", "{0} 被释放。" },
    { SI::NFdInstall, "fd_install: fd {0} of pid {1} now refers to {2} (the fd table).", "fd_install: 进程 {1} 的 fd {0} 现在指向 {2} (文件描述符表)。" },
    { SI::NFdClose, "close: fd {0} of pid {1} no longer refers to {2}.", "close: 进程 {1} 的 fd {0} 不再指向 {2}。" },
    { SI::NMarker, "Marker: {0}.", "标记: {0}。" },
    { SI::NNarration, "Scenario note: {0}", "场景讲解: {0}" },
    { SI::NReady, "ready", "就绪" },
    { SI::NNotReady, "not ready", "未就绪" },
    { SI::NRed, "red", "红" },
    { SI::NBlack, "black", "黑" },
    { SI::NRbWhereChild, "the {0} child of fd {1}", "作为 fd {1} 的{0}子节点" },
    { SI::NRbWhereRoot, "as the root", "作为根节点" },
    { SI::PollCursor, "scan cursor: do_poll polls fd", "扫描游标: do_poll 正在轮询 fd" },
    { SI::NRbEraseSuccessor, "ep_remove: the epitem of fd {0} is unlinked from the red-black tree (rb_erase_cached); having two children, its in-order successor fd {1} takes its place and colour.",
      "ep_remove: fd {0} 的 epitem 从红黑树中摘除 (rb_erase_cached); 它有两个孩子, 于是它的中序后继 fd {1} 接替它的位置和颜色。" },
    { SI::NRbStepNone, "Rebalancing", "重新平衡" },
    { SI::NRbStepInsertRoot, "rb_insert_color: the red node is the root, and the root is always black",
      "rb_insert_color: 这个红色节点就是根, 而根总是黑色" },
    { SI::NRbStepInsert1, "rb_insert_color case 1 (the uncle is red: parent and uncle turn black, the grandparent red, and the check goes on from the grandparent)",
      "rb_insert_color 情形 1 (叔节点为红: 父节点和叔节点变黑, 祖父节点变红, 再从祖父节点继续检查)" },
    { SI::NRbStepInsert2, "rb_insert_color case 2 (the uncle is black and the red node is an inner grandchild: rotate at its parent, then case 3)",
      "rb_insert_color 情形 2 (叔节点为黑且红色节点是内侧孙节点: 在其父节点处旋转, 然后进入情形 3)" },
    { SI::NRbStepInsert3, "rb_insert_color case 3 (the uncle is black and the red node is an outer grandchild: rotate at the grandparent; the parent takes its black, the grandparent turns red)",
      "rb_insert_color 情形 3 (叔节点为黑且红色节点是外侧孙节点: 在祖父节点处旋转; 父节点取得它的黑色, 祖父节点变红)" },
    { SI::NRbStepErase1, "rb_erase case 1 (the sibling is red: rotate at the parent; the sibling takes the parent's black, the parent turns red)",
      "rb_erase 情形 1 (兄弟节点为红: 在父节点处旋转; 兄弟节点取得父节点的黑色, 父节点变红)" },
    { SI::NRbStepErase2, "rb_erase case 2 (the sibling and its children are black: the sibling turns red; a red parent turns black, a black one passes the missing black up)",
      "rb_erase 情形 2 (兄弟节点及其孩子都为黑: 兄弟节点变红; 父节点若为红则变黑, 若为黑则把缺少的黑色向上传递)" },
    { SI::NRbStepErase3, "rb_erase case 3 (the sibling is black, its near child red and its far child black: rotate at the sibling, then case 4)",
      "rb_erase 情形 3 (兄弟节点为黑, 其近侧孩子为红、远侧孩子为黑: 在兄弟节点处旋转, 然后进入情形 4)" },
    { SI::NRbStepErase4, "rb_erase case 4 (the sibling is black with a red far child: the far child turns black, rotate at the parent; the sibling takes the parent's colour, the parent turns black)",
      "rb_erase 情形 4 (兄弟节点为黑且远侧孩子为红: 远侧孩子变黑, 在父节点处旋转; 兄弟节点取得父节点的颜色, 父节点变黑)" },
};
static_assert(sizeof(kTable) / sizeof(kTable[0]) == size_t(SI::Count_), "inspector strings: one entry per SI id");

constexpr bool table_in_order() {
    for (size_t i = 0; i < sizeof(kTable) / sizeof(kTable[0]); ++i)
        if (size_t(kTable[i].id) != i) return false;
    return true;
}
static_assert(table_in_order(), "inspector strings: entries must follow the order of enum SI");

} // namespace

const char* tr(SI id, Lang l) {
    const size_t i = size_t(id);
    if (i >= size_t(SI::Count_)) return "?";
    const Entry& e = kTable[i];
    return l == Lang::Zh && e.zh && *e.zh ? e.zh : e.en;
}

const char* tr(SI id) { return tr(id, language()); }

std::vector<std::string> inspector_zh_strings() {
    std::vector<std::string> out;
    for (const Entry& e : kTable) out.emplace_back(e.zh);
    return out;
}

std::string fill_placeholders(const char* tmpl, std::initializer_list<std::string> args) {
    std::string out;
    for (const char* p = tmpl; *p; ++p) {
        if (p[0] == '{' && p[1] >= '0' && p[1] <= '9' && p[2] == '}') {
            const size_t k = size_t(p[1] - '0');
            if (k < args.size()) out += *(args.begin() + k);
            p += 2;
            continue;
        }
        out += *p;
    }
    return out;
}

std::string trf(SI id, std::initializer_list<std::string> args) { return fill_placeholders(tr(id), args); }

} // namespace ioscope::gui
