// sock_reuseport.cpp — who owns a port: the bind table (inet_csk_get_port and its conflict
// check), the listening hash (inet_hash / inet_unhash), SO_REUSEPORT groups (reuseport_alloc,
// reuseport_add_sock, reuseport_detach_sock), the listener an incoming SYN goes to
// (inet_lookup_listener -> lookup_reuseport -> reuseport_select_sock), setsockopt(SO_REUSEPORT),
// and inet_csk_listen_stop (a listener closing with connections still in its accept queue).
//
// Modelled: one local address (every listener binds INADDR_ANY), one user id (so the kernel's
// "same uid" condition for SO_REUSEPORT always holds), no BPF selector, no SO_REUSEADDR, no
// SO_INCOMING_CPU, net.ipv4.tcp_migrate_req = 0 (the default: a closing listener's queued
// connections are reset, not handed to the rest of its group). Accepted children do not keep the
// port bound (Linux's __inet_inherit_port); no scenario re-binds a port after closing it.
#include "sys.h"

#include <algorithm>
#include <cerrno>

namespace ioscope {

// ---------------------------------------------------------------------------------------------
// The hash (include/linux/jhash.h, net/ipv4/inet_hashtables.c)
// ---------------------------------------------------------------------------------------------
static uint32_t rol32(uint32_t w, unsigned s) { return (w << s) | (w >> (32 - s)); }

uint32_t jhash_3words(uint32_t a, uint32_t b, uint32_t c, uint32_t initval) {
    initval += 0xdeadbeefu + (3u << 2);                  // JHASH_INITVAL + length in bytes
    a += initval;
    b += initval;
    c += initval;
    // __jhash_final
    c ^= b; c -= rol32(b, 14);
    a ^= c; a -= rol32(c, 11);
    b ^= a; b -= rol32(a, 25);
    c ^= b; c -= rol32(b, 16);
    a ^= c; a -= rol32(c, 4);
    b ^= a; b -= rol32(a, 14);
    c ^= b; c -= rol32(b, 24);
    return c;
}

// The kernel keeps addresses and ports as __be32/__be16; x86 reads them byte-swapped.
static uint32_t as_be32(uint32_t host) {
    return (host >> 24) | ((host >> 8) & 0xff00u) | ((host << 8) & 0xff0000u) | (host << 24);
}
static uint16_t as_be16(uint16_t host) { return uint16_t((host >> 8) | (host << 8)); }

uint32_t inet_ehashfn(uint32_t secret, const FlowKey& f) {
    // __inet_ehashfn(laddr = ours, lport = hnum (host order), faddr = the client's, fport)
    return jhash_3words(as_be32(f.daddr), as_be32(f.saddr), (uint32_t(f.dport) << 16) | as_be16(f.sport), secret);
}

uint16_t Kernel::inet_hash_connect_port() {
    return uint16_t(ephemeral_ports_.uniform(kEphemeralLow, kEphemeralHigh));
}

// ---------------------------------------------------------------------------------------------
// The bind table: inet_bind_bucket per port, its owners
// ---------------------------------------------------------------------------------------------

// inet_csk_bind_conflict -> inet_bind_conflict, for every other owner of the port: sharing is
// allowed only if *both* sockets set SO_REUSEPORT before bind (and have the same uid).
bool Kernel::inet_csk_bind_conflict(const Sock& sk, int port) const {
    auto it = bound_.find(port);
    if (it == bound_.end()) return false;
    for (const Sock* sk2 : it->second) {
        if (sk2 == &sk) continue;
        if (sk.reuseport && sk2->reuseport) continue;
        return true;
    }
    return false;
}

void Kernel::inet_bind_hash(Sock& sk, int port) {
    sk.port = port;
    sk.bound = true;
    bound_[port].push_back(&sk);
}

void Kernel::inet_put_port(Sock& sk) {
    if (!sk.bound) return;
    sk.bound = false;
    auto it = bound_.find(sk.port);
    if (it == bound_.end()) return;
    std::erase(it->second, &sk);
    if (it->second.empty()) bound_.erase(it);
}

// ---------------------------------------------------------------------------------------------
// The listening hash and the reuseport groups
// ---------------------------------------------------------------------------------------------

// __inet_hash: with sk_reuseport, inet_reuseport_add_sock looks for a listener on the same port
// with sk_reuseport (same uid, device and address: always, here) and joins its group
// (reuseport_add_sock -> __reuseport_add_sock: socks[num_socks++] = sk); none -> reuseport_alloc
// (a group of one). Then the socket goes at the head of the bucket (__sk_nulls_add_node_rcu).
const char* Kernel::inet_hash(Sock& sk) {
    std::vector<Sock*>& bucket = listeners_[sk.port];
    const char* how = nullptr;
    if (sk.reuseport) {
        for (Sock* sk2 : bucket)
            if (sk2->reuseport && sk2->reuseport_cb) {
                sk.reuseport_cb = sk2->reuseport_cb;
                sk.reuseport_cb->socks.push_back(&sk);
                how = "reuseport_add_sock";
                break;
            }
        if (!sk.reuseport_cb) {
            reuseport_groups_.push_back(std::make_unique<SockReuseport>());
            sk.reuseport_cb = reuseport_groups_.back().get();
            sk.reuseport_cb->socks.push_back(&sk);
            how = "reuseport_alloc";
        }
    }
    bucket.insert(bucket.begin(), &sk);
    return how;
}

// inet_unhash -> reuseport_stop_listen_sock -> reuseport_detach_sock -> __reuseport_detach_sock:
// socks[i] = socks[num_socks - 1]; num_socks-- (the last member moves into the hole).
void Kernel::inet_unhash(Sock& sk) {
    if (SockReuseport* reuse = sk.reuseport_cb) {
        auto& socks = reuse->socks;
        auto it = std::find(socks.begin(), socks.end(), &sk);
        if (it != socks.end()) {
            *it = socks.back();
            socks.pop_back();
        }
        sk.reuseport_cb = nullptr;
    }
    auto b = listeners_.find(sk.port);
    if (b == listeners_.end()) return;
    std::erase(b->second, &sk);
    if (b->second.empty()) listeners_.erase(b);
}

namespace {
// A kernel step whose record also says what it computed (KernelStep: obj, b, c; record.h).
Kernel::StepAwaiter noted_step(Kernel& k, Cpu& c, uint32_t name, int64_t cost, uint32_t obj, int64_t b, uint32_t idx) {
    if (cost > 0) {
        Record& r = k.emit(Kind::KernelStep, c.id, c.curr ? c.curr->tid : 0);
        r.name = name;
        r.a = cost;
        r.obj = obj;
        r.b = b;
        r.c = idx;
    }
    return Kernel::StepAwaiter{k, c, cost};
}
} // namespace

// __inet_lookup_listener -> inet_lhash2_lookup: the first listener on the port scores; it has
// sk_reuseport, so lookup_reuseport hashes the 4-tuple (inet_ehashfn) and reuseport_select_sock
// -> reuseport_select_sock_by_hash takes socks[reciprocal_scale(hash, num_socks)] — a listen
// group never holds a TCP_ESTABLISHED socket, so the first candidate is the answer. The same
// 4-tuple always lands on the same listener; nothing looks at how busy that listener's worker is.
KCo<Sock*> Kernel::inet_lookup_listener(Cpu& c, const FlowKey& flow) {
    Sock* sk = listener(flow.dport);
    if (!sk || !sk->reuseport_cb) co_return sk;          // one listener: part of tcp_v4_rcv's lookup
    const int64_t cost = reuseport_lookup_ns();
    co_await noted_step(*this, c, nm("inet_lookup_listener"), cost / 2, sk->id, 0, 0);
    const uint32_t hash = inet_ehashfn(ehash_secret_, flow);
    co_await noted_step(*this, c, nm("lookup_reuseport"), cost / 4, sk->id, int64_t(hash), 0);
    const SockReuseport& reuse = *sk->reuseport_cb;
    const uint32_t i = reciprocal_scale(hash, uint32_t(reuse.socks.size()));
    Sock* chosen = reuse.socks[i];
    co_await noted_step(*this, c, nm("reuseport_select_sock"), cost - cost / 2 - cost / 4, chosen->id, int64_t(hash), i);
    co_return chosen;
}

// ---------------------------------------------------------------------------------------------
// setsockopt(SO_REUSEPORT)
// ---------------------------------------------------------------------------------------------

// sk_setsockopt: case SO_REUSEPORT: sk->sk_reuseport = valbool. It matters at bind() (the
// conflict check) and at listen() (joining a group), so it must be set before bind().
KCo<int64_t> Kernel::sys_set_reuseport(Task& t, int fd, bool on) {
    uint32_t name = nm("setsockopt");
    co_await syscall_enter(t, name, fd, 1 /* SOL_SOCKET */, 15 /* SO_REUSEPORT */);
    File* f = fd_get(t, fd);
    if (!f) co_return co_await syscall_exit(t, name, -EBADF);
    if (!f->sock) co_return co_await syscall_exit(t, name, -ENOTSOCK);
    co_await step(t, nm("sk_setsockopt"), 100);           // as cheap as SO_RCVTIMEO's sock_set_timeout
    f->sock->reuseport = on;
    co_return co_await syscall_exit(t, name, 0);
}

KCo<int64_t> Sys::set_reuseport(int fd, bool on, loc l) { at(l, "setsockopt(SO_REUSEPORT)"); return k_.sys_set_reuseport(t_, fd, on); }

// ---------------------------------------------------------------------------------------------
// A listener closes
// ---------------------------------------------------------------------------------------------

// inet_csk_listen_stop: the children still in the accept queue were never accept()ed; each one
// is disconnected (inet_child_forget -> tcp_disconnect -> tcp_send_active_reset: an RST, so the
// client sees ECONNRESET) and destroyed. With net.ipv4.tcp_migrate_req = 1 they would move to
// another listener of the group (reuseport_migrate_sock); the default is 0, as here.
KCo<void> Kernel::inet_csk_listen_stop(Task& t, Sock& sk) {
    while (!sk.accept_q.empty()) {
        Sock* child = accept_queue_dequeue(t, sk);
        co_await step(t, nm("inet_child_forget"), cost_.close_ns / 2);
        child->closed = true;
        if (child->remote || child->local_peer) co_await transmit(cpu_of(t), *child, 0, TCP_RST | TCP_ACK);
        child->state = TcpState::Closed;
        Record& r = emit(Kind::SockState, t.cpu, t.tid);
        r.obj = child->id;
        r.a = int64_t(TcpState::Closed);
        metrics_.memory.socket_buffers -= MemoryModel::socket + child->rx_bytes;
        metrics_.connections_reset++;
        emit(Kind::ObjectFree, t.cpu, t.tid).obj = child->wq.id;
        emit(Kind::ObjectFree, t.cpu, t.tid).obj = child->id;
    }
}

} // namespace ioscope
