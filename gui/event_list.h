// event_list.h — the event list (key E): every record in a table synced with the timeline and
// the playhead, filtered by kind group, task, fd and a text search (event_filter.h). Rows are
// virtualised with ImGuiListClipper: only the visible rows are formatted, so 5 M records cost
// the same as 50. With no filter the rows are the trace itself (no index vector is built).
#pragma once
#include "document.h"
#include "event_filter.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ioscope::gui {

class EventList {
public:
    void reset();                         // a new document was opened
    // Returns the record the user clicked (select it and move the playhead), or UINT32_MAX.
    uint32_t draw(const Document& doc, size_t position, uint32_t selected, bool& open, bool focus_search);
    // The keys of the filters (actions.h): next kind group, next task (0 = all), focus the fd field.
    void cycle_kind();
    void cycle_task(const Document& doc);
    void focus_fd() { focus_fd_ = true; }
    int kind_filter() const { return group_; }            // index of the kind group, 0 = all
    int task_filter() const { return task_; }             // index into the task combo, 0 = all
    int fd_filter() const { return fd_; }
    const char* search_text() const { return search_; }

private:
    void apply(const Document& doc);
    size_t rows(const Document& doc) const { return filtered_ ? rows_.size() : doc.trace->size(); }
    uint32_t row_record(size_t row) const { return filtered_ ? rows_[row] : uint32_t(row); }

    EventFilter filter_;
    std::vector<uint32_t> rows_;
    bool filtered_ { false };
    bool dirty_ { true };
    int group_ { 0 };
    int task_ { 0 };                      // index into the task combo (0 = all)
    int fd_ { -1 };
    char search_[128] {};
    bool focus_fd_ { false };
    size_t last_position_ { SIZE_MAX };
};

} // namespace ioscope::gui
