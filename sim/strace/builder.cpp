// builder.cpp — pass 2: events (in order of entry) -> Trace records. See importer.h for what
// the trace holds and docs/STRACE.md for the rules; the kernel functions named here are where
// Linux does the same thing (dup_fd, filp_close, do_close_on_exec, exit_files, eventpoll_release).
#include "constants.h"
#include "events.h"
#include "line.h"
#include "syscalls.h"

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <map>
#include <numeric>

namespace ioscope::strace {

namespace {

constexpr size_t kTaskCommLen = 15;          // TASK_COMM_LEN - 1

struct Obj {
    ObjType type { ObjType::File };
    std::string label;
    int refs { 0 };
    bool nonblock { false };                 // O_NONBLOCK lives in struct file: shared by dups
};
struct FdEntry {
    uint32_t obj { 0 };
    bool cloexec { false };                  // lives in the fd table: not shared by dups
};
struct TaskRec {
    uint32_t tgid { 0 };
    std::string comm;                        // task->comm now
    std::string birth_comm;                  // the comm its TaskNew carries (empty: not known yet)
    size_t new_rec { 0 };                    // index of its TaskNew record
    size_t run_rec { 0 };                    // index of its first StateChange
    bool alive { true };
};
struct ChildInfo {
    uint32_t parent { 0 }, tgid { 0 };
    bool thread { false };
    std::string comm;
};

int64_t arg_int(const std::vector<std::string_view>& args, size_t i) {
    if (i >= args.size()) return 0;
    int64_t v = 0;
    if (parse_int(args[i], v)) return v;
    if (eval_flags(args[i], v, [](std::string_view s, int64_t& x) { return symbol_value(s, x); })) return v;
    return 0;
}

std::string_view arg_deco(const std::vector<std::string_view>& args, size_t i) {
    int64_t v = 0;
    std::string_view d;
    if (i < args.size() && parse_int(args[i], v, &d)) return d;
    return {};
}

// "{tv_sec=1, tv_nsec=5}" / "{tv_sec=0, tv_usec=99}" -> ns; NULL -> -1 (wait forever).
int64_t timeout_ns(std::string_view v, TimeoutKind k) {
    v = trim(v);
    constexpr int64_t kMaxSec = 1000000000;          // saturate: ~31 years is "forever" enough
    if (k == TimeoutKind::Ms) {
        int64_t ms = 0;
        if (!parse_int(v, ms)) return -1;
        return ms < 0 ? -1 : std::min(ms, kMaxSec * 1000) * 1000000;
    }
    if (v == "NULL" || v.empty() || v.front() != '{') return -1;
    int64_t sec = 0, sub = 0;
    auto s = field(v, "tv_sec");
    auto f = field(v, k == TimeoutKind::Timespec ? "tv_nsec" : "tv_usec");
    if (!s || !parse_int(*s, sec)) return -1;
    if (f) parse_int(*f, sub);
    if (sec < 0) return -1;
    sec = std::min(sec, kMaxSec);
    sub = std::clamp<int64_t>(sub, 0, 999999999);
    return sec * 1000000000 + (k == TimeoutKind::Timespec ? sub : std::min<int64_t>(sub, 999999) * 1000);
}

// Sum of iov_len in "[{iov_base=..., iov_len=148}, {...}]".
int64_t iov_bytes(std::string_view v) {
    std::vector<std::string_view> items;
    size_t close = 0;
    LexError err;
    v = trim(v);
    if (v.empty() || v.front() != '[' || !split_list(v, 0, items, close, err)) return 0;
    uint64_t sum = 0;                                 // unsigned: a hostile log cannot overflow it
    for (auto it : items) {
        int64_t n = 0;
        if (auto l = field(it, "iov_len"); l && parse_int(*l, n)) sum += uint64_t(n);
    }
    return int64_t(sum);
}

int64_t port_of(std::string_view sockaddr) {
    for (std::string_view key : { "sin_port", "sin6_port" }) {
        if (auto p = field(sockaddr, key)) {
            std::string_view s = trim(*p);
            if (s.substr(0, 6) == "htons(" && s.back() == ')') s = s.substr(6, s.size() - 7);
            int64_t v = 0;
            if (parse_int(s, v)) return v;
        }
    }
    return 0;
}

std::string peer_of(std::string_view sockaddr) {
    auto a = field(sockaddr, "sin_addr");
    int64_t port = port_of(sockaddr);
    std::string out;
    if (a) {
        std::string_view s = trim(*a);
        std::string ip;
        if (s.substr(0, 10) == "inet_addr(" && decode_string(s.substr(10, s.size() - 11), ip)) out = ip;
    }
    if (port) out += ":" + std::to_string(port);
    return out;
}

ObjType type_from_deco(std::string_view d) {
    for (std::string_view p : { "TCP", "UDP", "UNIX", "NETLINK", "socket:", "RAW", "PACKET" })
        if (d.substr(0, p.size()) == p) return ObjType::Socket;
    if (d == "anon_inode:[eventpoll]") return ObjType::EventPoll;
    return ObjType::File;
}

// The f_op->poll behind a descriptor, from its -yy label: what ep_item_poll / do_pollfd /
// do_select call on it (sock_poll dispatches to tcp_poll, unix_poll, ...).
const char* poll_function(const Obj* o) {
    if (!o) return "vfs_poll";
    std::string_view l = o->label;
    if (l.substr(0, 3) == "TCP") return "tcp_poll";
    if (l.substr(0, 3) == "UDP") return "udp_poll";
    if (l.substr(0, 11) == "UNIX-STREAM") return "unix_poll";
    if (l.substr(0, 4) == "UNIX") return "unix_dgram_poll";
    if (l == "anon_inode:[eventpoll]") return "ep_eventpoll_poll";
    if (l == "anon_inode:[eventfd]") return "eventfd_poll";
    if (l == "anon_inode:[timerfd]") return "timerfd_poll";
    if (l == "anon_inode:[signalfd]") return "signalfd_poll";
    if (l.substr(0, 5) == "pipe:") return "pipe_poll";
    if (o->type == ObjType::Socket || o->type == ObjType::ListenSocket) return "sock_poll";
    return "vfs_poll";
}

// Can a read/write/accept/connect on this file sleep (TASK_INTERRUPTIBLE on a wait queue)?
// Sockets, pipes, terminals and the event/timer/signal fds can; a regular file read from the
// page cache cannot (disk waits are TASK_UNINTERRUPTIBLE, not what strace's -T would tell apart).
// An fd the log never described (nullptr) may.
bool may_block(const Obj* o) {
    if (!o) return true;
    if (o->type == ObjType::Socket || o->type == ObjType::ListenSocket) return true;
    std::string_view l = o->label;
    // "pipe:[ino]" (-yy) or "pipe" (no -yy); "socketpair" is a Socket already.
    for (std::string_view p : { "pipe", "anon_inode:[eventfd]", "anon_inode:[timerfd]", "anon_inode:[signalfd]",
                                "/dev/pts/", "/dev/tty", "/dev/console" })
        if (l.substr(0, p.size()) == p) return true;
    return false;
}

int64_t event_mask(std::string_view v) {
    int64_t m = 0;
    eval_flags(v, m, [](std::string_view s, int64_t& x) { return event_bit(s, x); });
    return m;
}

std::string basename_of(const std::string& path) {
    size_t s = path.rfind('/');
    return s == std::string::npos ? path : path.substr(s + 1);
}

class Builder {
public:
    Builder(const ImportOptions& o, ImportStats& s, Warnings& w) : opts_(o), stats_(s), warn_(w) {}

    Trace run(const std::vector<Event>& events) {
        t0_ = events.front().t_enter;
        for (const Event& e : events) t0_ = std::min(t0_, e.t_enter);
        for (const Event& e : events) {
            line_ = e.line;
            switch (e.type) {
            case Event::Type::Call: call(e); break;
            case Event::Type::Signal: signal(e); break;
            case Event::Type::Exit:
            case Event::Type::Killed:
            case Event::Type::Superseded: task_exit(e); break;
            }
        }
        finish();
        return std::move(tr_);
    }

private:
    const ImportOptions& opts_;
    ImportStats& stats_;
    Warnings& warn_;
    Trace tr_;
    int64_t t0_ { 0 }, t_max_ { 0 };
    uint32_t next_obj_ { 1 };
    std::map<uint32_t, TaskRec> tasks_;
    std::map<uint32_t, ChildInfo> children_;              // tid -> what its clone said
    std::map<uint32_t, Obj> objs_;
    std::map<uint32_t, std::map<int64_t, FdEntry>> fdt_;  // tgid -> fd table
    // What each epoll_ctl(ADD/MOD) registered: eventpoll obj -> epoll_event.data -> (fd, file).
    // An epitem lives as long as its file, not its fd number (eventpoll_release at __fput).
    struct Reg {
        int64_t fd;
        uint32_t obj;
    };
    std::map<uint32_t, std::map<uint64_t, Reg>> epreg_;
    bool warned_errno_ { false };
    uint32_t line_ { 0 };                                 // line of the event being built

    Record& emit(Kind k, int64_t t_abs, uint32_t task) {
        Record r;
        r.kind = k;
        r.t = t_abs - t0_;
        r.task = task;
        r.cpu = kNoCpu;
        t_max_ = std::max(t_max_, r.t);
        tr_.records.push_back(r);
        return tr_.records.back();
    }

    TaskRec& task(uint32_t tid, int64_t t) {
        auto it = tasks_.find(tid);
        if (it != tasks_.end()) return it->second;
        TaskRec tr;
        uint32_t parent = 0;
        bool thread = false;
        tr.tgid = tid;
        if (auto c = children_.find(tid); c != children_.end()) {
            parent = c->second.parent;
            thread = c->second.thread;
            tr.tgid = c->second.tgid;
            tr.comm = tr.birth_comm = c->second.comm;   // copy_process copies the parent's comm
        }
        tr.new_rec = tr_.records.size();
        Record& n = emit(Kind::TaskNew, t, tid);
        n.a = tr.tgid;
        n.b = parent;
        n.c = thread ? 1 : 0;
        // strace sees a task only while it runs its own code: it is Running from here on.
        tr.run_rec = tr_.records.size();
        Record& s = emit(Kind::StateChange, t, tid);
        s.a = int64_t(TaskState::Running);
        s.b = int64_t(LinuxState::Running);
        return tasks_.emplace(tid, std::move(tr)).first->second;
    }

    // --- descriptors -----------------------------------------------------------------------
    uint32_t new_object(ObjType type, std::string label, uint32_t tid, int64_t t) {
        uint32_t id = next_obj_++;
        Record& r = emit(Kind::ObjectNew, t, tid);
        r.obj = id;
        r.a = int64_t(type);
        r.name = tr_.intern(label);
        objs_[id] = Obj { type, std::move(label), 0, false };
        return id;
    }

    void install(uint32_t tgid, uint32_t tid, int64_t fd, uint32_t obj, bool cloexec, int64_t t) {
        if (fd < 0) return;
        auto& table = fdt_[tgid];
        if (table.count(fd)) close_fd(tgid, tid, fd, t);        // dup2 over an open fd: do_dup2 closes it
        table[fd] = FdEntry { obj, cloexec };
        objs_[obj].refs++;
        Record& r = emit(Kind::FdInstall, t, tid);
        r.a = fd;
        r.obj = obj;
        r.b = tgid;
    }

    void close_fd(uint32_t tgid, uint32_t tid, int64_t fd, int64_t t) {
        auto tt = fdt_.find(tgid);
        if (tt == fdt_.end()) return;
        auto it = tt->second.find(fd);
        if (it == tt->second.end()) return;
        uint32_t obj = it->second.obj;
        tt->second.erase(it);
        Record& r = emit(Kind::FdClose, t, tid);
        r.a = fd;
        r.obj = obj;
        r.b = tgid;
        Obj& o = objs_[obj];
        if (--o.refs > 0) return;
        // Last reference: __fput -> eventpoll_release drops the file from every epoll set.
        emit(Kind::ObjectFree, t, tid).obj = obj;
        epreg_.erase(obj);
        for (auto& [ep, reg] : epreg_) {
            (void)ep;
            for (auto r2 = reg.begin(); r2 != reg.end();) r2 = r2->second.obj == obj ? reg.erase(r2) : std::next(r2);
        }
    }

    // The object behind fd in tgid's table; created on first use when the log shows a
    // descriptor opened before the capture (its -yy decoration names it).
    uint32_t lookup_fd(uint32_t tgid, uint32_t tid, int64_t fd, std::string_view deco, int64_t t) {
        if (fd < 0) return 0;
        auto& table = fdt_[tgid];
        if (auto it = table.find(fd); it != table.end()) {
            // -yy shows the socket's current addresses: keep the newest label for listen/accept.
            return it->second.obj;
        }
        if (deco.empty()) return 0;
        uint32_t obj = new_object(type_from_deco(deco), std::string(deco), tid, t);
        install(tgid, tid, fd, obj, false, t);
        return obj;
    }

    // --- events -----------------------------------------------------------------------------
    void signal(const Event& e) {
        task(e.tid, e.t_enter);
        int64_t signo = 0;
        if (!signal_value(e.name, signo)) return;
        emit(Kind::SignalDeliver, e.t_enter, e.tid).a = signo;
    }

    void task_exit(const Event& e) {
        TaskRec& tr = task(e.tid, e.t_enter);
        int64_t code = e.code;
        if (e.type == Event::Type::Killed) {
            int64_t signo = 0;
            signal_value(e.name, signo);
            if (e.core_dumped || signal_dumps_core(signo)) {
                std::string msg = "killed by " + e.name + (e.core_dumped ? " (core dumped)" : "");
                emit(Kind::TaskCrash, e.t_enter, e.tid).name = tr_.intern(msg);
            }
            code = 128 + signo;
        } else if (e.type == Event::Type::Superseded) {
            code = 0;
        }
        emit(Kind::TaskExit, e.t_enter, e.tid).a = code;
        tr.alive = false;
        if (e.type == Event::Type::Superseded) return;       // the process lives on under its tgid
        // The last task of a process closes its files (do_exit -> exit_files).
        for (auto& [tid, t] : tasks_)
            if (t.tgid == tr.tgid && t.alive) return;
        auto it = fdt_.find(tr.tgid);
        if (it == fdt_.end()) return;
        std::vector<int64_t> fds;
        for (auto& [fd, ent] : it->second) fds.push_back(fd);
        for (int64_t fd : fds) close_fd(tr.tgid, e.tid, fd, e.t_enter);
    }

    void call(const Event& e) {
        CallText c;
        LexError err;
        if (!parse_call(e.text, c, err)) return;           // validated in pass 1
        TaskRec& tr = task(e.tid, e.t_enter);
        const uint32_t tid = e.tid, tgid = tr.tgid;
        const SyscallInfo info = syscall_info(c.name);
        static const std::vector<std::string_view> kNoArgs;
        const auto& args = e.orphan ? kNoArgs : c.args;     // an orphan's args are shifted: unusable
        const std::string name(c.name);

        // Descriptors used before the capture saw them created: any -yy decorated argument.
        for (size_t i = 0; i < args.size(); ++i) {
            std::string_view d = arg_deco(args, i);
            if (!d.empty()) lookup_fd(tgid, tid, arg_int(args, i), d, e.t_enter);
        }

        // Result: -errno on failure, as the kernel returns it.
        bool has_ret = c.has_ret;
        int64_t ret = c.ret;
        if (!c.err_name.empty()) {
            int64_t en = 0;
            if (errno_value(c.err_name, en)) {
                ret = -en;
                has_ret = true;
            } else if (!warned_errno_) {
                warned_errno_ = true;
                warn_.add(opts_.name + ":" + std::to_string(e.line) + ": warning: unknown errno " +
                          std::string(c.err_name) + ": result kept as printed");
            }
        }

        // First arguments, in the simulator's conventions.
        int64_t a = arg_int(args, 0), b = arg_int(args, 1), cc = arg_int(args, 2);
        int64_t timeout = -2;                                // ns; -1 forever; -2 not a multiplexer
        switch (info.mux) {
        case Mux::Epoll:
            timeout = info.timeout_arg < int(args.size()) ? timeout_ns(args[size_t(info.timeout_arg)], info.timeout) : -1;
            b = arg_int(args, 2);
            cc = timeout < 0 ? -1 : (timeout + 999999) / 1000000;
            break;
        case Mux::Select:
            timeout = info.timeout_arg < int(args.size()) ? timeout_ns(args[size_t(info.timeout_arg)], info.timeout) : -1;
            b = timeout;
            cc = 0;
            break;
        case Mux::Poll:
            timeout = info.timeout_arg < int(args.size()) ? timeout_ns(args[size_t(info.timeout_arg)], info.timeout) : -1;
            a = arg_int(args, 1);
            b = timeout < 0 ? -1 : (timeout + 999999) / 1000000;
            cc = 0;
            break;
        case Mux::None:
            break;
        }
        if (name == "read" || name == "write" || name == "pread64" || name == "pwrite64" ||
            name == "recvfrom" || name == "sendto" || name == "recv" || name == "send") {
            b = arg_int(args, 2);
            cc = arg_int(args, 3);
        } else if (name == "readv" || name == "writev") {
            b = args.size() > 1 ? iov_bytes(args[1]) : 0;
            cc = arg_int(args, 2);
        } else if (name == "sendmsg" || name == "recvmsg") {
            auto iov = args.size() > 1 ? field(args[1], "msg_iov") : std::nullopt;
            b = iov ? iov_bytes(*iov) : 0;
            cc = arg_int(args, 2);
        } else if (name == "bind" || name == "connect") {
            b = args.size() > 1 ? port_of(args[1]) : 0;
            cc = 0;
        } else if (name == "accept" || name == "accept4") {
            b = 0;
            cc = arg_int(args, 3);
        }

        Record& en = emit(Kind::SyscallEnter, e.t_enter, tid);
        en.name = tr_.intern(name);
        en.a = a;
        en.b = b;
        en.c = uint32_t(cc);

        // Did it sleep? Only a call that can, on a descriptor that blocks, for long enough.
        const bool returned = e.t_exit >= 0 && has_ret;
        bool waited = false;
        WaitEnd how = WaitEnd::Woken;
        if (info.wait_reason) {
            bool can = !(returned && ret == -EAGAIN);
            if (info.fd_wait && !args.empty()) {
                auto tt = fdt_.find(tgid);
                if (tt != fdt_.end())
                    if (auto f = tt->second.find(a); f != tt->second.end()) {
                        const Obj& o = objs_[f->second.obj];
                        if (o.nonblock || !may_block(&o)) can = false;
                    }
                for (auto& x : args)
                    if (x.find("MSG_DONTWAIT") != std::string_view::npos) can = false;
            }
            if (timeout == 0) can = false;
            if (can) {
                if (!returned) waited = true;             // still inside when the log ends / it died
                else if (info.mux != Mux::None && ret == 0 && timeout > 0) { waited = true; how = WaitEnd::Timeout; }
                else waited = e.t_exit - e.t_enter >= opts_.min_wait_ns;
                if (returned && (ret == -EINTR || ret <= -512)) how = WaitEnd::Signal;
                if (returned && (name == "nanosleep" || name == "clock_nanosleep") && ret == 0) how = WaitEnd::Timeout;
            }
        }
        if (waited) {
            Record& w = emit(Kind::StateChange, e.t_enter, tid);
            w.a = int64_t(TaskState::Waiting);
            w.b = int64_t(LinuxState::Interruptible);
            w.name = tr_.intern(info.wait_reason);
            ++stats_.waits;
        }

        // fork / clone: the child's identity, and its copy of the fd table (copy_process ->
        // dup_fd, before the child can run: stamped at the entry of the call).
        if ((name == "clone" || name == "clone3" || name == "fork" || name == "vfork") && has_ret && ret > 0) {
            const bool thread = e.text.find("CLONE_THREAD") != std::string::npos;
            ChildInfo ci { tid, thread ? tgid : uint32_t(ret), thread, tr.comm };
            children_[uint32_t(ret)] = ci;
            if (!thread && !tasks_.count(uint32_t(ret))) {
                auto parent = fdt_.find(tgid);
                if (parent != fdt_.end()) {
                    auto copy = parent->second;
                    for (auto& [fd, ent] : copy) install(uint32_t(ret), tid, fd, ent.obj, ent.cloexec, e.t_enter);
                }
            }
        }

        if (!returned) {
            if (name == "execve" || name == "execveat") exec_name(tr, tid, args, name == "execveat", e.t_enter);
            return;
        }
        const int64_t tx = e.t_exit;
        if (waited) {
            Record& w = emit(Kind::StateChange, tx, tid);
            w.a = int64_t(TaskState::Running);
            w.b = int64_t(LinuxState::Running);
            w.c = uint32_t(how);
        }
        effects(e, c, args, info, name, tr, ret, tx);
        if (info.mux != Mux::None && ret > 0) ready_fds(c, args, info, tgid, tid, tx);
        Record& ex = emit(Kind::SyscallExit, tx, tid);
        ex.name = tr_.intern(name);
        ex.a = ret;
    }

    void exec_name(TaskRec& tr, uint32_t tid, const std::vector<std::string_view>& args, bool at, int64_t t) {
        std::string path;
        size_t i = at ? 1 : 0;
        if (i < args.size() && decode_string(args[i], path) && !path.empty())
            set_comm(tr, tid, basename_of(path).substr(0, kTaskCommLen), t);   // __set_task_comm in begin_new_exec
    }

    // A new comm (execve, prctl(PR_SET_NAME)): a TaskRename record at the call, so the task keeps
    // the name it had before (inherited at clone) until then, as ps would have shown it. A task
    // whose name was not known at its first line (attached mid-run, or its clone's result came
    // later in the log) is born with the first name the log gives it, without a rename.
    void set_comm(TaskRec& tr, uint32_t tid, std::string n, int64_t t) {
        if (tr.birth_comm.empty()) { tr.birth_comm = tr.comm = n; return; }
        if (n == tr.comm) return;
        tr.comm = n;
        Record& r = emit(Kind::TaskRename, t, tid);
        r.name = tr_.intern(n);
    }

    // What a successful call did to descriptors, names and epoll registrations.
    void effects(const Event& e, const CallText& c, const std::vector<std::string_view>& args,
                 const SyscallInfo& info, const std::string& name, TaskRec& tr, int64_t ret, int64_t t) {
        const uint32_t tid = e.tid, tgid = tr.tgid;
        const std::string deco(c.ret_deco);
        auto flags_arg = [&](size_t i) { return arg_int(args, i); };

        if (ret >= 0) {
            switch (info.creates) {
            case Creates::Socket: {
                std::string label = !deco.empty() ? deco
                    : "socket(" + std::string(args.size() > 0 ? args[0] : "") + ", " + std::string(args.size() > 1 ? args[1] : "") + ")";
                uint32_t o = new_object(ObjType::Socket, label, tid, t);
                int64_t type = flags_arg(1);
                objs_[o].nonblock = (type & SOCK_NONBLOCK_) != 0;
                install(tgid, tid, ret, o, (type & SOCK_CLOEXEC_) != 0, t);
                return;
            }
            case Creates::Accept: {
                std::string label = !deco.empty() ? deco
                    : "accepted " + (args.size() > 1 ? peer_of(args[1]) : std::string());
                uint32_t o = new_object(ObjType::Socket, label, tid, t);
                int64_t fl = name == "accept4" ? flags_arg(3) : 0;
                objs_[o].nonblock = (fl & SOCK_NONBLOCK_) != 0;
                install(tgid, tid, ret, o, (fl & SOCK_CLOEXEC_) != 0, t);
                return;
            }
            case Creates::EventPoll: {
                uint32_t o = new_object(ObjType::EventPoll, deco.empty() ? "anon_inode:[eventpoll]" : deco, tid, t);
                install(tgid, tid, ret, o, name == "epoll_create1" && (flags_arg(0) & O_CLOEXEC_) != 0, t);
                return;
            }
            case Creates::Open:
            case Creates::OpenAt: {
                size_t pi = info.creates == Creates::OpenAt ? 1 : 0;
                std::string path;
                if (pi < args.size()) decode_string(args[pi], path);
                int64_t fl = name == "creat" ? 0 : flags_arg(pi + 1);
                uint32_t o = new_object(type_from_deco(deco), !deco.empty() ? deco : path, tid, t);
                objs_[o].nonblock = (fl & O_NONBLOCK_) != 0;
                install(tgid, tid, ret, o, (fl & O_CLOEXEC_) != 0, t);
                return;
            }
            case Creates::Anon: {
                uint32_t o = new_object(type_from_deco(deco), !deco.empty() ? deco : name, tid, t);
                // eventfd2/timerfd_create/signalfd4/inotify_init1 flags: *_NONBLOCK = O_NONBLOCK.
                int64_t fl = name == "eventfd2" || name == "timerfd_create" ? flags_arg(1)
                           : name == "signalfd4" ? flags_arg(3) : name == "inotify_init1" ? flags_arg(0) : 0;
                objs_[o].nonblock = (fl & O_NONBLOCK_) != 0;
                install(tgid, tid, ret, o, (fl & O_CLOEXEC_) != 0, t);
                return;
            }
            case Creates::Pair: {
                if (info.pair_arg >= int(args.size())) return;
                std::vector<std::string_view> fds;
                size_t close = 0;
                LexError err;
                std::string_view v = args[size_t(info.pair_arg)];
                if (v.empty() || v.front() != '[' || !split_list(v, 0, fds, close, err)) return;
                const bool sock = name == "socketpair";
                int64_t fl = flags_arg(1);                 // socketpair's type, pipe2's flags
                for (auto f : fds) {
                    int64_t fd = 0;
                    std::string_view d;
                    if (!parse_int(f, fd, &d)) continue;
                    uint32_t o = new_object(sock ? ObjType::Socket : ObjType::File,
                                            !d.empty() ? std::string(d) : std::string(sock ? "socketpair" : "pipe"), tid, t);
                    objs_[o].nonblock = (fl & (sock ? SOCK_NONBLOCK_ : O_NONBLOCK_)) != 0;
                    install(tgid, tid, fd, o, (fl & (sock ? SOCK_CLOEXEC_ : O_CLOEXEC_)) != 0, t);
                }
                return;
            }
            case Creates::Dup:
            case Creates::Dup2: {
                uint32_t o = lookup_fd(tgid, tid, arg_int(args, 0), arg_deco(args, 0), t);
                if (o && ret != arg_int(args, 0))
                    install(tgid, tid, ret, o, name == "dup3" && (flags_arg(2) & O_CLOEXEC_) != 0, t);
                return;
            }
            case Creates::None:
                break;
            }
        }

        if (name == "close" && (ret == 0 || ret == -EINTR)) {
            close_fd(tgid, tid, arg_int(args, 0), t);
        } else if (name == "listen" && ret == 0) {
            // The socket becomes a listener: re-announce it (ObjectNew of a known id updates it).
            uint32_t o = lookup_fd(tgid, tid, arg_int(args, 0), arg_deco(args, 0), t);
            if (o) {
                Obj& ob = objs_[o];
                ob.type = ObjType::ListenSocket;
                std::string_view d = arg_deco(args, 0);
                if (!d.empty()) ob.label = std::string(d);
                Record& r = emit(Kind::ObjectNew, t, tid);
                r.obj = o;
                r.a = int64_t(ObjType::ListenSocket);
                r.name = tr_.intern(ob.label);
            }
        } else if (name == "fcntl" || name == "fcntl64") {
            int64_t cmd = arg_int(args, 1);
            uint32_t o = lookup_fd(tgid, tid, arg_int(args, 0), arg_deco(args, 0), t);
            if (!o) return;
            if (cmd == F_SETFL_) objs_[o].nonblock = (arg_int(args, 2) & O_NONBLOCK_) != 0;
            else if (cmd == F_SETFD_) fdt_[tgid][arg_int(args, 0)].cloexec = (arg_int(args, 2) & 1) != 0;
            else if ((cmd == F_DUPFD_ || cmd == F_DUPFD_CLOEXEC_) && ret >= 0) install(tgid, tid, ret, o, cmd == F_DUPFD_CLOEXEC_, t);
        } else if (name == "ioctl" && args.size() > 2 && trim(args[1]) == "FIONBIO") {
            uint32_t o = lookup_fd(tgid, tid, arg_int(args, 0), arg_deco(args, 0), t);
            if (o && ret == 0) objs_[o].nonblock = trim(args[2]) != "[0]";
        } else if (name == "epoll_ctl" && ret == 0) {
            uint32_t ep = lookup_fd(tgid, tid, arg_int(args, 0), arg_deco(args, 0), t);
            if (!ep) return;
            int64_t op = arg_int(args, 1), fd = arg_int(args, 2);
            uint32_t target = lookup_fd(tgid, tid, fd, arg_deco(args, 2), t);
            auto& reg = epreg_[ep];
            for (auto it = reg.begin(); it != reg.end();)
                it = it->second.fd == fd && it->second.obj == target ? reg.erase(it) : std::next(it);
            if (op != 2 /* EPOLL_CTL_DEL */ && args.size() > 3) {
                if (auto d = field(args[3], "data")) reg[data_key(*d)] = Reg { fd, target };
            }
        } else if ((name == "execve" || name == "execveat") && ret == 0) {
            exec_name(tr, tid, args, name == "execveat", t);
            // do_close_on_exec: descriptors marked FD_CLOEXEC do not survive the new image.
            auto it = fdt_.find(tgid);
            if (it == fdt_.end()) return;
            std::vector<int64_t> doomed;
            for (auto& [fd, ent] : it->second) if (ent.cloexec) doomed.push_back(fd);
            for (int64_t fd : doomed) close_fd(tgid, tid, fd, t);
        } else if (name == "prctl" && ret == 0 && args.size() > 1 && trim(args[0]) == "PR_SET_NAME") {
            std::string n;
            if (decode_string(args[1], n)) set_comm(tr, tid, n.substr(0, kTaskCommLen), t);
        }
    }

    // epoll_event.data as registered and returned: {u32=N, u64=M} (strace 6.1) or a plain
    // number. Keyed by the full 64 bits: nginx stores a pointer with its low bit as a flag.
    static uint64_t data_key(std::string_view d) {
        int64_t v = 0;
        if (auto u = field(d, "u64"); u && parse_int(*u, v)) return uint64_t(v);
        if (parse_int(d, v)) return uint64_t(v);
        return UINT64_MAX;
    }

    // FdPoll per descriptor a multiplexing call reported ready.
    void ready_fds(const CallText& c, const std::vector<std::string_view>& args, const SyscallInfo& info,
                   uint32_t tgid, uint32_t tid, int64_t t) {
        std::vector<std::pair<int64_t, int64_t>> ready;          // fd, mask
        LexError err;
        size_t close = 0;
        std::vector<std::string_view> items;
        if (info.mux == Mux::Epoll) {
            if (args.size() < 2) return;
            std::string_view v = args[1];
            if (v.empty() || v.front() != '[' || !split_list(v, 0, items, close, err)) return;
            uint32_t ep = lookup_fd(tgid, tid, arg_int(args, 0), arg_deco(args, 0), t);
            for (auto it : items) {
                auto ev = field(it, "events");
                auto d = field(it, "data");
                if (!d) continue;
                uint64_t key = data_key(*d);
                int64_t fd = -1;
                if (auto r = epreg_.find(ep); r != epreg_.end())
                    if (auto k = r->second.find(key); k != r->second.end()) fd = k->second.fd;
                // Not registered in this log (added before the capture): Redis-style data is
                // the fd itself; a pointer cannot be resolved.
                if (fd < 0 && key < 65536 && fdt_[tgid].count(int64_t(key))) fd = int64_t(key);
                if (fd < 0) {
                    if (++stats_.unresolved_events <= 3)
                        warn_.add(opts_.name + ":" + std::to_string(line_) + ": warning: epoll event data " +
                                  std::string(trim(*d)) + " was not registered by any epoll_ctl seen on this epoll fd");
                    continue;
                }
                ready.emplace_back(fd, ev ? event_mask(*ev) : 0);
            }
        } else if (info.mux == Mux::Poll) {
            std::string_view v = trim(c.detail);
            if (v.empty() || v.front() != '[' || !split_list(v, 0, items, close, err)) return;
            for (auto it : items) {
                int64_t fd = 0;
                auto f = field(it, "fd");
                auto r = field(it, "revents");
                if (f && parse_int(*f, fd)) ready.emplace_back(fd, r ? event_mask(*r) : 0);
            }
        } else if (info.mux == Mux::Select) {
            // "in [3 4], out [5], left {...}": POLLIN_SET / POLLOUT_SET / POLLEX_SET members.
            std::string_view v = c.detail;
            size_t i = 0;
            while (i < v.size()) {
                size_t e2 = skip_value(v, i, err);
                if (e2 == std::string_view::npos) return;
                std::string_view part = trim(v.substr(i, e2 - i));
                int64_t mask = part.substr(0, 3) == "in " ? 0x1 : part.substr(0, 4) == "out " ? 0x4
                             : part.substr(0, 4) == "exc " ? 0x2 : 0;
                if (mask) {
                    size_t sp = part.find('[');
                    if (sp != std::string_view::npos)
                        for (auto f : split_spaces(part.substr(sp))) {
                            int64_t fd = 0;
                            if (!parse_int(f, fd)) continue;
                            auto same = std::find_if(ready.begin(), ready.end(), [&](auto& p) { return p.first == fd; });
                            if (same != ready.end()) same->second |= mask;
                            else ready.emplace_back(fd, mask);
                        }
                }
                if (e2 >= v.size()) break;
                i = e2 + 1;
            }
        }
        for (auto [fd, mask] : ready) {
            const Obj* o = nullptr;
            if (auto tt = fdt_.find(tgid); tt != fdt_.end())
                if (auto f = tt->second.find(fd); f != tt->second.end()) o = &objs_[f->second.obj];
            Record& r = emit(Kind::FdPoll, t, tid);
            r.a = fd;
            r.b = mask;
            r.name = tr_.intern(poll_function(o));
            ++stats_.ready_fds;
        }
    }

    void finish() {
        // Each task born with the comm it had then (inherited at clone, or the first name the log
        // gives it; renames are TaskRename records) and no later than its earliest record.
        std::map<uint32_t, int64_t> first;
        for (const Record& r : tr_.records)
            if (r.task) {
                auto [it, fresh] = first.try_emplace(r.task, r.t);
                if (!fresh) it->second = std::min(it->second, r.t);
            }
        for (auto& [tid, t] : tasks_) {
            std::string comm = t.birth_comm.empty() ? "pid " + std::to_string(tid) : t.birth_comm;
            tr_.records[t.new_rec].name = tr_.intern(comm);
            tr_.records[t.new_rec].t = first[tid];
            tr_.records[t.run_rec].t = first[tid];
        }
        // Time order (State and the GUI need it); ties keep emission order, which is the order
        // of effects within one call (enter, wait, install, ready, exit).
        std::vector<size_t> idx(tr_.records.size());
        std::iota(idx.begin(), idx.end(), size_t(0));
        std::stable_sort(idx.begin(), idx.end(), [&](size_t x, size_t y) {
            const Record& rx = tr_.records[x];
            const Record& ry = tr_.records[y];
            if (rx.t != ry.t) return rx.t < ry.t;
            // A task's birth precedes everything else about it at the same instant.
            bool nx = rx.kind == Kind::TaskNew, ny = ry.kind == Kind::TaskNew;
            return nx && !ny && rx.task == ry.task;
        });
        decltype(tr_.records) sorted;
        sorted.reserve(idx.size());
        for (size_t i : idx) sorted.push_back(tr_.records[i]);
        tr_.records = std::move(sorted);

        tr_.meta.source = "strace";
        tr_.meta.scenario = basename_of(opts_.name);
        tr_.meta.cpus = 1;
        tr_.meta.end_ns = t_max_;
        std::string first_comm;
        for (auto& [tid, t] : tasks_) { first_comm = t.comm; break; }
        std::string title = "strace: " + (first_comm.empty() ? std::string("imported log") : first_comm) + " (" +
                            tr_.meta.scenario + ", " + std::to_string(tasks_.size()) + " tasks)";
        // -ttt stamps are seconds since the epoch: say when the capture started.
        if (t0_ >= 2 * 86400 * 1000000000LL) {
            std::time_t secs = std::time_t(t0_ / 1000000000);
            std::tm tm {};
            gmtime_r(&secs, &tm);
            char buf[64];
            std::strftime(buf, sizeof buf, ", captured %Y-%m-%d %H:%M:%S UTC", &tm);
            title.insert(title.size() - 1, buf);
        }
        tr_.meta.title = title;
    }

    // Linux ABI values (x86-64 and arm64 agree): named here so the expressions above read.
    static constexpr int64_t SOCK_NONBLOCK_ = 04000, SOCK_CLOEXEC_ = 02000000;
    static constexpr int64_t O_NONBLOCK_ = 04000, O_CLOEXEC_ = 02000000;
    static constexpr int64_t F_DUPFD_ = 0, F_SETFD_ = 2, F_SETFL_ = 4, F_DUPFD_CLOEXEC_ = 1030;
};

} // namespace

Trace build_trace(const std::vector<Event>& events, const ImportOptions& opts, ImportStats& stats, Warnings& warn) {
    Builder b(opts, stats, warn);
    return b.run(events);
}

} // namespace ioscope::strace
