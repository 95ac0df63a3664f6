// chrome_export.cpp — Chrome Trace Event JSON for ui.perfetto.dev (docs/FORMATS.md §1).
//
// Lanes (pid/tid):
//  * "kernel (sim)": a reserved pid no task uses; one tid per CPU with X slices of what runs there
//    and in which mode (name = comm or "idle", cat = mode), instants for clock ticks and IRQs, and
//    the "runqueue" counter (one series per CPU, a sample at every change).
//  * each task: pid = TaskNew.a, tid = task. Syscalls are X slices (cat "syscall") with the
//    sleep inside them nested (cat "state", name = wait reason). A second synthetic tid per task
//    ("<comm> state") carries Ready/Running/Waiting slices, which overlap syscalls without nesting.
//  * socket counters (receive bytes, accept-queue length) live in the owning task's process.
//  * wakeups are flow arrows s -> f with a unique id, cat "wakeup", name "try_to_wake_up".
//
// Slices are written when they close, so every X has a dur (open ones close at trace.end_ns()).
// Flow ends are attached to a slice and placed strictly inside it when it closes (Perfetto binds
// flows by position, pitfall 5); a flow whose wakee never gets a slice is dropped whole, so s and
// f always come in pairs. Times are integer ns printed as µs with exactly three fraction digits.
#include "chrome_export.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <unordered_map>

#ifndef IOSCOPE_VERSION
#define IOSCOPE_VERSION "unknown"
#endif

namespace ioscope {

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Text helpers
// ---------------------------------------------------------------------------------------------

void put_int(std::string& out, int64_t v) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

// ns -> "µs.nnn" without floating point ("1234567" -> "1234.567", "-5" -> "-0.005").
void put_us(std::string& out, int64_t ns) {
    uint64_t u = ns < 0 ? uint64_t(0) - uint64_t(ns) : uint64_t(ns);
    if (ns < 0) out += '-';
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, u / 1000);
    out.append(buf, res.ptr);
    unsigned frac = unsigned(u % 1000);
    out += '.';
    out += char('0' + frac / 100);
    out += char('0' + frac / 10 % 10);
    out += char('0' + frac % 10);
}

// Plain UTF-8 JSON string (pitfall 8): escape '"' and '\', drop control characters, replace
// bytes that are not valid UTF-8 with '?' so the file always parses.
void put_string(std::string& out, std::string_view s) {
    out += '"';
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\') { out += '\\'; out += char(c); ++i; continue; }
        if (c < 0x20 || c == 0x7f) { ++i; continue; }
        if (c < 0x80) { out += char(c); ++i; continue; }
        size_t n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
        bool ok = n != 0 && i + n <= s.size() && !(n == 2 && c < 0xc2);
        for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
        if (ok && n == 3) {
            uint32_t cp = ((c & 0x0fu) << 12) | ((uint32_t(s[i + 1]) & 0x3fu) << 6) | (uint32_t(s[i + 2]) & 0x3fu);
            ok = cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff);
        }
        if (ok && n == 4) {
            uint32_t cp = ((c & 0x07u) << 18) | ((uint32_t(s[i + 1]) & 0x3fu) << 12) |
                          ((uint32_t(s[i + 2]) & 0x3fu) << 6) | (uint32_t(s[i + 3]) & 0x3fu);
            ok = cp >= 0x10000 && cp <= 0x10ffff;
        }
        if (!ok) { out += '?'; ++i; continue; }
        out.append(s.data() + i, n);
        i += n;
    }
    out += '"';
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Slices and flows
// ---------------------------------------------------------------------------------------------

struct FlowEnd {
    size_t flow;
    bool is_start;
    int64_t want;            // preferred time; clamped strictly inside the slice when it closes
};

struct Flow {
    int64_t s_pid { 0 }, s_tid { 0 }, s_ts { 0 };
    int64_t f_pid { 0 }, f_tid { 0 }, f_ts { 0 };
    bool s_set { false }, f_set { false };
};

struct Slice {
    bool open { false };
    int64_t start { 0 };
    int64_t pid { 0 }, tid { 0 };
    std::string name, cat, args;     // args: the inside of a JSON object, may be empty
    std::vector<FlowEnd> ends;
};

struct CpuLane {
    uint32_t curr { 0 };
    CpuMode mode { CpuMode::Idle };
    Slice slice;
};

struct TaskLane {
    uint32_t tid { 0 };
    int64_t pid { 0 };
    std::string comm;
    TaskState state { TaskState::New };
    Slice sys;                       // current syscall, on the task's own tid
    Slice sleep;                     // the wait nested inside the syscall
    Slice st;                        // state strip, on the synthetic state tid
    std::vector<size_t> pending_f;   // wakeups whose arrow ends where the task next runs
};

class Exporter {
public:
    Exporter(const Trace& trace, std::ostream& out) : trace_(trace), out_(out) {}
    void run();

private:
    const Trace& trace_;
    std::ostream& out_;
    std::string buf_;
    bool first_event_ { true };

    int64_t kpid_ { 0x7fff0000 };            // "kernel (sim)"
    int64_t state_tid_offset_ { 1000000 };  // state tid = tid + offset
    std::vector<CpuLane> cpus_;
    std::map<uint32_t, TaskLane> tasks_;
    std::vector<Flow> flows_;
    std::set<std::pair<int64_t, int64_t>> used_;              // (pid, tid) with events
    std::map<int64_t, std::string> process_names_;
    std::map<std::pair<int64_t, int64_t>, std::string> thread_names_;
    struct SockMeta { int64_t pid; std::string label; };
    std::unordered_map<uint32_t, SockMeta> sockets_;
    int64_t t0_ { 0 };

    std::string_view str(uint32_t id) const { return trace_.str(id); }
    int64_t cpu_tid(size_t cpu) const { return kpid_ + 1 + int64_t(cpu); }
    int64_t state_tid(uint32_t tid) const { return state_tid_offset_ + tid; }

    void choose_ids();
    TaskLane& task(uint32_t tid);
    CpuLane* cpu(uint8_t c, int64_t t);

    // Event writers.
    void begin_event(const char* ph, int64_t pid, int64_t tid, int64_t ts);
    void end_event() { buf_ += '}'; flush_if_big(); }
    void flush_if_big() { if (buf_.size() > (1 << 16)) { out_ << buf_; buf_.clear(); } }
    void instant(int64_t pid, int64_t tid, int64_t ts, std::string_view name, const char* cat, const std::string& args);
    void counter(int64_t pid, int64_t ts, std::string_view name, std::string_view key, int64_t v);

    void open(Slice& s, int64_t t, int64_t pid, int64_t tid, std::string name, std::string cat, std::string args);
    void close(Slice& s, int64_t t, std::string_view extra_args = {});
    void attach(Slice& s, size_t flow, bool is_start, int64_t want) { s.ends.push_back({ flow, is_start, want }); }

    void cpu_switch(size_t c, int64_t t, uint32_t curr, CpuMode mode);
    void bind_wakee(TaskLane& w, int64_t t);
    void on_record(const Record& r);
    void finish();
};

void Exporter::choose_ids() {
    // The reserved kernel pid, its CPU tids and the synthetic state tids must not collide with any
    // pid or tid the trace uses (Perfetto would merge the lanes).
    std::set<int64_t> ids;
    int64_t max_id = 0;
    for (const Record& r : trace_.records) {
        if (r.task) { ids.insert(r.task); max_id = std::max<int64_t>(max_id, r.task); }
        if (r.kind == Kind::TaskNew && r.a > 0) { ids.insert(r.a); max_id = std::max(max_id, r.a); }
    }
    state_tid_offset_ = 1000000;
    while (state_tid_offset_ <= max_id) state_tid_offset_ *= 10;
    const int64_t top = state_tid_offset_ + max_id;          // highest synthetic state tid
    kpid_ = std::max<int64_t>(0x7fff0000, top + 1);
    while (ids.count(kpid_)) ++kpid_;                        // cannot loop long: ids are finite
}

TaskLane& Exporter::task(uint32_t tid) {
    auto [it, fresh] = tasks_.try_emplace(tid);
    if (fresh) {
        it->second.tid = tid;
        it->second.pid = tid;                // until a TaskNew says otherwise (cut traces)
        it->second.comm = "task " + std::to_string(tid);
    }
    return it->second;
}

CpuLane* Exporter::cpu(uint8_t c, int64_t t) {
    if (c == kNoCpu) return nullptr;
    while (cpus_.size() <= c) {
        size_t i = cpus_.size();
        cpus_.emplace_back();
        open(cpus_[i].slice, t, kpid_, cpu_tid(i), "idle", "idle", "");
    }
    return &cpus_[c];
}

void Exporter::begin_event(const char* ph, int64_t pid, int64_t tid, int64_t ts) {
    buf_ += first_event_ ? "\n{\"ph\":\"" : ",\n{\"ph\":\"";
    first_event_ = false;
    buf_ += ph;
    buf_ += "\",\"pid\":";
    put_int(buf_, pid);
    buf_ += ",\"tid\":";
    put_int(buf_, tid);
    buf_ += ",\"ts\":";
    put_us(buf_, ts);
    used_.insert({ pid, tid });
}

void Exporter::instant(int64_t pid, int64_t tid, int64_t ts, std::string_view name, const char* cat,
                       const std::string& args) {
    begin_event("i", pid, tid, ts);
    buf_ += ",\"s\":\"t\",\"name\":";
    put_string(buf_, name);
    buf_ += ",\"cat\":\"";
    buf_ += cat;
    buf_ += '"';
    if (!args.empty()) { buf_ += ",\"args\":{"; buf_ += args; buf_ += '}'; }
    end_event();
}

void Exporter::counter(int64_t pid, int64_t ts, std::string_view name, std::string_view key, int64_t v) {
    begin_event("C", pid, pid, ts);
    buf_ += ",\"name\":";
    put_string(buf_, name);
    buf_ += ",\"args\":{";
    put_string(buf_, key);
    buf_ += ':';
    put_int(buf_, v);
    buf_ += '}';
    end_event();
}

void Exporter::open(Slice& s, int64_t t, int64_t pid, int64_t tid, std::string name, std::string cat,
                    std::string args) {
    s.open = true;
    s.start = t;
    s.pid = pid;
    s.tid = tid;
    s.name = std::move(name);
    s.cat = std::move(cat);
    s.args = std::move(args);
    s.ends.clear();
}

void Exporter::close(Slice& s, int64_t t, std::string_view extra_args) {
    if (!s.open) return;
    s.open = false;
    const int64_t end = std::max(t, s.start);
    // Zero-length slices are noise (several switches at one instant) unless an arrow needs them.
    if (end == s.start && s.ends.empty()) return;
    for (const FlowEnd& e : s.ends) {
        int64_t ts = end - s.start >= 2 ? std::clamp(e.want, s.start + 1, end - 1) : s.start;
        Flow& f = flows_[e.flow];
        if (e.is_start) { f.s_pid = s.pid; f.s_tid = s.tid; f.s_ts = ts; f.s_set = true; }
        else { f.f_pid = s.pid; f.f_tid = s.tid; f.f_ts = ts; f.f_set = true; }
    }
    begin_event("X", s.pid, s.tid, s.start);
    buf_ += ",\"dur\":";
    put_us(buf_, end - s.start);
    buf_ += ",\"name\":";
    put_string(buf_, s.name);
    buf_ += ",\"cat\":";
    put_string(buf_, s.cat);
    if (!s.args.empty() || !extra_args.empty()) {
        buf_ += ",\"args\":{";
        buf_ += s.args;
        if (!s.args.empty() && !extra_args.empty()) buf_ += ',';
        buf_ += extra_args;
        buf_ += '}';
    }
    end_event();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Record handling
// ---------------------------------------------------------------------------------------------

void Exporter::cpu_switch(size_t c, int64_t t, uint32_t curr, CpuMode mode) {
    CpuLane& lane = cpus_[c];
    if (lane.slice.open && lane.curr == curr && lane.mode == mode) return;
    close(lane.slice, t);
    lane.curr = curr;
    lane.mode = mode;
    // In Idle mode the CPU runs its idle task whatever `curr` says (a switch-in whose mode
    // switch has not been recorded yet).
    std::string name = curr == 0 || mode == CpuMode::Idle ? std::string("idle") : task(curr).comm;
    std::string args;
    if (curr) { args = "\"tid\":"; put_int(args, curr); }
    open(lane.slice, t, kpid_, cpu_tid(c), std::move(name), cpu_mode_name(mode), std::move(args));
}

// The wakee runs (or already ran): its pending arrows end in the syscall it slept in, or in the
// state slice that just opened when it was not in a syscall.
void Exporter::bind_wakee(TaskLane& w, int64_t t) {
    for (size_t f : w.pending_f) {
        if (w.sys.open) attach(w.sys, f, false, t);
        else if (w.st.open) attach(w.st, f, false, t);
    }
    w.pending_f.clear();
}

void Exporter::on_record(const Record& r) {
    const int64_t t = r.t;
    CpuLane* c = cpu(r.cpu, t);
    switch (r.kind) {
    case Kind::TaskNew: {
        TaskLane& l = task(r.task);
        l.pid = r.a > 0 ? r.a : int64_t(r.task);
        l.comm = str(r.name).empty() ? "task " + std::to_string(r.task) : std::string(str(r.name));
        // A process is named after its thread-group leader, or its first task until one appears.
        if (!process_names_.count(l.pid) || l.pid == int64_t(r.task)) process_names_[l.pid] = l.comm;
        break;
    }
    case Kind::TaskRename: {
        // prctl(PR_SET_NAME): later CPU slices carry the new comm; the thread_name metadata written
        // at the end shows the last one, as Perfetto shows a renamed thread.
        TaskLane& l = task(r.task);
        if (str(r.name).empty()) break;
        l.comm = std::string(str(r.name));
        if (l.pid == int64_t(r.task)) process_names_[l.pid] = l.comm;
        break;
    }
    case Kind::TaskExit: {
        TaskLane& l = task(r.task);
        close(l.sleep, t);
        std::string ret = "\"exit_code\":";
        put_int(ret, r.a);
        close(l.sys, t, ret);
        close(l.st, t);
        l.state = TaskState::Terminated;
        break;
    }
    case Kind::TaskCrash: {
        TaskLane& l = task(r.task);
        instant(l.pid, l.tid, t, "crash: " + std::string(str(r.name)), "crash", "");
        break;
    }
    case Kind::ObjectNew: {
        auto type = ObjType(uint8_t(r.a));
        if (type != ObjType::Socket && type != ObjType::ListenSocket) break;
        SockMeta m { r.task ? task(r.task).pid : kpid_, "socket " + std::to_string(r.obj) };
        if (!str(r.name).empty()) m.label += " " + std::string(str(r.name));
        sockets_[r.obj] = std::move(m);
        break;
    }
    case Kind::ModeSwitch:
        if (c && r.a >= 0 && r.a <= int64_t(CpuMode::Irq)) cpu_switch(r.cpu, t, c->curr, CpuMode(r.a));
        break;
    case Kind::ContextSwitch:
        if (c) cpu_switch(r.cpu, t, r.task, c->mode);
        break;
    case Kind::StateChange: {
        if (r.task == 0 || r.a < 0 || r.a > int64_t(TaskState::Terminated)) break;
        TaskLane& l = task(r.task);
        auto st = TaskState(r.a);
        std::string ended;
        if (r.c) {
            static const char* const kEnds[] = { "none", "woken", "timeout", "signal", "not_blocked" };
            ended = "\"ended\":";
            put_string(ended, r.c < 5 ? kEnds[r.c] : "unknown");
        }
        close(l.sleep, t, ended);
        close(l.st, t, ended);
        l.state = st;
        if (st == TaskState::Ready || st == TaskState::Running || st == TaskState::Waiting) {
            std::string reason = str(r.name).empty() ? std::string(task_state_name(st)) : std::string(str(r.name));
            std::string args = "\"linux\":";
            put_string(args, r.b >= 0 && r.b <= int64_t(LinuxState::New) ? linux_state_name(LinuxState(r.b)) : "?");
            if (st == TaskState::Waiting && r.obj) { args += ",\"wait_queue\":"; put_int(args, r.obj); }
            open(l.st, t, l.pid, state_tid(l.tid), st == TaskState::Waiting ? reason : task_state_name(st),
                 "state", args);
            if (st == TaskState::Waiting && l.sys.open) open(l.sleep, t, l.pid, l.tid, reason, "state", args);
        }
        if (st == TaskState::Running) bind_wakee(l, t);
        break;
    }
    case Kind::RunqEnqueue:
    case Kind::RunqDequeue:
        if (c) counter(kpid_, t, "runqueue", "cpu" + std::to_string(r.cpu), r.a);
        break;
    case Kind::ClockTick:
        if (c) {
            std::string args = "\"jiffies\":";
            put_int(args, r.a);
            instant(kpid_, cpu_tid(r.cpu), t, "tick", "irq", args);
        }
        break;
    case Kind::IrqEnter:
        if (c) {
            std::string args = "\"irq\":";
            put_int(args, r.a);
            std::string name = str(r.name).empty() ? "irq " + std::to_string(r.a) : std::string(str(r.name));
            instant(kpid_, cpu_tid(r.cpu), t, name, "irq", args);
        }
        break;
    case Kind::Wakeup: {
        size_t id = flows_.size();
        flows_.emplace_back();
        // Start: inside the waker's syscall, else on the CPU lane (interrupt, softirq, kernel).
        bool placed = false;
        if (r.obj2) {
            auto it = tasks_.find(r.obj2);
            if (it != tasks_.end() && it->second.sys.open) { attach(it->second.sys, id, true, t); placed = true; }
        }
        if (!placed && c && c->slice.open) { attach(c->slice, id, true, t); placed = true; }
        if (!placed || r.task == 0) break;           // the flow stays incomplete and is dropped
        TaskLane& w = task(r.task);
        w.pending_f.push_back(id);
        if (r.b == 1 || w.state == TaskState::Running) bind_wakee(w, t);
        break;
    }
    case Kind::SyscallEnter: {
        if (r.task == 0) break;
        TaskLane& l = task(r.task);
        close(l.sleep, t);
        close(l.sys, t);
        std::string args = "\"fd\":";
        put_int(args, r.a);
        args += ",\"len\":";
        put_int(args, r.b);
        args += ",\"flags\":";
        put_int(args, int64_t(r.c));
        open(l.sys, t, l.pid, l.tid, std::string(str(r.name)), "syscall", std::move(args));
        break;
    }
    case Kind::SyscallExit: {
        if (r.task == 0) break;
        TaskLane& l = task(r.task);
        close(l.sleep, t);
        std::string ret = "\"ret\":";
        put_int(ret, r.a);
        close(l.sys, t, ret);
        break;
    }
    case Kind::SockBuf: {
        if (r.obj2 == uint32_t(SockQueue::Backlog)) break;
        auto it = sockets_.find(r.obj);
        if (it == sockets_.end())
            it = sockets_.emplace(r.obj, SockMeta { kpid_, "socket " + std::to_string(r.obj) }).first;
        counter(it->second.pid, t, it->second.label,
                r.obj2 == uint32_t(SockQueue::Receive) ? "rx_bytes" : r.obj2 == uint32_t(SockQueue::Send) ? "tx_queued_bytes" : "accept_queue", r.a);
        break;
    }
    case Kind::Marker: {
        if (r.task == 0) break;
        TaskLane& l = task(r.task);
        std::string args = "\"request\":";
        put_int(args, r.a);
        instant(l.pid, l.tid, t, str(r.name), "marker", args);
        break;
    }
    default:
        break;
    }
}

void Exporter::finish() {
    const int64_t end = std::max(trace_.end_ns(), t0_);
    // Arrows to a wakee that never ran again end in whatever it is still inside.
    for (auto& [tid, l] : tasks_) bind_wakee(l, end);
    for (auto& [tid, l] : tasks_) {
        close(l.sleep, end);
        close(l.sys, end);
        close(l.st, end);
    }
    for (auto& c : cpus_) close(c.slice, end);

    for (size_t i = 0; i < flows_.size(); ++i) {
        const Flow& f = flows_[i];
        if (!f.s_set || !f.f_set) continue;
        for (int part = 0; part < 2; ++part) {
            const bool s = part == 0;
            begin_event(s ? "s" : "f", s ? f.s_pid : f.f_pid, s ? f.s_tid : f.f_tid, s ? f.s_ts : f.f_ts);
            buf_ += ",\"id\":";
            put_int(buf_, int64_t(i + 1));
            buf_ += ",\"name\":\"try_to_wake_up\",\"cat\":\"wakeup\"";
            if (!s) buf_ += ",\"bp\":\"e\"";
            end_event();
        }
    }

    // Name every pid and tid that carries an event (pitfall 7).
    process_names_[kpid_] = "kernel (sim)";
    for (size_t i = 0; i < cpus_.size(); ++i) thread_names_[{ kpid_, cpu_tid(i) }] = "CPU" + std::to_string(i);
    thread_names_[{ kpid_, kpid_ }] = "kernel";
    for (auto& [tid, l] : tasks_) {
        thread_names_[{ l.pid, int64_t(tid) }] = l.comm;
        thread_names_[{ l.pid, state_tid(tid) }] = l.comm + " state";
        if (!process_names_.count(l.pid)) process_names_[l.pid] = l.comm;
    }
    std::set<int64_t> pids;
    for (auto& [pid, tid] : used_) pids.insert(pid);
    auto meta = [&](int64_t pid, int64_t tid, const char* what, std::string_view name) {
        buf_ += first_event_ ? "\n{\"ph\":\"M\",\"pid\":" : ",\n{\"ph\":\"M\",\"pid\":";
        first_event_ = false;
        put_int(buf_, pid);
        buf_ += ",\"tid\":";
        put_int(buf_, tid);
        buf_ += ",\"name\":\"";
        buf_ += what;
        buf_ += "\",\"args\":{\"name\":";
        put_string(buf_, name);
        buf_ += "}}";
    };
    for (int64_t pid : pids) {
        auto it = process_names_.find(pid);
        meta(pid, 0, "process_name", it != process_names_.end() ? it->second : "process " + std::to_string(pid));
    }
    for (auto& key : used_) {
        auto it = thread_names_.find(key);
        std::string fallback = key.first == key.second && process_names_.count(key.first)
                                   ? process_names_[key.first] : "thread " + std::to_string(key.second);
        meta(key.first, key.second, "thread_name", it != thread_names_.end() ? it->second : fallback);
    }
}

void Exporter::run() {
    choose_ids();
    t0_ = trace_.records.empty() ? 0 : std::min<int64_t>(0, trace_.records.front().t);
    const TraceMeta& m = trace_.meta;
    buf_ = "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"scenario\":";
    put_string(buf_, m.scenario);
    buf_ += ",\"title\":";
    put_string(buf_, m.title);
    buf_ += ",\"source\":";
    put_string(buf_, m.source);
    buf_ += ",\"seed\":";
    buf_ += std::to_string(m.seed);
    buf_ += ",\"cpus\":";
    put_int(buf_, m.cpus);
    buf_ += ",\"hz\":";
    put_int(buf_, m.hz);
    buf_ += ",\"version\":\"" IOSCOPE_VERSION "\"},\n\"traceEvents\":[";
    const int64_t start = trace_.records.empty() ? 0 : std::min<int64_t>(0, trace_.records.front().t);
    cpu(uint8_t(std::clamp<uint32_t>(m.cpus, 1, 255) - 1), start);   // a lane for every CPU
    for (const Record& r : trace_.records) on_record(r);
    finish();
    buf_ += "\n]}\n";
    out_ << buf_;
    buf_.clear();
}

} // namespace

void write_chrome_json(const Trace& trace, std::ostream& out) {
    Exporter(trace, out).run();
}

bool write_chrome_json_file(const Trace& trace, const std::string& path, std::string* error) {
    std::ofstream f(path, std::ios::binary);
    if (!f) {
        if (error) *error = path + ": cannot open for writing";
        return false;
    }
    write_chrome_json(trace, f);
    f.flush();
    if (!f) {
        if (error) *error = path + ": write failed";
        return false;
    }
    return true;
}

} // namespace ioscope
