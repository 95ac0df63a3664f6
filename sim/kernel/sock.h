// sock.h — struct sock / struct socket / struct file for TCP-like sockets.
//
// A socket's peer is either another local socket (loopback: transmit runs the receive softirq
// inline on the sender's CPU) or a connection to a remote host (transmit goes out of the NIC;
// the reply comes back as packets that raise the NIC's interrupt).
#pragma once
#include "sim/trace/record.h"
#include "wait_queue.h"

#include <cstdint>
#include <deque>
#include <vector>

namespace ioscope {

struct RemoteConn;
struct EventPoll;
struct EpItem;
struct SockReuseport;                     // sock_reuseport.h

struct Skb {
    int64_t bytes { 0 };
    uint32_t flags { 0 };                 // TcpFlags
    uint32_t packet_id { 0 };
};

struct Sock {
    uint32_t id { 0 };                    // trace object id
    ObjType type { ObjType::Socket };
    TcpState state { TcpState::Closed };
    WaitQueueHead wq;                     // sk_sleep(sk): sk->sk_wq->wait
    int port { 0 };

    // --- receive side (sk_receive_queue), guarded by the socket lock / softirq ---------------
    std::deque<Skb> rx;
    int64_t rx_bytes { 0 };
    bool rcv_shutdown { false };          // FIN seen: recv returns 0 once rx is empty
    bool owned_by_user { false };         // lock_sock held: softirq must use the backlog
    std::deque<Skb> backlog;              // sk_backlog, processed at release_sock

    // --- listen side --------------------------------------------------------------------------
    std::deque<Sock*> accept_q;           // icsk_accept_queue: established children
    int backlog_max { 128 };
    bool reuseport { false };             // sk->sk_reuseport: setsockopt(SO_REUSEPORT) before bind
    bool bound { false };                 // in the port's inet_bind_bucket (tb->owners) until closed
    SockReuseport* reuseport_cb { nullptr };  // sk->sk_reuseport_cb: its group while it listens

    // --- peer -----------------------------------------------------------------------------------
    Sock* local_peer { nullptr };
    RemoteConn* remote { nullptr };
    int64_t tx_bytes { 0 };
    // --- send side (sk_write_queue; net/core/stream.c) -------------------------------------------
    // sk_wmem_queued counts bytes copied in by tcp_sendmsg and not yet freed by the peer's ACK;
    // `unsent` is its tail not yet transmitted (tcp_send_head onwards: the peer's window is shut).
    int64_t sndbuf { 16384 };             // sk_sndbuf (tcp_wmem[1]; set from the cost model)
    int64_t rcvbuf { 131072 };            // sk_rcvbuf (tcp_rmem[1]): bounds the window this socket offers
    int64_t wmem_queued { 0 };            // sk_wmem_queued
    int64_t unsent { 0 };                 // bytes of the write queue not yet sent
    int64_t wmem_traced { 0 };            // the level the last SockBuf(Send) record showed
    bool nospace { false };               // SOCK_NOSPACE: a writer found no room; wake it on ACKs
    bool closed { false };
    int sk_err { 0 };                     // pending error (ECONNRESET after an RST), reported once
    int64_t rcvtimeo_ns { -1 };           // SO_RCVTIMEO; -1 = MAX_SCHEDULE_TIMEOUT (wait forever)
    // --- signal-driven I/O (sock->wq.fasync_list and the SOCKWQ bits) ----------------------------
    struct Task* fasync_owner { nullptr };  // f_owner of the file with O_ASYNC (F_SETOWN)
    bool fasync { false };                // SOCK_FASYNC: sock_fasync added a fasync_struct
    bool async_waitdata { false };        // SOCKWQ_ASYNC_WAITDATA: a reader sleeps in sk_wait_data
};

struct File {
    uint32_t id { 0 };                    // trace object id of the struct file
    Sock* sock { nullptr };               // a socket file, or
    EventPoll* ep { nullptr };            // an "[eventpoll]" anon-inode file, or
    struct IoUring* uring { nullptr };    // an "[io_uring]" anon-inode file
    std::vector<EpItem*> f_ep;            // epitems watching this file (attach_epitem)
    bool nonblock { false };              // O_NONBLOCK in f_flags
    int refs { 1 };
};

} // namespace ioscope
