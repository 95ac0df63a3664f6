// cost_model.h — what each modelled kernel step costs (docs/COSTS.md §6), overridable per
// scenario under [machine.costs]. Every latency, CPU time and throughput figure ioscope reports is
// a sum of these per-step charges along the path the model actually took; there are no
// per-mechanism fudge constants.
//
// Units: `_ns` fields are nanoseconds; `_ps_per_byte` fields are picoseconds per byte (so the
// model stays in integers: 100 ps/B = 0.1 ns/B).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace ioscope {

struct CostModel {
    // --- system calls and copies -----------------------------------------------------------
    int64_t syscall_entry_ns { 65 };           // entry_SYSCALL_64 .. do_syscall_64 (half of 130)
    int64_t syscall_exit_ns { 65 };            // syscall_exit_to_user_mode (other half)
    int64_t copy_base_ns { 20 };               // copy_from_user / copy_to_user fixed part
    int64_t copy_ps_per_byte { 100 };          // 0.1 ns per byte
    // --- scheduler ---------------------------------------------------------------------------
    int64_t pick_next_task_ns { 200 };         // __schedule: deactivate/put_prev + pick_next_task
    int64_t switch_mm_ns { 300 };              // switch_mm_irqs_off: new page tables (processes only)
    int64_t switch_to_ns { 300 };              // switch_to: save prev registers, restore next's
    int64_t try_to_wake_up_ns { 300 };         // try_to_wake_up incl. enqueue on the run queue
    int64_t idle_exit_ns { 500 };              // an idle CPU leaving its idle loop on a wakeup IPI
    int64_t ipi_ns { 300 };                    // reschedule IPI handler on a busy CPU (scheduler_ipi)
    int64_t sched_latency_ns { 6000000 };      // CFS period; a waking sleeper gets half of it as credit
    int64_t timer_slack_ns { 50000 };          // current->timer_slack_ns: hrtimer range for sleeps
    int64_t hrtimer_ns { 400 };                // hrtimer_interrupt -> hrtimer_wakeup
    int64_t tick_ns { 1000 };                  // timer IRQ: update_process_times + sched_tick
    int64_t sched_base_slice_ns { 700000 };    // EEVDF base slice (v6.15+: 0.7 ms), scaled by 1+ilog2(cpus)
    int64_t wakeup_granularity_ns { 1000000 }; // a wakee preempts when it is this far behind
    int64_t fork_ns { 60000 };                 // copy_process for a new process
    int64_t thread_create_ns { 15000 };        // clone(CLONE_VM|...) for a thread
    int64_t ult_switch_ns { 100 };             // a user-level thread switch: swapcontext-like register save/restore, no kernel entry
    int64_t exit_ns { 20000 };                 // do_exit: releasing mm, files
    // --- select / poll (COSTS.md §2: ~250 ns + 55 ns per fd for poll, select +200 ns) ---------
    int64_t poll_setup_ns { 120 };             // do_sys_poll / core_sys_select setup, poll_initwait, poll_freewait
    int64_t select_bitmaps_ns { 200 };         // core_sys_select: the six bitmaps
    int64_t select_word_ns { 1 };              // max_select_fd / each do_select pass: one unsigned long (64 fds) of in|out|ex
    int64_t vfs_poll_ns { 45 };                // vfs_poll -> sock_poll -> tcp_poll, per fd per pass
    int64_t poll_loop_per_fd_ns { 10 };        // the do_select / do_poll loop around it
    int64_t pollwait_ns { 80 };                // __pollwait: poll_get_entry + add_wait_queue, first pass only
    int64_t put_user_ns { 1 };                 // unsafe_put_user of one revents / event field (one access block)
    int64_t fd_isset_ps_per_fd { 500 };        // user side: FD_ISSET over every fd number
    // --- epoll (COSTS.md §1-2: ctl ADD/MOD/DEL 740/310/630; wait 120 + ~100-200 per event) -----
    int64_t ep_alloc_ns { 1000 };              // epoll_create1: ep_alloc + anon_inode_getfile
    int64_t epoll_ctl_base_ns { 200 };         // copy_from_user, fdget x2, ep->mtx
    int64_t ep_rb_step_ns { 10 };              // per tree level in ep_find / ep_rbtree_insert
    int64_t ep_insert_ns { 150 };              // kmem_cache_zalloc(epi), attach_epitem
    int64_t ep_ptable_queue_proc_ns { 80 };    // the eppoll_entry for ep_poll_callback
    int64_t ep_remove_ns { 150 };              // ep_remove: unlink, rb_erase, free
    int64_t ep_poll_callback_ns { 240 };       // ep_poll_callback (runs in the waker's context)
    int64_t epoll_wait_fixed_ns { 100 };       // do_epoll_wait / ep_poll / ep_start_scan / ep_done_scan
    int64_t ep_item_poll_ns { 90 };            // ep_item_poll at harvest: vfs_poll + list work
    // --- memory hierarchy (the working-set model; sim/kernel/cache.h, COSTS.md §2 and §6) --------
    // A step that reads a kernel object's fields touches a known number of its cache lines. Each
    // tracked object remembers when it was last touched; the bytes touched since then (by tracked
    // steps, plus a footprint per system call for the paths not tracked line by line) are its
    // reuse distance D. A fraction max(0, 1 - capacity / D) of its lines has left each level.
    // What this costs grows with the set a loop cycles through, not with the steps it executes.
    int64_t cache_l2_bytes { 1048576 };        // per-core L2 (Zen 5: 1 MiB); COSTS.md §2: poll's sockets fit up to N ~ 1000
    int64_t cache_llc_bytes { 8388608 };       // this core's share of the L3 (32 MiB per 8-core CCD on a shared host)
    int64_t cache_l2_miss_ns { 10 };           // a line missed in L2, found in L3 (~45 cycles at 4 GHz)
    int64_t cache_llc_miss_ns { 90 };          // a line missed in L3 as well: DRAM (added to the L2 miss)
    int64_t sock_poll_lines { 4 };             // vfs_poll -> sock_poll -> tcp_poll: file, socket, 2 of struct sock
    int64_t epitem_lines { 2 };                // struct epitem (~128 B): rbn/rdllink/ffd, then event/pwqlist/ws
    int64_t eventpoll_lines { 1 };             // struct eventpoll's rdllist/lock/ovflist line (bytes 80-127):
                                               // ep_poll_callback writes it, ep_poll / ep_send_events read it
    int64_t syscall_footprint_lines { 16 };    // what a syscall touches outside the tracked steps (stack, fd table, skb)
    // --- io_uring (estimates of the same order as epoll's steps; not measured in COSTS.md) ------
    int64_t io_uring_setup_ns { 3000 };        // io_uring_create: ring and SQE array allocation, anon inode
    int64_t io_uring_sqe_ns { 150 };           // io_submit_sqes + io_issue_sqe per SQE
    int64_t io_poll_arm_ns { 120 };            // io_arm_poll_handler: async poll + vfs_poll + queue proc
    int64_t io_poll_wake_ns { 150 };           // io_poll_wake + io_req_task_work_add (softirq side)
    int64_t io_cqe_ns { 60 };                  // io_req_complete_post: fill one CQE, commit the CQ tail
    // --- wait queues -------------------------------------------------------------------------
    int64_t wq_add_ns { 40 };                  // add_wait_queue / prepare_to_wait (spinlock + list add)
    int64_t wq_remove_ns { 40 };               // remove_wait_queue / finish_wait
    int64_t wq_walk_base_ns { 30 };            // __wake_up_common fixed part
    int64_t wq_walk_per_entry_ns { 20 };       // per entry visited
    // --- sockets (TCP loopback-like defaults: 64 B write 3.5 us, read 3.2 us) ------------------
    int64_t socket_create_ns { 1500 };         // __sys_socket: sock_alloc + inet_create
    int64_t bind_listen_ns { 1000 };           // inet_bind / inet_listen
    int64_t accept_ns { 1500 };                // inet_csk_accept + sock_alloc_file + fd_install
    int64_t close_ns { 1500 };                 // tcp_close incl. FIN transmit
    int64_t tcp_sendmsg_ns { 1200 };           // lock_sock, skb alloc, tcp_push (excl. copy)
    int64_t tcp_xmit_ns { 700 };               // tcp_write_xmit -> ip_queue_xmit -> dev_queue_xmit
    int64_t tcp_recvmsg_ns { 1400 };           // lock_sock, queue walk, release_sock (excl. copy)
    int64_t tcp_cleanup_rbuf_ns { 1600 };      // tcp_cleanup_rbuf: window update / ACK after a read
    int64_t net_rx_per_packet_ns { 1400 };     // netif_receive_skb -> ip_rcv -> tcp_v4_rcv -> queue
    int64_t tcp_handshake_ns { 2500 };         // tcp_v4_conn_request / tcp_check_req + child socket
    int64_t sock_def_readable_ns { 50 };       // sk_data_ready fixed part (before the queue walk)
    int64_t sk_stream_write_space_ns { 50 };   // sk_write_space fixed part (before the queue walk)
    // --- socket buffer sizes (not costs: sysctl defaults, bytes) ---------------------------------
    int64_t tcp_wmem_bytes { 16384 };          // net.ipv4.tcp_wmem[1]: a new socket's sk_sndbuf
    int64_t tcp_rmem_bytes { 131072 };         // net.ipv4.tcp_rmem[1]: sk_rcvbuf, the most a receiver holds unread
    int64_t nic_irq_ns { 600 };                // NIC hard IRQ: ack the device, napi_schedule
    int64_t softirq_entry_ns { 200 };          // __do_softirq / net_rx_action entry
    int64_t wire_latency_ns { 10000 };         // one way to a remote host (remote peers only)
    int64_t nic_ps_per_byte { 800 };           // serialisation at 10 Gbit/s

    // The table the scenario loader validates [machine.costs] against, and that docs print.
    struct Field { std::string_view key; int64_t CostModel::*member; std::string_view help; };
    static const std::vector<Field>& fields();

    int64_t copy_cost_ns(int64_t bytes) const { return copy_base_ns + bytes * copy_ps_per_byte / 1000; }
};

} // namespace ioscope
