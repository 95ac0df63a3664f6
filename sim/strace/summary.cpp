// summary.cpp — counts over the imported trace's records (see summary.h).
#include "summary.h"

#include <map>
#include <nlohmann/json.hpp>

namespace ioscope::strace {

namespace {

bool is_mux(std::string_view n) {
    return n == "epoll_wait" || n == "epoll_pwait" || n == "epoll_pwait2" || n == "select" || n == "pselect6" ||
           n == "_newselect" || n == "poll" || n == "ppoll";
}

} // namespace

std::string summary_json(const Trace& tr, const ImportStats& st) {
    using nlohmann::json;
    struct TaskSum {
        uint32_t pid { 0 };
        std::string comm;
        uint64_t syscalls { 0 };
        int64_t waiting_ns { 0 }, wait_since { -1 };
        std::optional<int64_t> exit_code;
    };
    std::map<uint32_t, TaskSum> tasks;
    std::map<std::string, uint64_t> calls, errors;
    struct Mux { uint64_t calls { 0 }, ready { 0 }, timeouts { 0 }, max_ready { 0 }; };
    std::map<std::string, Mux> mux;
    for (const Record& r : tr.records) {
        switch (r.kind) {
        case Kind::TaskNew:
            tasks[r.task].pid = uint32_t(r.a);
            tasks[r.task].comm = std::string(tr.str(r.name));
            break;
        case Kind::TaskRename:                      // prctl / execve: the comm ps shows at the end
            tasks[r.task].comm = std::string(tr.str(r.name));
            break;
        case Kind::TaskExit: {
            TaskSum& t = tasks[r.task];
            t.exit_code = r.a;
            if (t.wait_since >= 0) t.waiting_ns += r.t - t.wait_since;   // died inside the wait
            t.wait_since = -1;
            break;
        }
        case Kind::StateChange: {
            TaskSum& t = tasks[r.task];
            if (t.wait_since >= 0) t.waiting_ns += r.t - t.wait_since;
            t.wait_since = TaskState(r.a) == TaskState::Waiting ? r.t : -1;
            break;
        }
        case Kind::SyscallEnter:
            calls[std::string(tr.str(r.name))]++;
            tasks[r.task].syscalls++;
            break;
        case Kind::SyscallExit: {
            std::string n(tr.str(r.name));
            if (r.a < 0) errors[n]++;
            if (is_mux(n)) {
                Mux& m = mux[n];
                m.calls++;
                if (r.a > 0) {
                    m.ready += uint64_t(r.a);
                    m.max_ready = std::max(m.max_ready, uint64_t(r.a));
                } else if (r.a == 0) {
                    m.timeouts++;
                }
            }
            break;
        }
        default:
            break;
        }
    }
    json j;
    j["source"] = tr.meta.source;
    j["file"] = tr.meta.scenario;
    j["title"] = tr.meta.title;
    j["records"] = tr.records.size();
    j["span_ns"] = tr.end_ns();
    j["lines"] = st.lines;
    j["joined"] = st.joined;
    j["orphan_resumed"] = st.orphan_resumed;
    j["never_returned"] = st.never_returned;
    j["signals"] = st.signals;
    j["skipped_bad_lines"] = st.bad_lines;
    j["unresolved_epoll_events"] = st.unresolved_events;
    json ts = json::array();
    for (auto& [tid, t] : tasks) {
        int64_t w = t.waiting_ns + (t.wait_since >= 0 ? tr.end_ns() - t.wait_since : 0);
        json o { { "tid", tid }, { "pid", t.pid }, { "comm", t.comm }, { "syscalls", t.syscalls }, { "waiting_ns", w } };
        o["exit_code"] = t.exit_code ? json(*t.exit_code) : json(nullptr);
        ts.push_back(o);
    }
    j["tasks"] = ts;
    j["syscalls"] = calls;
    j["errors"] = errors;
    json mj = json::object();
    for (auto& [n, m] : mux)
        mj[n] = { { "calls", m.calls }, { "ready_total", m.ready }, { "timeouts", m.timeouts }, { "max_ready", m.max_ready } };
    j["multiplexing"] = mj;
    return j.dump();
}

} // namespace ioscope::strace
