// select_model.cpp — see the header. State keys the bitmaps by (task << 8 | map).
#include "select_model.h"
#include "waitqueue_model.h"

#include <algorithm>

namespace ioscope::gui {

using ioscope::Kind;

namespace {

bool has_select_state(const ioscope::State& st, uint32_t tid) {
    auto it = st.fdsets.lower_bound(uint64_t(tid) << 8);
    return it != st.fdsets.end() && (it->first >> 8) == tid;
}

bool in_select(const InspectInput& in, const ioscope::TaskInfo& t) {
    const std::string call = in.str(t.syscall);
    return call == "select" || call == "pselect6";
}

} // namespace

uint32_t select_task(const InspectInput& in) {
    const ioscope::Record* r = in.rec();
    if (r && r->task) {
        auto t = in.state.tasks.find(r->task);
        if (t != in.state.tasks.end() && (has_select_state(in.state, r->task) || in_select(in, t->second))) return r->task;
    }
    for (const auto& [tid, t] : in.state.tasks)
        if (in_select(in, t)) return tid;
    if (!in.state.fdsets.empty()) return uint32_t(in.state.fdsets.begin()->first >> 8);
    return 0;
}

SelectView build_select_view(const InspectInput& in) {
    SelectView v;
    const uint32_t tid = select_task(in);
    auto ti = in.state.tasks.find(tid);
    if (!tid || ti == in.state.tasks.end()) return v;
    const ioscope::TaskInfo& t = ti->second;
    v.valid = true;
    v.task = tid;
    v.task_name = in.task_name(tid);
    v.in_call = in_select(in, t);
    v.n = t.fdset_n;
    v.bytes = t.fdset_bytes;
    v.copied_in = t.fdset_in;
    v.copied_out = t.fdset_out;
    // Before get_fd_set has copied a set in, the program's variable already holds its bits: the
    // copy_from_user about to read it is the source of the copy. Those bits are the words this
    // call is about to copy in, found a few records ahead (bounded look-ahead, only during the
    // copy-in phase of a call).
    // The same look-ahead tells whether zero_fd_set has cleared this call's result maps yet.
    std::array<BitMap, 3> ahead;
    bool zero_ahead = false;
    if (v.in_call && t.fdset_out == 0 && t.scan_pass == 0 && t.state != ioscope::TaskState::Waiting) {
        constexpr size_t kLookahead = 1 << 14;
        const size_t end = std::min(in.trace.size(), in.record + kLookahead);
        for (size_t i = in.record + 1; i < end; ++i) {
            const ioscope::Record& r = in.trace.records[i];
            if (r.task != tid) continue;
            if (r.kind == Kind::FdSetWord && r.c >= 3) { zero_ahead = in.str(r.name) == "zero_fd_set"; break; }
            if (r.kind == Kind::SyscallExit || r.kind == Kind::FdPoll) break;
            if (r.kind == Kind::FdSetCopyIn && r.c < 3) {
                if (v.copy_set < 0 && in.rec() && in.rec()->task == tid && in.rec()->kind == Kind::KernelStep && in.str(in.rec()->name) == "copy_from_user") {
                    v.copy_set = int(r.c);            // the copy_from_user step of this set
                    v.copy_in = true;
                    v.copy_bytes = r.b;
                }
                ahead[r.c].present = true;
                if (t.fdset_in == 0) { v.n = r.a; v.bytes = r.b; }   // this call's n, not the last call's
            } else if (r.kind == Kind::FdSetWord && r.c < 3 && r.a >= 0 && r.a < (1 << 12)) {
                auto& w = ahead[r.c].words;
                if (size_t(r.a) >= w.size()) w.resize(size_t(r.a) + 1, 0);
                w[size_t(r.a)] = uint64_t(r.b);
            }
        }
    }
    for (int m = 0; m < 6; ++m) {
        auto it = in.state.fdsets.find((uint64_t(tid) << 8) | uint64_t(m));
        if (it == in.state.fdsets.end()) continue;
        // Maps 0-2 belong to this call once copied in; results 3-5 once zero_fd_set has cleared
        // them (do_select then sets their bits as it finds fds ready), or once copied out. Older
        // words (a previous call's) are not shown as this call's.
        const bool current = m < 3 ? ((t.fdset_in >> m) & 1)
                                   : (((t.fdset_out >> (m - 3)) & 1) || (v.in_call && ((t.fdset_in >> (m - 3)) & 1) && !zero_ahead));
        if (!current) continue;
        v.kernel[size_t(m)].present = true;
        v.kernel[size_t(m)].words = it->second;
    }
    // The program's fd_set variables: the kernel copied them in unchanged; set_fd_set overwrote
    // each with its result map.
    for (int w = 0; w < 3; ++w) {
        if ((t.fdset_out >> w) & 1) {
            v.user[size_t(w)] = v.kernel[size_t(3 + w)];
            v.user_phase[size_t(w)] = UserSetPhase::Results;
        } else if ((t.fdset_in >> w) & 1) {
            v.user[size_t(w)] = v.kernel[size_t(w)];
            v.user_phase[size_t(w)] = UserSetPhase::Interest;
        } else if (ahead[size_t(w)].present) {
            v.user[size_t(w)] = ahead[size_t(w)];
            v.user_phase[size_t(w)] = UserSetPhase::Interest;
        }
    }
    int64_t bits = std::max<int64_t>(64, (v.n + 63) / 64 * 64);
    v.nbits = int(std::min<int64_t>(bits, 1 << 16));
    // The cursor only while a pass runs: once the task sleeps in poll_schedule_timeout (waiting
    // for a pollwake) or set_fd_set has copied results out, the scan is over.
    // poll_freewait (remove_wait_queue per entry) and set_fd_set's copy_to_user come after the
    // last pass, before fdset_out is set: the scan is over there too.
    std::string cpu_fn;
    if (t.cpu < in.state.cpus.size()) cpu_fn = in.str(in.state.cpus[t.cpu].last_fn);
    const bool after_passes = cpu_fn == "poll_freewait" || cpu_fn == "remove_wait_queue" || cpu_fn == "copy_to_user";
    const bool scanning = v.in_call && t.fdset_out == 0 && t.state != ioscope::TaskState::Waiting && !after_passes;
    if (scanning) {
        v.scan_fd = t.scan_fd;
        v.scan_pass = t.scan_pass;
    }
    // __pollwait's entries carry no task, only their poll_table as owner: task_wait_entries
    // resolves that owner to the polling task (as the poll tab does).
    TaskWaitEntries wq = task_wait_entries(in, tid);
    for (const TaskWaitEntry& e : wq.entries) v.wq_entries.push_back({ e.queue, e.func, e.added_now });
    v.wq_removed = wq.removed;
    if (const ioscope::Record* r = in.rec(); r && r->task == tid) {
        if (r->kind == Kind::FdSetCopyIn || r->kind == Kind::FdSetCopyOut) {
            v.copy_set = int(r->c);
            v.copy_in = r->kind == Kind::FdSetCopyIn;
            v.copy_bytes = r->b;
        } else if (r->kind == Kind::FdSetWord) {
            v.word_map = int(r->c);
            v.word_index = r->a;
            v.res_bit_now = r->c >= 3 && in.str(r->name) == "res |= bit";
        } else if (r->kind == Kind::FdPoll && v.in_call) {
            v.poll_mask = r->b;
        }
    }
    return v;
}

} // namespace ioscope::gui
