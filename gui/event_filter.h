// event_filter.h — which records the event list shows: kinds, task, fd and a text search.
// GL-free; the list keeps the matching indices so ImGuiListClipper can page through millions
// of rows (tests/gui/event_filter_test.cpp).
#pragma once
#include "navigate.h"

#include <string>
#include <vector>

namespace ioscope::gui {

struct EventFilter {
    KindMask kinds { ~KindMask(0) };
    uint32_t task { 0 };                  // tid; 0 = every task
    int64_t fd { -1 };                    // -1 = any; else records that name this fd
    std::string text;                     // case-insensitive, in the record's name or kind name
    bool active() const { return kinds != ~KindMask(0) || task != 0 || fd >= 0 || !text.empty(); }
    bool operator==(const EventFilter&) const = default;
};

// The fd a record names, or -1: syscalls' first argument (read(fd, ...), epoll_wait(epfd, ...)),
// fd table changes, per-fd poll calls, pollfd entries and the epoll structures keyed by fd.
int64_t record_fd(const ioscope::Record& r);
bool matches(const ioscope::Trace& trace, size_t index, const EventFilter& f);
// Indices of the matching records, in order.
std::vector<uint32_t> filter_records(const ioscope::Trace& trace, const EventFilter& f);
// Row to show for a playhead at position p (current record p - 1): the last matching row at or
// before it, or 0.
size_t row_for_position(const std::vector<uint32_t>& rows, size_t p);

} // namespace ioscope::gui
