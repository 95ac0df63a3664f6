// workload.h — the [clients] workload generator (remote hosts or local client processes).
#pragma once
#include "programs.h"

namespace ioscope {

class Workload : public RemotePeer {
public:
    Workload(Kernel& k, const ClientSpec& spec) : k_(k), spec_(spec), rng_(k.rng("clients.arrival")) {}
    void start();
    void on_receive(RemoteConn& conn, const Skb& skb) override;

private:
    struct Client {
        RemoteConn* conn { nullptr };
        uint32_t sent { 0 };               // requests sent so far
        int64_t received { 0 };            // bytes of the current response
        int64_t started { 0 };             // when the current request left
        bool closed { false };
    };
    static void on_connect(void* w, uint64_t i);
    static void on_next_request(void* w, uint64_t i);
    void send_request(uint32_t i);
    bool is_active(uint32_t i) const;
    void finish_or_continue(uint32_t i);
    Kernel& k_;
    ClientSpec spec_;
    RngStream rng_;
    std::vector<Client> clients_;
};

} // namespace ioscope
