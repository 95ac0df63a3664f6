// signal_model.h — signals (pending set per task, the handler running now) and AIO contexts
// (submitted requests in flight, recent completions). GL-free.
#pragma once
#include "inspect_input.h"

#include <optional>
#include <string>
#include <vector>

namespace ioscope::gui {

struct TaskSignalsView {
    uint32_t tid { 0 };
    std::string name;
    std::vector<int> pending;             // signal numbers, ascending
    int handler { 0 };                    // signal whose handler runs now, 0 none
    int last_delivered { 0 };
    bool highlight { false };
    bool raised_now { false };            // the current record raised a signal for it
    bool delivered_now { false };
};

struct AioRequestView {
    ioscope::AioRequestInfo info;
    std::string op;                       // the submitting record's function: "io_uring_prep_recv", "aio_read"
};

struct AioContextView {
    uint32_t ctx { 0 };
    std::string name;
    std::vector<AioRequestView> inflight, completed;
    uint64_t submitted { 0 }, completions { 0 };
    // The request the current record submitted/completed. An optional, not a sentinel: request
    // ids are the program's own (io_uring's user_data), and accept uses -1.
    std::optional<int64_t> changed_request;
    bool submitted_now { false };
};

struct SignalsView {
    std::vector<TaskSignalsView> tasks;   // tasks with signal activity
    std::vector<AioContextView> aio;
    int signo_now { 0 };                  // the signal of the current record
};

SignalsView build_signals_view(const InspectInput& in);
const char* signal_name(int signo);       // "SIGIO"
// The operation of an AIO request: the name of the AioSubmit record (same context, task and id)
// at or before record `before`; "" if none within a bounded look-back.
std::string aio_op_before(const ioscope::Trace& trace, size_t before, uint32_t ctx, uint32_t task, int64_t id);
// "io_uring_prep_recv" -> "recv"; other names unchanged.
std::string aio_op_short(const std::string& op);

} // namespace ioscope::gui
