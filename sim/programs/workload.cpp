// workload.cpp — the client side of a scenario. Remote clients live on another host: they cost
// our CPUs nothing, and everything they send arrives through the NIC (hard IRQ, then NET_RX
// softirq). Local clients are ordinary processes talking over loopback.
#include "workload.h"

#include <algorithm>

namespace ioscope {


std::unique_ptr<Workload> start_workload(Kernel& k, const ClientSpec& spec) {
    auto w = std::make_unique<Workload>(k, spec);
    w->start();
    return w;
}

// Client i is one of the `active` ones: exactly `active` of `count`, spread evenly over the
// connect order (i*K/N steps up at K indices), so active connections are scattered among the idle
// ones in the server's fd table as they would be in a real C10K load.
static bool client_is_active(const ClientSpec& spec, uint32_t i) {
    if (spec.active >= spec.count) return true;
    return (uint64_t(i) * spec.active) / spec.count != (uint64_t(i + 1) * spec.active) / spec.count;
}

bool Workload::is_active(uint32_t i) const { return client_is_active(spec_, i); }

// Local clients: a process per client doing connect / send / recv / close over loopback.
static KCo<void> local_client(Sys& sys, ClientSpec spec, uint32_t index) {
    int64_t fd = co_await sys.socket();
    int64_t rc = co_await sys.connect(int(fd), int(spec.port));
    if (rc < 0) co_return;
    if (spec.requests == 0 || !client_is_active(spec, index)) {
        co_await sys.pause();               // an idle connection: open, asleep, never sending
        co_return;
    }
    for (uint32_t r = 0; r < spec.requests; ++r) {
        if (r > 0 && spec.think.ns > 0) co_await sys.sleep(spec.think);   // thinking is sleeping, not computing
        int64_t req = int64_t(index) * 1000000 + r + 1;
        sys.marker("request", MarkerType::RequestStart, req);
        int64_t t0 = sys.now().ns;
        co_await sys.send(int(fd), spec.request_bytes);
        int64_t got = 0;
        while (got < spec.response_bytes) {
            int64_t n = co_await sys.recv(int(fd), 65536);
            if (n <= 0) break;
            got += n;
        }
        sys.marker("response", MarkerType::RequestEnd, req);
        if (spec.response_bytes > 0 && got >= spec.response_bytes) {
            sys.kernel().metrics().requests_completed++;
            sys.kernel().metrics().latencies_ns.push_back(sys.now().ns - t0);
        } else if (spec.response_bytes == 0) {
            sys.kernel().metrics().requests_completed++;
        }
    }
    co_await sys.close(int(fd));
}

void Workload::start() {
    clients_.resize(spec_.count);
    int64_t t = spec_.start.ns;
    for (uint32_t i = 0; i < spec_.count; ++i) {
        if (i > 0) {
            int64_t mean = spec_.connect_interval.ns;
            switch (spec_.arrival) {
            case Arrival::Fixed: t += mean; break;
            case Arrival::Uniform: t += int64_t(rng_.uniform(0, uint64_t(std::max<int64_t>(0, 2 * mean)))); break;
            case Arrival::Exponential: t += rng_.exponential(SimTime(mean)).ns; break;
            }
        }
        if (spec_.placement == Placement::Local) {
            ClientSpec s = spec_;
            k_.spawn("client-" + std::to_string(i + 1), SimTime(t),
                     [s, i](Sys& sys) { return local_client(sys, s, i); });
        } else {
            k_.events().schedule(SimTime(t), &Workload::on_connect, this, i);
        }
    }
}

void Workload::on_connect(void* wp, uint64_t i) {
    auto& w = *static_cast<Workload*>(wp);
    w.clients_[i].conn = &w.k_.remote_connect(&w, int(w.spec_.port), uint32_t(i));
}

void Workload::send_request(uint32_t i) {
    Client& c = clients_[i];
    c.sent++;
    c.received = 0;
    c.started = k_.now().ns;
    Record& r = k_.emit(Kind::Marker);
    r.name = k_.nm("request");
    r.a = int64_t(i) * 1000000 + c.sent;
    r.b = int64_t(MarkerType::RequestStart);
    r.obj = c.conn->id;
    k_.remote_send(*c.conn, spec_.request_bytes, TCP_DATA | TCP_ACK);
    if (spec_.response_bytes == 0) {                  // fire and forget: next one after `think`
        k_.metrics().requests_completed++;
        finish_or_continue(i);
    }
}

void Workload::finish_or_continue(uint32_t i) {
    Client& c = clients_[i];
    if (c.sent < spec_.requests) {
        k_.events().schedule(k_.now() + spec_.think, &Workload::on_next_request, this, i);
    } else if (!c.closed) {
        c.closed = true;
        k_.remote_send(*c.conn, 0, TCP_FIN | TCP_ACK);
        k_.emit(Kind::ObjectFree).obj = c.conn->id;   // the remote host is done with us
    }
}

void Workload::on_next_request(void* wp, uint64_t i) {
    static_cast<Workload*>(wp)->send_request(uint32_t(i));
}

void Workload::on_receive(RemoteConn& conn, const Skb& skb) {
    uint32_t i = conn.index;
    Client& c = clients_[i];
    if (skb.flags & TCP_RST) { c.closed = true; return; }
    if ((skb.flags & TCP_SYN) && (skb.flags & TCP_ACK)) {
        // SYN-ACK: complete the handshake and send the first request right behind the ACK.
        k_.remote_send(conn, 0, TCP_ACK);
        if (spec_.requests > 0 && is_active(i)) send_request(i);   // otherwise an idle connection, kept open
        return;
    }
    if (!(skb.flags & TCP_DATA) || spec_.response_bytes == 0) return;
    c.received += skb.bytes;
    if (c.received < spec_.response_bytes) return;
    int64_t latency = k_.now().ns - c.started;
    k_.metrics().requests_completed++;
    k_.metrics().latencies_ns.push_back(latency);
    Record& r = k_.emit(Kind::Marker);
    r.name = k_.nm("response");
    r.a = int64_t(i) * 1000000 + c.sent;
    r.b = int64_t(MarkerType::RequestEnd);
    r.obj = conn.id;
    finish_or_continue(i);
}

} // namespace ioscope
