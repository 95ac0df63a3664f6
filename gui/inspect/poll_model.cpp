// poll_model.cpp — see the header. PollfdWrite.b packs (fd << 32) | (events << 16) | revents.
#include "poll_model.h"

#include <algorithm>

namespace ioscope::gui {

using ioscope::Kind;

std::vector<PollChunkView> poll_chunks(int64_t nfds) {
    std::vector<PollChunkView> out;
    for (int64_t off = 0, len = kStackPollfds; off < nfds; off += len, len = kPagePollfds) {
        PollChunkView c;
        c.first = off;
        c.count = std::min(len, nfds - off);
        c.on_stack = off == 0;
        c.bytes = c.count * 8;
        out.push_back(c);
    }
    return out;
}

std::string poll_events_text(uint32_t m) {
    static const struct { uint32_t bit; const char* name; } bits[] = {
        { 0x001, "POLLIN" }, { 0x002, "POLLPRI" }, { 0x004, "POLLOUT" }, { 0x008, "POLLERR" },
        { 0x010, "POLLHUP" }, { 0x020, "POLLNVAL" }, { 0x040, "POLLRDNORM" }, { 0x080, "POLLRDBAND" },
        { 0x100, "POLLWRNORM" }, { 0x200, "POLLWRBAND" }, { 0x2000, "POLLRDHUP" },
    };
    std::string s;
    for (const auto& b : bits)
        if (m & b.bit) { if (!s.empty()) s += '|'; s += b.name; }
    return s.empty() ? "0" : s;
}

namespace {

// The poll table the inspector follows: the current record's (a PollfdWrite or a chunk copy),
// else one owned by the current task, else the first live one.
uint32_t pick_table(const InspectInput& in) {
    const ioscope::Record* r = in.rec();
    auto is_poll_table = [&](uint32_t id) {
        auto o = in.state.objects.find(id);
        return o != in.state.objects.end() && o->second.alive && o->second.type == ioscope::ObjType::PollTable &&
               in.str(o->second.label) == "poll_list";
    };
    if (r && r->obj && is_poll_table(r->obj)) return r->obj;
    uint32_t first = 0;
    for (const auto& [id, o] : in.state.objects) {
        if (!is_poll_table(id)) continue;
        if (r && o.task == r->task) return id;
        if (!first) first = id;
    }
    return first;
}

} // namespace

PollView build_poll_view(const InspectInput& in) {
    PollView v;
    const uint32_t table = pick_table(in);
    if (!table) return v;
    v.valid = true;
    v.table = table;
    v.task = in.state.objects.at(table).task;
    v.task_name = in.task_name(v.task);
    auto ti = in.state.tasks.find(v.task);
    if (ti != in.state.tasks.end()) {
        // poll(fds, nfds, timeout): SyscallEnter.a = nfds.
        if (in.str(ti->second.syscall) == "poll") v.nfds = ti->second.syscall_args[0];
        // The cursor only while a pass runs, not while the task sleeps in poll_schedule_timeout.
        if (ti->second.state != ioscope::TaskState::Waiting) {
            v.scan_fd = ti->second.scan_fd;
            v.scan_pass = ti->second.scan_pass;
        }
    }
    const ioscope::Record* r = in.rec();
    auto slots = in.state.pollfds.find(table);
    if (slots != in.state.pollfds.end()) {
        v.nfds = std::max<int64_t>(v.nfds, int64_t(slots->second.size()));
        for (size_t i = 0; i < slots->second.size(); ++i) {
            const uint64_t b = slots->second[i];
            PollfdView p;
            p.index = int64_t(i);
            p.fd = int32_t(uint32_t(b >> 32));
            p.events = uint16_t(b >> 16);
            p.revents = uint16_t(b);
            p.written = r && r->kind == Kind::PollfdWrite && r->obj == table && r->a == int64_t(i);
            p.cursor = v.scan_fd >= 0 && p.fd == v.scan_fd;
            if (p.written && v.scan_fd < 0) v.revents_written = true;
            v.fds.push_back(p);
        }
    }
    v.chunks = poll_chunks(v.nfds);
    v.wq = task_wait_entries(in, v.task);
    if (r && r->kind == Kind::CopyFromUser && r->obj == table) {
        // Which chunk: count this table's chunk copies before this one (they are a few records apart).
        int64_t before = 0;
        for (size_t i = in.record; i-- > 0;) {
            const ioscope::Record& p = in.trace.records[i];
            if (p.kind == Kind::ObjectNew && p.obj == table) break;
            if (p.kind == Kind::CopyFromUser && p.obj == table) ++before;
        }
        if (before < int64_t(v.chunks.size())) v.chunks[size_t(before)].copying = true;
    }
    return v;
}

} // namespace ioscope::gui
