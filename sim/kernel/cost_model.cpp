#include "cost_model.h"

namespace ioscope {

const std::vector<CostModel::Field>& CostModel::fields() {
#define F(name, help) { #name, &CostModel::name, help }
    static const std::vector<Field> table = {
        F(syscall_entry_ns, "entry_SYSCALL_64: user -> kernel mode switch"),
        F(syscall_exit_ns, "syscall_exit_to_user_mode: kernel -> user"),
        F(copy_base_ns, "copy_from_user / copy_to_user fixed cost"),
        F(copy_ps_per_byte, "copy cost per byte, in picoseconds"),
        F(pick_next_task_ns, "__schedule up to pick_next_task"),
        F(switch_mm_ns, "switch_mm_irqs_off (skipped between threads of one process)"),
        F(switch_to_ns, "switch_to: save/restore registers"),
        F(try_to_wake_up_ns, "try_to_wake_up"),
        F(idle_exit_ns, "idle CPU woken by an IPI"),
        F(ipi_ns, "reschedule IPI on a busy CPU"),
        F(sched_latency_ns, "CFS scheduling period (sleeper credit is half of it)"),
        F(timer_slack_ns, "timer slack added to sleeping timers"),
        F(hrtimer_ns, "hrtimer interrupt handler"),
        F(tick_ns, "clock interrupt handler (update_process_times, sched_tick)"),
        F(sched_base_slice_ns, "scheduler base slice"),
        F(wakeup_granularity_ns, "how far behind a wakee must be to preempt the current task"),
        F(fork_ns, "fork: copy_process"),
        F(thread_create_ns, "clone a thread"),
        F(exit_ns, "do_exit"),
        F(poll_setup_ns, "select/poll setup: poll_initwait, poll_freewait fixed part"),
        F(select_bitmaps_ns, "core_sys_select: allocating the six fd_set bitmaps"),
        F(vfs_poll_ns, "vfs_poll -> tcp_poll per fd per pass"),
        F(poll_loop_per_fd_ns, "do_select / do_poll loop overhead per fd"),
        F(pollwait_ns, "__pollwait: a poll_table_entry on the socket's wait queue"),
        F(put_user_ns, "__put_user of one result"),
        F(fd_isset_ps_per_fd, "user-side FD_ISSET scan per fd number, in picoseconds"),
        F(ep_alloc_ns, "epoll_create1: ep_alloc + anon_inode_getfile"),
        F(epoll_ctl_base_ns, "epoll_ctl: copy_from_user, fdget, ep->mtx"),
        F(ep_rb_step_ns, "per red-black tree level in ep_find / ep_rbtree_insert"),
        F(ep_insert_ns, "ep_insert: allocate and attach the epitem"),
        F(ep_ptable_queue_proc_ns, "ep_ptable_queue_proc: the eppoll_entry"),
        F(ep_remove_ns, "ep_remove: unlink, rb_erase, free"),
        F(ep_poll_callback_ns, "ep_poll_callback in the waker's context"),
        F(epoll_wait_fixed_ns, "epoll_wait fixed part: ep_poll, ep_start_scan, ep_done_scan"),
        F(ep_item_poll_ns, "ep_item_poll of one ready-list item at harvest"),
        F(wq_add_ns, "add_wait_queue"),
        F(wq_remove_ns, "remove_wait_queue"),
        F(wq_walk_base_ns, "__wake_up_common fixed part"),
        F(wq_walk_per_entry_ns, "__wake_up_common per entry"),
        F(socket_create_ns, "socket()"),
        F(bind_listen_ns, "bind() / listen()"),
        F(accept_ns, "inet_csk_accept + new file"),
        F(close_ns, "close() of a socket"),
        F(tcp_sendmsg_ns, "tcp_sendmsg excluding the copy"),
        F(tcp_xmit_ns, "tcp_write_xmit down to the device"),
        F(tcp_recvmsg_ns, "tcp_recvmsg excluding the copy"),
        F(tcp_cleanup_rbuf_ns, "tcp_cleanup_rbuf (ACK / window update)"),
        F(net_rx_per_packet_ns, "receive path per packet: ip_rcv -> tcp_v4_rcv"),
        F(tcp_handshake_ns, "connection request / child socket creation"),
        F(sock_def_readable_ns, "sock_def_readable fixed part"),
        F(nic_irq_ns, "NIC hard interrupt handler"),
        F(softirq_entry_ns, "__do_softirq / net_rx_action entry"),
        F(wire_latency_ns, "one-way network latency to a remote host"),
        F(nic_ps_per_byte, "NIC serialisation per byte, in picoseconds"),
    };
#undef F
    return table;
}

} // namespace ioscope
