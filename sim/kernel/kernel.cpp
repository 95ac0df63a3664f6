// kernel.cpp — construction, recording, kernel objects, task lifecycle, the run loop.
#include "kernel.h"
#include "sys.h"

#include <cassert>

namespace ioscope {

Kernel::Kernel(const MachineSpec& machine, uint64_t seed, Trace* trace, bool record)
    : cost_(machine.costs), seed_(seed), trace_(trace), record_(record) {
    uint32_t n = machine.cpus ? machine.cpus : 1;
    cpus_.resize(n);
    for (uint32_t i = 0; i < n; ++i) cpus_[i].id = uint8_t(i);
    for (uint32_t i = 0; i < n; ++i) irq_ctx_.push_back({ this, uint8_t(i) });
    hz_ = machine.hz ? machine.hz : 250;
    // EEVDF/CFS scale the base slice by 1 + ilog2(ncpus) (KERNEL.md §7).
    int ilog2 = 0;
    for (uint32_t v = n; v > 1; v >>= 1) ++ilog2;
    slice_ns_ = cost_.sched_base_slice_ns * (1 + ilog2);
    nic_rx_ring_.resize(n);
    napi_scheduled_.assign(n, false);
    trace_->meta.cpus = n;
    trace_->meta.hz = hz_;
    trace_->meta.seed = seed;
    nic_obj_ = new_object(ObjType::Nic, "eth0");
    // Per-boot randomness of the network stack, from named streams of the run's seed: the secret
    // of inet_ehashfn (net_get_random_once) and the clients' ephemeral source ports.
    ehash_secret_ = uint32_t(rng("inet_ehash_secret").next_u64());
    ephemeral_ports_ = rng("ip_local_port_range");
}

Kernel::~Kernel() = default;

// ---------------------------------------------------------------------------------------------
// Recording
// ---------------------------------------------------------------------------------------------
// Growing the record array by doubling; the array's allocator (sim/trace/huge_page_allocator.h)
// backs big arrays with transparent huge pages from the first touch.
static void grow_records(decltype(Trace::records)& v) {
    v.reserve(std::max<size_t>(size_t(1) << 16, v.capacity() * 2));
}

Record& Kernel::emit(Kind k, uint8_t cpu, uint32_t task) {
    ++emitted_;
    Record* r = &scratch_;
    if (record_) {
        if (trace_->records.size() == trace_->records.capacity()) grow_records(trace_->records);
        trace_->records.emplace_back();
        r = &trace_->records.back();
    } else {
        *r = Record{};
    }
    r->t = ev_.now().ns;
    r->kind = k;
    r->cpu = cpu;
    r->task = task;
    return *r;
}

uint32_t Kernel::nm(const char* literal) {
    auto it = literal_ids_.find(literal);
    if (it != literal_ids_.end()) return it->second;
    uint32_t id = trace_->intern(literal);
    literal_ids_.emplace(literal, id);
    return id;
}

uint32_t Kernel::new_object(ObjType type, std::string_view label, uint32_t owner, uint32_t task) {
    uint32_t id = next_obj_++;
    Record& r = emit(Kind::ObjectNew, kNoCpu, task);
    r.obj = id;
    r.a = int64_t(type);
    r.obj2 = owner;
    r.name = intern(label);
    return id;
}

void Kernel::narrate(const std::string& en, const std::string& zh) {
    uint32_t zh_id = intern(zh);
    Record& r = emit(Kind::Narration);
    r.name = intern(en);
    r.c = zh_id;
}

void Kernel::set_state(Task& t, TaskState s, LinuxState ls, WaitEnd end) {
    t.state = s;
    t.lstate = ls;
    Record& r = emit(Kind::StateChange, t.cpu, t.tid);
    r.a = int64_t(s);
    r.b = int64_t(ls);
    r.c = uint32_t(end);
    if (s == TaskState::Waiting) { r.name = t.wait_reason; r.obj = t.wait_obj; }
}

// ---------------------------------------------------------------------------------------------
// Tasks
// ---------------------------------------------------------------------------------------------
struct SpawnCtx { Kernel* k; Task* t; ProgramFactory program; uint32_t parent; bool thread; };

Task& Kernel::spawn(const std::string& name, SimTime at, ProgramFactory program, Task* parent, bool thread) {
    auto owned = std::make_unique<Task>();
    Task& t = *owned;
    t.tid = next_tid_++;
    t.pid = thread && parent ? parent->pid : t.tid;
    t.mm = thread && parent ? parent->mm : next_mm_++;
    t.files = thread && parent ? parent->files : std::make_shared<FdTable>();
    t.name = name;
    t.comm = intern(name);
    t.cpu = parent ? parent->cpu : uint8_t(t.tid % cpus_.size());
    tasks_.emplace(t.tid, std::move(owned));
    sys_.push_back(std::make_unique<Sys>(*this, t));
    t.root = task_main(t, std::move(program));
    t.root.handle().promise().on_root_done = &Kernel::on_root_done;
    t.root.handle().promise().root_ctx = &t;
    t.resume_point = t.root.handle();
    t.exit_code = parent ? int64_t(parent->tid) : 0;      // parent tid, until it exits
    ev_.schedule(at < now() ? now() : at, &Kernel::on_task_start, this, t.tid);
    return t;
}

// wake_up_new_task: the new task appears (New) and becomes runnable (Ready) on a CPU.
void Kernel::on_task_start(void* kp, uint64_t tid) {
    Kernel& k = *static_cast<Kernel*>(kp);
    Task& t = *k.task(uint32_t(tid));
    Record& r = k.emit(Kind::TaskNew, kNoCpu, t.tid);
    r.a = t.pid;
    r.b = t.exit_code;                                     // parent tid stashed by spawn()
    r.c = t.pid != t.tid ? 1 : 0;
    r.name = t.comm;
    t.exit_code = 0;
    k.set_state(t, TaskState::New, LinuxState::New);
    // copy_process allocated the PCB, a kernel stack, a user stack and (for a process) an mm.
    MemoryUse& mem = k.metrics_.memory;
    mem.pcbs += MemoryModel::task_struct;
    mem.kernel_stacks += MemoryModel::kernel_stack;
    mem.user_stacks += MemoryModel::user_stack;
    if (t.pid == t.tid) mem.address_spaces += MemoryModel::address_space;
    k.memory_changed();
    k.metrics_.threads_live++;
    k.metrics_.threads_peak = std::max(k.metrics_.threads_peak, k.metrics_.threads_live);
    // select_task_rq for a new task: an idle CPU if there is one, else the least loaded.
    uint8_t best = t.cpu;
    for (auto& c : k.cpus_) {
        auto load = [&](const Cpu& x) { return x.rq.size() + (x.curr ? 1 : 0); };
        if (load(c) < load(k.cpus_[best])) best = c.id;
    }
    t.cpu = best;
    Cpu& c = k.cpus_[best];
    t.vruntime = c.min_vruntime;
    t.on_rq = true;
    c.rq.push_back(&t);
    k.set_state(t, TaskState::Ready, LinuxState::Running);
    Record& e = k.emit(Kind::RunqEnqueue, c.id, t.tid);
    e.a = int64_t(c.rq.size());
    if (!c.curr && !c.scheduling && !c.in_interrupt) k.cpu_schedule(c, false);
}

KCo<void> Kernel::task_main(Task& t, ProgramFactory program) {
    Sys* sys = nullptr;
    for (auto& s : sys_) if (&s->task() == &t) sys = s.get();
    std::exception_ptr error;
    try {
        co_await program(*sys);
    } catch (...) {
        error = std::current_exception();
    }
    int64_t code = 0;
    if (error) {
        std::string what = "unknown exception";
        int killed_by = 0;
        try { std::rethrow_exception(error); }
        catch (const ProgramKilled& k) { what = k.what(); killed_by = k.signo; }
        catch (const std::exception& e) { what = e.what(); }
        catch (...) {}
        if (killed_by) {
            // The program's own message (glibc writes it to stderr), then the fatal signal.
            Record& m = emit(Kind::Marker, t.cpu, t.tid);
            m.name = intern(what);
            Record& d = emit(Kind::SignalDeliver, t.cpu, t.tid);
            d.a = killed_by;
            d.name = nm("do_group_exit");
            code = 128 + killed_by;
            metrics_.killed_by_signal++;
        } else {
            Record& r = emit(Kind::TaskCrash, t.cpu, t.tid);
            r.name = intern(what);
            crashed_ = true;
            code = 139;
        }
    }
    co_await sys_exit(t, code);
}

void Kernel::on_root_done(void*) {
    // Task mains end in sys_exit, which never returns; nothing to do if one ever does.
}

// ---------------------------------------------------------------------------------------------
// Run loop
// ---------------------------------------------------------------------------------------------
void Kernel::run(SimTime until) {
    uint64_t n = 0;
    while (ev_.run_one(until)) {
        if ((++n & 1023) == 0 && irq_roots_.size() > 64) {
            // Finished interrupt-handler frames are destroyed here, never while unwinding.
            std::erase_if(irq_roots_, [](const KCo<void>& r) { return r.done(); });
        }
    }
    // Ran out of work (everything finished) or reached `until` with events still pending.
    SimTime end = ev_.next_time() == SimTime::max() ? ev_.now() : until;
    for (auto& c : cpus_) {                       // close the accounting of the last mode
        int64_t d = end.ns - c.mode_since;
        if (d > 0) {
            c.busy_ns[int(c.mode)] += d;
            if (c.curr && c.mode == CpuMode::User) c.curr->user_ns += d;
            else if (c.curr && c.mode == CpuMode::Kernel) c.curr->kernel_ns += d;
            c.mode_since = end.ns;
        }
    }
    end_time_ = end;
    trace_->meta.end_ns = std::max(end.ns, trace_->records.empty() ? int64_t(0) : trace_->records.back().t);
}

} // namespace ioscope
