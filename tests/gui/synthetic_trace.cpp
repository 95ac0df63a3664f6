#include "synthetic_trace.h"

namespace ioscope::gui_test {

namespace {

struct Builder {
    ioscope::Trace tr;
    Record& add(int64_t t, Kind k, uint32_t task = 0, uint8_t cpu = 0) {
        Record r;
        r.t = t; r.kind = k; r.task = task; r.cpu = cpu;
        tr.push(r);
        return tr.records.back();
    }
    void state(int64_t t, uint32_t task, TaskState s, const char* reason = nullptr, uint32_t wq = 0) {
        Record& r = add(t, Kind::StateChange, task);
        r.a = int64_t(s);
        if (reason) r.name = tr.intern(reason);
        r.obj = wq;
    }
    void cswitch(int64_t t, uint32_t prev, uint32_t next) {
        Record& r = add(t, Kind::ContextSwitch, next);
        r.obj2 = prev;
    }
    void mode(int64_t t, uint32_t task, CpuMode m, CpuMode old) {
        Record& r = add(t, Kind::ModeSwitch, task);
        r.a = int64_t(m); r.b = int64_t(old);
    }
};

} // namespace

ioscope::Trace make_small_trace() {
    Builder b;
    b.tr.meta.scenario = "synthetic";
    b.tr.meta.cpus = 1;
    b.tr.meta.end_ns = 10000;
    for (uint32_t tid : { 100u, 200u }) {
        Record& r = b.add(0, Kind::TaskNew, tid, kNoCpu);
        r.a = tid;
        r.name = b.tr.intern(tid == 100 ? "server" : "client");
    }
    b.state(1000, 100, TaskState::Ready);
    b.cswitch(1000, 0, 100);
    b.state(1000, 100, TaskState::Running);
    b.mode(1000, 100, CpuMode::User, CpuMode::Idle);
    { Record& r = b.add(2000, Kind::SyscallEnter, 100); r.name = b.tr.intern("recv"); r.a = 4; r.b = 64; }
    b.mode(2000, 100, CpuMode::Kernel, CpuMode::User);
    { Record& r = b.add(2000, Kind::KernelStep, 100); r.name = b.tr.intern("tcp_recvmsg"); r.a = 500; }
    b.state(3000, 100, TaskState::Waiting, "Reading", 7);
    b.cswitch(3000, 100, 200);
    b.state(3000, 200, TaskState::Running);
    b.mode(3000, 200, CpuMode::User, CpuMode::Kernel);
    { Record& r = b.add(4000, Kind::ClockTick, 200); r.a = 1; }
    b.mode(5000, 200, CpuMode::Irq, CpuMode::User);
    { Record& r = b.add(5000, Kind::IrqEnter, 200); r.a = 1; r.name = b.tr.intern("nic_irq_handler"); }
    { Record& r = b.add(5100, Kind::Wakeup, 100); r.obj2 = 0; r.a = 0; }
    b.state(5100, 100, TaskState::Ready);
    { Record& r = b.add(5200, Kind::IrqExit, 200); r.a = 1; }
    b.mode(5200, 200, CpuMode::User, CpuMode::Irq);
    b.cswitch(6000, 200, 100);
    b.state(6000, 200, TaskState::Ready);
    b.state(6000, 100, TaskState::Running);
    { Record& r = b.add(7000, Kind::SyscallExit, 100); r.name = b.tr.intern("recv"); r.a = 64; }
    b.mode(7000, 100, CpuMode::User, CpuMode::Kernel);
    { Record& r = b.add(9000, Kind::TaskExit, 100); r.a = 0; }
    b.cswitch(9000, 100, 200);
    b.state(9000, 200, TaskState::Running);
    return std::move(b.tr);
}

ioscope::Trace make_round_robin_trace(int n_tasks, int n_switches, int64_t slice) {
    Builder b;
    b.tr.meta.cpus = 1;
    for (int k = 0; k < n_tasks; ++k) {
        Record& r = b.add(0, Kind::TaskNew, uint32_t(100 + k), kNoCpu);
        r.a = 100 + k;
        r.name = b.tr.intern("task" + std::to_string(k));
    }
    uint32_t prev = 0;
    for (int i = 0; i < n_switches; ++i) {
        uint32_t next = uint32_t(100 + i % n_tasks);
        int64_t t = int64_t(i + 1) * slice;
        if (prev) b.state(t, prev, TaskState::Ready);
        b.cswitch(t, prev, next);
        b.state(t, next, TaskState::Running);
        prev = next;
    }
    b.tr.meta.end_ns = int64_t(n_switches + 1) * slice;
    return std::move(b.tr);
}

} // namespace ioscope::gui_test
