// select_model.cpp — see the header. State keys the bitmaps by (task << 8 | map).
#include "select_model.h"

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
    for (int m = 0; m < 6; ++m) {
        auto it = in.state.fdsets.find((uint64_t(tid) << 8) | uint64_t(m));
        if (it == in.state.fdsets.end()) continue;
        // Maps 0-2 belong to this call once copied in; results 3-5 once copied out. Older words
        // (a previous call's) are not shown as this call's.
        const bool current = m < 3 ? ((t.fdset_in >> m) & 1) : ((t.fdset_out >> (m - 3)) & 1);
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
        }
    }
    int64_t bits = std::max<int64_t>(64, (v.n + 63) / 64 * 64);
    v.nbits = int(std::min<int64_t>(bits, 1 << 16));
    // The cursor only while a pass runs: once the task sleeps in poll_schedule_timeout (waiting
    // for a pollwake) or set_fd_set has copied results out, the scan is over.
    const bool scanning = v.in_call && t.fdset_out == 0 && t.state != ioscope::TaskState::Waiting;
    if (scanning) {
        v.scan_fd = t.scan_fd;
        v.scan_pass = t.scan_pass;
    }
    for (const auto& [qid, o] : in.state.objects) {
        if (o.type != ioscope::ObjType::WaitQueue) continue;
        for (const ioscope::WaitEntryInfo& e : o.waiters)
            if (e.task == tid) {
                const ioscope::Record* r = in.rec();
                v.wq_entries.push_back({ in.object_name(qid), in.str(e.func), r && r->kind == Kind::WqAdd && r->obj == qid && uint32_t(r->a) == e.id });
            }
    }
    if (const ioscope::Record* r = in.rec(); r && r->kind == Kind::WqRemove && r->task == tid) v.wq_removed = in.object_name(r->obj);
    if (const ioscope::Record* r = in.rec(); r && r->task == tid) {
        if (r->kind == Kind::FdSetCopyIn || r->kind == Kind::FdSetCopyOut) {
            v.copy_set = int(r->c);
            v.copy_in = r->kind == Kind::FdSetCopyIn;
            v.copy_bytes = r->b;
        } else if (r->kind == Kind::FdSetWord) {
            v.word_map = int(r->c);
            v.word_index = r->a;
        } else if (r->kind == Kind::FdPoll && v.in_call) {
            v.poll_mask = r->b;
        }
    }
    return v;
}

} // namespace ioscope::gui
