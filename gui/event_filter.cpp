// event_filter.cpp — see the header.
#include "event_filter.h"

#include <algorithm>
#include <cctype>

namespace ioscope::gui {

using ioscope::Kind;

int64_t record_fd(const ioscope::Record& r) {
    switch (r.kind) {
    case Kind::SyscallEnter:
    case Kind::FdInstall:
    case Kind::FdClose:
    case Kind::FdPoll:
    case Kind::RdlAdd:
    case Kind::RdlRemove:
    case Kind::OvfAdd:
    case Kind::OvfRemove:
    case Kind::RbInsert:
        return r.a;
    case Kind::PollfdWrite: return int64_t(uint64_t(r.b) >> 32);
    default: return -1;
    }
}

namespace {

bool icontains(std::string_view hay, std::string_view needle) {
    if (needle.empty()) return true;
    auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower((unsigned char)a) == std::tolower((unsigned char)b);
    });
    return it != hay.end();
}

} // namespace

bool matches(const ioscope::Trace& trace, size_t index, const EventFilter& f) {
    const ioscope::Record& r = trace.records[index];
    if (!(f.kinds & kind_bit(r.kind))) return false;
    if (f.task && r.task != f.task) return false;
    if (f.fd >= 0 && record_fd(r) != f.fd) return false;
    if (!f.text.empty() && !icontains(trace.str(r.name), f.text) && !icontains(ioscope::kind_name(r.kind), f.text))
        return false;
    return true;
}

std::vector<uint32_t> filter_records(const ioscope::Trace& trace, const EventFilter& f) {
    std::vector<uint32_t> out;
    for (size_t i = 0; i < trace.size(); ++i)
        if (matches(trace, i, f)) out.push_back(uint32_t(i));
    return out;
}

size_t row_for_position(const std::vector<uint32_t>& rows, size_t p) {
    if (p == 0 || rows.empty()) return 0;
    auto it = std::upper_bound(rows.begin(), rows.end(), uint32_t(p - 1));
    return it == rows.begin() ? 0 : size_t(it - rows.begin()) - 1;
}

} // namespace ioscope::gui
