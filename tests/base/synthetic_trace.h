// synthetic_trace.h — a hand-built, plausible trace for the trace/state/export tests.
//
// N tasks on C CPUs pass a token around a ring: the holder finishes its blocking recvfrom
// (copy to user, return), sends to the next task (whose wakeup it causes: waker = a task) and
// blocks again in recvfrom. Every 4th hand-off the message instead arrives from the "network":
// a NIC IRQ and a NET_RX softirq on the wakee's CPU wake it (waker = interrupt). Clock ticks,
// epoll, select/poll, signal, marker and narration records are sprinkled in so every State
// field gets exercised. The records obey record.h's field comments, like the simulator's.
#pragma once
#include "sim/trace/trace.h"

#include <string>
#include <vector>

namespace ioscope::synth {

class SyntheticTrace {
public:
    SyntheticTrace(uint32_t cpus, uint32_t ntasks) : ntasks_(ntasks) {
        tr.meta.scenario = "synthetic";
        tr.meta.title = "Synthetic \"ring\" test trace";
        tr.meta.title_zh = "合成测试";
        tr.meta.seed = 42;
        tr.meta.cpus = cpus;
        tr.meta.hz = 250;
    }

    Trace tr;

    // Emits the whole trace: at least min_records records.
    Trace build(size_t min_records) {
        setup();
        size_t step = 0;
        while (tr.records.size() < min_records) hand_off(step++);
        tr.meta.end_ns = t_ + 1000;
        return tr;
    }

private:
    uint32_t ntasks_;
    int64_t t_ { 0 };
    uint64_t jiffies_ { 0 };
    uint32_t entry_ids_ { 0 };
    std::vector<uint32_t> runq_len_;

    static constexpr uint32_t kNic = 1;
    static constexpr uint32_t kEpoll = 2;
    uint32_t tid(uint32_t i) const { return 100 + i; }
    uint32_t sock(uint32_t i) const { return 10 + 2 * i; }
    uint32_t wq(uint32_t i) const { return 11 + 2 * i; }
    uint8_t cpu_of(uint32_t i) const { return uint8_t(i % tr.meta.cpus); }

    Record& emit(Kind k, uint8_t cpu = kNoCpu, uint32_t task = 0) {
        t_ += 50 + int64_t(tr.records.size() * 37 % 300);
        Record r;
        r.t = t_;
        r.kind = k;
        r.cpu = cpu;
        r.task = task;
        tr.records.push_back(r);
        return tr.records.back();
    }
    uint32_t s(const char* text) { return tr.intern(text); }

    void mode(uint8_t cpu, uint32_t task, CpuMode to, CpuMode from) {
        Record& r = emit(Kind::ModeSwitch, cpu, task);
        r.a = int64_t(to);
        r.b = int64_t(from);
    }
    void state(uint32_t task, TaskState st, LinuxState ls, WaitEnd end = WaitEnd::None,
               const char* reason = "", uint32_t queue = 0) {
        Record& r = emit(Kind::StateChange, kNoCpu, task);
        r.a = int64_t(st);
        r.b = int64_t(ls);
        r.c = uint32_t(end);
        r.name = s(reason);
        r.obj = queue;
    }
    void enqueue(uint8_t cpu, uint32_t task) {
        if (runq_len_.size() <= cpu) runq_len_.resize(cpu + 1u, 0);
        emit(Kind::RunqEnqueue, cpu, task).a = ++runq_len_[cpu];
    }
    void dequeue(uint8_t cpu, uint32_t task) {
        if (runq_len_.size() <= cpu) runq_len_.resize(cpu + 1u, 0);
        emit(Kind::RunqDequeue, cpu, task).a = runq_len_[cpu] ? --runq_len_[cpu] : 0;
    }
    void switch_to(uint8_t cpu, uint32_t next, uint32_t prev, TaskState prev_state, bool preempted = false) {
        Record& r = emit(Kind::ContextSwitch, cpu, next);
        r.obj2 = prev;
        r.a = int64_t(prev_state);
        r.b = 1;
        r.name = prev ? s("ring.cpp:41 recvfrom") : 0;
        r.c = preempted ? 1 : 0;
    }
    void syscall(uint8_t cpu, uint32_t task, const char* name, int64_t fd, int64_t len) {
        Record& r = emit(Kind::SyscallEnter, cpu, task);
        r.name = s(name);
        r.a = fd;
        r.b = len;
    }
    void sysret(uint8_t cpu, uint32_t task, const char* name, int64_t ret) {
        Record& r = emit(Kind::SyscallExit, cpu, task);
        r.name = s(name);
        r.a = ret;
    }
    void kstep(uint8_t cpu, uint32_t task, const char* fn, int64_t cost) {
        Record& r = emit(Kind::KernelStep, cpu, task);
        r.name = s(fn);
        r.a = cost;
    }
    void sockbuf(uint32_t sk, SockQueue q, int64_t len, int64_t delta) {
        Record& r = emit(Kind::SockBuf);
        r.obj = sk;
        r.obj2 = uint32_t(q);
        r.a = len;
        r.b = delta;
    }
    // sock_def_readable -> wake the queue's entry -> try_to_wake_up(wakee).
    void wake(uint8_t waker_cpu, uint32_t waker, uint32_t i, uint32_t entry) {
        sockbuf(sock(i), SockQueue::Receive, 64, 64);
        Record& w = emit(Kind::WqWake, waker_cpu, tid(i));
        w.obj = wq(i);
        w.a = entry;
        w.b = 1;
        w.name = s("woken_wake_function");
        w.obj2 = waker;
        Record& u = emit(Kind::Wakeup, waker_cpu, tid(i));
        u.obj2 = waker;
        u.a = cpu_of(i);
        state(tid(i), TaskState::Ready, LinuxState::Running, WaitEnd::Woken);
        enqueue(cpu_of(i), tid(i));
        Record& rm = emit(Kind::WqRemove, waker_cpu, tid(i));
        rm.obj = wq(i);
        rm.a = entry;
    }
    // Task i (running in kernel mode on its CPU) enters recvfrom's wait and gives up the CPU.
    uint32_t block_in_recv(uint32_t i) {
        const uint8_t c = cpu_of(i);
        syscall(c, tid(i), "recvfrom", 3, 4096);
        mode(c, tid(i), CpuMode::Kernel, CpuMode::User);
        kstep(c, tid(i), "tcp_recvmsg", 300);
        const uint32_t entry = ++entry_ids_;
        Record& a = emit(Kind::WqAdd, c, tid(i));
        a.obj = wq(i);
        a.a = entry;
        a.c = 1;
        a.name = s("woken_wake_function");
        a.obj2 = sock(i);
        state(tid(i), TaskState::Waiting, LinuxState::Interruptible, WaitEnd::None, "Reading", wq(i));
        switch_to(c, 0, tid(i), TaskState::Waiting);
        mode(c, 0, CpuMode::Idle, CpuMode::Kernel);
        return entry;
    }
    void run(uint32_t i, WaitEnd how) {
        const uint8_t c = cpu_of(i);
        dequeue(c, tid(i));
        switch_to(c, tid(i), 0, TaskState::Running);
        state(tid(i), TaskState::Running, LinuxState::Running, how);
        mode(c, tid(i), CpuMode::Kernel, CpuMode::Idle);
    }

    std::vector<uint32_t> entries_;

    void setup() {
        Record& nic = emit(Kind::ObjectNew);
        nic.obj = kNic;
        nic.a = int64_t(ObjType::Nic);
        nic.name = s("eth0");
        for (uint32_t i = 0; i < ntasks_; ++i) {
            Record& tn = emit(Kind::TaskNew, kNoCpu, tid(i));
            tn.a = tid(i);
            tn.b = 1;
            tn.name = s(("ring" + std::to_string(i)).c_str());
            Record& so = emit(Kind::ObjectNew, kNoCpu, tid(i));
            so.obj = sock(i);
            so.a = int64_t(ObjType::Socket);
            so.name = s(("sock" + std::to_string(i)).c_str());
            Record& q = emit(Kind::ObjectNew, kNoCpu, tid(i));
            q.obj = wq(i);
            q.a = int64_t(ObjType::WaitQueue);
            q.obj2 = sock(i);
            Record& fd = emit(Kind::FdInstall, kNoCpu, tid(i));
            fd.a = 3;
            fd.obj = sock(i);
            fd.b = tid(i);
            Record& ss = emit(Kind::SockState);
            ss.obj = sock(i);
            ss.a = int64_t(TcpState::Established);
            state(tid(i), TaskState::Ready, LinuxState::Running);
            enqueue(cpu_of(i), tid(i));
        }
        Record& ep = emit(Kind::ObjectNew, kNoCpu, tid(0));
        ep.obj = kEpoll;
        ep.a = int64_t(ObjType::EventPoll);
        ep.name = s("[eventpoll]");
        // Every task runs once up to its first blocking recvfrom.
        entries_.assign(ntasks_, 0);
        for (uint32_t i = 0; i < ntasks_; ++i) {
            run(i, WaitEnd::None);
            mode(cpu_of(i), tid(i), CpuMode::User, CpuMode::Kernel);
            entries_[i] = block_in_recv(i);
        }
        irq_wake(0);
    }

    // A packet for task i arrives: NIC IRQ then NET_RX softirq on its (idle) CPU.
    void irq_wake(uint32_t i) {
        const uint8_t c = cpu_of(i);
        mode(c, 0, CpuMode::Irq, CpuMode::Idle);
        emit(Kind::IrqEnter, c).a = 11;
        tr.records.back().name = s("nic_irq_handler");
        Record& p = emit(Kind::PacketRx);
        p.obj = sock(i);
        p.obj2 = kNic;
        p.a = 64;
        p.b = TCP_DATA | TCP_ACK;
        emit(Kind::IrqExit, c).a = 11;
        mode(c, 0, CpuMode::Softirq, CpuMode::Irq);
        emit(Kind::SoftirqEnter, c).name = s("NET_RX");
        wake(c, 0, i, entries_[i]);
        emit(Kind::SoftirqExit, c);
        mode(c, 0, CpuMode::Idle, CpuMode::Softirq);
    }

    void extras(size_t step, uint8_t c, uint32_t me) {
        if (step % 5 == 0) {
            Record& tick = emit(Kind::ClockTick, c, me);
            tick.a = int64_t(++jiffies_);
            tick.name = s("update_process_times");
        }
        if (step % 6 == 1) {
            Record& r = emit(Kind::RbInsert, kNoCpu, me);
            r.obj = kEpoll;
            r.obj2 = 1000 + uint32_t(step % 4);
            r.a = int64_t(step % 4) + 3;
            r.b = 1;
            Record& rd = emit(Kind::RdlAdd, kNoCpu, me);
            rd.obj = kEpoll;
            rd.obj2 = 1000 + uint32_t(step % 4);
            rd.b = 1;
            Record& ov = emit(Kind::OvfAdd, kNoCpu, me);
            ov.obj = kEpoll;
            ov.obj2 = 1000 + uint32_t(step % 4);
        }
        if (step % 6 == 4) {
            Record& rd = emit(Kind::RdlRemove, kNoCpu, me);
            rd.obj = kEpoll;
            rd.obj2 = 1000 + uint32_t((step - 3) % 4);
            Record& ov = emit(Kind::OvfRemove, kNoCpu, me);
            ov.obj = kEpoll;
            ov.obj2 = 1000 + uint32_t((step - 3) % 4);
            Record& rc = emit(Kind::RbRecolor, kNoCpu, me);
            rc.obj = kEpoll;
            rc.obj2 = 1000 + uint32_t((step - 3) % 4);
            emit(Kind::RbRotate, kNoCpu, me).obj = kEpoll;
        }
        if (step % 9 == 2) {
            Record& w = emit(Kind::FdSetWord, c, me);
            w.obj = 77;
            w.c = uint32_t(step % 3);
            w.a = int64_t(step % 2);
            w.b = int64_t(step * 0x9e3779b97f4a7c15ull);
            Record& p = emit(Kind::PollfdWrite, c, me);
            p.obj = 78;
            p.a = int64_t(step % 3);
            p.b = (int64_t(3) << 32) | (1 << 16) | int64_t(step % 2);
            Record& sr = emit(Kind::SignalRaise, kNoCpu, me);
            sr.a = 10;
            Record& m = emit(Kind::Marker, c, me);
            m.name = s("request");
            m.a = int64_t(step);
            m.b = int64_t(MarkerType::RequestStart);
        }
        if (step % 9 == 5) {
            emit(Kind::SignalDeliver, kNoCpu, me).a = 10;
            Record& n = emit(Kind::Narration);
            n.name = s("The server \"waits\" for data.");
            n.c = s("服务器等待数据。");
            n.a = 1;
        }
    }

    // The token holder (Ready since its wakeup) finishes recvfrom, passes the token, blocks again.
    void hand_off(size_t step) {
        const uint32_t i = uint32_t(step % ntasks_);
        const uint32_t next = (i + 1) % ntasks_;
        const uint8_t c = cpu_of(i);
        const uint32_t me = tid(i);
        run(i, WaitEnd::Woken);
        Record& cp = emit(Kind::CopyToUser, c, me);
        cp.a = 64;
        cp.obj = sock(i);
        cp.name = s("skb_copy_datagram_iter");
        sockbuf(sock(i), SockQueue::Receive, 0, -64);
        sysret(c, me, "recvfrom", 64);
        mode(c, me, CpuMode::User, CpuMode::Kernel);
        Record& us = emit(Kind::UserStep, c, me);
        us.a = 400;
        us.name = s("handle request");
        extras(step, c, me);
        const bool by_irq = step % 4 == 3;
        if (!by_irq) {
            syscall(c, me, "sendto", 3, 64);
            mode(c, me, CpuMode::Kernel, CpuMode::User);
            kstep(c, me, "tcp_sendmsg", 500);
            Record& cf = emit(Kind::CopyFromUser, c, me);
            cf.a = 64;
            cf.obj = sock(next);
            cf.name = s("skb_copy_to_page_nocache");
            Record& tx = emit(Kind::PacketTx, c, me);
            tx.obj = sock(i);
            tx.obj2 = sock(next);
            tx.a = 64;
            tx.b = TCP_DATA;
            wake(c, me, next, entries_[next]);
            sysret(c, me, "sendto", 64);
            mode(c, me, CpuMode::User, CpuMode::Kernel);
        }
        entries_[i] = block_in_recv(i);
        if (by_irq) irq_wake(next);
    }
};

inline Trace make_synthetic_trace(size_t min_records, uint32_t cpus = 2, uint32_t ntasks = 3) {
    return SyntheticTrace(cpus, ntasks).build(min_records);
}

} // namespace ioscope::synth
