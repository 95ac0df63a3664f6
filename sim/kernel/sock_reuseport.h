// sock_reuseport.h — SO_REUSEPORT: several listening sockets on one port, one chosen per
// connection by a hash of its 4-tuple (net/core/sock_reuseport.c, net/ipv4/inet_hashtables.c).
//
// The path a SYN takes (KERNEL.md §3.6, "a different mitigation is SO_REUSEPORT"):
//   tcp_v4_rcv -> __inet_lookup_skb -> inet_lookup_listener -> inet_lhash2_lookup: the first
//   listener on the port has sk_reuseport, so lookup_reuseport computes
//   inet_ehashfn(daddr, dport, saddr, sport) = jhash_3words(...) with the per-boot secret, and
//   reuseport_select_sock -> reuseport_select_sock_by_hash picks
//   socks[reciprocal_scale(hash, num_socks)] (skipping TCP_ESTABLISHED sockets, which a TCP
//   listen group never holds). The request sock remembers that listener (rsk_listener), so the
//   handshake's final ACK queues the child on *its* accept queue and wakes only *its* waiters.
//
// The functions below are the pure parts, exposed so tests can recompute a connection's listener.
#pragma once
#include <cstdint>
#include <vector>

namespace ioscope {

struct Sock;

// struct sock_reuseport: the listening sockets of one SO_REUSEPORT group, in socks[] order.
// listen() appends (__reuseport_add_sock); close() moves the *last* socket into the leaver's slot
// (__reuseport_detach_sock), so after a close the same hash can map to a different listener.
struct SockReuseport {
    std::vector<Sock*> socks;             // socks[0 .. num_socks)
};

// A connection's 4-tuple, host byte order (10.0.0.1 = 0x0a000001).
struct FlowKey {
    uint32_t saddr { 0 };                 // the client's address
    uint16_t sport { 0 };                 // the client's ephemeral port
    uint32_t daddr { 0 };                 // our address
    uint16_t dport { 0 };                 // the listening port (hnum)
};

constexpr uint32_t kServerAddr = 0x0a000001;     // 10.0.0.1: eth0's address
constexpr uint32_t kLoopbackAddr = 0x7f000001;   // 127.0.0.1
constexpr uint16_t kEphemeralLow = 32768, kEphemeralHigh = 60999;   // net.ipv4.ip_local_port_range

// include/linux/jhash.h: jhash_3words -> __jhash_nwords (initval + JHASH_INITVAL + (3 << 2)).
uint32_t jhash_3words(uint32_t a, uint32_t b, uint32_t c, uint32_t initval);
// inet_ehashfn -> __inet_ehashfn: jhash_3words(laddr, faddr, lport << 16 | fport, secret), the
// addresses and fport as the kernel holds them (__be32 / __be16 read on little-endian x86).
uint32_t inet_ehashfn(uint32_t secret, const FlowKey& flow);
// include/linux/kernel.h: scale a 32-bit value into [0, ep_ro) with a multiply and a shift.
constexpr uint32_t reciprocal_scale(uint32_t val, uint32_t ep_ro) { return uint32_t((uint64_t(val) * ep_ro) >> 32); }

} // namespace ioscope
