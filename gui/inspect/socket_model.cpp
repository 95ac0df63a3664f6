// socket_model.cpp — see the header.
#include "socket_model.h"

#include <algorithm>
#include <unordered_map>

namespace ioscope::gui {

using ioscope::Kind;

const char* tcp_state_text(ioscope::TcpState s) {
    static const char* names[] = { "CLOSED", "LISTEN", "SYN_SENT", "SYN_RECV", "ESTABLISHED",
                                   "CLOSE_WAIT", "FIN_WAIT", "LAST_ACK", "TIME_WAIT" };
    const size_t i = size_t(s);
    return i < 9 ? names[i] : "?";
}

namespace {

// How far back to look for the last PacketRx: the path of one packet spans a few dozen records.
constexpr size_t kPacketLookback = 400;

NetPathView net_path(const InspectInput& in) {
    NetPathView n;
    const ioscope::Record* r = in.rec();
    if (!r) return n;
    for (size_t i = in.record + 1, k = 0; i-- > 0 && k < kPacketLookback; ++k) {
        const ioscope::Record& p = in.trace.records[i];
        if (p.kind != Kind::PacketRx) continue;
        n.have_packet = true;
        n.packet_bytes = p.a;
        n.packet_flags = p.b;
        n.packet_id = p.c;
        if (p.obj) n.packet_socket = in.object_name(p.obj);
        break;
    }
    const ioscope::CpuInfo* cpu = r->cpu < in.state.cpus.size() ? &in.state.cpus[r->cpu] : nullptr;
    n.cpu = r->cpu == ioscope::kNoCpu ? -1 : int(r->cpu);
    const std::string fn = in.str(r->name);
    switch (r->kind) {
    // No function line for the NIC stage: its label already says "DMA into the RX ring" (in the
    // user's language; an English line under the Chinese label read as untranslated).
    case Kind::PacketRx: n.stage = RxStage::Nic; return n;
    case Kind::IrqEnter: case Kind::IrqExit:
        if (fn.find("nic") != std::string::npos || fn.find("napi") != std::string::npos) { n.stage = RxStage::HardIrq; n.function = fn.empty() ? "irq handler" : fn; }
        return n;
    case Kind::SoftirqEnter: case Kind::SoftirqExit:
        if (cpu && in.str(cpu->last_fn) == "net_rx_action") { n.stage = RxStage::Softirq; n.function = "net_rx_action"; }
        if (fn == "NET_RX") { n.stage = RxStage::Softirq; n.function = "net_rx_action"; }
        return n;
    default: break;
    }
    if (!cpu || cpu->mode != ioscope::CpuMode::Softirq) {
        if (cpu && cpu->mode == ioscope::CpuMode::Irq && r->kind == Kind::KernelStep &&
            (fn.find("nic") != std::string::npos || fn.find("napi") != std::string::npos)) {
            n.stage = RxStage::HardIrq;
            n.function = fn;
        }
        return n;
    }
    // Inside a softirq: which part of the receive path?
    if (r->kind == Kind::KernelStep) {
        n.function = fn;
        n.stage = (fn == "net_rx_action") ? RxStage::Softirq
                : (fn.rfind("tcp_", 0) == 0 || fn.rfind("ip_", 0) == 0 || fn == "netif_receive_skb") ? RxStage::Protocol
                : (fn == "__wake_up_common" || fn == "try_to_wake_up" || fn == "ep_poll_callback" || fn == "sock_def_readable") ? RxStage::Wakeup
                : RxStage::Softirq;
    } else if (r->kind == Kind::SockBuf || r->kind == Kind::SockState) {
        n.stage = RxStage::Queued;
        n.function = r->kind == Kind::SockBuf && r->obj2 == uint32_t(ioscope::SockQueue::Accept) ? "inet_csk_reqsk_queue_add" : "tcp_queue_rcv";
    } else if (r->kind == Kind::WqWake || r->kind == Kind::Wakeup || r->kind == Kind::RdlAdd || r->kind == Kind::OvfAdd) {
        n.stage = RxStage::Wakeup;
        n.function = r->kind == Kind::Wakeup ? "try_to_wake_up" : r->kind == Kind::WqWake ? fn : "ep_poll_callback";
    }
    return n;
}

} // namespace

SocketsView build_sockets_view(const InspectInput& in) {
    SocketsView v;
    const ioscope::Record* r = in.rec();
    // Waiters per owning object, in one pass (a C10K trace has tens of thousands of objects).
    std::unordered_map<uint32_t, uint32_t> waiters;
    for (const auto& [qid, q] : in.state.objects)
        if (q.type == ioscope::ObjType::WaitQueue && q.owner && !q.waiters.empty()) waiters[q.owner] += uint32_t(q.waiters.size());
    for (const auto& [id, s] : in.state.sockets) {
        SocketView sv;
        sv.id = id;
        sv.name = in.object_name(id);
        auto o = in.state.objects.find(id);
        sv.listening = (o != in.state.objects.end() && o->second.type == ioscope::ObjType::ListenSocket) ||
                       s.state == ioscope::TcpState::Listen;
        sv.state = s.state;
        sv.rcv_shutdown = s.rcv_shutdown;
        sv.rx_bytes = s.queue[size_t(ioscope::SockQueue::Receive)];
        sv.accept_len = s.queue[size_t(ioscope::SockQueue::Accept)];
        sv.tx_bytes = s.queue[size_t(ioscope::SockQueue::Send)];
        sv.backlog = s.queue[size_t(ioscope::SockQueue::Backlog)];
        sv.packets_rx = s.packets_rx;
        sv.packets_tx = s.packets_tx;
        if (auto w = waiters.find(id); w != waiters.end()) sv.waiters = w->second;
        if (r && r->obj == id) {
            if (r->kind == Kind::SockBuf) sv.changed_queue = int(r->obj2);
            sv.state_changed = r->kind == Kind::SockState;
            sv.highlight = r->kind == Kind::SockBuf || r->kind == Kind::SockState || r->kind == Kind::PacketRx || r->kind == Kind::PacketTx;
        }
        v.sockets.push_back(std::move(sv));
    }
    std::stable_sort(v.sockets.begin(), v.sockets.end(), [](const SocketView& a, const SocketView& b) { return a.listening > b.listening; });
    v.net = net_path(in);
    return v;
}

} // namespace ioscope::gui
