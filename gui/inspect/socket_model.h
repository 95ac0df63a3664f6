// socket_model.h — sockets (accept queue, sk_receive_queue fill, send queue, TCP state) and the
// receive path of the last packet: NIC (DMA into the RX ring) -> hard IRQ -> NET_RX softirq ->
// tcp_v4_rcv -> socket queue -> wakeup of the sleeper. GL-free.
#pragma once
#include "inspect_input.h"

#include <string>
#include <vector>

namespace ioscope::gui {

struct SocketView {
    uint32_t id { 0 };
    std::string name;
    bool listening { false };
    ioscope::TcpState state { ioscope::TcpState::Closed };
    bool rcv_shutdown { false };
    int64_t rx_bytes { 0 }, accept_len { 0 }, tx_bytes { 0 }, backlog { 0 };
    uint64_t packets_rx { 0 }, packets_tx { 0 };
    uint32_t waiters { 0 };               // entries on its wait queue
    int changed_queue { -1 };             // SockQueue the current record changed, or -1
    bool state_changed { false };
    bool highlight { false };
};

// Stages of the receive path, in order; None when the current record is not part of it.
enum class RxStage : uint8_t { None, Nic, HardIrq, Softirq, Protocol, Queued, Wakeup };

struct NetPathView {
    RxStage stage { RxStage::None };
    int cpu { -1 };
    std::string function;                 // the kernel function at this stage
    // The last packet that reached the NIC at or before this record.
    bool have_packet { false };
    int64_t packet_bytes { 0 };
    int64_t packet_flags { 0 };
    uint32_t packet_id { 0 };
    std::string packet_socket;
};

struct SocketsView {
    std::vector<SocketView> sockets;      // listening sockets first, then by id
    NetPathView net;
};

SocketsView build_sockets_view(const InspectInput& in);
const char* tcp_state_text(ioscope::TcpState s);   // "ESTABLISHED"

} // namespace ioscope::gui
