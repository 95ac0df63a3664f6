// record_text.h — human-readable fields of one trace record, for the details panel and
// tooltips. GL-free; labels come from the i18n table, kernel names stay as they are.
#pragma once
#include "timeline_model.h"

#include <string>
#include <vector>

namespace ioscope::gui {

struct Field {
    std::string label;
    std::string value;
};

// Fields specific to the record's kind (the common ones — index, time, kind, CPU, task — are
// added by describe_record_full).
std::vector<Field> describe_record(const ioscope::Trace& trace, const TimelineModel& model, size_t index);
std::vector<Field> describe_record_full(const ioscope::Trace& trace, const TimelineModel& model, size_t index);

// "server (tid 100)": the task's name at time `at` (after any prctl(PR_SET_NAME) rename by then);
// the default is the name it was created with.
std::string task_text(const ioscope::Trace& trace, const TimelineModel& model, uint32_t tid, int64_t at = INT64_MIN);
std::string object_text(const ioscope::Trace& trace, const TimelineModel& model, uint32_t obj);
// "recv(4, 64, 0)" from a SyscallEnter record.
std::string syscall_call_text(const ioscope::Trace& trace, const ioscope::Record& enter);
// "64" or "-11 (EAGAIN)".
std::string return_text(int64_t ret);
std::string tcp_flags_text(int64_t flags);
const char* wait_end_name(uint32_t w);
std::string duration_text(int64_t ns);

} // namespace ioscope::gui
