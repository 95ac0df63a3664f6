// net_rx.cpp — packets in and out: the NIC's receive rings and interrupt, the NET_RX softirq
// (net_rx_action -> ip_rcv -> tcp_v4_rcv), the TCP handshake on a listening socket, queueing on
// an established socket, sock_def_readable, and transmission to a remote host or over loopback.
//
// KERNEL.md §4: the skb stays in sk_receive_queue; data reaches user memory only at recvmsg time.
#include "kernel.h"

#include <cerrno>

namespace ioscope {


RemoteConn& Kernel::remote_connect(RemotePeer* peer, int port, uint32_t index) {
    auto conn = std::make_unique<RemoteConn>();
    conn->index = index;
    conn->port = port;
    conn->peer = peer;
    conn->rx_cpu = uint8_t(index % cpus_.size());       // RSS spreads flows over the CPUs' queues
    conn->saddr = 0x0a010002u + index;                  // client N is host 10.1.0.(N+1), 10.1.1.x, ...
    conn->sport = inet_hash_connect_port();             // its kernel's ephemeral port
    conn->id = new_object(ObjType::RemoteHost, "client " + std::to_string(index + 1));
    conns_.push_back(std::move(conn));
    RemoteConn& c = *conns_.back();
    remote_send(c, 0, TCP_SYN);
    return c;
}

// A frame leaves the remote host now and reaches our NIC after the wire latency plus its
// serialisation time.
void Kernel::remote_send(RemoteConn& conn, int64_t bytes, uint32_t flags) {
    uint32_t id = next_packet_++;
    wire_[id] = WireFrame{&conn, Skb{bytes, flags, id}, false};
    int64_t delay = cost_.wire_latency_ns + (bytes + 66) * cost_.nic_ps_per_byte / 1000;
    ev_.schedule(now() + SimTime(delay), &Kernel::on_nic_frame, this, id);
}

void Kernel::on_nic_frame(void* kp, uint64_t id) {
    Kernel& k = *static_cast<Kernel*>(kp);
    auto& frames = k.wire_;
    auto it = frames.find(uint32_t(id));
    if (it == frames.end()) return;
    WireFrame f = it->second;
    frames.erase(it);
    if (f.to_remote) {                                   // our transmission reached the remote host
        if (f.conn->peer) f.conn->peer->on_receive(*f.conn, f.skb);
        return;
    }
    // The NIC has DMA'd the frame into the ring of the CPU its flow hashes to. If NAPI is not
    // already polling that queue, the device raises its interrupt.
    Record& r = k.emit(Kind::PacketRx, f.conn->rx_cpu, 0);
    r.obj = f.conn->sock ? f.conn->sock->id : 0;
    r.obj2 = k.nic_obj_;
    r.a = f.skb.bytes;
    r.b = f.skb.flags;
    r.c = f.skb.packet_id;
    k.metrics_.packets_rx++;
    uint8_t cpu = f.conn->rx_cpu;
    k.nic_rx_ring_[cpu].push_back({f.conn, f.skb});
    if (!k.napi_scheduled_[cpu]) {
        k.napi_scheduled_[cpu] = true;
        k.raise_irq(cpu, IrqKind::Nic);
    }
}

// __do_softirq -> net_rx_action: poll the ring until it is empty, then napi_complete re-enables
// the device interrupt. Runs in softirq context on c, whatever task it interrupted.
KCo<void> Kernel::net_rx_softirq(Cpu& c) {
    set_mode(c, CpuMode::Softirq);
    Record& e = emit(Kind::SoftirqEnter, c.id, c.curr ? c.curr->tid : 0);
    e.name = nm("NET_RX");
    co_await cpu_step(c, nm("net_rx_action"), cost_.softirq_entry_ns);
    auto& ring = nic_rx_ring_[c.id];
    while (!ring.empty()) {
        auto [conn, skb] = ring.front();
        ring.pop_front();
        co_await handle_remote_frame(c, *conn, skb);
    }
    napi_scheduled_[c.id] = false;
    emit(Kind::SoftirqExit, c.id, c.curr ? c.curr->tid : 0);
}

// One frame from a remote host: netif_receive_skb -> ip_rcv -> tcp_v4_rcv, then by TCP state.
// __inet_lookup_skb finds an established socket, else the request sock of a handshake in
// progress, else a listener: only a SYN needs the listener lookup. For a port with an SO_REUSEPORT
// group the lookup's own steps are recorded (inet_lookup_listener), charged out of tcp_v4_rcv's.
KCo<void> Kernel::handle_remote_frame(Cpu& c, RemoteConn& conn, Skb skb) {
    const bool syn = (skb.flags & TCP_SYN) != 0;
    co_await cpu_step(c, nm("tcp_v4_rcv"), cost_.net_rx_per_packet_ns - (syn && reuseport_port(conn.port) ? reuseport_lookup_ns() : 0));
    if (syn) {
        Sock* lsk = co_await inet_lookup_listener(c, FlowKey{ conn.saddr, conn.sport, kServerAddr, uint16_t(conn.port) });
        if (!lsk) {                                       // nobody listens: answer with a reset
            transmit_to_remote(c, conn, 0, TCP_RST, 0);
            co_return;
        }
        // tcp_v4_conn_request: a request sock that remembers its listener (rsk_listener), and a
        // SYN-ACK goes back.
        co_await cpu_step(c, nm("tcp_v4_conn_request"), cost_.tcp_handshake_ns / 2);
        conn.req_listener = lsk;
        transmit_to_remote(c, conn, 0, TCP_SYN | TCP_ACK, lsk->id);
        co_return;
    }
    if (!conn.sock) {
        Sock* lsk = conn.req_listener;
        if (!(skb.flags & TCP_ACK) || !lsk) co_return;
        if (lsk->closed) {
            // Its listener closed after the SYN: tcp_v4_rcv drops the request sock
            // (inet_csk_reqsk_queue_drop_and_put) and the bare ACK is answered with a reset.
            conn.req_listener = nullptr;
            transmit_to_remote(c, conn, 0, TCP_RST, 0);
            co_return;
        }
        // The handshake's final ACK: tcp_check_req creates the child socket and queues it on the
        // listener's accept queue — the server process is not involved at all.
        if (int(lsk->accept_q.size()) >= lsk->backlog_max) {
            metrics_.packets_dropped++;                   // accept queue overflow: ACK dropped
            co_return;
        }
        co_await cpu_step(c, nm("tcp_check_req"), cost_.tcp_handshake_ns / 2);
        Sock& child = new_sock(ObjType::Socket, nullptr, "conn " + std::to_string(conn.index + 1));
        child.state = TcpState::Established;
        child.port = conn.port;
        child.remote = &conn;
        conn.sock = &child;
        Record& st = emit(Kind::SockState, c.id, 0);
        st.obj = child.id;
        st.a = int64_t(TcpState::Established);
        lsk->accept_q.push_back(&child);
        Record& q = emit(Kind::SockBuf, c.id, 0);
        q.obj = lsk->id;
        q.obj2 = uint32_t(SockQueue::Accept);
        q.a = int64_t(lsk->accept_q.size());
        q.b = 1;
        co_await sock_def_readable(c, *lsk);             // the listener's sk_data_ready
        if (!(skb.flags & (TCP_DATA | TCP_FIN))) co_return;
    }
    co_await deliver(c, *conn.sock, skb);
}

// tcp_v4_do_rcv on an established socket: queue the data (or the FIN) and signal readers. If a
// task holds the socket lock, the skb goes to the backlog, processed at release_sock.
KCo<void> Kernel::deliver(Cpu& c, Sock& sk, Skb skb) {
    if (sk.closed) co_return;
    if (!(skb.flags & (TCP_DATA | TCP_FIN | TCP_RST))) co_return;
    if (sk.owned_by_user) {
        sk.backlog.push_back(skb);
        Record& r = emit(Kind::SockBuf, c.id, 0);
        r.obj = sk.id;
        r.obj2 = uint32_t(SockQueue::Backlog);
        r.a = int64_t(sk.backlog.size());
        r.b = 1;
        co_return;
    }
    queue_skb(c, sk, skb);
    if (skb.flags & TCP_RST) {                          // tcp_reset -> sk_error_report
        co_await cpu_step(c, nm("sock_def_error_report"), cost_.sock_def_readable_ns);
        if (sk.wq.has_sleeper()) co_await wake_up(c, sk.wq, 1, POLLERR);
        co_return;
    }
    co_await sock_def_readable(c, sk);                  // tcp_data_ready -> sk_data_ready
}

void Kernel::queue_skb(Cpu& c, Sock& sk, const Skb& skb) {
    if (skb.flags & TCP_DATA) {
        sk.rx.push_back(skb);
        sk.rx_bytes += skb.bytes;
        metrics_.memory.socket_buffers += skb.bytes;
        memory_changed();
        Record& r = emit(Kind::SockBuf, c.id, 0);
        r.obj = sk.id;
        r.obj2 = uint32_t(SockQueue::Receive);
        r.a = sk.rx_bytes;
        r.b = skb.bytes;
    }
    if (skb.flags & TCP_RST) {                          // tcp_reset: ECONNRESET, tcp_done
        sk.sk_err = ECONNRESET;
        sk.rcv_shutdown = true;
        sk.state = TcpState::Closed;
        Record& r = emit(Kind::SockState, c.id, 0);
        r.obj = sk.id;
        r.a = int64_t(TcpState::Closed);
        r.b = 1;
        return;
    }
    if (skb.flags & TCP_FIN) {
        sk.rcv_shutdown = true;
        sk.state = TcpState::CloseWait;
        Record& r = emit(Kind::SockState, c.id, 0);
        r.obj = sk.id;
        r.a = int64_t(TcpState::CloseWait);
        r.b = 1;
    }
}

// sock_def_readable: if the socket's wait queue has sleepers, wake_up_interruptible_sync_poll
// (one exclusive waiter at most; every non-exclusive entry is called).
KCo<void> Kernel::sock_def_readable(Cpu& c, Sock& sk) {
    co_await cpu_step(c, nm("sock_def_readable"), cost_.sock_def_readable_ns);
    if (sk.wq.has_sleeper()) {
        int woken = co_await wake_up(c, sk.wq, 1, POLLIN | POLLPRI | POLLRDNORM | POLLRDBAND);
        (void)woken;
    }
    // sk_wake_async(sk, SOCK_WAKE_WAITD, POLL_IN): waiters first, then SIGIO.
    if (sk.fasync) {
        // SOCK_WAKE_WAITD is skipped while a reader sleeps in sk_wait_data; otherwise half of
        // the 50 ns goes on to kill_fasync -> send_sigio (sk_wake_async, signals.cpp).
        bool fires = !sk.async_waitdata && sk.fasync_owner;
        co_await cpu_step(c, nm("sock_wake_async"), fires ? 25 : 50);
        if (fires) co_await cpu_step(c, nm("kill_fasync"), 25);
        sk_wake_async(c, sk);
    }
}

// tcp_write_xmit -> ip_queue_xmit -> dev_queue_xmit. Over loopback the receive softirq runs
// right here on the sender's CPU (netif_rx, then do_softirq at local_bh_enable).
KCo<void> Kernel::transmit(Cpu& c, Sock& sk, int64_t bytes, uint32_t flags) {
    co_await cpu_step(c, nm("tcp_write_xmit"), cost_.tcp_xmit_ns);
    if (sk.remote) {
        transmit_to_remote(c, *sk.remote, bytes, flags, sk.id);
        co_return;
    }
    if (!sk.local_peer) co_return;
    uint32_t id = next_packet_++;
    Record& t = emit(Kind::PacketTx, c.id, c.curr ? c.curr->tid : 0);
    t.obj = sk.id;
    t.obj2 = sk.local_peer->id;
    t.a = bytes;
    t.b = flags;
    t.c = id;
    metrics_.packets_tx++;
    CpuMode before = c.mode;
    set_mode(c, CpuMode::Softirq);
    Record& e = emit(Kind::SoftirqEnter, c.id, c.curr ? c.curr->tid : 0);
    e.name = nm("NET_RX");
    co_await cpu_step(c, nm("net_rx_action"), cost_.softirq_entry_ns);
    co_await cpu_step(c, nm("tcp_v4_rcv"), cost_.net_rx_per_packet_ns);
    co_await deliver(c, *sk.local_peer, Skb{bytes, flags, id});
    emit(Kind::SoftirqExit, c.id, c.curr ? c.curr->tid : 0);
    set_mode(c, before);
}

void Kernel::transmit_to_remote(Cpu& c, RemoteConn& conn, int64_t bytes, uint32_t flags, uint32_t sock_id) {
    uint32_t id = next_packet_++;
    Record& t = emit(Kind::PacketTx, c.id, c.curr ? c.curr->tid : 0);
    t.obj = sock_id;
    t.obj2 = nic_obj_;
    t.a = bytes;
    t.b = flags;
    t.c = id;
    metrics_.packets_tx++;
    wire_[id] = WireFrame{&conn, Skb{bytes, flags, id}, true};
    int64_t delay = cost_.wire_latency_ns + (bytes + 66) * cost_.nic_ps_per_byte / 1000;
    ev_.schedule(now() + SimTime(delay), &Kernel::on_nic_frame, this, id);
}

} // namespace ioscope
